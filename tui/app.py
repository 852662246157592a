"""The Textual app: a package table over the same use cases the CLI uses."""

from __future__ import annotations

from datetime import date

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from db.uow import Database
from pengadaan.formatting import rupiah, tanggal, today_wib
from pengadaan.usecases.paket import list_paket
from pengadaan.vocabulary import METODE_LABEL, tahap_label

PAGE_SIZE = 500


class PengadaanApp(App):
    """Dashboard: every package, newest state first; the full dashboard grows here."""

    TITLE = "pengadaan"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Keluar"),
        Binding("r", "refresh", "Muat ulang"),
    ]

    def __init__(self, db: Database, actor: str, per: date | None = None,
                 opd: str | None = None) -> None:
        super().__init__()
        self.db = db
        self.actor = actor
        self.per = per or today_wib()
        self.opd = opd

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="ringkasan")
        yield DataTable(id="paket", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"per {tanggal(self.per)}"
        table = self.query_one("#paket", DataTable)
        table.add_columns("Kode", "Nama", "OPD", "Metode", "Tahap", "Pagu", "Nilai Kontrak")
        self.action_refresh()

    def action_refresh(self) -> None:
        rows = list_paket(self.db, opd=self.opd, limit=PAGE_SIZE)
        table = self.query_one("#paket", DataTable)
        table.clear()
        for r in rows:
            table.add_row(r.kode, r.nama[:40], r.opd, METODE_LABEL.get(r.metode, r.metode),
                          tahap_label(r.tahap), rupiah(r.pagu), rupiah(r.nilai_kontrak),
                          key=r.kode)
        shown = f"{len(rows)} paket ditampilkan" + (f" (OPD {self.opd})" if self.opd else "")
        self.query_one("#ringkasan", Static).update(shown)
