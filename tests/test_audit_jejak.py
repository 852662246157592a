"""Issue #19, "Identity and the audit trail", third bullet: what the riwayat hash chain
does not cover yet. Each test makes the change an owner with SQL access would make
(the riwayat guard lifted, as in tests/test_audit.py ``unguarded``) and expects
``audit verifikasi`` to report it.

They reproduce the breaks and are marked ``xfail(strict=True)``: today the change
passes unnoticed, so each fails as expected; once a chained record of a paket's
money, penyedia, contract dates, progress and of users' roles exists, they pass and
the strict marker makes the run fail until it is removed. A paket deleted with all
its rows is already caught by ``audit jangkar``/``audit bandingkan``
(db/history_heads.py, tests/test_anchor_backup.py).
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from pengadaan.db.history_guard import create_guard, drop_guard

from pengadaan.usecases import jadwal
from pengadaan.usecases.audit import verify_history
from pengadaan.usecases.pengguna import add_user
from pengadaan.usecases.progres import record_progress
from tests.conftest import ACTOR, make_opd, make_paket
from tests.spine_paths import PHO_FHO, TENDER_KONSTRUKSI, TODAY, Walker

NOT_COVERED = pytest.mark.xfail(
    strict=True, raises=AssertionError,
    reason="issue #19: the hash chain covers riwayat only (no jejak yet)")


@pytest.fixture
def unguarded(db):
    """The database with its riwayat triggers dropped (put back afterwards: the
    PostgreSQL database is shared by the whole run)."""
    with db.engine.begin() as conn:
        drop_guard(conn)
    yield db
    with db.engine.begin() as conn:
        drop_guard(conn)
        create_guard(conn)


def _sql(db, statement: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(sa.text(statement))


def _in_pelaksanaan(db) -> None:
    """P-1 under contract, with one progress report."""
    make_opd(db)
    make_paket(db, "P-1")
    walker = Walker(db, "P-1", 1_000_000_000)
    walker.walk(TENDER_KONSTRUKSI[:-len(PHO_FHO)])
    record_progress(db, "P-1", walker.day, 1_000, ACTOR, today=TODAY)


def _still_whole_before(db) -> None:
    """The starting point is sound: only the raw edit below may break it."""
    assert verify_history(db).utuh


@pytest.mark.both_databases
def test_contract_value_and_penyedia_changed_in_sql_are_reported(unguarded):
    _in_pelaksanaan(unguarded)
    _still_whole_before(unguarded)
    _sql(unguarded, "UPDATE paket SET nilai_kontrak = 1, penyedia = 'CV Siluman'")
    assert not verify_history(unguarded).utuh


def test_contract_dates_changed_in_sql_are_reported(unguarded):
    _in_pelaksanaan(unguarded)
    _sql(unguarded, "UPDATE paket SET tgl_kontrak_selesai = '2027-12-31'")
    assert not verify_history(unguarded).utuh


def test_progress_edited_in_sql_is_reported(unguarded):
    _in_pelaksanaan(unguarded)
    _still_whole_before(unguarded)
    _sql(unguarded, "UPDATE progres SET fisik_bp = 10000")
    assert not verify_history(unguarded).utuh


@NOT_COVERED
@pytest.mark.both_databases
def test_a_role_raised_in_sql_is_reported(unguarded):
    make_opd(unguarded)
    add_user(unguarded, "admin", "admin", ACTOR)
    add_user(unguarded, "ppk_pupr", "ppk", "admin", opd="PUPR")
    _still_whole_before(unguarded)
    _sql(unguarded, "UPDATE pengguna SET peran = 'admin', opd_id = NULL "
                    "WHERE nama = 'ppk_pupr'")
    assert not verify_history(unguarded).utuh


def test_deleting_the_newest_schedule_change_is_reported(unguarded):
    """ubah_jadwal keeps the tahap, so the newest-entry-leads-to-tahap check cannot see
    it go."""
    make_opd(unguarded)
    make_paket(unguarded, "P-1")
    jadwal.change_stage(unguarded, "P-1", "pengumuman", date(2026, 3, 2), date(2026, 3, 6),
                        "pokja berubah", ACTOR, today=date(2026, 1, 6))
    _still_whole_before(unguarded)
    _sql(unguarded, "DELETE FROM riwayat WHERE pemicu = 'ubah_jadwal'")
    assert not verify_history(unguarded).utuh
