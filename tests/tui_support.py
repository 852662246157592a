"""Shared set-up of the TUI tests: a demo database as of a fixed date, and the app on it."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import date

import pytest
from pengadaan.db.uow import Database
from pengadaan.tui.app import DARK, PengadaanApp
from pengadaan.tui.data import Saringan
from pengadaan.tui.widgets.filter_bar import FilterBar
from pengadaan.tui.widgets.paket_table import PaketTable

from pengadaan.demo.load import load_demo

# Checks that use the ``shared_app`` fixture (tests/conftest.py) run in the module's
# event loop, where that app runs.
SHARED = pytest.mark.asyncio(loop_scope="module")

PER = date(2026, 11, 25)
DEMO_PAKET = 120
SIZE = (120, 36)


def load(db: Database) -> Database:
    load_demo(db, DEMO_PAKET, PER, seed=2026, actor="penguji")
    return db


def make_app(db: Database, **options) -> PengadaanApp:
    """The app as a user opens it, minus the polling timer."""
    options.setdefault("live_seconds", None)
    options.setdefault("actor", "penguji")
    return PengadaanApp(db, per=PER, **options)


async def summary_shown(app: PengadaanApp, pilot, rounds: int = 100) -> None:
    """Let the app run until its first summary is shown. The summary's read starts
    after the first paint, in a thread, so one wait for the workers can come before it
    has even started on a busy machine. Bounded by rounds, never asserted on time."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause(0.02)
        if app.summary_shown:  # set by summary_ready
            return
    raise AssertionError("ringkasan dasbor tidak pernah tampil")


async def press_and_load(app: PengadaanApp, pilot, *keys: str) -> None:
    """Press ``keys`` and let what they open read its data (the reads run in workers)."""
    await pilot.press(*keys)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot, condition: Callable[[], bool], what: str,
                     timeout: float = 30.0) -> None:
    """Let the app run until ``condition()`` holds, instead of pausing a fixed time.
    The timeout only stops a hang (with ``what`` in the message); it is generous on
    purpose and never a check of speed."""
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"tidak terjadi dalam {timeout:g} detik: {what}")
        await pilot.pause(0.02)


async def answered(app: PengadaanApp, pilot, form, submit) -> None:
    """Submit ``form`` (``submit``: the key press or click) and wait for its answer: the
    form closed or a new refusal shown. One pause was not always enough on a loaded
    machine: Textual's pause ends when the process looks idle by CPU time, which a
    process waiting for a core also does."""
    galat = form.query_one("#galat")
    before = static_text(galat)
    await submit
    await wait_until(pilot, lambda: app.screen is not form or static_text(galat) != before,
                     "formulir tertutup atau penolakan tampil")


def current_kode(app: PengadaanApp) -> str | None:
    """The kode under the dashboard's cursor (None while nothing is shown)."""
    row = table(app).current
    return row.kode if row is not None else None


def table(app: PengadaanApp) -> PaketTable:
    return app.screen_stack[0].query_one(PaketTable)


def shown_rows(app: PengadaanApp) -> list:
    t = table(app)
    return [t.row_at(i) for i in range(t.total)]


def static_text(widget) -> str:
    """What a Static shows, as plain text (markup strings and Rich tables alike)."""
    from rich.console import Console
    from textual.content import Content

    content = widget.content
    if isinstance(content, str):
        return Content.from_markup(content).plain
    console = Console(width=200, record=True, file=None, color_system=None)
    with console.capture() as capture:
        console.print(content)
    return capture.get()


def kendala_lines(screen) -> list[str]:
    """The detail's kendala list as it is drawn, line by line (at the list's width)."""
    from pengadaan.tui.widgets.kendala_list import KendalaList
    from textual.geometry import Region

    widget = screen.query_one(KendalaList)
    return [strip.text for strip in
            widget.render_lines(Region(0, 0, widget.size.width, widget.virtual_size.height))]


def kendala_rows(screen) -> list[str]:
    """Each row of the detail's kendala list as one line of words (laid out wide, so
    no text wraps; kendala_lines shows the real layout)."""
    from pengadaan.tui.widgets.kendala_list import KendalaList
    from rich.console import Console

    console = Console(width=300, color_system=None)
    rows = []
    for option in screen.query_one(KendalaList).options:
        lines = console.render_lines(option.prompt, pad=False)
        text = " ".join("".join(segment.text for segment in line) for line in lines)
        rows.append(" ".join(text.split()))
    return rows


class SharedRun:
    """One app run shared by a module's read-only checks: Textual's start-up (about a
    CPU-second per app) is paid once, not once per check.

    Each check gets the app back as a fresh one would be: screens above the dashboard
    popped, the filters, search, sort, cursor, size, theme and notifications as at
    start; the summaries already read stay cached (the data did not change), so a
    check of the summary's own loading needs an app of its own. A check that crashes
    the app fails in its own teardown (the app's error raised there), and the next
    check starts a new run. Only for checks that write
    nothing: the shared database is not copied again between them."""

    def __init__(self, make: Callable[[], PengadaanApp], size: tuple[int, int] = SIZE):
        self._make = make
        self.size = size
        self.app: PengadaanApp | None = None
        self.pilot = None
        self._host: asyncio.Task | None = None
        self._done: asyncio.Event | None = None

    async def start(self) -> PengadaanApp:
        """The app as the next check must find it."""
        if self.app is None or not self.app.is_running:
            await self.stop()
            self.app = self._make()
            self._done = asyncio.Event()
            ready = asyncio.get_running_loop().create_future()
            self._host = asyncio.create_task(self._hold(ready))
            await asyncio.wait({ready, self._host}, return_when=asyncio.FIRST_COMPLETED)
            if not ready.done():  # the app failed to start: its error, now
                await self._host
            self.pilot = ready.result()
            with self.app._context():
                await summary_shown(self.app, self.pilot)
        else:
            with self.app._context():
                await self._reset()
        return self.app

    async def _hold(self, ready: asyncio.Future) -> None:
        """The run, entered and left in this one task (Textual's context variables
        are set and reset there), open until ``stop``."""
        async with self.app.run_test(size=self.size) as pilot:
            ready.set_result(pilot)
            await self._done.wait()

    async def stop(self) -> None:
        """End the run; the app's own error, if it failed, is raised here."""
        host, self._host, self.app = self._host, None, None
        if host is not None:
            self._done.set()
            await host

    async def check_alive(self) -> None:
        """After a check: a crashed app is ended now, its error on this check."""
        if self.app is not None and not self.app.is_running:
            await self.stop()

    @asynccontextmanager
    async def turn(self, size: tuple[int, int] | None = None):
        """One check's use of the run: its pilot, the terminal at ``size`` if given.
        Textual's context variables (the active app) are set for the check's own task,
        as ``run_test`` sets them for the test that enters it."""
        with self.app._context():
            if size is not None and self.app.size != size:
                await self.pilot.resize_terminal(*size)
                await self.pilot.pause()
            yield self.pilot

    async def _reset(self) -> None:
        app, pilot = self.app, self.pilot
        await app.workers.wait_for_complete()
        while len(app.screen_stack) > 1:
            app.pop_screen()
            await pilot.pause()
        if app.size != self.size:
            await pilot.resize_terminal(*self.size)
        app.theme = DARK
        board = app.dashboard
        first = Saringan(opd=app.start_opd)
        board.apply(first)
        board.table.focus()
        board.table.action_first()
        await wait_until(pilot, lambda: board.query_one(FilterBar).values() == {
            "opd": first.opd, "tahap": None, "metode": None, "only_late": False, "cari": ""}
            and board.saringan == first and app.focused is board.table,
            "dasbor kembali ke keadaan awal")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.clear_notifications()


class Gate:
    """Holds one read of a worker after it is done, until ``release``: the test orders
    that read, its answer and whatever it does in between (a data change, a poll)."""

    def __init__(self) -> None:
        self.done, self.release = threading.Event(), threading.Event()
        self.thread: int | None = None  # the held worker's thread

    def hold(self) -> None:
        """In the worker, after its read: the first time only."""
        if not self.release.is_set():
            self.thread = threading.get_ident()
            self.done.set()
            self.release.wait(30)


class HandOver:
    """An App mixin: ``handing`` is set when the thread ``gate`` held hands its answer to
    the UI thread (Textual's call_from_thread, then run as usual). Waited for on the UI
    thread (not awaited), that answer runs only after what the test does next."""

    gate: Gate

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.handing = threading.Event()

    def call_from_thread(self, callback, *args, **kwargs):
        if threading.get_ident() == self.gate.thread:
            self.handing.set()
        return super().call_from_thread(callback, *args, **kwargs)
