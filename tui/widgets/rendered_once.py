"""A Rich renderable laid out once per width.

Textual renders a Rich renderable in a ``Static`` twice: once to count its lines
(the height) and once for the lines themselves. For the detail screen's tables
(schedule, history, progress) that doubled the largest part of opening a detail.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment

from pengadaan.presentation.safe_text import shown


class RenderedOnce:
    """Wraps ``renderable``; the lines of each width are kept and given again."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: dict[int, list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self._lines.get(options.max_width)
        if lines is None:
            lines = self._lines[options.max_width] = console.render_lines(
                self.renderable, options.update(height=None), pad=False)
        newline = Segment.line()
        for line in lines:
            yield from shown(line)  # stored text shown, never obeyed (safe_text.py)
            yield newline

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)
