"""One OPD's report card as widgets — heading, summary, late and kritis packages,
absorption month by month and its chart — shared by the rapor screen and the Rapim
slides (the renderables are ``pengadaan rapor``'s, pengadaan/presentation/rapor.py)."""

from __future__ import annotations

from pengadaan.tui.data import RaporOpd
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual_plotext import PlotextPlot

from pengadaan.presentation import rapor as view
from pengadaan.presentation.chart import percent_axis


class RaporView(VerticalScroll):
    """Empty ("Memuat rapor…") until :meth:`show` is given a card."""

    def compose(self) -> ComposeResult:
        yield Static("Memuat rapor…", id="rapor-judul")
        yield Static(id="rapor-ringkasan")
        yield Static(id="rapor-bermasalah")
        yield Static(id="rapor-bulanan")
        yield PlotextPlot(id="rapor-grafik")

    def show(self, card: RaporOpd) -> None:
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
