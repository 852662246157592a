"""Rapor OPD: one agency's report card — rank and band, its numbers, its late and kritis
packages, and absorption against target month by month (the same renderables as
``pengadaan rapor``)."""

from __future__ import annotations

from pengadaan.tui.bindings import RAPOR_BINDINGS
from pengadaan.tui.data import RaporOpd
from pengadaan.tui.screens.page import ReadScreen
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual_plotext import PlotextPlot

from pengadaan.presentation import rapor as view
from pengadaan.presentation.chart import percent_axis


class RaporScreen(ReadScreen[None]):
    """Read in a thread: the rapor ranks every OPD first (the rekap)."""

    BINDINGS = RAPOR_BINDINGS

    def __init__(self, opd: str) -> None:
        super().__init__(id="rapor")
        self.opd = opd
        self.card: RaporOpd | None = None

    def body(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Memuat rapor…", id="rapor-judul")
            yield Static(id="rapor-ringkasan")
            yield Static(id="rapor-bermasalah")
            yield Static(id="rapor-bulanan")
            yield PlotextPlot(id="rapor-grafik")

    def on_mount(self) -> None:
        self.title = f"Rapor OPD {self.opd}"
        self.sub_title = self.as_of()
        self.load()

    def read(self) -> RaporOpd:
        return self.app.sumber.rapor(self.opd)

    def present(self, card: RaporOpd) -> None:
        self.card = card
        self.query_one("#rapor-judul", Static).update(view.heading(card))
        self.query_one("#rapor-ringkasan", Static).update(view.summary_table(card.baris))
        self.query_one("#rapor-bermasalah", Static).update(view.bermasalah_table(card.bermasalah))
        self.query_one("#rapor-bulanan", Static).update(view.bulanan_table(card.bulanan))
        labels, target, realisasi = view.chart_series(card.bulanan)
        plt = self.query_one(PlotextPlot).plt
        plt.clear_data()
        plt.clear_figure()
        plt.title("Serapan kumulatif vs target (%)")
        xs = list(range(1, len(labels) + 1))
        plt.plot(xs, target, label="Target")
        plt.plot(xs, realisasi, label="Realisasi", marker="braille")
        plt.xticks(xs, labels)
        percent_axis(plt)
        self.query_one(PlotextPlot).refresh()
