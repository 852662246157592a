"""What every full screen shares: the header without a clock, the compact footer, and
the as-of date as subtitle; and, for a screen whose data takes a while, reading it in
a thread so the screen appears at once."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from collections.abc import Callable
from typing import Any, TypeVar

from pengadaan.tui.widgets.footer import StableFooter
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import NoActiveWorker, Worker, get_current_worker

Result = TypeVar("Result")


class HookedScreen(type(Screen), ABCMeta):
    """Textual's screen metaclass with ABCMeta's check: a screen that misses one of its
    base's hooks fails when it is built, not when it is first drawn."""


class PageScreen(Screen[Result], metaclass=HookedScreen):
    """Subclasses compose :meth:`body`; the header and the footer come around it."""

    @abstractmethod
    def body(self) -> ComposeResult:
        """The screen's own widgets."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield from self.body()
        yield StableFooter(compact=True)

    def answer(self, show: Callable[..., None], *args: Any) -> None:
        """From a worker thread: run ``show(*args)`` on the UI thread, unless the app has
        begun closing or this screen has left the app meanwhile (its widgets are then
        being removed and there is nothing to show an answer on), or a newer worker of
        the same group has replaced this one. That is judged on the UI thread, where
        Textual cancels the replaced worker as it starts the new one: once a newer read
        has begun, an older one never lands, even if it finished first."""
        try:
            worker: Worker | None = get_current_worker()
        except NoActiveWorker:  # a plain thread: nothing replaces it
            worker = None

        def current() -> bool:
            return worker is None or not worker.is_cancelled

        def deliver() -> None:
            if self.app.is_running and self.is_attached and current():
                show(*args)

        if not current():
            return

        self.app.call_from_thread(deliver)

    def as_of(self, opd: str | None = None) -> str:
        """The subtitle: ``per 30/09/2026``, with the OPD the screen is narrowed to."""
        return f"per {self.app.per_text}" + (f" · OPD {opd}" if opd else "")


class ReadScreen(PageScreen[Result]):
    """:meth:`load` runs :meth:`read` (the use case) in a worker thread, then
    :meth:`present` with what it returned on the UI thread."""

    @abstractmethod
    def read(self) -> Any:
        """Call the use case (through Sumber); runs off the UI thread."""

    @abstractmethod
    def present(self, data: Any) -> None:
        """Show what :meth:`read` returned."""

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        data = self.read()
        self.answer(self.present, data)
