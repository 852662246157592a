"""What every change form shares: its box and heading, Simpan/Batal (or only Tutup when
there is nothing this user may change), Enter saves, Escape cancels, and a refusal from
the use case shown inline so the user can correct and retry."""

from __future__ import annotations

from abc import abstractmethod
from datetime import date
from typing import TypeVar

from pengadaan.tui.bindings import ADVANCE_BINDINGS
from pengadaan.tui.screens.page import HookedScreen
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from pengadaan.domain.errors import InvalidInput, PengadaanError
from pengadaan.domain.formatting import parse_tanggal
from pengadaan.domain.workflow.isian import ISIAN

Result = TypeVar("Result")


class FormModal(ModalScreen[Result], metaclass=HookedScreen):
    """Subclasses give :meth:`heading` and :meth:`fields`, and define ``action_save``
    (called by the Simpan button and by Enter in any field). One with nothing to offer
    says so in :attr:`nothing` (or why this user may not, in :attr:`refusal`)."""

    BINDINGS = ADVANCE_BINDINGS
    nothing: str | None = None  # set when there is nothing to change
    refusal: str | None = None  # why what there is is not this user's to change

    @abstractmethod
    def heading(self) -> str:
        """The form's title line."""

    @abstractmethod
    def fields(self) -> ComposeResult:
        """The inputs, shown when there is something to change."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="maju-kotak"):
            yield Static(self.heading(), id="maju-judul")
            if self.nothing is not None:
                yield Static(refusal_markup(self.refusal) if self.refusal else self.nothing,
                             id="galat")
                yield Button("Tutup", id="batal")
                return
            yield from self.fields()
            yield Static(id="galat")
            with Horizontal(id="maju-tombol"):
                yield Button("Simpan", variant="primary", id="simpan")
                yield Button("Batal", id="batal")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "simpan":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def refuse(self, err: PengadaanError) -> None:
        """Show why nothing was written."""
        self.query_one("#galat", Static).update(refusal_markup(field_hint(err)))


def field_hint(err: PengadaanError) -> str:
    """The message, and which fields fill the trigger inputs it names (the one place
    the TUI says so): ``HPS belum ditetapkan (isi kolom HPS)``."""
    if not err.isian:
        return str(err)
    verb = "periksa" if err.periksa else "isi"
    return f"{err} ({verb} kolom {' dan '.join(ISIAN[name].heading for name in err.isian)})"


def refusal_markup(message: str) -> str:
    """``Ditolak: …`` in the error colour; markup in the message is not interpreted."""
    escaped = message.replace("[", r"\[")
    return f"[b $text-error]Ditolak:[/] {escaped}"


def required_date(text: str, field: str) -> date:
    """A date the use case needs: empty says ``wajib diisi``, else DD/MM/YYYY or ISO."""
    if not text.strip():
        raise InvalidInput(f"{field}: wajib diisi")
    return parse_tanggal(text, field)
