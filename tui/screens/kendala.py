"""Catat kendala: one obstacle on a paket (category, description, date) through the
kendala use case, opened from the detail screen and from the alert list; and the
resolution of the kendala highlighted in the detail (``kendala selesai``)."""

from __future__ import annotations

from datetime import date

from pengadaan.tui.data import KendalaView, PaketRingkas
from pengadaan.tui.screens.form import FormModal, required_date
from rich.markup import escape
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import PengadaanError
from pengadaan.domain.formatting import tanggal
from pengadaan.domain.kendala import KATEGORI_LABEL, kendala_text


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
                self._value("uraian"), required_date(self._value("tanggal"), "tanggal"),
                self.actor)
        except PengadaanError as err:
            self.refuse(err)
            return
        self.dismiss(found)


def kendala_heading(action: str, paket: PaketRingkas, kendala: KendalaView) -> str:
    """``Kendala selesai: KODE — nama`` and the kendala it is about (text escaped)."""
    return (f"[b]{action}: {escape(paket.kode)}[/b] — {escape(paket.nama)}\n"
            f"Kendala {tanggal(kendala.tanggal)}: "
            f"{escape(kendala_text(kendala.kategori, kendala.uraian))}")


class SelesaiKendalaModal(FormModal[str | None]):
    """Resolves the kendala (once, as ``pengadaan kendala selesai``), dated the app's
    date unless changed; dismisses with the message to show, or None when cancelled."""

    def __init__(self, paket: PaketRingkas, kendala: KendalaView, actor: str | Identitas,
                 per: date) -> None:
        super().__init__(id="kendala-selesai")
        self.paket = paket
        self.kendala = kendala
        self.actor = actor
        self.per = per

    def heading(self) -> str:
        return (kendala_heading("Kendala selesai", self.paket, self.kendala)
                + "\n[i]Penyelesaian tidak dapat diubah sesudahnya.[/i]")

    def fields(self) -> ComposeResult:
        yield Label("Catatan (bagaimana kendala selesai)")
        yield Input(id="selesai-catatan")
        yield Label("Tanggal selesai")
        yield Input(tanggal(self.per), id="selesai-tanggal")

    def on_mount(self) -> None:
        self.query_one("#selesai-catatan", Input).focus()

    def action_save(self) -> None:
        try:
            when = required_date(self.query_one("#selesai-tanggal", Input).value, "tanggal")
            found = self.app.sumber.resolve_kendala(
                self.kendala.id, self.query_one("#selesai-catatan", Input).value, when,
                self.actor)
        except PengadaanError as err:
            self.refuse(err)
            return
        self.dismiss(f"Kendala {found.paket} selesai {tanggal(found.selesai_tanggal)}.")
