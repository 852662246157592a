"""tui/screens/page.py: a worker's answer reaches the screen only while nobody replaced
the worker, judged on the UI thread (a bare screen in a bare app: no database)."""

from __future__ import annotations

import asyncio

import pytest
from pengadaan.tui.screens.page import PageScreen
from textual import work
from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.tui_support import Gate, HandOver, wait_until

pytestmark = pytest.mark.asyncio


class Reads(PageScreen[None]):
    """Each read answers its number; read 1 is held by ``gate``."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[int] = []
        self.gate = Gate()

    def body(self) -> ComposeResult:
        yield Static()

    @work(thread=True, exclusive=True, group="baca")
    def load(self, number: int) -> None:
        if number == 1:
            self.gate.hold()
        self.answer(self.shown.append, number)


class Bare(HandOver, App):
    """A bare app showing :class:`Reads`."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = Reads()
        self.gate = self.reads.gate

    def on_mount(self) -> None:
        self.push_screen(self.reads)


async def test_a_replaced_read_never_lands_once_its_replacement_began():
    """Read 1 has answered (its thread saw no newer read) but the UI thread has not run
    the answer yet when read 2 starts: read 1's answer is dropped, read 2's shown."""
    app = Bare()
    async with app.run_test() as pilot:
        reads = app.reads
        await wait_until(pilot, lambda: app.screen is reads, "layar tampil")
        reads.load(1)
        await asyncio.to_thread(reads.gate.done.wait, 30)
        reads.gate.release.set()
        assert app.handing.wait(30)  # on the UI thread: read 1's answer waits for it
        reads.load(2)  # Textual cancels read 1 here, as read 2 starts
        # Read 1's answer was queued before read 2 began: it has run by the time read 2's
        # is shown.
        await wait_until(pilot, lambda: 2 in reads.shown, "jawaban baca 2 tampil")
        assert reads.shown == [2]
