"""Snapshots of the main screens at 80×24, 120×35 and 200×50: fixed sizes, fixed date.

The demo data are generated from a seed as of a fixed date, the app never reads the
clock for what it shows, and every snapshot waits for the summary thread, so the
pictures are the same on every run.
"""

from __future__ import annotations

import pytest
from pengadaan.tui.rapim import RapimApp

from tests.tui_support import PER, SIZE, make_app, wait_until


@pytest.fixture
def demo(demo_db):
    return demo_db


def _first_read_shown(app) -> bool:
    """The dashboard's summary, or the Rapim's deck of slides, is on screen. Waiting for
    the workers alone was not enough under load: the read may not have started yet, and
    a key pressed before the deck is there (the Rapim's "1") does nothing."""
    if isinstance(app, RapimApp):
        return app.screen_stack[0].deck is not None
    return app.summary_shown


def settled(*keys: str):
    """Wait for background reads (the summary), then press ``keys`` and settle again."""

    async def run_before(pilot) -> None:
        await wait_until(pilot, lambda: _first_read_shown(pilot.app), "data pertama tampil")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


# Issue #14: every main screen at the three sizes a user is likely to have.
SIZES = {"80x24": (80, 24), "120x35": (120, 35), "200x50": (200, 50)}
SCREENS = {
    "dashboard": (),
    "detail": ("down", "enter"),
    "advance": ("m",),
    "rekap": ("o",),
    "rapor": ("o", "r"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(demo, snap_compare, screen, size):
    assert snap_compare(make_app(demo), terminal_size=SIZES[size],
                        run_before=settled(*SCREENS[screen]))


def test_light_theme(demo, snap_compare):
    assert snap_compare(make_app(demo), terminal_size=SIZE, run_before=settled("t"))


# Issue #18: each Rapim slide on the Command Center screen — 1920×1080 at 8×16-pixel
# cells is 240×67 — and at 80×24. The fourth is the first OPD's rapor.
RAPIM_SIZES = {"1920x1080": (240, 67), "80x24": (80, 24)}
RAPIM_SLIDES = {"ringkasan": (), "peringkat": ("right",), "terburuk": ("right", "right"),
                "opd": ("1",)}


@pytest.mark.parametrize("size", RAPIM_SIZES)
@pytest.mark.parametrize("slide", RAPIM_SLIDES)
def test_rapim_slide(demo, snap_compare, slide, size):
    assert snap_compare(RapimApp(demo, PER, live_seconds=None),
                        terminal_size=RAPIM_SIZES[size],
                        run_before=settled(*RAPIM_SLIDES[slide]))
