"""Rekap OPD: one row per agency by peringkat, as ``pengadaan rekap``, with its
absorption against target, the TEPRA band and rank (issue #8), and a bar of its late
and kritis packages."""

from __future__ import annotations

from pengadaan.tui.bindings import REKAP_BINDINGS
from pengadaan.tui.columns import Kolom
from pengadaan.tui.data import BarisRekap
from pengadaan.tui.screens.page import ReadScreen
from pengadaan.tui.screens.rapor import RaporScreen
from pengadaan.tui.widgets.bar import bar
from pengadaan.tui.widgets.fitted_table import FittedTable, hidden_line
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import WARNA_STYLE, angka, rupiah
from pengadaan.presentation import rapor as view
from pengadaan.presentation.lateness_text import TANPA_KENDALA
from pengadaan.presentation.table_columns import Kind

BAR_WIDTH = 24
GRAFIK = "Terlambat + kritis"


def band(warna: str | None) -> str:
    """The TEPRA colour band's text (named as well as coloured: see :func:`band_style`)."""
    return f" {warna.upper()} " if warna else ""


def band_style(row: BarisRekap) -> str:
    return WARNA_STYLE[row.warna] if row.warna else ""


def columns(worst: int) -> tuple[Kolom, ...]:
    """The rekap's columns (``worst``: the most late + kritis of one OPD, the bar's
    full length). The rank, the OPD and how it stands stay at 80 columns; the bar, the
    pagu and the counts leave first (docs/tampilan-terminal.md, "Ukuran terminal")."""
    n, p = Kind.NUMBER, Kind.PERCENT
    return (
        Kolom("peringkat", "#", n, 0, 1, lambda r: str(r.peringkat or "–")),
        Kolom("opd", "OPD", Kind.KODE, 14, 3, lambda r: r.opd),
        Kolom("nama", "Nama", Kind.NAME, 7, 12, lambda r: r.nama),
        Kolom("penyerapan", "Serapan", p, 13, 7, lambda r: format_bp(r.penyerapan_bp)),
        Kolom("target", "Target", p, 10, 6, lambda r: format_bp(r.target_bp)),
        Kolom("akhir_bulan", view.AKHIR_BULAN, p, 4, 6,
              lambda r: format_bp(r.target_akhir_bulan_bp)),
        Kolom("deviasi", "Deviasi", p, 12, 7, lambda r: format_bp(r.deviasi_bp, signed=True)),
        Kolom("warna", "Warna", Kind.KODE, 11, 5, lambda r: band(r.warna), style=band_style),
        Kolom("skor", "Skor", n, 9, 4, lambda r: view.skor(r.skor_bp)),
        Kolom("terlambat", "Terlambat", n, 8, 9, lambda r: angka(r.terlambat)),
        Kolom("tanpa_kendala", TANPA_KENDALA, n, 5, 5,
              lambda r: angka(r.terlambat_tanpa_kendala)),
        Kolom("kritis", "Kritis", n, 6, 6, lambda r: angka(r.kritis)),
        Kolom("paket", "Paket", n, 3, 5, lambda r: angka(r.paket)),
        Kolom("pagu", "Pagu", Kind.MONEY, 2, 4, lambda r: rupiah(r.pagu)),
        # A bar is drawn whole, like a number: a cut bar would misstate the count.
        Kolom("grafik", GRAFIK, n, 1, BAR_WIDTH,
              lambda r: bar(r.terlambat + r.kritis, worst, BAR_WIDTH), justify="left"),
    )


class RekapScreen(ReadScreen[str | None]):
    """Dismisses with the chosen OPD (Enter) so the dashboard can filter to it.

    Read in a thread: the rekap scans every package of the year."""

    BINDINGS = REKAP_BINDINGS

    def __init__(self) -> None:
        super().__init__(id="rekap")
        self.rows: list[BarisRekap] = []

    def body(self) -> ComposeResult:
        yield Static("Memuat rekap…", id="rekap-keterangan")
        yield FittedTable(columns(0), id="rekap-tabel")
        yield Static("", id="rekap-tersembunyi", classes="tersembunyi")

    def on_mount(self) -> None:
        self.title = "Rekap OPD"
        self.sub_title = self.as_of()
        table = self.query_one(FittedTable)
        table.loading = True
        table.focus()
        self.load()

    def read(self) -> tuple[list[BarisRekap], BarisRekap]:
        return self.app.sumber.rekap()

    def present(self, rekap: tuple[list[BarisRekap], BarisRekap]) -> None:
        rows, total = rekap
        self.rows = rows
        table = self.query_one(FittedTable)
        table.loading = False
        worst = max((r.terlambat + r.kritis for r in rows), default=0)
        table.show(rows, keys=[r.opd for r in rows], columns=columns(worst))
        self.query_one("#rekap-keterangan", Static).update(
            f"Kabupaten: {angka(total.paket)} paket, pagu {rupiah(total.pagu)}, realisasi "
            f"{rupiah(total.realisasi_keuangan)} "
            f"(penyerapan {format_bp(total.penyerapan_bp) or '–'}, "
            f"target {format_bp(total.target_bp)}, akhir bulan "
            f"{format_bp(total.target_akhir_bulan_bp)}), "
            f"{angka(total.terlambat)} terlambat ({angka(total.terlambat_tanpa_kendala)} "
            f"{TANPA_KENDALA.lower()}), {angka(total.kritis)} kritis. "
            "Urut menurut peringkat (seperti `pengadaan rekap`). "
            "Enter: saring dasbor ke OPD ini; r: rapor OPD ini.\n"
            + view.TARGET_NOTE)

    def on_fitted_table_refitted(self) -> None:
        hidden_line(self.query_one(FittedTable), self.query_one("#rekap-tersembunyi", Static))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(event.row_key.value)

    def action_choose(self) -> None:
        table = self.query_one(FittedTable)
        if self.rows:
            self.dismiss(self.rows[table.cursor_row].opd)

    def action_rapor(self) -> None:
        """The highlighted OPD's report card; Escape comes back here."""
        if self.rows:
            opd = self.rows[self.query_one(FittedTable).cursor_row].opd
            self.app.push_screen(RaporScreen(opd))

