"""The advance modal: only the triggers allowed now, their inputs, and the guard's answer.

The write goes through ``Sumber.advance`` (the advance use case) with the version this
screen read, so a refused guard or someone else's change writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pengadaan.tui.data import HakPaket, PaketDetail, PemicuBerlaku
from pengadaan.tui.screens.form import FormModal, refusal_markup
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import InvalidInput, PengadaanError
from pengadaan.domain.execution.persen import parse_persen
from pengadaan.domain.formatting import parse_rupiah, parse_tanggal, tanggal
from pengadaan.domain.vocabulary import tahap_label

ISIAN_LABEL = {
    "hps": "HPS (Rp)",
    "nilai_kontrak": "Nilai kontrak (Rp)",
    "penyedia": "Penyedia (pemenang)",
    "persetujuan": "Persetujuan PA/KPA",
    "mulai_kontrak": "Mulai kontrak (tanggal)",
    "selesai_kontrak": "Selesai kontrak (tanggal)",
    "target_uji_coba": "Target uji coba SCM (% fisik)",
    "tgl_uji_coba": "Akhir uji coba SCM (tanggal)",
    "kesempatan_sampai": "Kesempatan sampai (tanggal, ≤ 50 hari setelah kontrak berakhir)",
    "bagian_terlambat": "Bagian terlambat (Rp; kosong = seluruh nilai kontrak)",
    "curang": "Pelanggaran etis: dokumen palsu, KKN (daftar hitam 2 tahun)",
    "lanjutan": "Kode paket lanjutan (opsional, dibuat pada tahap rencana)",
}
MONEY = frozenset({"hps", "nilai_kontrak", "nilai", "denda", "bagian_terlambat"})
PERCENT = frozenset({"target_uji_coba"})
YES_NO = frozenset({"curang"})  # a checkbox, not a typed value


def is_date_field(name: str) -> bool:
    return name.startswith(("mulai_", "selesai_", "tgl_", "tanggal")) or name.endswith("_sampai")


def parse_isian(name: str, text: str) -> Any:
    """A typed value for a trigger input; blank stays None so the guard can say what is missing."""
    text = text.strip()
    if not text:
        return None
    label = ISIAN_LABEL.get(name, name).split(" (")[0].lower()
    if name in MONEY:
        return parse_rupiah(text, label)
    if name in PERCENT:
        return parse_persen(text, label)
    if is_date_field(name):
        return parse_tanggal(text, label)
    return text


class AdvanceModal(FormModal[PaketDetail | None]):
    """Dismisses with the package as it is after the move, or None when cancelled."""

    def __init__(self, detail: PaketDetail, actor: str | Identitas, per: date,
                 rights: HakPaket | None = None) -> None:
        super().__init__(id="maju")
        self.detail = detail
        self.actor = actor
        self.per = per
        # Only the triggers this user may fire (issue #7); the use case checks again.
        mine = [p for p in detail.pemicu if rights is None or rights.alasan(p.pemicu) is None]
        self.refusal = (rights.alasan(detail.pemicu[0].pemicu)
                        if detail.pemicu and not mine else None)
        self.triggers: dict[str, PemicuBerlaku] = {p.pemicu: p for p in mine}
        self.fields = list(dict.fromkeys(name for p in mine for name in p.isian))

    def compose(self) -> ComposeResult:
        p = self.detail.paket
        with VerticalScroll(id="maju-kotak"):
            yield Static(f"[b]Maju: {p.kode}[/b] — {p.nama}\n"
                         f"Tahap sekarang: {tahap_label(p.tahap)}", id="maju-judul")
            if not self.triggers:
                yield Static(refusal_markup(self.refusal) if self.refusal else
                             "Tidak ada pemicu yang berlaku pada tahap ini.", id="galat")
                yield Button("Tutup", id="batal")
                return
            yield Label("Pemicu")
            yield Select([(f"{t.label} → {tahap_label(t.ke).split(' (')[0]}", t.pemicu)
                          for t in self.triggers.values()], allow_blank=False, id="pemicu")
            yield Label("Tanggal efektif")
            yield Input(tanggal(self.per), id="tanggal")
            for name in self.fields:
                if name in YES_NO:  # its label is on the checkbox itself
                    yield Checkbox(ISIAN_LABEL.get(name, name), id=f"isian-{name}",
                                   classes="isian")
                    continue
                yield Label(ISIAN_LABEL.get(name, name), id=f"label-{name}",
                            classes="isian")
                yield Input(id=f"isian-{name}", classes="isian")
            yield Label("Catatan")
            yield Input(placeholder="alasan/keterangan (opsional)", id="catatan")
            yield Static(id="galat")
            with Horizontal(id="maju-tombol"):
                yield Button("Simpan", variant="primary", id="simpan")
                yield Button("Batal", id="batal")

    def on_mount(self) -> None:
        if self.triggers:
            self._show_fields()
            self.query_one("#pemicu", Select).focus()

    @property
    def chosen(self) -> PemicuBerlaku:
        return self.triggers[str(self.query_one("#pemicu", Select).value)]

    def _show_fields(self) -> None:
        needed = set(self.chosen.isian)
        for name in self.fields:
            shown = name in needed
            for widget in self.query(f"#label-{name}, #isian-{name}"):
                widget.display = shown

    def on_select_changed(self, event: Select.Changed) -> None:
        self._show_fields()
        self.query_one("#galat", Static).update("")

    def _value(self, name: str) -> Any:
        if name in YES_NO:
            return self.query_one(f"#isian-{name}", Checkbox).value
        return parse_isian(name, self.query_one(f"#isian-{name}", Input).value)

    def action_save(self) -> None:
        if not self.triggers:
            return
        trigger = self.chosen
        try:
            text = self.query_one("#tanggal", Input).value.strip()
            if not text:
                raise InvalidInput("tanggal: wajib diisi")
            when = parse_tanggal(text, "tanggal")
            isian = {name: self._value(name) for name in trigger.isian}
            catatan = self.query_one("#catatan", Input).value.strip() or None
            result = self.app.sumber.advance(
                self.detail.paket.kode, trigger.pemicu, self.actor, when, catatan,
                self.detail.paket.version, **isian)
        except PengadaanError as err:
            self.refuse(err)
            return
        self.dismiss(result)

