"""Rekap OPD: one row per agency by peringkat, as ``pengadaan rekap``, with its
absorption against target, the TEPRA band and rank (issue #8), and a bar of its late
and kritis packages."""

from __future__ import annotations

from pengadaan.tui.bindings import REKAP_BINDINGS
from pengadaan.tui.data import BarisRekap
from pengadaan.tui.screens.page import ReadScreen
from pengadaan.tui.screens.rapor import RaporScreen
from pengadaan.tui.widgets.bar import bar
from pengadaan.tui.widgets.summary_bar import count
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import WARNA_STYLE, rupiah
from pengadaan.presentation import rapor as view
from pengadaan.presentation.lateness_text import TANPA_KENDALA

BAR_WIDTH = 24


class RekapScreen(ReadScreen[str | None]):
    """Dismisses with the chosen OPD (Enter) so the dashboard can filter to it.

    Read in a thread: the rekap scans every package of the year."""

    BINDINGS = REKAP_BINDINGS

    def __init__(self) -> None:
        super().__init__(id="rekap")
        self.rows: list[BarisRekap] = []

    def body(self) -> ComposeResult:
        yield Static("Memuat rekap…", id="rekap-keterangan")
        yield DataTable(id="rekap-tabel", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.title = "Rekap OPD"
        self.sub_title = self.as_of()
        table = self.query_one(DataTable)
        # The band and the absorption first: at 100–120 columns the names scroll off.
        for label in ("OPD", "Peringkat", "Warna", "Penyerapan", "Target", view.AKHIR_BULAN,
                      "Deviasi", "Terlambat", TANPA_KENDALA, "Kritis", "Paket", "Pagu"):
            table.add_column(label, key=label.lower())
        table.add_column("Nama", key="nama", width=30)
        table.add_column("Terlambat + kritis", key="grafik")
        table.loading = True
        table.focus()
        self.load()

    def read(self) -> tuple[list[BarisRekap], BarisRekap]:
        return self.app.sumber.rekap()

    def present(self, rekap: tuple[list[BarisRekap], BarisRekap]) -> None:
        rows, total = rekap
        self.rows = rows
        table = self.query_one(DataTable)
        table.loading = False
        worst = max((r.terlambat + r.kritis for r in rows), default=0)
        for r in rows:
            table.add_row(
                r.opd, _right(str(r.peringkat or "–")), band(r.warna),
                _right(format_bp(r.penyerapan_bp)), _right(format_bp(r.target_bp)),
                _right(format_bp(r.target_akhir_bulan_bp)),
                _right(format_bp(r.deviasi_bp, signed=True)), _right(count(r.terlambat)),
                _right(count(r.terlambat_tanpa_kendala)), _right(count(r.kritis)),
                _right(count(r.paket)), _right(rupiah(r.pagu)),
                r.nama[:30],
                bar(r.terlambat + r.kritis, worst, BAR_WIDTH), key=r.opd)
        self.query_one("#rekap-keterangan", Static).update(
            f"Kabupaten: {count(total.paket)} paket, pagu {rupiah(total.pagu)}, realisasi "
            f"{rupiah(total.realisasi_keuangan)} "
            f"(penyerapan {format_bp(total.penyerapan_bp) or '–'}, "
            f"target {format_bp(total.target_bp)}, akhir bulan "
            f"{format_bp(total.target_akhir_bulan_bp)}), "
            f"{count(total.terlambat)} terlambat ({count(total.terlambat_tanpa_kendala)} "
            f"{TANPA_KENDALA.lower()}), {count(total.kritis)} kritis. "
            "Urut menurut peringkat (seperti `pengadaan rekap`). "
            "Enter: saring dasbor ke OPD ini; r: rapor OPD ini.\n"
            + view.TARGET_NOTE)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(event.row_key.value)

    def action_choose(self) -> None:
        table = self.query_one(DataTable)
        if self.rows:
            self.dismiss(self.rows[table.cursor_row].opd)

    def action_rapor(self) -> None:
        """The highlighted OPD's report card; Escape comes back here."""
        if self.rows:
            opd = self.rows[self.query_one(DataTable).cursor_row].opd
            self.app.push_screen(RaporScreen(opd))


def band(warna: str | None) -> Text:
    """The TEPRA colour band, named as well as coloured."""
    return Text(f" {warna.upper()} ", style=WARNA_STYLE[warna]) if warna else Text("")


def _right(text: str) -> Text:
    return Text(text, justify="right")
