"""Peringatan: the alerts `pengadaan peringatan` prints, as a table; Enter opens one,
n records a kendala on it.

Read in a thread (about 1.4 s at 100,000 packages) so the screen appears at once;
at most :data:`SHOWN` rows go into the table, the count says how many there are.
"""

from __future__ import annotations

from pengadaan.tui.bindings import ALERT_BINDINGS
from pengadaan.tui.columns import FLAG_LABEL, tahap_pendek
from pengadaan.tui.screens.page import ReadScreen
from pengadaan.tui.widgets.summary_bar import count
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from pengadaan.domain.formatting import rupiah, tanggal

SHOWN = 2_000


class AlertsScreen(ReadScreen[None]):
    """Grouped by OPD, most severe and most late first (the use case's order)."""

    BINDINGS = ALERT_BINDINGS

    def __init__(self, opd: str | None) -> None:
        super().__init__(id="peringatan")
        self.opd = opd

    def body(self) -> ComposeResult:
        yield Static("Memuat peringatan…", id="peringatan-ringkas")
        yield DataTable(id="peringatan-tabel", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.title = "Peringatan"
        self.sub_title = self.as_of(self.opd)
        table = self.query_one(DataTable)
        for label in ("OPD", "Kode", "Nama", "Tahap", "Peringatan", "Batas", "Hari", "Denda"):
            table.add_column(label, key=label.lower())
        table.focus()
        self.load()

    def read(self) -> list:
        return self.app.sumber.alerts(self.opd)

    def present(self, alerts: list) -> None:
        table = self.query_one(DataTable)
        for a in alerts[:SHOWN]:
            hari = "" if a.hari is None else (f"+{a.hari}" if a.hari > 0 else str(a.hari))
            table.add_row(a.opd, a.kode, a.nama[:40], tahap_pendek(a.tahap),
                          FLAG_LABEL.get(a.peringatan, a.peringatan.upper()),
                          tanggal(a.batas), hari, rupiah(a.denda))
        if not alerts:
            text = "Tidak ada peringatan."
        elif len(alerts) > SHOWN:
            text = (f"{count(len(alerts))} peringatan; {count(SHOWN)} pertama ditampilkan "
                    "(saring dasbor ke satu OPD untuk melihat semuanya)")
        else:
            text = f"{count(len(alerts))} peringatan"
        self.query_one("#peringatan-ringkas", Static).update(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _kode(self) -> str | None:
        """The highlighted alert's paket."""
        table = self.query_one(DataTable)
        return table.get_row_at(table.cursor_row)[1] if table.row_count else None

    def action_open(self) -> None:
        if kode := self._kode():
            self.app.open_detail(kode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The kendala key only for a user who may record one (hidden otherwise)."""
        return self.app.allows(action)

    def action_kendala(self) -> None:
        if kode := self._kode():
            self.app.open_kendala(kode)
