"""The filter bar: OPD, tahap, metode, only-late and an incremental kode/nama search."""

from __future__ import annotations

from pengadaan.tui.columns import tahap_pendek
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Select

from pengadaan.domain.vocabulary import METODE_LABEL, TAHAP

SEARCH_DELAY = 0.15  # seconds of quiet typing before the search runs
SHORT_SCREEN = 30  # rows: on a shorter screen the bar takes one row instead of three


class FilterBar(Horizontal):
    """Posts :class:`FilterBar.Changed` with the current values whenever one changes."""

    class Changed(Message):
        def __init__(self, values: dict) -> None:
            super().__init__()
            self.values = values

    def __init__(self, opd_choices: list[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._opd_choices = opd_choices
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Select(self._opd_choices, prompt="OPD", id="saring-opd")
        yield Select([(tahap_pendek(code), code) for code in TAHAP], prompt="Tahap",
                     id="saring-tahap")
        yield Select([(label, str(code)) for code, label in METODE_LABEL.items()],
                     prompt="Metode", id="saring-metode")
        yield Checkbox("Terlambat", id="saring-terlambat")
        yield Input(placeholder="Cari kode/nama…", id="cari")

    def fit_height(self, screen_rows: int) -> None:
        """Borderless controls on a short screen (80×24): two more table rows."""
        short = screen_rows < SHORT_SCREEN
        self.set_class(short, "-pendek")
        for control in self.query(Select):
            control.compact = short
        self.query_one(Input).compact = short

    def values(self) -> dict:
        def chosen(name: str) -> str | None:
            value = self.query_one(f"#{name}", Select).value
            return None if value is Select.NULL else str(value)

        return {
            "opd": chosen("saring-opd"), "tahap": chosen("saring-tahap"),
            "metode": chosen("saring-metode"),
            "only_late": self.query_one("#saring-terlambat", Checkbox).value,
            "cari": self.query_one("#cari", Input).value.strip(),
        }

    def show(self, opd: str | None, tahap: str | None, metode: str | None, only_late: bool,
             cari: str) -> None:
        """Set every control; the echoed Changed messages carry the values just set."""
        for name, value in (("saring-opd", opd), ("saring-tahap", tahap),
                            ("saring-metode", metode)):
            self.query_one(f"#{name}", Select).value = value if value else Select.NULL
        self.query_one("#saring-terlambat", Checkbox).value = only_late
        search = self.query_one("#cari", Input)
        if search.value != cari:
            search.value = cari

    def _announce(self) -> None:
        self.post_message(self.Changed(self.values()))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._announce()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._announce()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self._announce)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._announce()
