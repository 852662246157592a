"""TUI building blocks that need no running app."""

from __future__ import annotations

from pengadaan.tui.widgets.rendered_once import RenderedOnce
from rich.console import Console
from rich.table import Table
from rich.text import Text


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
