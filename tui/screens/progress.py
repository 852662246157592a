"""Catat progres: one cumulative progress report through the execution use case."""

from __future__ import annotations

from datetime import date

from pengadaan.tui.data import PaketRingkas
from pengadaan.tui.screens.form import FormModal
from textual.app import ComposeResult
from textual.widgets import Input, Label

from pengadaan.domain.errors import InvalidInput, PengadaanError
from pengadaan.domain.execution.persen import parse_persen
from pengadaan.domain.formatting import parse_rupiah, parse_tanggal, tanggal
from pengadaan.domain.workflow.isian import ALASAN_KOREKSI


class ProgressModal(FormModal[object | None]):
    """Dismisses with the recorded report, or None when cancelled."""

    def __init__(self, paket: PaketRingkas, actor: str, per: date) -> None:
        super().__init__(id="progres-modal")
        self.paket = paket
        self.actor = actor
        self.per = per

    def heading(self) -> str:
        return f"[b]Catat progres: {self.paket.kode}[/b] — {self.paket.nama}"

    def fields(self) -> ComposeResult:
        yield Label("Tanggal laporan")
        yield Input(tanggal(self.per), id="progres-tanggal")
        yield Label("Progres fisik kumulatif (%)")
        yield Input(placeholder="mis. 45,5", id="progres-fisik")
        yield Label("Realisasi keuangan kumulatif (Rp, opsional)")
        yield Input(id="progres-keuangan")
        yield Label("Catatan")
        yield Input(id="progres-catatan")
        yield Label(ALASAN_KOREKSI.caption)
        yield Input(placeholder=ALASAN_KOREKSI.help, id="progres-koreksi")

    def on_mount(self) -> None:
        self.query_one("#progres-fisik", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#progres-{name}", Input).value.strip()

    def action_save(self) -> None:
        try:
            if not self._value("fisik"):
                raise InvalidInput("fisik: wajib diisi")
            report = self.app.sumber.record_progress(
                self.paket.kode, parse_tanggal(self._value("tanggal") or "-", "tanggal"),
                parse_persen(self._value("fisik"), "fisik"), self.actor,
                parse_rupiah(self._value("keuangan"), "keuangan")
                if self._value("keuangan") else None,
                self._value("catatan") or None, self._value("koreksi") or None,
                self.paket.version)
        except PengadaanError as err:
            self.refuse(err)
            return
        self.dismiss(report)
