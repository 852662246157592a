"""Issue #14: the TUI readable at 80×24 (and laid out for the width at any size).

The checks read what is on the screen (the compositor's lines) where they can, so a
column that is cut, a row the status line claims but does not show, or a footer key
that runs off the edge fails them.
"""

from __future__ import annotations

import re

import pytest
from pengadaan.tui.columns import COLUMNS, fit, tanda
from pengadaan.tui.screens.detail import DetailScreen
from pengadaan.tui.widgets.filter_bar import FilterBar
from pengadaan.tui.widgets.footer import StableFooter, fitting, key_cells
from pengadaan.tui.widgets.summary_bar import SummaryBar, pack
from textual.binding import Binding
from textual.geometry import Region
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from pengadaan.domain.formatting import rupiah
from tests.conftest import make_opd, make_paket
from tests.tui_support import (
    SHARED,
    current_kode,
    make_app,
    press_and_load,
    summary_shown,
    table,
    wait_until,
)

NARROW = (80, 24)
ROW = re.compile(r"^\d{4}-\d{5} ")  # a demo kode at the start of a table line


def screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def table_lines(app) -> list[str]:
    return [line for line in screen_lines(app) if ROW.match(line)]


@pytest.fixture(scope="module")
def shared_app_options() -> dict:
    return {"size": NARROW}


@SHARED
async def test_the_table_shows_the_rows_the_status_line_claims(shared_app):
    app, turn = shared_app
    async with turn(size=NARROW) as pilot:
        await summary_shown(app, pilot)  # the summary bar's height is final
        await pilot.pause()
        posisi = str(app.screen.query_one("#posisi", Static).content)
        first, last = (int(n) for n in re.search(r"\((\d+)–(\d+)\)", posisi).groups())
        assert len(table_lines(app)) == last - first + 1 == table(app).body_height
        assert app.screen.query_one(FilterBar).size.height == 1  # short screen: one row
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        posisi = str(app.screen.query_one("#posisi", Static).content)
        first, last = (int(n) for n in re.search(r"\((\d+)–(\d+)\)", posisi).groups())
        shown = table_lines(app)
        assert len(shown) == last - first + 1
        assert shown[0].startswith(table(app).row_at(first - 1).kode)


@SHARED
async def test_the_main_columns_fit_at_80_and_nothing_whole_is_cut(shared_app):
    app, turn = shared_app
    async with turn(size=NARROW) as pilot:
        await summary_shown(app, pilot)
        t = table(app)
        assert t.virtual_size.width <= t.scrollable_content_region.width  # no sideways
        keys = [c.key for c, _ in t.tata.shown]
        assert {"kode", "nama", "tahap", "batas", "hari", "severity"} <= set(keys)
        header = next(line for line in screen_lines(app) if line.startswith("Kode"))
        for word in ("Kode", "Nama", "Tahap", "Batas", "Hari", "Tanda"):
            assert word in header
        hidden = ", ".join(c.header for c in t.tata.hidden)
        assert hidden and f"tersembunyi: {hidden}" in str(
            app.screen.query_one("#posisi", Static).content)
        lines = table_lines(app)
        assert lines
        cut_whole = 0
        for line in lines:
            left = 0
            for col, width in t.tata.shown:
                cell = line[left:left + width].strip()
                if col.kind.whole:
                    cut_whole += cell.endswith("…")
                left += width + 1
        assert cut_whole == 0
        keys_before = keys[:keys.index("nama")]
        at = sum(width + 1 for col, width in t.tata.shown if col.key in keys_before)
        nama_width = dict((c.key, w) for c, w in t.tata.shown)["nama"]
        assert any(line[at:at + nama_width].rstrip().endswith("…") for line in lines)


@SHARED
async def test_columns_follow_a_resize(shared_app):
    app, turn = shared_app
    async with turn(size=(200, 50)) as pilot:
        await summary_shown(app, pilot)
        assert table(app).tata.hidden == ()
        await pilot.resize_terminal(*NARROW)
        await pilot.pause()
        assert {c.key for c in table(app).tata.hidden} >= {"metode", "nilai_kontrak"}
        assert "tersembunyi:" in str(app.screen.query_one("#posisi", Static).content)


@pytest.mark.parametrize("size", [NARROW, (120, 35)])
@SHARED
async def test_the_footer_keys_fit_and_keep_help(size, shared_app):
    app, turn = shared_app
    async with turn(size=size) as pilot:
        await summary_shown(app, pilot)
        for keys in ((), ("enter",), ("escape", "o")):
            await press_and_load(app, pilot, *keys)
            footer = app.screen.query_one(StableFooter)
            shown = list(footer.query(FooterKey))
            assert any(k.description == "Bantuan" for k in shown)
            assert all(k.region.right <= app.size.width for k in shown)
            text = screen_lines(app)[-1]
            for key in shown:
                assert key.description in text  # drawn whole, not cut


@SHARED
async def test_start_shows_the_alerts_in_the_summary_not_a_toast(shared_app):
    app, turn = shared_app
    async with turn(size=NARROW) as pilot:
        await summary_shown(app, pilot)
        await pilot.pause()
        assert not app._notifications
        bar = app.screen.query_one(SummaryBar)
        assert bar.size.height <= 4
        lines = screen_lines(app)[1:1 + bar.size.height]
        assert any("PAKET TERLAMBAT" in line for line in lines)
        assert all(len(line.rstrip()) <= NARROW[0] for line in lines)


@SHARED
async def test_the_detail_wraps_and_never_cuts_dates_or_amounts(shared_app):
    app, turn = shared_app
    async with turn(size=NARROW) as pilot:
        await summary_shown(app, pilot)
        for kode in ("2026-00002", "2026-00008"):  # in contract; in pelaksanaan
            app.open_detail(kode)
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DetailScreen)
            text = []
            for widget in screen.query(Static):
                region = Region(0, 0, widget.size.width, widget.size.height)
                text += [strip.text for strip in widget.render_lines(region)]
            joined = "\n".join(text)
            assert re.search(r"^ *Persiapan +\d{2}/\d{2}/\d{4} ", joined, re.M)  # schedule
            assert not re.search(r"[\d.,%]…", joined), joined  # a number cut short
            assert not re.search(r"\d{2}/\d{2}/\d{0,3}(?!\d)", joined)  # a date cut
            await pilot.press("escape")


FORM_KEYS = {"maju": ("m",), "progres": ("c",), "jadwal": ("e",), "kendala": ("enter", "n")}


@SHARED
async def test_every_form_fits_or_scrolls_at_80x24(shared_app):
    """Each form opened on one paket in pelaksanaan, in one app run: the forms only
    read, and the dashboard is back under the cursor before the next one opens."""
    app, turn = shared_app
    async with turn(size=NARROW) as pilot:
        await summary_shown(app, pilot)
        await press_and_load(app, pilot, *(("down",) * 7))  # a paket in pelaksanaan
        kode = current_kode(app)
        for form, keys in FORM_KEYS.items():
            await press_and_load(app, pilot, *keys)
            box = app.screen.query_one("#maju-kotak")
            screen = Region(0, 0, *NARROW)
            assert screen.contains_region(box.region), form
            save = app.screen.query_one("#simpan")
            box.scroll_to_widget(save, animate=False, immediate=True)
            await pilot.pause()
            assert box.region.contains_region(save.region), form  # reachable, not off-screen
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await wait_until(pilot, lambda: app.screen is app.dashboard
                             and app.dashboard.focused is table(app), "dasbor kembali")
            assert current_kode(app) == kode, form


@pytest.mark.asyncio
async def test_a_long_kode_and_a_large_pagu_widen_their_columns(sqlite_db):
    kode, pagu = "RUP-2026-DINAS-PUPR-0001", 150_000_000_000
    make_opd(sqlite_db)
    make_paket(sqlite_db, kode, pagu=pagu)
    make_paket(sqlite_db, "P-2")
    app = make_app(sqlite_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await summary_shown(app, pilot)
        await pilot.pause()
        lines = screen_lines(app)
        assert any(line.startswith(kode) and rupiah(pagu) in line for line in lines)
        assert table(app).virtual_size.width <= table(app).scrollable_content_region.width


# -- the layout rules, without an app ---------------------------------------------------

def test_fit_drops_in_the_declared_order_and_grows_labels_before_nama():
    narrow = fit(78)
    assert narrow.width <= 78
    assert [c.key for c in narrow.hidden] == ["opd", "metode", "pagu", "nilai_kontrak"]
    wide = dict((c.key, w) for c, w in fit(198).shown)
    assert len(wide) == len(COLUMNS)
    by_key = {c.key: c for c in COLUMNS}
    assert wide["tahap"] == by_key["tahap"].widest and wide["severity"] == by_key[
        "severity"].widest
    for width in (40, 78, 98, 118, 158, 198, 300):
        for col, w in fit(width).shown:
            if col.kind.whole:
                assert w == col.width  # never cut, never padded out
            assert w >= col.width


def test_tanda_keeps_the_kendala_mark_at_any_width():
    from tests.test_kendala_alerts import status

    row = status(["terlambat", "belum_mulai", "lewat_tahun_anggaran"], True)
    for width, shown in ((21, "TAHAP TERLAMBAT +2 +K"), (30, "TAHAP TERLAMBAT +2 +KENDALA"),
                         (60, "TAHAP TERLAMBAT, BELUM MULAI, LEWAT TAHUN ANGGARAN +KENDALA")):
        assert tanda(row, width) == shown
    assert "…" not in tanda(row, None)


def test_pack_wraps_at_items_and_counts_what_is_left():
    items = ["aaaa", "bbbb", "cccc", "dddd"]
    assert pack(items, 100) == (["aaaa  │  bbbb  │  cccc  │  dddd"], 0)
    assert pack(items, 25) == (["aaaa │ bbbb │ cccc │ dddd"], 0)
    assert pack(items, 12) == (["aaaa │ bbbb", "cccc │ dddd"], 0)
    assert pack(items, 12, most=1) == (["aaaa │ bbbb"], 2)


def test_footer_keeps_help_and_fills_in_order():
    keys = [(Binding(k, a, d), k, True, "") for k, a, d in (
        ("enter", "select", "Rincian"), ("m", "advance", "Maju"),
        ("o", "rekap", "Rekap OPD"), ("?", "help", "Bantuan"))]
    everything = sum(key_cells(shown, b.description) for b, shown, _e, _t in keys)
    assert fitting(keys, everything) == [0, 1, 2, 3]
    assert fitting(keys, everything - 1) == [0, 1, 3]  # Rekap OPD no longer fits
    assert fitting(keys, 5) == [3]
