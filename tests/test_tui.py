"""The terminal UI driven like a user: Pilot presses keys on a demo database."""

from __future__ import annotations

import asyncio
import inspect
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from pengadaan.tui.app import PengadaanApp
from pengadaan.tui.columns import FLAG_LABEL, level
from pengadaan.tui.data import Sumber
from pengadaan.tui.screens.advance import AdvanceModal
from pengadaan.tui.screens.dashboard import DashboardScreen
from pengadaan.tui.screens.detail import DetailScreen
from pengadaan.tui.screens.help import HelpScreen
from pengadaan.tui.screens.progress import ProgressModal
from pengadaan.tui.screens.rapor import RaporScreen
from pengadaan.tui.screens.rekap import RekapScreen
from pengadaan.tui.screens.schedule import ScheduleModal
from pengadaan.tui.widgets.fitted_table import FittedTable
from pengadaan.tui.widgets.summary_bar import SummaryBar, forecast_lines
from textual.command import CommandList
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets._footer import FooterKey
from textual.widgets.select import InvalidSelectValueError
from textual_plotext import PlotextPlot

from bench._frames import Frames, screen_text
from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import percent, rupiah, tanggal
from pengadaan.domain.kalender import Kalender
from pengadaan.usecases import alerts as alerts_uc
from pengadaan.usecases import dasbor, jadwal, kontrak, lateness, progres, proyeksi, rapor
from pengadaan.usecases.opd import list_opd
from pengadaan.usecases.paket import advance, list_paket, show_paket
from tests.factories import paket_at, pl_in_persiapan, tender_in_pelaksanaan
from tests.spine_paths import TENDER_BARANG
from tests.tui_support import (
    PER,
    SHARED,
    SIZE,
    Gate,
    HandOver,
    answered,
    current_kode,
    make_app,
    press_and_load,
    shown_rows,
    static_text,
    summary_shown,
    table,
    wait_until,
)

pytestmark = pytest.mark.asyncio

# Subjects added to the demo year by tests/factories.py (PUPR, walked from January).
TENDER, PL = "UJI-TENDER", "UJI-PL"  # a tender in pelaksanaan, a PL in persiapan


@pytest.fixture
def demo(demo_db):
    return demo_db


@SHARED
async def test_opens_on_demo_data(demo, shared_app):
    app, turn = shared_app
    async with turn() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await summary_shown(app, pilot)  # the summary is read in a thread
        t = table(app)
        assert t.total == len(list_paket(demo))
        assert t.current.kode == list_paket(demo, limit=1)[0].kode
        summary = static_text(app.screen.query_one("#ringkasan", Static))
        assert f"Paket {t.total}" in summary
        total = rapor.rekap(demo, PER).total
        assert total.realisasi_keuangan > 0
        assert f"Realisasi keuangan {rupiah(total.realisasi_keuangan)}" in summary
        assert f"Penyerapan {percent(100 * total.realisasi_keuangan / total.pagu)}" in summary


@SHARED
async def test_filter_to_one_opd(demo, shared_app):
    app, turn = shared_app
    async with turn() as pilot:
        app.screen.query_one("#saring-opd", Select).value = "PUPR"
        await wait_until(pilot, lambda: {r.opd for r in shown_rows(app)} == {"PUPR"},
                         "hanya paket PUPR yang tampil")
        rows = shown_rows(app)
        assert len(rows) == len(list_paket(demo, opd="PUPR"))
        assert "OPD PUPR" in app.screen.sub_title


async def test_start_filtered_by_opd_option(demo):
    app = make_app(demo, opd="DISHUB")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert {r.opd for r in shown_rows(app)} == {"DISHUB"}
        assert app.screen.query_one("#saring-opd", Select).value == "DISHUB"


@SHARED
async def test_incremental_search_on_kode_and_nama(demo, shared_app):
    app, turn = shared_app
    async with turn() as pilot:
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#cari", Input)
        await pilot.press(*"jembatan")
        await wait_until(pilot, lambda: shown_rows(app) and all(
            "jembatan" in r.nama.lower() for r in shown_rows(app)),
            "dasbor hanya menampilkan paket 'jembatan'")
        rows = shown_rows(app)
        assert rows and all("jembatan" in r.nama.lower() for r in rows)
        assert len(rows) == len(list_paket(demo, cari="jembatan"))
        await pilot.press("escape")
        assert app.focused is table(app)


@SHARED
async def test_sort_by_key_and_by_clicking_a_header(shared_app):
    app, turn = shared_app
    async with turn() as pilot:
        await pilot.press("s")  # kode -> nama
        await pilot.pause()
        names = [r.nama for r in shown_rows(app)]
        assert table(app).sort_key == "nama" and names == sorted(names)
        await pilot.press("u")
        await pilot.pause()
        names = [r.nama for r in shown_rows(app)]
        assert names == sorted(names, reverse=True)
        await pilot.click("#paket", offset=(table(app).column_left("pagu") + 1, 0))
        await pilot.pause()
        pagu = [r.pagu for r in shown_rows(app)]
        assert table(app).sort_key == "pagu" and pagu == sorted(pagu)


@SHARED
async def test_keyboard_paging_reaches_every_row(demo, shared_app):
    app, turn = shared_app
    async with turn() as pilot:
        t = table(app)
        await pilot.press("end")
        assert t.cursor_row == t.total - 1
        assert t.current.kode == list_paket(demo)[-1].kode
        assert t.scroll_y > 0
        await pilot.press("home")
        assert t.cursor_row == 0 and t.scroll_y == 0
        await pilot.press("pagedown")
        assert t.cursor_row == t.body_height
        await pilot.press("pageup", "up")
        assert t.cursor_row == 0


@SHARED
async def test_enter_opens_the_detail(demo, shared_app):
    app, turn = shared_app
    async with turn() as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        kode = list_paket(demo, limit=2)[1].kode
        assert isinstance(app.screen, DetailScreen) and app.screen.kode == kode
        detail = show_paket(demo, kode)
        identity = static_text(app.screen.query_one("#identitas", Static))
        assert detail.opd_nama in identity
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


def _highlighted_command(app) -> str:
    """The palette's highlighted command, as text ("" while the search runs)."""
    commands = app.screen.query_one(CommandList)
    if commands.highlighted is None:
        return ""
    prompt = commands.get_option_at_index(commands.highlighted).prompt
    return getattr(prompt, "plain", str(prompt))


@asynccontextmanager
async def _advance_form(db, kode: str):
    """The app on ``db`` with the advance form opened on ``kode`` as a user does it
    (search, ``m``): yields (app, pilot, modal)."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *kode, "enter", "escape")
        await wait_until(pilot, lambda: current_kode(app) == kode, f"kursor pada {kode}")
        assert table(app).current.kode == kode
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, AdvanceModal), "formulir maju")
        yield app, pilot, app.screen


async def _choose(pilot, modal: AdvanceModal, pemicu: str) -> None:
    """Pick ``pemicu`` in the form and let it show that trigger's inputs."""
    modal.query_one("#pemicu", Select).value = pemicu
    await pilot.pause()


async def test_advance_through_the_modal_changes_the_row(demo):
    kode = pl_in_persiapan(demo, PL)  # its persiapan was due in January
    async with _advance_form(demo, kode) as (app, pilot, modal):
        assert level(table(app).current) == "terlambat"
        assert set(modal.triggers) == {p.pemicu for p in show_paket(demo, kode).pemicu}
        await _choose(pilot, modal, "batalkan")
        modal.query_one("#catatan", Input).value = "anggaran dialihkan"
        await answered(app, pilot, modal, pilot.press("ctrl+s"))
        assert isinstance(app.screen, DashboardScreen), static_text(modal.query_one("#galat"))
        row = table(app).current
        assert row.kode == kode and row.tahap == "batal"
        assert level(row) == "selesai" and not row.flags  # red before, dimmed now
        last = show_paket(demo, kode).riwayat[-1]
        assert (last.oleh, last.catatan) == ("penguji", "anggaran dialihkan")


async def test_refused_trigger_shows_the_reason_and_writes_nothing(demo):
    kode = pl_in_persiapan(demo, PL)
    before = show_paket(demo, kode)
    async with _advance_form(demo, kode) as (app, pilot, modal):
        await _choose(pilot, modal, "undang")
        assert modal.query_one("#isian-hps").display
        modal.query_one("#isian-hps", Input).value = str(before.paket.pagu + 1)
        await answered(app, pilot, modal, pilot.click("#simpan"))
        assert app.screen is modal
        message = static_text(modal.query_one("#galat", Static))
        assert message.startswith("Ditolak:") and "HPS" in message and "pagu" in message
    assert show_paket(demo, kode) == before


async def test_bad_date_is_refused_inline(demo):
    kode = tender_in_pelaksanaan(demo, TENDER)
    version = show_paket(demo, kode).paket.version
    async with _advance_form(demo, kode) as (app, pilot, modal):
        modal.query_one("#tanggal", Input).value = "31/02/2026"
        await answered(app, pilot, modal, pilot.click("#simpan"))
        assert "bukan tanggal yang sah" in static_text(modal.query_one("#galat", Static))
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
    assert show_paket(demo, kode).paket.version == version


async def test_scm_through_the_modal_asks_for_and_records_its_uji_coba(demo):
    kode = tender_in_pelaksanaan(demo, TENDER)
    progres.record_progress(demo, kode, PER, 0, "penguji", today=PER,  # far behind: kritis
                            alasan_koreksi="volume diukur ulang")
    kontrak.declare_kritis(demo, kode, "penguji", PER, today=PER)
    uji_coba = PER + timedelta(days=14)
    async with _advance_form(demo, kode) as (app, pilot, modal):
        await _choose(pilot, modal, "adakan_scm")
        assert modal.query_one("#isian-target_uji_coba").display
        assert not modal.query_one("#isian-kesempatan_sampai").display
        await answered(app, pilot, modal, pilot.click("#simpan"))
        assert "target uji coba: wajib diisi" in static_text(modal.query_one("#galat", Static))
        modal.query_one("#isian-target_uji_coba", Input).value = "62,5"
        modal.query_one("#isian-tgl_uji_coba", Input).value = tanggal(uji_coba)
        await answered(app, pilot, modal, pilot.press("ctrl+s"))
        assert isinstance(app.screen, DashboardScreen), static_text(modal.query_one("#galat"))
    [scm] = kontrak.contract_status(demo, kode, PER).scm
    assert (scm.tahap, scm.tanggal, scm.target_bp, scm.uji_coba) == (1, PER, 6250, uji_coba)
    assert show_paket(demo, kode).paket.tahap == "scm_1"


async def test_putus_kontrak_through_the_modal_bars_the_penyedia(demo):
    kode = tender_in_pelaksanaan(demo, TENDER)
    penyedia = show_paket(demo, kode).paket.penyedia
    async with _advance_form(demo, kode) as (app, pilot, modal):
        await _choose(pilot, modal, "putus_kontrak")
        assert modal.query_one("#isian-curang", Checkbox).display
        assert modal.query_one("#isian-lanjutan").display
        modal.query_one("#isian-curang", Checkbox).value = True
        modal.query_one("#catatan", Input).value = "Jaminan pelaksanaan palsu"
        await answered(app, pilot, modal, pilot.press("ctrl+s"))
        assert isinstance(app.screen, DashboardScreen), static_text(modal.query_one("#galat"))
    [entry] = kontrak.blacklist(demo, penyedia, per=PER)
    assert (entry.paket, entry.mulai, entry.curang) == (kode, PER, True)
    assert entry.selesai == PER.replace(year=PER.year + 2)


async def test_advance_fields_are_the_chosen_triggers_declared_inputs(demo):
    """Each trigger shows exactly the inputs its step declares, typed by kind: a checkbox
    for a flag, a caption and a text field (help as placeholder) for the others."""
    kode = tender_in_pelaksanaan(demo, TENDER)
    async with _advance_form(demo, kode) as (app, pilot, modal):
        shown = {}
        for pemicu in ("nyatakan_kritis", "beri_kesempatan", "putus_kontrak"):
            await _choose(pilot, modal, pemicu)
            shown[pemicu] = {w.id for w in modal.query(".isian") if w.display}
        assert shown == {
            "nyatakan_kritis": set(),
            "beri_kesempatan": {"label-kesempatan_sampai", "isian-kesempatan_sampai",
                                "label-bagian_terlambat", "isian-bagian_terlambat"},
            "putus_kontrak": {"isian-curang", "label-lanjutan", "isian-lanjutan"},
        }
        assert isinstance(modal.query_one("#isian-curang"), Checkbox)
        assert static_text(modal.query_one("#label-bagian_terlambat", Label)) == (
            "Bagian terlambat (Rp)")
        assert modal.query_one("#isian-kesempatan_sampai", Input).placeholder.startswith(
            "batas pemberian kesempatan (paling lama 50 hari kalender")


async def test_a_barang_paket_in_pelaksanaan_is_never_offered_pho(demo):
    """PHO is for konstruksi only: the form lists BAST, not a choice its rule refuses."""
    kode = paket_at(demo, "UJI-BARANG", TENDER_BARANG[:-2], opd="PUPR", jenis="barang")
    async with _advance_form(demo, kode) as (app, pilot, modal):
        select = modal.query_one("#pemicu", Select)
        select.focus()
        await pilot.press("enter")  # drop the list down, as a user looks at it
        await pilot.pause()
        choices = select.query_one(OptionList)
        prompts = [str(choices.get_option_at_index(i).prompt)
                   for i in range(choices.option_count)]
        assert "Lanjut ke Serah Terima (BAST)" in prompts, prompts
        assert not any("PHO" in p for p in prompts), prompts
        assert "pho" not in modal.triggers
        with pytest.raises(InvalidSelectValueError):
            select.value = "pho"


async def test_refusal_names_the_field_to_fill(demo):
    kode = pl_in_persiapan(demo, PL)
    before = show_paket(demo, kode)
    async with _advance_form(demo, kode) as (app, pilot, modal):
        await _choose(pilot, modal, "batalkan")
        await answered(app, pilot, modal, pilot.press("ctrl+s"))
        assert static_text(modal.query_one("#galat", Static)) == (
            "Ditolak: alasan wajib diisi (isi kolom Catatan)")
    assert show_paket(demo, kode) == before


@SHARED
async def test_rekap_lists_every_opd_and_enter_filters_the_dashboard(demo, shared_app):
    app, turn = shared_app
    async with turn() as pilot:
        await press_and_load(app, pilot, "o")
        assert isinstance(app.screen, RekapScreen)
        grid = app.screen.query_one(FittedTable)
        assert grid.row_count == len(list_opd(demo))
        # The order of `pengadaan rekap`: by peringkat (issue #13).
        ranked = rapor.rekap(demo, PER).baris
        assert [r.opd for r in app.screen.rows] == [r.opd for r in ranked]
        assert [r.peringkat for r in app.screen.rows][:2] == [1, 2]
        by_opd = {r.opd: r for r in ranked}
        assert all((r.terlambat, r.kritis) == (by_opd[r.opd].terlambat, by_opd[r.opd].kritis)
                   for r in app.screen.rows)
        first = app.screen.rows[0]
        expected = by_opd[first.opd]
        assert grid.text_at(0, "warna") == expected.warna.upper()
        assert grid.text_at(0, "deviasi") == format_bp(expected.deviasi_bp, signed=True)
        # The target at PER (25 November) and, beside it, November's month-end target.
        assert expected.target_bp < expected.target_akhir_bulan_bp
        assert [grid.text_at(0, "target"), grid.text_at(0, "akhir_bulan")] == [
            format_bp(expected.target_bp), format_bp(expected.target_akhir_bulan_bp)]
        assert [str(c.label).strip() for c in grid.columns.values()][4:6] == [
            "Target", "Akhir bulan"]
        assert grid.text_at(0, "peringkat") == str(expected.peringkat)
        chosen = app.screen.rows[1].opd
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert {r.opd for r in shown_rows(app)} <= {chosen}
        assert app.screen.saringan.opd == chosen


@SHARED
async def test_rekap_r_opens_the_rapor_of_the_highlighted_opd(demo, shared_app):
    app, turn = shared_app
    async with turn() as pilot:
        await press_and_load(app, pilot, "o")
        rows = app.screen.rows
        worst = max(range(len(rows)), key=lambda i: (rows[i].terlambat + rows[i].kritis, -i))
        opd = rows[worst].opd
        card = rapor.rapor(demo, opd, PER)
        assert card.bermasalah  # the worst OPD has late or kritis packages to show
        await pilot.press(*["down"] * worst)
        await press_and_load(app, pilot, "r")
        assert isinstance(app.screen, RaporScreen) and app.screen.opd == opd
        heading = static_text(app.screen.query_one("#rapor-judul", Static))
        assert f"Rapor OPD {card.baris.nama} ({opd})" in heading
        assert f"Peringkat {card.baris.peringkat} dari {card.dinilai} OPD" in heading
        late = static_text(app.screen.query_one("#rapor-bermasalah", Static))
        assert card.bermasalah[0].kode in late
        months = static_text(app.screen.query_one("#rapor-bulanan", Static))
        assert "Januari" in months and "Akhir bulan" in months
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RekapScreen)


async def test_live_refresh_keeps_cursor_and_filters(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#saring-tahap", Select).value = "persiapan"
        await pilot.pause()
        await pilot.press("down", "down", "down")
        t = table(app)
        kode = t.current.kode
        advance(demo, kode, "batalkan", "orang-lain", tanggal=PER, today=PER, catatan="batal")
        app.screen.poll()
        await pilot.pause()
        assert app.screen.saringan.tahap == "persiapan"
        assert t.cursor_row == 3
        assert kode not in {r.kode for r in shown_rows(app)}  # it left the filtered stage


async def test_an_opd_summary_is_kept_until_the_data_change(demo):
    """Back on an OPD the dashboard showed, its summary is there at once (issue #15: its
    packages are not scanned again); once anyone changes the data it is read again."""
    late = alerts_uc.alerts(demo, PER, flag="belum_mulai", with_kendala=False,
                            forecast=False)[0]
    kept = dasbor.summary(demo, PER, opd=late.opd)
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await summary_shown(app, pilot)
        board = app.screen
        board.apply(board.saringan.but(opd=late.opd))
        await wait_until(pilot, lambda: board.summary.paket == kept.paket, "ringkasan OPD")
        board.apply(board.saringan.but(opd=None))
        await wait_until(pilot, lambda: board.summary.paket > kept.paket, "ringkasan kabupaten")
        board.apply(board.saringan.but(opd=late.opd))
        assert board.summary.per_flag == kept.per_flag  # no thread has answered yet
        advance(demo, late.kode, "batalkan", "orang-lain", tanggal=PER, today=PER,
                catatan="batal")
        board.poll()
        fresh = dasbor.summary(demo, PER, opd=late.opd)
        assert fresh.per_flag["belum_mulai"] == kept.per_flag["belum_mulai"] - 1
        await wait_until(pilot, lambda: board.summary.per_flag == fresh.per_flag,
                         "ringkasan OPD dibaca ulang")


class HeldSumber(Sumber):
    """The app's real reads, but the first read named ``held`` (``("summary", opd)`` or
    ``("proyeksi_ringkas",)``) is held after reading by ``gate``."""

    def __init__(self, db, per, held: tuple) -> None:
        super().__init__(db, per)
        self.held, self.gate = held, Gate()

    def _after(self, read: tuple, found):
        if read == self.held:
            self.gate.hold()
        return found

    def summary(self, opd):
        return self._after(("summary", opd), super().summary(opd))

    def proyeksi_ringkas(self):
        return self._after(("proyeksi_ringkas",), super().proyeksi_ringkas())


class HeldApp(HandOver, PengadaanApp):
    """The app on a :class:`HeldSumber`."""

    CSS_PATH = Path(inspect.getfile(PengadaanApp)).with_name(PengadaanApp.CSS_PATH)

    def __init__(self, db, held: tuple) -> None:
        super().__init__(db, actor="penguji", per=PER, live_seconds=None)
        self.sumber = HeldSumber(db, PER, held)
        self.gate = self.sumber.gate


async def test_a_summary_read_before_a_change_is_not_kept(demo):
    """A summary read before a data change and answered after the dashboard learnt of
    it (the user left that OPD meanwhile) is not kept: back on that OPD, its counts are
    read again, not the old ones shown."""
    late = alerts_uc.alerts(demo, PER, flag="belum_mulai", with_kendala=False,
                            forecast=False)[0]
    app = HeldApp(demo, ("summary", late.opd))
    async with app.run_test(size=SIZE) as pilot:
        await summary_shown(app, pilot)
        board, gate = app.screen, app.gate
        board.apply(board.saringan.but(opd=late.opd))
        await asyncio.to_thread(gate.done.wait, 30)  # read; its answer held back
        board.apply(board.saringan.but(opd=None))  # kept: no read replaces the held one
        advance(demo, late.kode, "batalkan", "orang-lain", tanggal=PER, today=PER,
                catatan="batal")
        gate.release.set()
        # The UI thread waits (not awaits) for the old answer to be handed over, so it
        # is delivered only after the poll below has seen the change.
        assert app.handing.wait(30)
        board.poll()
        everyone = dasbor.summary(demo, PER)
        await wait_until(pilot, lambda: board.summary.per_flag == everyone.per_flag,
                         "ringkasan kabupaten dibaca ulang")
        fresh = dasbor.summary(demo, PER, opd=late.opd)
        board.apply(board.saringan.but(opd=late.opd))
        await wait_until(pilot, lambda: board.summary.paket == fresh.paket, "ringkasan OPD")
        assert board.summary.per_flag == fresh.per_flag


async def test_a_forecast_read_before_a_change_is_not_kept(demo):
    """The same for the forecast's line: one read before a change and answered after the
    dashboard learnt of it is not kept, so the new summary brings a new forecast."""
    late = alerts_uc.alerts(demo, PER, flag="belum_mulai", with_kendala=False,
                            forecast=False)[0]
    app = HeldApp(demo, ("proyeksi_ringkas",))
    async with app.run_test(size=SIZE) as pilot:
        gate = app.gate
        await wait_until(pilot, lambda: app.summary_shown and gate.done.is_set(),
                         "ringkasan tampil, proyeksi dibaca")
        board = app.screen
        before = forecast_lines(proyeksi.ringkas(demo, PER).total)
        advance(demo, late.kode, "batalkan", "orang-lain", tanggal=PER, today=PER,
                catatan="batal")
        fresh = forecast_lines(proyeksi.ringkas(demo, PER).total)
        assert fresh != before  # the change moves the line (one paket less at risk)
        gate.release.set()
        assert app.handing.wait(30)  # waited for on the UI thread, as above
        board.poll()
        bar = board.query_one(SummaryBar)
        await wait_until(pilot, lambda: bar.forecast == fresh, "baris proyeksi dibaca ulang")


@SHARED
async def test_help_lists_every_binding(shared_app):
    app, turn = shared_app
    async with turn() as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(static_text(s) for s in app.screen.query(Static))
        for word in ("Rekap OPD", "Terlambat", "Maju", "Baris terakhir", "Simpan"):
            assert word in text
        # The legend names every kind and golongan in words (issue #13).
        for word in ("LEWAT TAHUN ANGGARAN", "melewati tahun anggaran", "PAKET KRITIS",
                     "PAKET RAWAN"):
            assert word in text
        assert "lewat_tahun_anggaran" not in text
        # The dashboard's shortened metode names are written out (issue #14).
        for short, full in (("Tdr Cepat", "Tender Cepat"), ("PL", "Pengadaan Langsung"),
                            ("E-Purch", "E-Purchasing")):
            assert any(short in line and full in line for line in text.splitlines()), short
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


@SHARED
async def test_theme_toggles_between_dark_and_light(shared_app):
    app, turn = shared_app
    async with turn() as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("t")
        assert app.theme == "textual-light"


@SHARED
async def test_readable_at_100_by_30(shared_app):
    app, turn = shared_app
    async with turn(size=(100, 30)) as pilot:
        await pilot.pause()
        t = table(app)
        assert t.body_height >= 15
        assert t.scrollable_content_region.width >= 95


async def test_record_progress_from_the_detail(demo):
    kode = tender_in_pelaksanaan(demo, TENDER)
    earlier = progres.list_progress(demo, kode)
    fisik = min((earlier[-1].fisik_bp if earlier else 0) + 250, 10_000)  # never lower
    typed = f"{fisik // 100},{fisik % 100:02d}"
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *kode, "enter", "escape")
        await wait_until(pilot, lambda: current_kode(app) == kode, f"kursor pada {kode}")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ProgressModal)
        await pilot.press(*"150", "enter")
        await pilot.pause()
        assert "di luar rentang" in static_text(app.screen.query_one("#galat", Static))
        app.screen.query_one("#progres-fisik", Input).value = typed
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen), static_text(app.screen.query_one("#galat"))
        assert [r.fisik_bp for r in progres.list_progress(demo, kode)][-1] == fisik
        assert f"{typed}%" in static_text(app.screen.query_one("#progres", Static))
        assert app.screen.query_one("#kurva").display


async def test_the_s_curve_is_in_the_first_frame_and_only_where_it_belongs(demo):
    """The chart is drawn before the detail's first paint (one frame, not an empty
    chart and then a second one), and only for a paket with a contract."""
    with_curve = tender_in_pelaksanaan(demo, TENDER)
    assert progres.s_curve(demo, with_curve).rencana
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_detail(pl_in_persiapan(demo, PL))  # no contract: no chart
        await pilot.pause()
        kurva = app.screen.query_one("#kurva", PlotextPlot)
        assert not kurva.display
        app.pop_screen()
        await pilot.pause()
        frames = Frames(app, DetailScreen)
        app.open_detail(with_curve)  # the detail screen is reused
        assert kurva.display  # its place kept at once
        await pilot.pause()
        assert "Kurva S" in str(kurva.render())
        # Laid out before its first frame: not drawn first in the PL's layout, the
        # user waiting for a second frame with the progress section in place.
        assert frames.texts and frames.texts[0] == screen_text(app)


def _footer_actions(screen) -> set[str]:
    """The footer's keys, less the command palette it always adds."""
    return {k.action for k in screen.query(FooterKey)} - {"command_palette"}


def _shown_actions(screen) -> set[str]:
    return {b.action for _, b, _, _ in screen.active_bindings.values() if b.show}


@SHARED
async def test_the_footer_follows_focus_and_screens(shared_app):
    """The footer skips rebuilding identical keys, never a change of keys."""
    app, turn = shared_app
    async with turn() as pilot:
        board = app.screen
        await wait_until(pilot, lambda: "select" in _footer_actions(board),
                         "kaki layar dasbor menampilkan Rincian")
        assert "select" in _footer_actions(board) == _shown_actions(board)
        await pilot.press("slash")  # the search field has no "Rincian"
        await wait_until(pilot, lambda: "select" not in _footer_actions(board),
                         "kaki layar tanpa Rincian selama mencari")
        assert "select" not in _footer_actions(board)
        assert _footer_actions(board) == _shown_actions(board)
        await pilot.press("escape")
        await wait_until(pilot, lambda: "select" in _footer_actions(board),
                         "Rincian kembali di kaki layar")
        assert "select" in _footer_actions(board) == _shown_actions(board)
        for _ in range(2):  # the reused detail screen, twice
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen)
                             and "advance" in _footer_actions(app.screen),
                             "kaki layar rincian menampilkan Maju")
            assert _footer_actions(app.screen) == _shown_actions(app.screen)
            assert "advance" in _footer_actions(app.screen)
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is board, "kembali ke dasbor")
        assert _footer_actions(board) == _shown_actions(board)


async def test_change_a_schedule_stage_with_a_reason(demo):
    kode = pl_in_persiapan(demo, PL)
    stage = next(r for r in jadwal.show_schedule(demo, kode) if r.sekarang)
    new_end = Kalender.build([PER.year]).on_or_after(stage.rencana_selesai + timedelta(days=7))
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        app.open_detail(kode)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ScheduleModal)
        assert modal.query_one("#jadwal-tahap", Select).value == stage.tahap
        modal.query_one("#jadwal-selesai", Input).value = tanggal(new_end)
        await answered(app, pilot, modal, pilot.click("#simpan"))
        assert "alasan: wajib diisi" in static_text(modal.query_one("#galat", Static))
        modal.query_one("#jadwal-alasan", Input).value = "adendum waktu pemilihan"
        save = modal.query_one("#simpan", Button)
        await wait_until(pilot, lambda: not save.has_class("-active"),  # ignores clicks then
                         "tombol simpan selesai menampilkan tekanan sebelumnya")
        await answered(app, pilot, modal, pilot.click("#simpan"))
        assert isinstance(app.screen, DetailScreen), static_text(modal.query_one("#galat"))
        assert "adendum waktu pemilihan" in static_text(app.screen.query_one("#riwayat"))
    changed = next(r for r in jadwal.show_schedule(demo, kode) if r.tahap == stage.tahap)
    assert changed.rencana_selesai == new_end


@SHARED
async def test_alerts_screen_lists_what_peringatan_lists(demo, shared_app):
    expected = alerts_uc.alerts(demo, PER)
    assert expected, "the demo year should have alerts"
    app, turn = shared_app
    async with turn() as pilot:
        await press_and_load(app, pilot, "p")
        grid = app.screen.query_one(FittedTable)
        assert grid.row_count == len(expected)
        assert [grid.text_at(i, "kode") for i in range(3)] == [a.kode for a in expected[:3]]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.kode == expected[0].kode


@SHARED
async def test_screens_opened_over_the_detail_lead_back_to_it(demo, shared_app):
    first = alerts_uc.alerts(demo, PER)[0].kode
    other = next(p.kode for p in list_paket(demo) if p.kode != first)
    app, turn = shared_app
    async with turn() as pilot:
        app.open_detail(other)
        await pilot.pause()
        await press_and_load(app, pilot, "p")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.kode == first
        assert len(app.screen_stack) == 2
        await press_and_load(app, pilot, "o")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.saringan.opd == app.screen_stack[0].saringan.opd is not None


@SHARED
async def test_command_palette_speaks_indonesian_and_opens_rekap(shared_app):
    app, turn = shared_app
    async with turn() as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(Input).placeholder == "Cari perintah…"
        await pilot.press(*"rekap opd")
        await wait_until(pilot, lambda: "rekap" in _highlighted_command(app).lower(),
                         "palet perintah menyorot perintah rekap")
        await press_and_load(app, pilot, "enter")
        assert isinstance(app.screen, RekapScreen)


async def test_detail_of_a_late_package_says_why(demo):
    kode = pl_in_persiapan(demo, PL)  # its persiapan was due in January
    flags = lateness.paket_flags(demo, kode, PER)
    assert flags
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        app.open_detail(kode)
        await pilot.pause()
        identity = static_text(app.screen.query_one("#identitas", Static))
        for f in flags:
            assert FLAG_LABEL[f.flag] in identity and tanggal(f.batas) in identity


@SHARED
async def test_only_late_toggle_shows_exactly_the_late_packages(demo, shared_app):
    expected = dasbor.dashboard_page(demo, PER, only_late=True, limit=None).rows
    app, turn = shared_app
    async with turn() as pilot:
        await pilot.press("l")
        await pilot.pause()
        rows = shown_rows(app)
        assert [r.kode for r in rows] == [s.kode for s in expected]
        assert rows and all(level(r) in ("terlambat", "kritis") for r in rows)
        assert app.screen.query_one("#saring-terlambat").value is True
        await pilot.press("x")
        await pilot.pause()
        assert table(app).total == len(list_paket(demo))
