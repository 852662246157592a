"""Issue #14: the Rekap OPD and Peringatan screens fit 80 columns as the dashboard does
(tui/widgets/fitted_table.py): the key columns stay, lower priorities leave and a line
names them, nothing whole is cut, and a resize lays the table out again.

The checks read the compositor's lines, what the user sees.
"""

from __future__ import annotations

import re
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from pengadaan.tui.screens import alerts, rekap
from pengadaan.tui.widgets.fitted_table import FittedTable
from textual.widgets import Static

from pengadaan.presentation.column_widths import leaving_order
from tests.tui_support import SHARED, press_and_load, summary_shown

NARROW = (80, 24)
WIDE = (200, 50)
# key → the columns that must stay at 80 columns (the list).
KEYS = {
    "o": ("#", "OPD", "Serapan", "Target", "Deviasi", "Warna", "Skor", "Terlambat"),
    "p": ("Kode", "Nama", "Peringatan", "Batas", "Hari", "Denda"),
}
LINE = {"o": "#rekap-tersembunyi", "p": "#peringatan-tersembunyi"}


def screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def grid(app) -> FittedTable:
    return app.screen.query_one(FittedTable)


@asynccontextmanager
async def opened(shared_app, key: str, size: tuple[int, int]):
    """The module's app at ``size`` with the screen of ``key`` open and its rows read."""
    app, turn = shared_app
    async with turn(size=size) as pilot:
        await summary_shown(app, pilot)
        await press_and_load(app, pilot, key)
        yield app, pilot, grid(app)


def body_lines(app, t: FittedTable) -> list[str]:
    """The table's rows as drawn, from its first cell."""
    region = t.content_region
    lines = screen_lines(app)[region.y + 1:region.bottom]
    return [line[region.x:region.right] for line in lines if line.strip()]


def cells(line: str, t: FittedTable) -> list[tuple[str, str]]:
    """(column key, cell text) of one drawn row."""
    out, left = [], 0
    for col, width in t.tata.shown:
        out.append((col.key, line[left:left + width].strip()))
        left += width + 1
    return out


@SHARED
@pytest.mark.parametrize("key", KEYS)
async def test_key_columns_fit_at_80_and_the_hidden_ones_are_named(shared_app, key):
    async with opened(shared_app, key, NARROW) as (app, _pilot, t):
        assert t.items, "the demo year has rows for this screen"
        assert t.virtual_size.width <= t.scrollable_content_region.width  # no sideways
        assert t.show_horizontal_scrollbar is False
        headers = [c.header for c, _ in t.tata.shown]
        assert set(KEYS[key]) <= set(headers)
        assert t.tata.hidden, "at 80 columns something must give way"
        note = str(app.screen.query_one(LINE[key], Static).content)
        assert note == "tersembunyi: " + ", ".join(c.header for c in t.tata.hidden)
        assert note in " ".join(" ".join(screen_lines(app)).split())  # wrapped, not cut
        header_line = screen_lines(app)[t.content_region.y][t.content_region.x:]
        assert all(h in header_line for h in headers)
        rows = body_lines(app, t)
        assert rows
        for line in rows:
            for col_key, text in cells(line, t):
                column = next(c for c, _ in t.tata.shown if c.key == col_key)
                if column.kind.whole:
                    assert not text.endswith("…"), (col_key, line)


@SHARED
async def test_alert_names_shrink_with_an_ellipsis_at_80(shared_app):
    async with opened(shared_app, "p", NARROW) as (app, _pilot, t):
        names = [dict(cells(line, t))["nama"] for line in body_lines(app, t)]
        assert any(n.endswith("…") for n in names)
        kodes = [dict(cells(line, t))["kode"] for line in body_lines(app, t)]
        assert kodes[0] == t.items[0].kode  # the kode drawn whole, the row in order


@SHARED
@pytest.mark.parametrize("key", KEYS)
async def test_all_columns_at_200_and_a_resize_hides_them_again(shared_app, key):
    async with opened(shared_app, key, WIDE) as (app, pilot, t):
        assert t.tata.hidden == ()
        assert not app.screen.query_one(LINE[key], Static).display
        await pilot.press("down", "down")
        await pilot.resize_terminal(*NARROW)
        await pilot.pause()
        assert t.tata.hidden
        assert set(KEYS[key]) <= {c.header for c, _ in t.tata.shown}
        assert app.screen.query_one(LINE[key], Static).display
        assert t.cursor_row == 2  # the cursor stays on its row
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert t.tata.hidden == ()


@pytest.mark.parametrize(("screen", "columns"), [
    ("Rekap OPD", rekap.columns(0)), ("Peringatan", alerts.COLUMNS)])
def test_the_documented_drop_order_is_the_declared_one(screen, columns):
    doc = Path(__file__).parents[1].joinpath("docs", "tampilan-terminal.md").read_text(
        encoding="utf-8")
    text = " ".join(doc.split(f"- *{screen}*:", 1)[1].split())
    said = re.search(r"Urutan hilang: (.*?)\.", text).group(1)
    named = [re.sub(r"^lalu | \(grafik\)$", "", h) for h in said.split(", ")]
    leaving = [columns[i].header for i in leaving_order(columns)]
    assert named == leaving[:len(named)]
