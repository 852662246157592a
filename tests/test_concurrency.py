"""Two users, one paket (issue #7): on SQLite and PostgreSQL, with real threads.

Each thread has its own connection. A barrier makes both read before either writes,
so the race really happens: exactly one transition wins, the other gets the conflict
message, and state and history hold exactly the winner's step.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date

import pytest
import sqlalchemy as sa
from pengadaan.db import bulk
from pengadaan.db.models import Paket
from pengadaan.tui.screens.advance import AdvanceModal
from pengadaan.tui.screens.progress import ProgressModal
from pengadaan.tui.screens.schedule import ScheduleModal
from sqlmodel import select
from textual.widgets import Input, Select, Static

from pengadaan.domain.errors import Conflict, TriggerNotAllowed
from pengadaan.usecases import jadwal
from pengadaan.usecases import progres as pg
from pengadaan.usecases.paket import advance, apply_trigger, show_paket
from pengadaan.usecases.pengguna import resolve_actor
from tests.conftest import ACTOR, make_opd, make_paket
from tests.test_execution_usecases import LATER, MID, contract
from tests.tui_support import SIZE, make_app, static_text

TODAY = date(2026, 1, 5)
STALE = r"^paket P-1 sudah diubah pengguna lain \(versi 2, Anda membaca versi 1\); muat ulang"
LOST_RACE = r"^data paket sudah diubah oleh pengguna lain sejak dibaca; muat ulang"
# A use case locks the paket it changes (PostgreSQL: FOR UPDATE; SQLite: BEGIN
# IMMEDIATE), so the loser always reads the winner's version and names both.
STALE_ANY = r"^paket P-1 sudah diubah pengguna lain \(versi \d+, Anda membaca versi \d+\); muat"

pytestmark = pytest.mark.both_databases


def race(*actions: Callable[[threading.Barrier], object]) -> list[object]:
    """Run each action in its own thread; each gets the shared barrier. Returns what
    each returned or raised, in order."""
    barrier = threading.Barrier(len(actions), timeout=30)
    outcomes: list[object] = [None] * len(actions)

    def run(i: int) -> None:
        try:
            outcomes[i] = actions[i](barrier)
        except Exception as err:  # noqa: BLE001 — the outcome under test
            outcomes[i] = err

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    return outcomes


def history_rows(db) -> list[tuple]:
    with db.engine.connect() as conn:
        return list(conn.execute(sa.text("SELECT dari, ke, pemicu FROM riwayat ORDER BY id")))


def one_won(outcomes: list[object], match: str) -> object:
    """Exactly one outcome is a result, the other a :class:`Conflict` matching ``match``."""
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    results = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(conflicts) == 1 and len(results) == 1, outcomes
    assert re.match(match, str(conflicts[0])), str(conflicts[0])
    return results[0]


def test_two_screens_fire_on_the_same_version_one_wins(db):
    """Both users looked at version 1; both fire a different trigger on it."""
    make_opd(db)
    make_paket(db)

    def user(pemicu: str):
        def act(barrier: threading.Barrier):
            seen = show_paket(db, "P-1").paket.version  # the screen each user looks at
            barrier.wait()
            return advance(db, "P-1", pemicu, ACTOR, tanggal=TODAY, today=TODAY,
                           catatan="tidak jadi", expected_version=seen)
        return act

    winner = one_won(race(user("siapkan"), user("batalkan")), STALE_ANY)
    paket = show_paket(db, "P-1").paket
    assert paket.version == 2 and paket.tahap == winner.paket.tahap
    assert history_rows(db) == [(None, "rencana", "buat"),
                                ("rencana", paket.tahap, winner.riwayat[-1].pemicu)]


def test_two_transactions_read_then_write_one_wins(db):
    """The last line of defence: both read the row inside their own write transaction
    without the row lock the use cases take, then fire. On PostgreSQL the version
    column in the UPDATE's WHERE catches the loser at flush or commit. On SQLite the
    second write transaction cannot even start until the first committed (BEGIN
    IMMEDIATE), so it reads the new state and the workflow refuses the step."""
    make_opd(db)
    make_paket(db)
    sqlite = db.engine.dialect.name == "sqlite"

    def user(barrier: threading.Barrier):
        if sqlite:  # the lock is taken at BEGIN: meet before it, not inside
            barrier.wait()
        with db.unit_of_work(write=True) as uow:
            pelaku = resolve_actor(uow.session, ACTOR)
            paket = uow.session.exec(select(Paket).where(Paket.kode == "P-1")).one()
            if not sqlite:
                barrier.wait()
            apply_trigger(uow.session, paket, "siapkan", pelaku, TODAY, TODAY)
            uow.commit()
        return "ok"

    outcomes = race(user, user)
    assert outcomes.count("ok") == 1, outcomes
    loser = next(o for o in outcomes if o != "ok")
    if sqlite:
        assert isinstance(loser, TriggerNotAllowed), loser
        assert str(loser).startswith("pemicu 'siapkan' tidak berlaku pada tahap 'persiapan'")
    else:
        assert isinstance(loser, Conflict) and str(loser).startswith("data paket sudah diubah")
    paket = show_paket(db, "P-1").paket
    assert (paket.tahap, paket.version) == ("persiapan", 2)
    assert history_rows(db) == [(None, "rencana", "buat"), ("rencana", "persiapan", "siapkan")]


def test_two_progress_reports_on_one_version_one_is_saved(db):
    """A progress report bumps the version: the second report, typed on a screen that
    showed the paket before the first was saved, is refused and writes nothing."""
    contract(db)
    version = show_paket(db, "P-1").paket.version

    def user(fisik: int):
        def act(barrier: threading.Barrier):
            barrier.wait()
            return pg.record_progress(db, "P-1", MID, fisik, ACTOR, today=LATER,
                                      expected_version=version)
        return act

    saved = one_won(race(user(4000), user(6000)), STALE_ANY)
    assert [r.fisik_bp for r in pg.list_progress(db, "P-1")] == [saved.fisik_bp]
    assert show_paket(db, "P-1").paket.version == version + 1


def test_two_users_create_the_same_kode_one_wins(db):
    """Both checked that the kode is free before either inserted: on PostgreSQL the
    unique index refuses the second insert, and the user sees a conflict, not SQL."""
    make_opd(db)

    def user(nama: str):
        def act(barrier: threading.Barrier):
            barrier.wait()
            return make_paket(db, "P-9", nama=nama)
        return act

    outcomes = race(user("Jalan A"), user("Jalan B"))
    assert outcomes.count("P-9") == 1, outcomes
    loser = next(o for o in outcomes if o != "P-9")
    assert isinstance(loser, Conflict), loser
    assert re.match(r"^(paket dengan kode 'P-9' sudah ada|data yang sama baru saja disimpan "
                    r"pengguna lain; muat ulang lalu coba lagi)$", str(loser)), loser
    assert [r[1] for r in history_rows(db)] == ["rencana"]


def test_stale_schedule_change_is_refused(db):
    make_opd(db)
    make_paket(db)
    advance(db, "P-1", "siapkan", ACTOR, tanggal=TODAY, today=TODAY)
    before = jadwal.show_schedule(db, "P-1")
    with pytest.raises(Conflict, match=STALE):
        jadwal.change_stage(db, "P-1", "pengumuman", date(2026, 2, 2), date(2026, 2, 9),
                            "mundur", ACTOR, today=TODAY, expected_version=1)
    assert jadwal.show_schedule(db, "P-1") == before and len(history_rows(db)) == 2
    jadwal.change_stage(db, "P-1", "pengumuman", date(2026, 2, 2), date(2026, 2, 9),
                        "mundur", ACTOR, today=TODAY, expected_version=2)
    assert show_paket(db, "P-1").paket.version == 3


def test_planned_curve_bumps_the_version(db):
    contract(db)
    version = show_paket(db, "P-1").paket.version
    pg.set_planned_curve(db, "P-1", [pg.parse_titik("2026-04-20=30")], ACTOR)
    assert show_paket(db, "P-1").paket.version == version + 1


def test_bulk_update_of_a_paket_changed_since_read_is_a_conflict(db):
    """The import's set-based UPDATE carries the version it read, like the ORM does."""
    make_opd(db)
    make_paket(db)
    with db.unit_of_work() as uow:
        read = bulk.paket_by(uow.session, Paket.kode, ["P-1"])["P-1"]
    advance(db, "P-1", "siapkan", ACTOR, tanggal=TODAY, today=TODAY)
    with pytest.raises(Conflict, match=LOST_RACE), db.unit_of_work(write=True) as uow:
        bulk.update_many(uow.session, Paket, [
            {"_id": read.id, "_version": read.version, "nama": "ditimpa"}])
        uow.commit()
    paket = show_paket(db, "P-1").paket
    assert (paket.nama, paket.tahap, paket.version) == ("Rehabilitasi Jalan Bae", "persiapan", 2)


@pytest.mark.asyncio
async def test_a_stale_tui_form_gets_the_conflict_and_a_fresh_one_saves(db):
    """The progress form keeps the version it was opened on: another user's report in
    between makes the save a conflict shown in the form; reopened, it saves."""
    contract(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_progress("P-1")
        await pilot.pause()
        pg.record_progress(db, "P-1", MID, 4000, "orang_lain", today=LATER)
        app.screen.query_one("#progres-fisik", Input).value = "45"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProgressModal)
        message = static_text(app.screen.query_one("#galat", Static))
        assert "sudah diubah pengguna lain" in message and "muat ulang" in message
        assert [r.fisik_bp for r in pg.list_progress(db, "P-1")] == [4000]
        await pilot.press("escape")
        app.open_progress("P-1")
        await pilot.pause()
        app.screen.query_one("#progres-fisik", Input).value = "45"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ProgressModal)
    assert [r.fisik_bp for r in pg.list_progress(db, "P-1")] == [4000, 4500]


@pytest.mark.asyncio
async def test_stale_advance_and_schedule_forms_get_the_conflict(db):
    """Both other forms of the TUI send the version they were opened on, too."""
    make_opd(db)
    make_paket(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_advance("P-1")
        await pilot.pause()
        assert isinstance(app.screen, AdvanceModal)
        advance(db, "P-1", "siapkan", "orang_lain", tanggal=TODAY, today=TODAY)
        app.screen.query_one("#pemicu", Select).value = "batalkan"
        app.screen.query_one("#catatan", Input).value = "dialihkan"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "sudah diubah pengguna lain (versi 2, Anda membaca versi 1)" in static_text(
            app.screen.query_one("#galat", Static))
        await pilot.press("escape")
        app.open_schedule("P-1")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ScheduleModal)
        advance(db, "P-1", "umumkan", "orang_lain", tanggal=TODAY, today=TODAY,
                hps=900_000_000)
        modal.query_one("#jadwal-tahap", Select).value = "penjelasan"
        modal.query_one("#jadwal-mulai", Input).value = "02/02/2026"
        modal.query_one("#jadwal-selesai", Input).value = "09/02/2026"
        modal.query_one("#jadwal-alasan", Input).value = "mundur"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "sudah diubah pengguna lain (versi 3, Anda membaca versi 2)" in static_text(
            modal.query_one("#galat", Static))
    assert [r[2] for r in history_rows(db)] == ["buat", "siapkan", "umumkan"]
