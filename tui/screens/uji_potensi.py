"""Uji potensi (issue #17, docs/proyeksi.md §8): the monthly target each OPD's own
packages make reachable, beside the target it has set (RAK), and where that target is
"terlalu tinggi" or "terlalu rendah"; the same use case as ``pengadaan target usul``.
The dashboard's OPD, or every OPD; the months flagged first is the table's order of
reading, so the flags column stays at 80 columns.

Read in a thread: the proposal reads every package of the year once.
"""

from __future__ import annotations

from dataclasses import dataclass

from pengadaan.tui.bindings import USUL_BINDINGS
from pengadaan.tui.columns import Kolom
from pengadaan.tui.screens.page import ReadScreen
from pengadaan.tui.widgets.fitted_table import FittedTable, hidden_line
from textual.app import ComposeResult
from textual.widgets import Static

from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import BULAN, angka
from pengadaan.presentation.table_columns import Kind


@dataclass(frozen=True)
class BarisUsul:
    """One month of one OPD's proposal, as a row."""

    opd: str
    bulan: int
    target_bp: int
    usul_bp: int
    selisih_bp: int
    tanda: str | None


COLUMNS: tuple[Kolom, ...] = (
    Kolom("opd", "OPD", Kind.KODE, 0, 3, lambda r: r.opd),
    Kolom("bulan", "Bulan", Kind.KODE, 0, 3, lambda r: BULAN[r.bulan - 1]),
    Kolom("target", "Target (RAK)", Kind.PERCENT, 2, 7, lambda r: format_bp(r.target_bp)),
    Kolom("usul", "Usulan", Kind.PERCENT, 0, 7, lambda r: format_bp(r.usul_bp)),
    Kolom("selisih", "Selisih", Kind.PERCENT, 1, 8,
          lambda r: format_bp(r.selisih_bp, signed=True)),
    Kolom("tanda", "Tanda", Kind.LABEL, 0, 14, lambda r: r.tanda or ""),
)


def rows_of(found) -> list[BarisUsul]:
    return [BarisUsul(u.opd, b.bulan, b.target_bp, b.usul_bp, b.selisih_bp, b.tanda)
            for u in found for b in u.bulan]


def heading(found, tahun: int) -> str:
    flagged = [r for r in rows_of(found) if r.tanda]
    high = sum(r.tanda == "terlalu tinggi" for r in flagged)
    return (f"Uji potensi {tahun}: {angka(len(found))} OPD; target terlalu tinggi pada "
            f"{angka(high)} bulan, terlalu rendah pada {angka(len(flagged) - high)} bulan "
            "(selisih = target − usulan; ubah lewat `pengadaan target usul --keluar`).")


class UjiPotensiScreen(ReadScreen[None]):
    """Every month of every OPD in scope, in the use case's order."""

    BINDINGS = USUL_BINDINGS

    def __init__(self, opd: str | None) -> None:
        super().__init__(id="uji-potensi")
        self.opd = opd

    def body(self) -> ComposeResult:
        yield Static("Memuat usulan target…", id="usul-ringkas")
        yield FittedTable(COLUMNS, id="usul-tabel")
        yield Static("", id="usul-tersembunyi", classes="tersembunyi")

    def on_mount(self) -> None:
        self.title = "Uji potensi target"
        self.sub_title = self.as_of(self.opd)
        self.query_one(FittedTable).focus()
        self.load()

    def read(self):
        return self.app.sumber.usul_target(self.opd)

    def present(self, found) -> None:
        self.query_one(FittedTable).show(rows_of(found))
        self.query_one("#usul-ringkas", Static).update(
            heading(found, self.app.sumber.per.year))

    def on_fitted_table_refitted(self) -> None:
        hidden_line(self.query_one(FittedTable), self.query_one("#usul-tersembunyi", Static))
