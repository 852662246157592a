"""Tindak lanjut on the kendala highlighted in the detail: record one (a pengawas
records a rekomendasi) and move one's status, through the use cases of ``pengadaan
tindak-lanjut catat|perbarui``."""

from __future__ import annotations

from pengadaan.tui.data import KendalaView, PaketRingkas, TindakLanjutView
from pengadaan.tui.screens.form import FormModal, required_date
from pengadaan.tui.screens.kendala import kendala_heading
from rich.markup import escape
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import PengadaanError
from pengadaan.domain.formatting import tanggal
from pengadaan.domain.kendala import (
    STATUS_LABEL,
    StatusTindakLanjut,
    status_label,
    tindak_lanjut_text,
)

STATUS_CHOICES = [(label, str(code)) for code, label in STATUS_LABEL.items()]


class TindakLanjutModal(FormModal[str | None]):
    """What will be done about the kendala, by whom, by when; a pengawas's is a
    rekomendasi (starting as direncanakan: the paket roles move it along)."""

    def __init__(self, paket: PaketRingkas, kendala: KendalaView, actor: str | Identitas,
                 rekomendasi: bool) -> None:
        super().__init__(id="tindak-lanjut")
        self.paket = paket
        self.kendala = kendala
        self.actor = actor
        self.rekomendasi = rekomendasi

    @property
    def kind(self) -> str:
        return "Rekomendasi" if self.rekomendasi else "Tindak lanjut"

    def heading(self) -> str:
        text = kendala_heading(f"Catat {self.kind.lower()}", self.paket, self.kendala)
        if self.rekomendasi:
            text += ("\n[i]Sebagai pengawas Anda mencatat rekomendasi; PPK atau UKPBJ "
                     "yang menjalankan dan memperbarui statusnya.[/i]")
        return text

    def fields(self) -> ComposeResult:
        yield Label("Uraian (apa yang akan dilakukan)")
        yield Input(id="tl-uraian")
        yield Label("Pelaksana (peran atau nama)")
        yield Input(id="tl-pelaksana")
        yield Label("Batas (paling lambat)")
        yield Input(placeholder="DD/MM/YYYY", id="tl-batas")
        if not self.rekomendasi:
            yield Label("Status")
            yield Select(STATUS_CHOICES, allow_blank=False, id="tl-status",
                         value=str(StatusTindakLanjut.DIRENCANAKAN))

    def on_mount(self) -> None:
        self.query_one("#tl-uraian", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#tl-{name}", Input).value

    def action_save(self) -> None:
        status = None if self.rekomendasi else str(self.query_one("#tl-status", Select).value)
        try:
            found = self.app.sumber.record_tindak_lanjut(
                self.kendala.id, self._value("uraian"), self._value("pelaksana"),
                required_date(self._value("batas"), "batas"), self.actor,
                self.rekomendasi, status)
        except PengadaanError as err:
            self.refuse(err)
            return
        self.dismiss(f"{self.kind} untuk kendala {self.paket.kode} dicatat "
                     f"(batas {tanggal(found.batas)}).")


def next_status(current: str) -> str:
    """The status a tindak lanjut most likely moves to: the next one; from selesai,
    back to berjalan (reopened)."""
    order = [str(s) for s in StatusTindakLanjut]
    i = order.index(current)
    return order[i + 1] if i + 1 < len(order) else order[i - 1]


class StatusTindakLanjutModal(FormModal[str | None]):
    """Moves the tindak lanjut (also a rekomendasi) to another status, with a note;
    every change stays in its history."""

    def __init__(self, paket: PaketRingkas, tindak_lanjut: TindakLanjutView,
                 actor: str | Identitas) -> None:
        super().__init__(id="tl-perbarui")
        self.paket = paket
        self.tindak_lanjut = tindak_lanjut
        self.actor = actor

    def heading(self) -> str:
        t = self.tindak_lanjut
        kind = "rekomendasi" if t.rekomendasi else "tindak lanjut"
        return (f"[b]Status {kind}: {escape(self.paket.kode)}[/b] — "
                f"{escape(self.paket.nama)}\n"
                f"{escape(tindak_lanjut_text(t.uraian, t.pelaksana, t.batas, t.status))}")

    def fields(self) -> ComposeResult:
        yield Label("Status baru")
        yield Select(STATUS_CHOICES, allow_blank=False, id="tl-status",
                     value=next_status(self.tindak_lanjut.status))
        yield Label("Catatan perubahan")
        yield Input(placeholder="opsional", id="tl-catatan")

    def on_mount(self) -> None:
        self.query_one("#tl-status", Select).focus()

    def action_save(self) -> None:
        try:
            found = self.app.sumber.update_tindak_lanjut(
                self.tindak_lanjut.id, str(self.query_one("#tl-status", Select).value),
                self.query_one("#tl-catatan", Input).value, self.actor)
        except PengadaanError as err:
            self.refuse(err)
            return
        self.dismiss(f"Status tindak lanjut {self.paket.kode}: "
                     f"{status_label(found.status)}.")
