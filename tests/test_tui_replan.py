"""Issue #13 in the TUI: after an advance on a late paket a notification says how late
the rest of the plan is and offers the re-plan; the schedule form (e) re-plans the rest
with a reason through the same use case as ``paket jadwal --susun-ulang``, and shows a
changed stage's first plan."""

from __future__ import annotations

from datetime import date

import pytest
from pengadaan.tui.app import PengadaanApp
from pengadaan.tui.screens.advance import AdvanceModal
from pengadaan.tui.screens.detail import DetailScreen
from pengadaan.tui.screens.schedule import SUSUN_ULANG, ScheduleModal
from textual.widgets import Input, Select, Static

from pengadaan.usecases import pengguna as users
from pengadaan.usecases import sisa_jadwal
from pengadaan.usecases.paket import show_paket
from tests.conftest import ACTOR
from tests.test_replan import TODAY, late_tender, rows_of
from tests.tui_support import SIZE, answered, static_text, wait_until


def app_on(db, actor: str = ACTOR) -> PengadaanApp:
    return PengadaanApp(db, actor=actor, per=TODAY, live_seconds=None)


async def _open_schedule(app, pilot) -> ScheduleModal:
    app.open_detail("P-1")
    await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "rincian")
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, ScheduleModal), "form jadwal")
    return app.screen


@pytest.mark.asyncio
async def test_advance_on_a_late_paket_offers_the_re_plan(db):
    late_tender(db)
    app = app_on(db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_advance("P-1")
        await wait_until(pilot, lambda: isinstance(app.screen, AdvanceModal), "form maju")
        app.screen.query_one("#pemicu", Select).value = "beri_penjelasan"
        app.screen.query_one("#tanggal", Input).value = "01/03/2026"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, AdvanceModal), "tersimpan")
        late = [n for n in app._notifications if n.title == "Jadwal terlambat"]
        assert len(late) == 1
        assert "Sisa jadwal paket P-1 terlambat" in late[0].message
        assert "Tekan e lalu pilih 'Susun ulang sisa jadwal'" in late[0].message


@pytest.mark.asyncio
async def test_re_plan_the_rest_from_the_schedule_form(db):
    late_tender(db)
    version = show_paket(db, "P-1").paket.version
    app = app_on(db)
    async with app.run_test(size=SIZE) as pilot:
        modal = await _open_schedule(app, pilot)
        assert modal.query_one("#jadwal-tahap", Select).value == "pengumuman"  # as before
        modal.query_one("#jadwal-tahap", Select).value = SUSUN_ULANG
        await pilot.pause()
        assert not modal.query_one("#jadwal-mulai", Input).display
        preview = static_text(modal.query_one("#jadwal-rincian", Static))
        assert "Sisa jadwal paket P-1 terlambat 37 hari" in preview
        assert "Pengumuman: 26/01/2026–02/02/2026 → 24/02/2026–02/03/2026" in preview
        await answered(app, pilot, modal, pilot.press("ctrl+s"))
        assert "alasan: wajib diisi" in static_text(modal.query_one("#galat", Static))
        assert show_paket(db, "P-1").paket.version == version  # nothing written
        modal.query_one("#jadwal-alasan", Input).value = "Reviu HPS berulang"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "kembali")
        assert "Reviu HPS berulang" in static_text(app.screen.query_one("#riwayat"))
        # the changed stage now shows its first plan in the form
        modal = await _open_schedule(app, pilot)
        assert static_text(modal.query_one("#jadwal-rincian", Static)) == (
            "Rencana awal 26/01/2026–02/02/2026, diubah 1 kali")
    assert rows_of(db)["pengumuman"].rencana_selesai == date(2026, 3, 2)
    assert sisa_jadwal.rest_of_plan(db, "P-1", TODAY).terlambat_hari == 0


@pytest.mark.asyncio
async def test_the_form_previews_only_the_stages_this_user_moves(db):
    late_tender(db)
    users.add_user(db, "admin", "admin", ACTOR)
    users.add_user(db, "ppk_pupr", "ppk", "admin", opd="PUPR")
    app = app_on(db, "ppk_pupr")
    async with app.run_test(size=SIZE) as pilot:
        modal = await _open_schedule(app, pilot)
        modal.query_one("#jadwal-tahap", Select).value = SUSUN_ULANG
        await pilot.pause()
        preview = static_text(modal.query_one("#jadwal-rincian", Static))
        assert "Pengumuman: 26/01/2026–02/02/2026 → 24/02/2026–02/03/2026 (tetap: bukan " \
               "wewenang Anda)" in preview
        assert "SPPBJ Terbit: 26/03/2026–15/04/2026 → 28/04/2026–20/05/2026\n" in preview
        modal.query_one("#jadwal-alasan", Input).value = "Kontrak menyesuaikan"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "kembali")
    after = rows_of(db)
    assert after["pengumuman"].diubah == 0 and after["sppbj"].diubah == 1
