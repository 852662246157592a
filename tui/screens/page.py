"""What every full screen shares: the header without a clock, the compact footer, and
the as-of date as subtitle; and, for a screen whose data takes a while, reading it in
a thread so the screen appears at once."""

from __future__ import annotations

from typing import Any, TypeVar

from pengadaan.tui.widgets.footer import StableFooter
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header

Result = TypeVar("Result")


class PageScreen(Screen[Result]):
    """Subclasses compose :meth:`body`; the header and the footer come around it."""

    def body(self) -> ComposeResult:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield from self.body()
        yield StableFooter(compact=True)

    def as_of(self, opd: str | None = None) -> str:
        """The subtitle: ``per 30/09/2026``, with the OPD the screen is narrowed to."""
        return f"per {self.app.per_text}" + (f" · OPD {opd}" if opd else "")


class ReadScreen(PageScreen[Result]):
    """:meth:`load` runs :meth:`read` (the use case) in a worker thread, then
    :meth:`present` with what it returned on the UI thread."""

    def read(self) -> Any:
        raise NotImplementedError

    def present(self, data: Any) -> None:
        raise NotImplementedError

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        data = self.read()
        self.app.call_from_thread(self.present, data)
