"""Rekap OPD: one row per agency, worst first, with a bar of its late packages."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from pengadaan.formatting import rupiah

from ..bindings import REKAP_BINDINGS
from ..data import RekapBaris
from ..widgets.bar import bar

BAR_WIDTH = 24


class RekapScreen(Screen[str | None]):
    """Dismisses with the chosen OPD (Enter) so the dashboard can filter to it."""

    BINDINGS = REKAP_BINDINGS

    def __init__(self) -> None:
        super().__init__(id="rekap")
        self.rows: list[RekapBaris] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Urut dari yang terburuk (kritis, lalu terlambat: tanda merah). "
                     "Enter: saring dasbor ke OPD ini.", id="rekap-keterangan")
        yield DataTable(id="rekap-tabel", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "Rekap OPD"
        self.sub_title = f"per {self.app.per_text}"
        table = self.query_one(DataTable)
        table.add_column("OPD", key="opd")
        table.add_column("Nama", key="nama", width=34)
        for label in ("Paket", "Pagu", "Terlambat", "Kritis"):
            table.add_column(label, key=label.lower())
        table.add_column("Terlambat + kritis", key="grafik")
        table.loading = True
        table.focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        rows = self.app.sumber.rekap()
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[RekapBaris]) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        table.loading = False
        worst = max((r.terlambat + r.kritis for r in self.rows), default=0)
        for r in self.rows:
            table.add_row(
                r.opd, r.nama[:34], _right(f"{r.paket:,}".replace(",", ".")),
                _right(rupiah(r.pagu)), _right(str(r.terlambat)), _right(str(r.kritis)),
                bar(r.terlambat + r.kritis, worst, BAR_WIDTH), key=r.opd)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(event.row_key.value)

    def action_choose(self) -> None:
        table = self.query_one(DataTable)
        if self.rows:
            self.dismiss(self.rows[table.cursor_row].opd)


def _right(text: str) -> Text:
    return Text(text, justify="right")
