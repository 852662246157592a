"""Proyeksi: the packages whose money the year-end forecast expects lost, largest first,
with the reason and the kendala the OPD recorded (issue #17, docs/proyeksi.md); Enter
opens one. The line above says the forecast and the dana berisiko of the dashboard's
OPD (or the kabupaten).

Read in a thread: the forecast reads every package of the year once.
"""

from __future__ import annotations

from pengadaan.tui.bindings import PROYEKSI_BINDINGS
from pengadaan.tui.columns import COLUMNS as PAKET_COLUMNS
from pengadaan.tui.columns import Kolom
from pengadaan.tui.screens.page import ReadScreen
from pengadaan.tui.widgets.fitted_table import FittedTable, hidden_line
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import angka, rupiah
from pengadaan.presentation.table_columns import Kind

SHOWN = 2_000

_PAKET = {c.key: c for c in PAKET_COLUMNS}
# At 80 columns Kode, Berisiko, the reason and a shortened Nama stay; the forecast,
# OPD, Nama (the dashboard's 5) and the kendala leave first.
COLUMNS: tuple[Kolom, ...] = (
    Kolom("opd", "OPD", Kind.KODE, 4, 3, lambda p: p.opd),
    _PAKET["kode"],
    _PAKET["nama"],
    Kolom("berisiko", "Berisiko", Kind.MONEY, 0, 8, lambda p: rupiah(p.berisiko)),
    Kolom("alasan", "Alasan", Kind.TEXT, 8, 16, lambda p: p.alasan_label),
    Kolom("proyeksi", "Proyeksi", Kind.MONEY, 3, 8, lambda p: rupiah(p.proyeksi) or "Rp 0"),
    Kolom("kendala", "Kendala", Kind.TEXT, 6, 12, lambda p: p.kendala or "–"),
)


def heading(h) -> str:
    """One line: the forecast against the year-end target, the money at risk."""
    t = h.total
    scope = "kabupaten" if len(h.baris) != 1 else h.baris[0].opd
    return (f"Proyeksi serapan 31 Desember {h.tahun} ({scope}): "
            f"{format_bp(t.proyeksi_bp) or '–'} dari pagu, target "
            f"{format_bp(t.target_akhir_bp)}; dana berisiko {rupiah(t.berisiko) or 'Rp 0'} "
            f"pada {angka(t.paket_berisiko)} paket")


class ProyeksiScreen(ReadScreen[None]):
    """The at-risk packages in the use case's order (largest amount first)."""

    BINDINGS = PROYEKSI_BINDINGS

    def __init__(self, opd: str | None) -> None:
        super().__init__(id="proyeksi")
        self.opd = opd

    def body(self) -> ComposeResult:
        yield Static("Memuat proyeksi…", id="proyeksi-ringkas")
        yield FittedTable(COLUMNS, id="proyeksi-tabel")
        yield Static("", id="proyeksi-tersembunyi", classes="tersembunyi")

    def on_mount(self) -> None:
        self.title = "Proyeksi akhir tahun"
        self.sub_title = self.as_of(self.opd)
        self.query_one(FittedTable).focus()
        self.load()

    def read(self):
        return self.app.sumber.proyeksi(self.opd)

    def present(self, h) -> None:
        self.query_one(FittedTable).show(h.berisiko[:SHOWN])
        more = (f" ({angka(SHOWN)} terbesar ditampilkan)" if len(h.berisiko) > SHOWN else "")
        self.query_one("#proyeksi-ringkas", Static).update(heading(h) + more)

    def on_fitted_table_refitted(self) -> None:
        hidden_line(self.query_one(FittedTable), self.query_one("#proyeksi-tersembunyi", Static))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(FittedTable)
        if table.items:
            self.app.open_detail(table.items[table.cursor_row].kode)
