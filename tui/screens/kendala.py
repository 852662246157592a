"""Catat kendala: one obstacle on a paket (category, description, date) through the
kendala use case; opened from the detail screen and from the alert list."""

from __future__ import annotations

from datetime import date

from pengadaan.tui.data import PaketRingkas
from pengadaan.tui.screens.form import FormModal
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import PengadaanError
from pengadaan.domain.formatting import parse_tanggal, tanggal
from pengadaan.domain.kendala import KATEGORI_LABEL


class KendalaModal(FormModal[object | None]):
    """Dismisses with the recorded kendala, or None when cancelled."""

    def __init__(self, paket: PaketRingkas, actor: str | Identitas, per: date) -> None:
        super().__init__(id="kendala-modal")
        self.paket = paket
        self.actor = actor
        self.per = per

    def heading(self) -> str:
        return f"[b]Catat kendala: {self.paket.kode}[/b] — {self.paket.nama}"

    def fields(self) -> ComposeResult:
        yield Label("Kategori")
        yield Select([(label, str(code)) for code, label in KATEGORI_LABEL.items()],
                     prompt="Pilih kategori", id="kendala-kategori")
        yield Label("Uraian")
        yield Input(id="kendala-uraian")
        yield Label("Tanggal")
        yield Input(tanggal(self.per), id="kendala-tanggal")

    def on_mount(self) -> None:
        self.query_one("#kendala-kategori", Select).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#kendala-{name}", Input).value.strip()

    def action_save(self) -> None:
        kategori = self.query_one("#kendala-kategori", Select)
        try:
            found = self.app.sumber.record_kendala(
                self.paket.kode, "" if kategori.is_blank() else str(kategori.value),
                self._value("uraian"),
                parse_tanggal(self._value("tanggal") or "-", "tanggal"), self.actor)
        except PengadaanError as err:
            self.refuse(err)
            return
        self.dismiss(found)
