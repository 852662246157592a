"""The advance modal: only the triggers allowed now, their inputs, and the guard's answer.

The write goes through ``Sumber.advance`` (the advance use case) with the version this
screen read, so a refused guard or someone else's change writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pengadaan.tui.data import Allowed, HakPaket, PaketDetail
from pengadaan.tui.screens.form import FormModal
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Select, Static

from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import InvalidInput, PengadaanError
from pengadaan.domain.formatting import tanggal
from pengadaan.domain.vocabulary import tahap_label
from pengadaan.domain.workflow.isian import CATATAN, ISIAN, TANGGAL, Isian, Kind


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
        self.triggers: dict[str, Allowed] = {p.pemicu: p for p in mine}
        self.inputs = [ISIAN[name] for name in
                       dict.fromkeys(name for p in mine for name in p.isian)]
        if not self.triggers:
            self.nothing = "Tidak ada pemicu yang berlaku pada tahap ini."

    def heading(self) -> str:
        p = self.detail.paket
        return f"[b]Maju: {p.kode}[/b] — {p.nama}\nTahap sekarang: {tahap_label(p.tahap)}"

    def fields(self) -> ComposeResult:
        yield Label("Pemicu")
        yield Select([(t.choice, t.pemicu)
                      for t in self.triggers.values()], allow_blank=False, id="pemicu")
        yield Label("Tanggal efektif")
        yield Input(tanggal(self.per), id="tanggal")
        for isian in self.inputs:
            yield from _field(isian)
        yield Label(CATATAN.caption)
        yield Input(placeholder=f"{CATATAN.help} (opsional)", id="catatan")

    def on_mount(self) -> None:
        if self.triggers:
            self._show_fields()
            self.query_one("#pemicu", Select).focus()

    @property
    def chosen(self) -> Allowed:
        return self.triggers[str(self.query_one("#pemicu", Select).value)]

    def _show_fields(self) -> None:
        needed = set(self.chosen.isian)
        for isian in self.inputs:
            shown = isian.name in needed
            for widget in self.query(f"#label-{isian.name}, #isian-{isian.name}"):
                widget.display = shown

    def on_select_changed(self, event: Select.Changed) -> None:
        self._show_fields()
        self.query_one("#galat", Static).update("")

    def _value(self, name: str) -> Any:
        isian = ISIAN[name]
        widget = Checkbox if isian.kind == Kind.FLAG else Input
        return isian.parse(self.query_one(f"#isian-{name}", widget).value)

    def action_save(self) -> None:
        if not self.triggers:
            return
        trigger = self.chosen
        try:
            when = TANGGAL.parse(self.query_one("#tanggal", Input).value)
            if when is None:
                raise InvalidInput(f"{TANGGAL.label}: wajib diisi")
            isian = {name: self._value(name) for name in trigger.isian}
            catatan = CATATAN.parse(self.query_one("#catatan", Input).value)
            result = self.app.sumber.advance(
                self.detail.paket.kode, trigger.pemicu, self.actor, when, catatan,
                self.detail.paket.version, **isian)
        except PengadaanError as err:
            self.refuse(err)
            return
        self.dismiss(result)


def _field(isian: Isian) -> ComposeResult:
    """A checkbox for a flag (its caption on the box itself), else a caption and a text
    field with the help as placeholder (saying so when the trigger cannot go without it)."""
    if isian.kind == Kind.FLAG:
        yield Checkbox(f"{isian.caption}: {isian.help}", id=f"isian-{isian.name}",
                       classes="isian")
        return
    yield Label(isian.caption, id=f"label-{isian.name}", classes="isian")
    hint = f"{isian.help} (wajib)" if isian.required else isian.help
    yield Input(placeholder=hint, id=f"isian-{isian.name}", classes="isian")
