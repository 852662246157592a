"""The dashboard: summary, filters, the package table and where the cursor is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pengadaan.tui.bindings import DASHBOARD_BINDINGS
from pengadaan.tui.columns import SORT_KEYS
from pengadaan.tui.data import Page, Ringkasan, Saringan
from pengadaan.tui.kept import Kept
from pengadaan.tui.screens.page import PageScreen
from pengadaan.tui.widgets.filter_bar import FilterBar
from pengadaan.tui.widgets.paket_table import PaketTable
from pengadaan.tui.widgets.summary_bar import SummaryBar, forecast_lines
from textual import events, work
from textual.app import ComposeResult
from textual.widgets import Static

if TYPE_CHECKING:  # loaded on first use (tui/data.py), not for an annotation
    from pengadaan.tui.data import BarisProyeksi, RingkasProyeksi


class DashboardScreen(PageScreen[None]):
    """Every package as of the app's date, narrowed and ordered in SQL."""

    BINDINGS = DASHBOARD_BINDINGS

    def __init__(self, saringan: Saringan) -> None:
        super().__init__(id="dasbor")
        self.saringan = saringan
        self.summary = Ringkasan(paket=0, pagu=0, terkontrak=0)
        # Each OPD's summary (None: the kabupaten) once read, until the data change: going
        # back to an OPD shows its counts without scanning its packages again (issue #15).
        self._summaries: Kept[str | None, Ringkasan] = Kept()
        # The year-end forecast of every OPD (issue #17, one value: key None), once read.
        self._forecast: Kept[None, RingkasProyeksi] = Kept()
        self._marker: tuple | None = None

    @property
    def sumber(self):
        return self.app.sumber

    def body(self) -> ComposeResult:
        yield SummaryBar(id="ringkasan")
        opds = [(f"{o.singkatan} – {o.nama}", o.singkatan) for o in self.sumber.opd_list()]
        yield FilterBar(opds, id="saringan")
        yield PaketTable(self._fetch, id="paket")
        yield Static(id="posisi")

    def _fetch(self, offset: int, limit: int) -> Page:
        return self.sumber.page(self.saringan, offset, limit)

    @property
    def table(self) -> PaketTable:
        return self.query_one(PaketTable)

    def on_mount(self) -> None:
        self.query_one(FilterBar).fit_height(self.app.size.height)
        self._show_filters()
        self.table.sort_key, self.table.descending = self.saringan.sort, self.saringan.descending
        self.table.reload(keep_position=False)
        self._refresh_summary()
        self.table.focus()
        self.call_after_refresh(self._start_polling)

    @work(thread=True, exclusive=True, group="penanda")
    def _start_polling(self) -> None:
        """After the first paint, off the UI thread: the marker counts every package
        (±40 ms at 100,000) and is read by the ORM, which this first use opens (its
        imports, ±0,4 s CPU, are then over before a paket is opened)."""
        self.answer(self._polling, self.sumber.marker())

    def _polling(self, marker: tuple) -> None:
        # The summaries read meanwhile stay kept: they and this marker are both the
        # data as the app started (a change in between waits for the next one).
        self._marker = marker
        self.app.orm_ready()
        if self.app.live_seconds:
            self.set_interval(self.app.live_seconds, self.poll)

    # -- state -------------------------------------------------------------------
    def apply(self, saringan: Saringan) -> None:
        """Show ``saringan``: re-query from the first row (filters/sort changed)."""
        if saringan == self.saringan:
            return
        opd_changed = saringan.opd != self.saringan.opd
        self.saringan = saringan
        self.table.sort_key, self.table.descending = saringan.sort, saringan.descending
        self.table.reload(keep_position=False)
        self._show_filters()
        if opd_changed:
            self._refresh_summary(at_once=True)
        self._show_position()

    def refresh_data(self, marker: tuple | None = None) -> None:
        """Someone changed the data (``marker``: as the poll just read it): re-read,
        keeping cursor, filters and scroll."""
        # The marker first: what is kept from now on is read no earlier than it says.
        self._marker = self.sumber.marker() if marker is None else marker
        self._summaries.forget()
        self._forecast.forget()
        self.table.reload(keep_position=True)
        self._refresh_summary()
        self._show_position()

    def poll(self) -> None:
        marker = self.sumber.marker()
        if marker != self._marker:
            self.refresh_data(marker)

    def _show_filters(self) -> None:
        s = self.saringan
        self.query_one(FilterBar).show(s.opd, s.tahap, s.metode, s.only_late, s.cari)

    def _refresh_summary(self, at_once: bool = False) -> None:
        opd = self.saringan.opd
        self.sub_title = self.as_of(opd)
        kept = self._summaries.get(opd)
        if kept is not None:
            self._show_summary(opd, kept)
            return
        if at_once:
            # Another OPD: its summary's SQL (most of the read, run without the GIL)
            # on the other core while the new rows are laid out and drawn (issue #15).
            self._load_summary(opd)
        else:
            # Start-up and data changes: once the table is on screen, so the first
            # paint waits for nothing.
            self.call_after_refresh(self._load_summary, opd)

    @work(thread=True, exclusive=True, group="ringkasan")
    def _load_summary(self, opd: str | None) -> None:
        """The summary scans every package (~0.4 s at 100,000): off the UI thread, so
        the table paints first and keys keep working."""
        noted = self._summaries.noted()
        summary = self.sumber.summary(opd)
        self.answer(self._show_summary, opd, summary, noted)

    def _show_summary(self, opd: str | None, summary: Ringkasan,
                      noted: int | None = None) -> None:
        """Show ``summary`` if the filter is still on ``opd``; a summary just read
        (``noted``: the data's state before its read) is kept unless the data changed
        since (then a read of the new data is on its way)."""
        if noted is not None:
            self._summaries.keep(noted, opd, summary)
        if opd != self.saringan.opd:  # the filter moved on meanwhile
            return
        self.summary = summary
        bar = self.query_one(SummaryBar)
        forecast = self._forecast.get(None)
        if forecast is None:
            bar.show(summary)
            self._load_forecast()
        else:  # the forecast's line too, in the same draw
            bar.show(summary, forecast_lines(self._forecast_line(forecast)))
        self.app.summary_ready(summary)

    @work(thread=True, exclusive=True, group="proyeksi")
    def _load_forecast(self) -> None:
        """The year-end forecast's line (issue #17): after the summary, as it reads the
        year's packages once more; only the sums per OPD (issue #4: no per-paket list),
        read once for every OPD, until the data change."""
        noted = self._forecast.noted()
        forecast = self.sumber.proyeksi_ringkas()
        self.answer(self._show_forecast, forecast, noted)

    def _show_forecast(self, forecast: RingkasProyeksi, noted: int) -> None:
        self._forecast.keep(noted, None, forecast)
        self.query_one(SummaryBar).show_forecast(self._forecast_line(forecast))

    def _forecast_line(self, forecast: RingkasProyeksi) -> BarisProyeksi | None:
        """The line of the OPD the dashboard shows (of the kabupaten without a filter)."""
        opd = (self.saringan.opd or "").upper()
        if not opd:
            return forecast.total
        return next((b for b in forecast.baris if b.opd.upper() == opd), None)

    def _show_position(self) -> None:
        # One line high (app.tcss): a new text never needs the screen laid out again.
        self.query_one("#posisi", Static).update(self.table.window_text(), layout=False)

    # -- events ------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self.query_one(FilterBar).fit_height(event.size.height)

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        self.apply(self.saringan.but(**event.values))

    def on_paket_table_highlighted(self, event: PaketTable.Highlighted) -> None:
        self._show_position()

    def on_paket_table_window_changed(self, event: PaketTable.WindowChanged) -> None:
        self._show_position()

    def on_paket_table_selected(self, event: PaketTable.Selected) -> None:
        self.app.open_detail(event.row.kode)

    def on_paket_table_sort_clicked(self, event: PaketTable.SortClicked) -> None:
        if event.key == self.saringan.sort:
            self.apply(self.saringan.but(descending=not self.saringan.descending))
        else:
            self.apply(self.saringan.but(sort=event.key, descending=False))

    # -- actions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Change keys only for a user who may change something (hidden otherwise)."""
        return self.app.allows(action)

    def action_focus_search(self) -> None:
        self.query_one("#cari").focus()

    def action_focus_filters(self) -> None:
        self.query_one("#saring-opd").focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_toggle_late(self) -> None:
        self.apply(self.saringan.but(only_late=not self.saringan.only_late))

    def action_next_sort(self) -> None:
        keys = SORT_KEYS
        following = keys[(keys.index(self.saringan.sort) + 1) % len(keys)]
        self.apply(self.saringan.but(sort=following, descending=False))

    def action_reverse_sort(self) -> None:
        self.apply(self.saringan.but(descending=not self.saringan.descending))

    def action_clear_filters(self) -> None:
        self.apply(Saringan(sort=self.saringan.sort, descending=self.saringan.descending))

    def action_advance(self) -> None:
        row = self.table.current
        if row is not None:
            self.app.open_advance(row.kode)

    def action_progress(self) -> None:
        row = self.table.current
        if row is not None:
            self.app.open_progress(row.kode)

    def action_schedule(self) -> None:
        row = self.table.current
        if row is not None:
            self.app.open_schedule(row.kode)
