"""Rapim: the monitoring picture as slides for the Command Center screen (issue #18) —
the kabupaten summary, the OPD ranking with its TEPRA colours, the worst packages with
their kendala and tindak lanjut, then each OPD's rapor in ranking order.

Read-only by construction: the screen reads through the app's :class:`SumberBaca`
(which has no write), binds only moving between slides, pausing and quitting, and
opens no other screen. It re-reads when the database changes, like the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from pengadaan.tui.bindings import RAPIM_BINDINGS
from pengadaan.tui.data import BarisRekap, PaketTerburuk
from pengadaan.tui.screens.page import ReadScreen
from pengadaan.tui.screens.rekap import columns
from pengadaan.tui.widgets.fitted_table import FittedTable, hidden_line
from pengadaan.tui.widgets.rapor_view import RaporView
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Digits, Static

from pengadaan.presentation import rapim as view
from pengadaan.presentation.rapor import TARGET_NOTE, terburuk_table


@dataclass(frozen=True)
class Deck:
    """What the slides show besides the rapor cards: read at once, in one thread."""

    rows: list[BarisRekap]  # by peringkat, OPDs without packages last
    total: BarisRekap
    terburuk: list[PaketTerburuk]

    @property
    def dinilai(self) -> int:
        return sum(1 for r in self.rows if r.peringkat is not None)


@dataclass(frozen=True)
class Slide:
    """One slide: which panel shows it, its title, and the OPD of a rapor slide."""

    panel: str
    title: str
    opd: str | None = None


FIXED = (Slide("slide-ringkasan", "Ringkasan kabupaten"),
         Slide("slide-peringkat", "Peringkat OPD"),
         Slide("slide-terburuk", "Paket terburuk"))


class RapimScreen(ReadScreen[None]):
    """The slides in one switcher; ``index`` is the slide shown."""

    BINDINGS = RAPIM_BINDINGS

    def __init__(self) -> None:
        super().__init__(id="rapim")
        self.deck: Deck | None = None
        self.slides: list[Slide] = list(FIXED)
        self.index = 0
        self.typed = ""  # digits typed in a row (an OPD number being entered)
        self.rotation: Timer | None = None
        self.paused = False
        self._marker: tuple | None = None

    def body(self) -> ComposeResult:
        with ContentSwitcher(initial="slide-ringkasan"):
            with VerticalScroll(id="slide-ringkasan"):
                yield Static("Memuat…", id="kabupaten-judul")
                with Horizontal(id="kabupaten-angka"):
                    for n, label in enumerate(view.BIG_LABELS):
                        with Vertical(classes="angka"):
                            yield Static(label, classes="angka-label")
                            yield Digits("", id=f"angka-{n}")
                yield Static(id="kabupaten-rincian")
                yield Static(id="kabupaten-warna")
            with Vertical(id="slide-peringkat"):
                yield Static(TARGET_NOTE, id="peringkat-keterangan")
                yield FittedTable(columns(0), id="peringkat-tabel")
                yield Static("", id="peringkat-tersembunyi", classes="tersembunyi")
            with VerticalScroll(id="slide-terburuk"):
                yield Static(id="terburuk-tabel")
            yield RaporView(id="slide-opd")

    def on_mount(self) -> None:
        # The marker before the deck's read: a change committed between the two would
        # otherwise be in neither the deck nor the next poll's comparison.
        self._marker = self.app.sumber.marker()
        self.load()
        if self.app.live_seconds:
            self.set_interval(self.app.live_seconds, self.poll)
        if self.app.putar:
            self.rotation = self.set_interval(self.app.putar, self.turn)
        self._show_slide()

    # -- data ----------------------------------------------------------------------
    def read(self) -> Deck:
        sumber = self.app.sumber
        rows, total = sumber.rekap(forecast=True)
        return Deck(rows, total, sumber.terburuk(view.TERBURUK))

    def present(self, deck: Deck) -> None:
        shown = self.slides[self.index]
        self.deck = deck
        self.slides = [*FIXED, *(Slide("slide-opd", f"Rapor OPD {r.opd}", r.opd)
                                 for r in deck.rows)]
        # The same slide stays on screen when a re-read moved the OPDs around.
        self.index = next((i for i, s in enumerate(self.slides) if s == shown), 0)
        total = deck.total
        self.query_one("#kabupaten-judul", Static).update(
            view.kabupaten_heading(total, self.app.per.year, self.app.per, deck.dinilai))
        for n, value in enumerate(view.big_numbers(total)):
            self.query_one(f"#angka-{n}", Digits).update(value)
        self.query_one("#kabupaten-rincian", Static).update(view.kabupaten_table(total))
        self.query_one("#kabupaten-warna", Static).update(view.warna_lines(deck.rows))
        worst = max((r.terlambat + r.kritis for r in deck.rows), default=0)
        self.query_one(FittedTable).show(deck.rows, keys=[r.opd for r in deck.rows],
                                         columns=columns(worst))
        self.query_one("#terburuk-tabel", Static).update(terburuk_table(deck.terburuk))
        self._show_slide()

    def poll(self) -> None:
        """Someone changed the data: read it all again (the slide shown stays)."""
        marker = self.app.sumber.marker()
        if marker != self._marker:
            self._marker = marker
            self.load()

    @work(thread=True, exclusive=True, group="rapor")
    def _load_card(self, opd: str) -> None:
        card = self.app.sumber.rapor(opd)
        self.answer(self._show_card, opd, card)

    def _show_card(self, opd: str, card) -> None:
        if self.slides[self.index].opd == opd:  # not if the slides moved on meanwhile
            self.query_one(RaporView).show(card)

    # -- showing a slide -----------------------------------------------------------
    def _show_slide(self) -> None:
        slide = self.slides[self.index]
        self.query_one(ContentSwitcher).current = slide.panel
        self.title = f"Rapim · {slide.title}"
        place = f"{self.index + 1}/{len(self.slides)}"
        if slide.opd is not None:
            place += f" · OPD nomor {self.index - len(FIXED) + 1}"
        if self.rotation is not None:
            place += " · putaran dijeda (p)" if self.paused else " · berputar"
        self.sub_title = f"{self.as_of()} · {place}"
        if slide.opd is not None and self.deck is not None:
            self._load_card(slide.opd)

    def go(self, index: int) -> None:
        self.index = index % len(self.slides)
        self._show_slide()

    def turn(self) -> None:
        """The rotation's step: the next slide, round to the first."""
        self.go(self.index + 1)

    def on_fitted_table_refitted(self) -> None:
        hidden_line(self.query_one(FittedTable),
                    self.query_one("#peringkat-tersembunyi", Static))

    # -- keys ----------------------------------------------------------------------
    def action_next(self) -> None:
        self.typed = ""
        self._restart_rotation()
        self.go(self.index + 1)

    def action_previous(self) -> None:
        self.typed = ""
        self._restart_rotation()
        self.go(self.index - 1)

    def action_nomor(self, digit: int) -> None:
        """Jump to the OPD of that number; a second digit right after makes it a two-digit
        number when there are that many OPDs (1 then 2 is the twelfth)."""
        opds = len(self.slides) - len(FIXED)
        typed = self.typed + str(digit)
        if not 1 <= int(typed) <= opds:
            typed = str(digit)
        self.typed = typed if int(typed) * 10 <= opds else ""
        if 1 <= int(typed) <= opds:
            self._restart_rotation()
            self.go(len(FIXED) + int(typed) - 1)

    def action_pause(self) -> None:
        """Pause or resume the rotation (``--putar``)."""
        if self.rotation is None:
            self.notify("Tidak berputar: jalankan dengan --putar DETIK.", title="Rapim")
            return
        self.paused = not self.paused
        if self.paused:
            self.rotation.pause()
        else:
            self.rotation.reset()
            self.rotation.resume()
        self._show_slide()

    def _restart_rotation(self) -> None:
        """A slide chosen by hand stays its full time before the rotation moves on."""
        if self.rotation is not None:
            self.rotation.reset()

