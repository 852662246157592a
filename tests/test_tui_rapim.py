"""Rapim (issue #18): the slides and their keys, the rotation, the live refresh, and the
read-only guarantee of the Rapim app and of the web's dashboard: no key, palette entry
or screen that writes is reachable."""

from __future__ import annotations

import pytest
from pengadaan.tui import bindings
from pengadaan.tui.app import PengadaanApp
from pengadaan.tui.bindings import CHANGE_ACTIONS
from pengadaan.tui.data import Sumber, SumberBaca
from pengadaan.tui.rapim import RapimApp
from pengadaan.tui.screens.dashboard import DashboardScreen
from pengadaan.tui.screens.detail import DetailScreen
from pengadaan.tui.screens.rapim import FIXED, RapimScreen
from pengadaan.tui.widgets.fitted_table import FittedTable
from pengadaan.tui.widgets.rapor_view import RaporView
from textual.command import CommandPalette
from textual.widgets import ContentSwitcher, Digits, Static

from pengadaan.domain.execution.persen import format_bp
from pengadaan.usecases import changes, kendala, rapor
from tests.tui_support import PER, SIZE, make_app, static_text, wait_until

pytestmark = pytest.mark.asyncio

# Every key any screen of the TUI binds (tui/bindings.py), and the palette's: what a
# reader of the room might try. Not quitting, nor the Rapim's own moves (tested above).
KEYS = sorted({key for name in dir(bindings) if name.endswith("_BINDINGS")
               for b in getattr(bindings, name) for key in b.key.split(",")}
              - {key for b in bindings.RAPIM_BINDINGS for key in b.key.split(",")}
              | {"ctrl+p", "ctrl+s", "enter", "tab", "escape"})
WRITES = set(dir(Sumber)) - set(dir(SumberBaca))


def rapim_app(db, **options) -> RapimApp:
    options.setdefault("live_seconds", None)
    return RapimApp(db, PER, **options)


def screen(app) -> RapimScreen:
    return app.screen_stack[0]


async def loaded(app, pilot) -> RapimScreen:
    await wait_until(pilot, lambda: screen(app).deck is not None, "salindia dimuat")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen(app)


def shown(app) -> str:
    return screen(app).query_one(ContentSwitcher).current


async def test_slides_in_order_and_the_keys_between_them(demo_db):
    whole = rapor.rekap(demo_db, PER)
    app = rapim_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        rapim = await loaded(app, pilot)
        assert shown(app) == "slide-ringkasan"
        assert "Ringkasan kabupaten" in static_text(rapim.query_one("#kabupaten-judul"))
        assert rapim.query_one("#angka-0", Digits).value == format_bp(whole.total.penyerapan_bp)
        assert len(rapim.slides) == len(FIXED) + len(whole.baris)
        await pilot.press("right")
        assert shown(app) == "slide-peringkat"
        table = rapim.query_one(FittedTable)
        assert [r.opd for r in table.items] == [r.opd for r in whole.baris]
        await pilot.press("right")
        assert shown(app) == "slide-terburuk"
        await pilot.press("left", "left", "left")  # round to the last OPD
        assert rapim.slides[rapim.index].opd == whole.baris[-1].opd
        await pilot.press("3")  # the third in the ranking, its rapor
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(app) == "slide-opd"
        heading = static_text(rapim.query_one(RaporView).query_one("#rapor-judul", Static))
        assert f"({whole.baris[2].opd})" in heading and "Peringkat 3 dari" in heading
        await pilot.press("1", "2")  # two digits in a row: the twelfth
        assert rapim.slides[rapim.index].opd == whole.baris[11].opd
        assert "OPD nomor 12" in rapim.sub_title


async def test_worst_packages_carry_their_kendala_and_tindak_lanjut(demo_db):
    worst = rapor.terburuk(demo_db, PER, 10)
    assert len({t.paket.kode for t in worst}) == 10
    explained = next(t for t in worst if t.paket.tindak_lanjut)
    app = rapim_app(demo_db)
    async with app.run_test(size=(240, 67)) as pilot:
        rapim = await loaded(app, pilot)
        await pilot.press("right", "right")
        text = static_text(rapim.query_one("#terburuk-tabel", Static))
        assert "10 paket terburuk" in text
        assert explained.paket.kode in text and explained.opd in text
        assert "Tindak lanjut: " + explained.paket.tindak_lanjut.split()[0] in text


async def test_rotation_moves_on_and_p_pauses_it(demo_db):
    app = rapim_app(demo_db, putar=0.5)
    async with app.run_test(size=SIZE) as pilot:
        rapim = screen(app)  # not waiting for the workers: the rotation cancels some
        await wait_until(pilot, lambda: rapim.index >= 1, "salindia berputar")
        await pilot.press("p")
        assert rapim.paused and "dijeda" in rapim.sub_title
        await pilot.press("p")
        at = rapim.index
        await wait_until(pilot, lambda: rapim.index != at, "berputar lagi setelah p")


async def test_a_change_by_someone_else_shows_without_a_key(demo_db):
    worst = rapor.terburuk(demo_db, PER, 1)[0]
    app = rapim_app(demo_db, live_seconds=0.05)
    async with app.run_test(size=(240, 67)) as pilot:
        rapim = await loaded(app, pilot)
        await pilot.press("right", "right")
        kendala.record_kendala(demo_db, worst.paket.kode, "cuaca",
                               "Longsor menutup jalan", "penguji", tanggal=PER,
                               today=PER)
        await wait_until(pilot, lambda: "Longsor" in static_text(
            rapim.query_one("#terburuk-tabel", Static)), "kendala baru tampil")


async def test_rapim_reaches_no_write(demo_db):
    """Structural: a source without writes, no palette; and by trying: every key leaves
    the one slide screen on top and the database as it was."""
    assert {"advance", "record_progress", "record_kendala", "update_tindak_lanjut"} <= WRITES
    marker = changes.data_version(demo_db)
    app = rapim_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        assert type(app.sumber) is SumberBaca
        assert not WRITES & set(dir(app.sumber))
        assert not isinstance(app, PengadaanApp)  # none of its openers of forms
        for key in KEYS:
            await pilot.press(key)
            assert app.screen_stack == [screen(app)], key
            assert not CommandPalette.is_open(app), key
        await app.workers.wait_for_complete()
        actions = {b.binding.action.split(".")[-1].split("(")[0]
                   for b in app.screen.active_bindings.values()}
        assert not actions & CHANGE_ACTIONS
        await pilot.press("q")
    assert {b.action.split("(")[0] for b in RapimScreen.BINDINGS} == {
        "next", "previous", "nomor", "pause", "app.quit"}
    assert app.return_code == 0
    assert changes.data_version(demo_db) == marker


async def test_web_dashboard_reaches_no_write(demo_db):
    """The web's dashboard: the same screens, none of the change keys (the OS user here
    is an admin, who would have them all), no change in the palette."""
    app = make_app(demo_db, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.sumber) is SumberBaca and app.pelaku is None
        assert "hanya baca" in app.title
        for action in CHANGE_ACTIONS:
            assert app.allows(action) is False
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert names.isdisjoint({"Maju", "Catat progres", "Ubah jadwal", "Catat kendala"})
        for keys in (("m", "c", "e"), ("enter", "m", "c", "e", "n", "tab", "l", "s", "d")):
            for key in keys:
                await pilot.press(key)
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert not app.screen.is_modal, (keys, key)
                assert isinstance(app.screen_stack[0], DashboardScreen)
    detail_keys = {b.action for b in DetailScreen.BINDINGS}
    assert CHANGE_ACTIONS & detail_keys  # the keys exist for a writer, hidden here


async def test_the_same_app_for_a_writer_still_offers_the_change_keys(demo_db):
    """The read-only switch is what hides them (this OS user is the demo's admin)."""
    app = make_app(demo_db, actor="penguji")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.sumber) is Sumber and "m" in app.screen.active_bindings

