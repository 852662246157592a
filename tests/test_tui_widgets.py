"""TUI building blocks that need no running app."""

from __future__ import annotations

import gc

from pengadaan.tui.app import PengadaanApp
from pengadaan.tui.kept import Kept
from pengadaan.tui.widgets.rendered_once import RenderedOnce
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pengadaan import frozen_heap


def test_rendered_once_gives_the_table_s_own_lines_per_width():
    table = Table(title="Riwayat", expand=True)
    for header in ("Tanggal", "Catatan"):
        table.add_column(header)
    table.add_row("21/01/2021", "sebuah catatan panjang yang harus dilipat " * 3)
    table.add_row("22/01/2021", Text("KRITIS", style="bold red"))
    once = RenderedOnce(table)
    console = Console(width=100, color_system="truecolor")
    for width in (40, 90, 40):
        options = console.options.update_width(width)
        assert console.render_lines(once, options) == console.render_lines(table, options)
    assert sorted(once._lines) == [40, 90]  # one layout per width, reused


def test_the_app_freezes_the_start_up_heap_only_where_nobody_else_owns_one():
    """Alone, the app collects once, freezes what start-up left and owns it (tui/app.py,
    pengadaan/frozen_heap.py); in a process whose heap someone else froze (this test
    session, tests/conftest.py) it leaves that heap as it is."""
    session, frozen = frozen_heap.owner(), gc.get_freeze_count()
    assert session not in (None, PengadaanApp.HEAP_OWNER) and frozen > 0
    assert PengadaanApp.freeze_startup_objects() is False
    assert gc.get_freeze_count() == frozen
    assert frozen_heap.thaw(session)
    try:
        assert PengadaanApp.freeze_startup_objects() is True
        assert frozen_heap.owner() == PengadaanApp.HEAP_OWNER and gc.get_freeze_count() > 0
        assert frozen_heap.thaw(PengadaanApp.HEAP_OWNER) and gc.get_freeze_count() == 0
    finally:
        frozen_heap.thaw(PengadaanApp.HEAP_OWNER)
        frozen_heap.freeze(session)  # the session's heap as it was: frozen, its own


def test_kept_keeps_only_what_was_read_in_the_current_state():
    """tui/kept.py: an answer noted before a change is not kept after it; a change
    forgets what was kept."""
    kept: Kept[str | None, int] = Kept()
    before = kept.noted()
    assert kept.keep(before, None, 1) and kept.get(None) == 1
    kept.forget()
    assert kept.get(None) is None
    assert not kept.keep(before, "PUPR", 2)  # read before the change, answered after it
    assert kept.get("PUPR") is None
    assert kept.keep(kept.noted(), "PUPR", 3) and kept.get("PUPR") == 3
