"""Peringatan: the alerts `pengadaan peringatan` prints, as a table; Enter opens one,
n records a kendala on it.

Read in a thread (about 1.4 s at 100,000 packages) so the screen appears at once;
at most :data:`SHOWN` rows go into the table, the count says how many there are.
"""

from __future__ import annotations

from dataclasses import replace

from pengadaan.tui.bindings import ALERT_BINDINGS
from pengadaan.tui.columns import COLUMNS as PAKET_COLUMNS
from pengadaan.tui.columns import FLAG_LABEL, Kolom
from pengadaan.tui.screens.page import ReadScreen
from pengadaan.tui.widgets.fitted_table import FittedTable, hidden_line
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from pengadaan.domain.formatting import angka, rupiah
from pengadaan.presentation.table_columns import Kind

SHOWN = 2_000


def _kind(flag: str) -> str:
    return FLAG_LABEL.get(flag, flag.upper())


# An alert reads like a paket row for these (kode, nama, tahap, batas, hari): the
# dashboard's columns, declared once in tui/columns.py.
_PAKET = {c.key: c for c in PAKET_COLUMNS}
# At 80 columns Kode, Batas, Hari, Peringatan, Denda and a shortened Nama stay; OPD,
# then Tahap leave first (docs/tampilan-terminal.md): their drop numbers fit between the
# dashboard's (Nama 5, Hari 8, Batas 9).
COLUMNS: tuple[Kolom, ...] = (
    Kolom("opd", "OPD", Kind.KODE, 3, 3, lambda a: a.opd),
    _PAKET["kode"],
    _PAKET["nama"],
    replace(_PAKET["tahap"], drop=4),
    Kolom("peringatan", "Peringatan", Kind.LABEL, 7, 14, lambda a: _kind(a.peringatan),
          full=max(len(label) for label in FLAG_LABEL.values())),
    _PAKET["batas"],
    _PAKET["hari"],
    Kolom("denda", "Denda", Kind.MONEY, 6, 5, lambda a: rupiah(a.denda)),
)


class AlertsScreen(ReadScreen[None]):
    """Grouped by OPD, most severe and most late first (the use case's order)."""

    BINDINGS = ALERT_BINDINGS

    def __init__(self, opd: str | None) -> None:
        super().__init__(id="peringatan")
        self.opd = opd

    def body(self) -> ComposeResult:
        yield Static("Memuat peringatan…", id="peringatan-ringkas")
        yield FittedTable(COLUMNS, id="peringatan-tabel")
        yield Static("", id="peringatan-tersembunyi", classes="tersembunyi")

    def on_mount(self) -> None:
        self.title = "Peringatan"
        self.sub_title = self.as_of(self.opd)
        self.query_one(FittedTable).focus()
        self.load()

    def read(self) -> list:
        return self.app.sumber.alerts(self.opd)

    def present(self, alerts: list) -> None:
        self.query_one(FittedTable).show(alerts[:SHOWN])
        if not alerts:
            text = "Tidak ada peringatan."
        elif len(alerts) > SHOWN:
            text = (f"{angka(len(alerts))} peringatan; {angka(SHOWN)} pertama ditampilkan "
                    "(saring dasbor ke satu OPD untuk melihat semuanya)")
        else:
            text = f"{angka(len(alerts))} peringatan"
        self.query_one("#peringatan-ringkas", Static).update(text)

    def on_fitted_table_refitted(self) -> None:
        hidden_line(self.query_one(FittedTable),
                    self.query_one("#peringatan-tersembunyi", Static))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _kode(self) -> str | None:
        """The highlighted alert's paket."""
        table = self.query_one(FittedTable)
        return table.items[table.cursor_row].kode if table.items else None

    def action_open(self) -> None:
        if kode := self._kode():
            self.app.open_detail(kode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The kendala key only for a user who may record one (hidden otherwise)."""
        return self.app.allows(action)

    def action_kendala(self) -> None:
        if kode := self._kode():
            self.app.open_kendala(kode)
