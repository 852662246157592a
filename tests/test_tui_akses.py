"""The TUI for each role (issue #7): who the app acts as, which keys it offers, and
the use case's refusal shown inline in the form."""

from __future__ import annotations

import pytest
from pengadaan.tui.screens.advance import AdvanceModal
from pengadaan.tui.screens.alerts import AlertsScreen
from pengadaan.tui.screens.dashboard import DashboardScreen
from pengadaan.tui.screens.detail import DetailScreen
from pengadaan.tui.screens.kendala import KendalaModal
from pengadaan.tui.screens.progress import ProgressModal
from pengadaan.tui.screens.schedule import ScheduleModal
from textual.widgets import Button, Input, Select, Static

from pengadaan.usecases import pengguna, progres
from pengadaan.usecases.kendala import list_kendala
from pengadaan.usecases.paket import list_paket, show_paket
from tests.factories import PUPR, pl_in_persiapan, tender_in_pelaksanaan, two_opds
from tests.tui_support import (
    SIZE,
    answered,
    current_kode,
    make_app,
    shown_rows,
    static_text,
    table,
    wait_until,
)

pytestmark = pytest.mark.asyncio

TENDER, PL = "PUPR-TENDER", "PUPR-PL"  # PUPR: in pelaksanaan, in persiapan
OTHER_OPD = f"Anda (ppk Dinas Perhubungan) tidak berwenang mengubah paket {PUPR}"


def build_data(db) -> None:
    """Two OPDs with the paket each test needs, then one user per role (the data was
    entered before any admin existed)."""
    two_opds(db)
    tender_in_pelaksanaan(db, TENDER)
    pl_in_persiapan(db, PL)
    tender_in_pelaksanaan(db, "DISHUB-1", opd="DISHUB")
    pengguna.add_user(db, "admin", "admin", "penguji")
    pengguna.add_user(db, "pokja", "ukpbj", "admin")
    pengguna.add_user(db, "ppk_dishub", "ppk", "admin", opd="DISHUB")
    pengguna.add_user(db, "sekda", "pengawas", "admin")


@pytest.fixture
def kab(module_data):
    """``build_data``'s database, built once for the module, a fresh copy per test."""
    return module_data


async def _find(app, pilot, kode: str) -> None:
    await pilot.press("slash", *kode, "enter", "escape")
    await wait_until(pilot, lambda: current_kode(app) == kode, f"kursor pada {kode}")
    assert table(app).current.kode == kode


async def test_ppk_of_another_opd_is_refused(kab):
    kode = TENDER
    reports = progres.list_progress(kab, kode)
    app = make_app(kab, actor="ppk_dishub")
    async with app.run_test(size=SIZE) as pilot:
        assert "ppk_dishub (ppk Dinas Perhubungan) · satu meja" in app.title
        await pilot.pause()
        assert {r.opd for r in shown_rows(app)} == {"DISHUB"}  # opens on its own OPD
        await pilot.press("x")
        await pilot.pause()
        await _find(app, pilot, kode)
        await pilot.press("m")  # no trigger of a PUPR paket is this user's
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, AdvanceModal)
        assert static_text(modal.query_one("#galat", Static)) == f"Ditolak: {OTHER_OPD}"
        assert not modal.query("#simpan") and not modal.query(Select)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")  # no stage of a PUPR paket is this user's either
        await pilot.pause()
        assert isinstance(app.screen, ScheduleModal)
        assert static_text(app.screen.query_one("#galat", Static)) == f"Ditolak: {OTHER_OPD}"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")  # progress: the form opens, the use case refuses the save
        await pilot.pause()
        assert isinstance(app.screen, ProgressModal)
        app.screen.query_one("#progres-fisik", Input).value = "99"
        await answered(app, pilot, app.screen, pilot.press("ctrl+s"))
        assert isinstance(app.screen, ProgressModal)  # stays open, nothing written
        assert static_text(app.screen.query_one("#galat", Static)) == f"Ditolak: {OTHER_OPD}"
    assert progres.list_progress(kab, kode) == reports


async def test_ukpbj_is_offered_only_selection_triggers(kab):
    kode = PL  # undang, batalkan
    app = make_app(kab, actor="pokja")
    async with app.run_test(size=SIZE) as pilot:
        assert "pokja (ukpbj)" in app.title
        assert "c" not in app.screen.active_bindings  # progress is the PPK's
        await _find(app, pilot, kode)
        await pilot.press("m")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, AdvanceModal)
        assert list(modal.triggers) == ["undang"]
        assert modal.query_one("#simpan", Button)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")  # the schedule: only the selection stages are offered
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ScheduleModal)
        assert list(modal.rows) == ["penawaran", "evaluasi", "negosiasi"]


async def test_pengawas_sees_no_actions(kab):
    kode = TENDER
    before = show_paket(kab, kode)
    app = make_app(kab, actor="sekda")
    async with app.run_test(size=SIZE) as pilot:
        assert "sekda (pengawas)" in app.title
        for key in ("m", "c", "e"):
            assert key not in app.screen.active_bindings
        await _find(app, pilot, kode)
        for key in ("m", "c", "e"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        for key in ("m", "c", "e", "n"):
            assert key not in app.screen.active_bindings
        await pilot.press("n")  # no kendala either: a pengawas only reads them
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        aksi = static_text(app.screen.query_one("#aksi", Static))
        assert "pengawas hanya membaca" in aksi and "tekan m" not in aksi
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, AlertsScreen), "peringatan")
        assert "n" not in app.screen.active_bindings
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AlertsScreen)
    assert show_paket(kab, kode) == before
    assert list_kendala(kab, kode) == []


async def test_kendala_of_another_opd_is_refused_in_the_form(kab):
    app = make_app(kab, actor="ppk_dishub")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_detail(TENDER)
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "rincian")
        assert "n" in app.screen.active_bindings  # a PPK records kendala (of its own OPD)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, KendalaModal), "form kendala")
        app.screen.query_one("#kendala-kategori", Select).value = "cuaca"
        app.screen.query_one("#kendala-uraian", Input).value = "Banjir"
        await answered(app, pilot, app.screen, pilot.press("ctrl+s"))
        assert isinstance(app.screen, KendalaModal)  # stays open, nothing written
        assert static_text(app.screen.query_one("#galat", Static)).startswith(
            "Ditolak: Anda (ppk Dinas Perhubungan) tidak berwenang")
    assert list_kendala(kab, TENDER) == []


async def test_unregistered_user_reads_only(kab):
    app = make_app(kab, actor="tamu")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "tamu (hanya baca)" in app.title
        assert "m" not in app.screen.active_bindings
        assert table(app).total == len(list_paket(kab))
