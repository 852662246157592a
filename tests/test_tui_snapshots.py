"""Snapshots of the dashboard, the detail and the advance modal: fixed size, fixed date.

The demo data are generated from a seed as of a fixed date and the app never reads the
clock for what it shows, so the pictures are the same on every run.
"""

from __future__ import annotations

import pytest

from .tui_support import SIZE, load, make_app


@pytest.fixture
def demo(sqlite_db):
    return load(sqlite_db)


def test_dashboard(demo, snap_compare):
    assert snap_compare(make_app(demo), terminal_size=SIZE)


def test_dashboard_narrow(demo, snap_compare):
    assert snap_compare(make_app(demo), terminal_size=(100, 30))


def test_detail(demo, snap_compare):
    assert snap_compare(make_app(demo), press=["down", "enter"], terminal_size=SIZE)


def test_advance_modal(demo, snap_compare):
    assert snap_compare(make_app(demo), press=["m"], terminal_size=SIZE)


def test_light_theme(demo, snap_compare):
    assert snap_compare(make_app(demo), press=["t"], terminal_size=SIZE)
