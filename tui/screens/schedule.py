"""Ubah jadwal: move one stage not yet passed, with the reason the history keeps."""

from __future__ import annotations

from pengadaan.tui.columns import tahap_pendek
from pengadaan.tui.data import HakPaket, PaketRingkas
from pengadaan.tui.screens.form import FormModal
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import InvalidInput, PengadaanError
from pengadaan.domain.formatting import parse_tanggal, tanggal


class ScheduleModal(FormModal[bool | None]):
    """Dismisses with True after the change, None when cancelled."""

    def __init__(self, paket: PaketRingkas, rows: list, actor: str | Identitas,
                 rights: HakPaket | None = None) -> None:
        super().__init__(id="jadwal-modal")
        self.paket = paket
        self.actor = actor
        open_rows = [r for r in rows if not r.dilewati]
        # Only the stages whose schedule is this user's (issue #7); the use case checks again.
        mine = [r for r in open_rows if rights is None or rights.alasan_jadwal(r.tahap) is None]
        self.refusal = (rights.alasan_jadwal(open_rows[0].tahap)
                        if open_rows and not mine else None)
        self.rows = {r.tahap: r for r in mine}
        if not self.rows:
            self.nothing = "Tidak ada tahap yang masih dapat diubah."

    def heading(self) -> str:
        return (f"[b]Ubah jadwal: {self.paket.kode}[/b] — {self.paket.nama}\n"
                "Hanya tahap yang belum dilewati; alasan wajib dan dicatat di riwayat.")

    def fields(self) -> ComposeResult:
        yield Label("Tahap")
        yield Select([(tahap_pendek(t) + (" (sekarang)" if r.sekarang else ""), t)
                      for t, r in self.rows.items()], allow_blank=False, id="jadwal-tahap")
        yield Label("Rencana mulai")
        yield Input(id="jadwal-mulai")
        yield Label("Rencana selesai (hari kerja)")
        yield Input(id="jadwal-selesai")
        yield Label("Alasan perubahan")
        yield Input(id="jadwal-alasan")

    def on_mount(self) -> None:
        if self.rows:
            self._fill()
            self.query_one("#jadwal-tahap", Select).focus()

    def _fill(self) -> None:
        row = self.rows[str(self.query_one("#jadwal-tahap", Select).value)]
        self.query_one("#jadwal-mulai", Input).value = tanggal(row.rencana_mulai)
        self.query_one("#jadwal-selesai", Input).value = tanggal(row.rencana_selesai)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._fill()

    def action_save(self) -> None:
        if not self.rows:
            return

        def value(name: str) -> str:
            return self.query_one(f"#jadwal-{name}", Input).value.strip()

        try:
            for name in ("mulai", "selesai"):
                if not value(name):
                    raise InvalidInput(f"{name}: wajib diisi")
            self.app.sumber.change_stage(
                self.paket.kode, str(self.query_one("#jadwal-tahap", Select).value),
                parse_tanggal(value("mulai"), "mulai"), parse_tanggal(value("selesai"), "selesai"),
                value("alasan"), self.actor, self.paket.version)
        except PengadaanError as err:
            self.refuse(err)
            return
        self.dismiss(True)
