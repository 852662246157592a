"""Snapshots of the dashboard, the detail and the advance modal: fixed size, fixed date.

The demo data are generated from a seed as of a fixed date, the app never reads the
clock for what it shows, and every snapshot waits for the summary thread, so the
pictures are the same on every run.
"""

from __future__ import annotations

import pytest

from tests.tui_support import SIZE, make_app


@pytest.fixture
def demo(demo_db):
    return demo_db


def settled(*keys: str):
    """Wait for background reads (the summary), then press ``keys`` and settle again."""

    async def run_before(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


def test_dashboard(demo, snap_compare):
    assert snap_compare(make_app(demo), terminal_size=SIZE, run_before=settled())


def test_dashboard_narrow(demo, snap_compare):
    assert snap_compare(make_app(demo), terminal_size=(100, 30), run_before=settled())


def test_detail(demo, snap_compare):
    assert snap_compare(make_app(demo), terminal_size=SIZE, run_before=settled("down", "enter"))


def test_advance_modal(demo, snap_compare):
    assert snap_compare(make_app(demo), terminal_size=SIZE, run_before=settled("m"))


def test_light_theme(demo, snap_compare):
    assert snap_compare(make_app(demo), terminal_size=SIZE, run_before=settled("t"))
