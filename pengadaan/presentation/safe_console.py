"""The console the CLI prints through: stored text shown, never obeyed
(pengadaan/presentation/safe_text.py)."""

from __future__ import annotations

from rich.console import Console

from pengadaan.presentation.safe_text import shown


class SafeConsole(Console):
    """A Rich console that shows control characters in the text it prints instead of
    sending them to the terminal; its own styling and cursor codes are untouched."""

    def _render_buffer(self, buffer):  # Rich's single point from segments to output
        return super()._render_buffer(shown(buffer))
