"""The frames a Textual app composes, as the terminal would be sent them.

Shared by the TUI probe (bench/_tui_probe.py: when the screen first showed its final
state) and the TUI tests (tests/test_tui.py: a screen's first frame is already laid
out). Both rest on Textual internals no public API offers: ``Screen._compositor_refresh``
hands every frame to ``App._display`` (headless, it stops there), and the whole screen
is rendered to text through the screen's compositor; one place to mend when Textual
changes them. Nothing here reads bench data.
"""

from __future__ import annotations

import time
from typing import Any


def screen_text(app: Any) -> str:
    """The whole screen as the terminal would be sent it."""
    update = app.screen._compositor.render_update(full=True,
                                                  screen_stack=app._background_screens)
    return update.render_segments(app.console)


class Frames:
    """Every frame of the app's top screen (``kind``: only while it is of that type)
    from now on, each with the clock readings (wall, CPU) when it was composed.

    Each frame's whole screen is rendered to text to compare with another (a later
    frame that redraws the same text, as Textual does after a layout, does not make
    the user wait). The rendering is the recorder's own work, so its time is taken off
    every later clock reading."""

    def __init__(self, app: Any, kind: type | None = None) -> None:
        self.app = app
        self.frames: list[tuple[float, float, str]] = []
        self.overhead = (0.0, 0.0)
        display = app._display

        def recorded(screen, renderable) -> None:
            display(screen, renderable)
            if (renderable is not None and screen is app.screen
                    and (kind is None or isinstance(screen, kind))):
                self._record()

        app._display = recorded

    @property
    def texts(self) -> list[str]:
        return [text for _, _, text in self.frames]

    def _record(self) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        spent_wall, spent_cpu = self.overhead
        self.frames.append((wall - spent_wall, cpu - spent_cpu, screen_text(self.app)))
        self.overhead = (spent_wall + time.perf_counter() - wall,
                         spent_cpu + time.process_time() - cpu)

    def start(self) -> tuple[float, float]:
        """Forget the frames so far; the clock readings (wall, CPU) now."""
        self.frames.clear()
        self.overhead = (0.0, 0.0)
        return time.perf_counter(), time.process_time()

    def painted(self) -> tuple[float, float] | None:
        """Clock readings (wall, CPU) of the first frame showing the screen as it is
        now, or None when none did."""
        final = screen_text(self.app)
        return next(((wall, cpu) for wall, cpu, text in self.frames if text == final), None)
