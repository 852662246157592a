"""Rapor OPD: one agency's report card — rank and band, its numbers, its late and kritis
packages, and absorption against target month by month (the same renderables as
``pengadaan rapor``)."""

from __future__ import annotations

from pengadaan.tui.bindings import RAPOR_BINDINGS
from pengadaan.tui.data import RaporOpd
from pengadaan.tui.screens.page import ReadScreen
from pengadaan.tui.widgets.rapor_view import RaporView
from textual.app import ComposeResult


class RaporScreen(ReadScreen[None]):
    """Read in a thread: the rapor ranks every OPD first (the rekap)."""

    BINDINGS = RAPOR_BINDINGS

    def __init__(self, opd: str) -> None:
        super().__init__(id="rapor")
        self.opd = opd
        self.card: RaporOpd | None = None

    def body(self) -> ComposeResult:
        yield RaporView()

    def on_mount(self) -> None:
        self.title = f"Rapor OPD {self.opd}"
        self.sub_title = self.as_of()
        self.load()

    def read(self) -> RaporOpd:
        return self.app.sumber.rapor(self.opd)

    def present(self, card: RaporOpd) -> None:
        self.card = card
        self.query_one(RaporView).show(card)
