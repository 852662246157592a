"""``pengadaan rapim``: the slides of the Command Center screen as their own app, which
can only read. It is given a :class:`SumberBaca` (no write methods), has no command
palette, and its one screen binds nothing that opens another (tests/test_rapim.py)."""

from __future__ import annotations

from datetime import date

from pengadaan.tui.app import DARK, LIVE_SECONDS
from pengadaan.tui.data import Database, SumberBaca
from pengadaan.tui.screens.rapim import RapimScreen
from textual.app import App
from textual.screen import Screen

from pengadaan.domain.formatting import tanggal, today_wib


class RapimApp(App):
    """Slides as of ``per``; ``putar``: seconds per slide when rotating (None: by hand)."""

    TITLE = "Rapim"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, db: Database, per: date | None = None, *, putar: float | None = None,
                 live_seconds: float | None = LIVE_SECONDS) -> None:
        super().__init__()
        self.per = per or today_wib()
        self.sumber = SumberBaca(db, self.per)
        self.putar = putar
        self.live_seconds = live_seconds
        self.theme = DARK

    @property
    def per_text(self) -> str:
        return tanggal(self.per)

    def get_default_screen(self) -> Screen:
        return RapimScreen()
