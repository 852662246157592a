"""Shared set-up of the TUI tests: a demo database as of a fixed date, and the app on it."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from pengadaan.db.uow import Database
from pengadaan.tui.app import PengadaanApp
from pengadaan.tui.widgets.paket_table import PaketTable

from pengadaan.demo.load import load_demo

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
        if app.startup_frozen:  # set by summary_ready
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
