"""Issue #19, "Identity and the audit trail", third bullet: what the riwayat hash chain
did not cover. Each test makes the change an owner with SQL access would make
(the riwayat guard lifted, as in tests/test_audit.py ``unguarded``) and expects
``audit verifikasi`` to report it.

The paket side is covered: every entry records the tracked values it changed
(``riwayat.nilai``, db/history_values.py) and the paket row keeps its chain's head
(``paket.riwayat_hash``). Users' roles have their own chained record
(``riwayat_pengguna``, db/user_chain.py). A paket deleted with all its rows is caught by
``audit jangkar``/``audit bandingkan`` (db/history_heads.py, tests/test_anchor_backup.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from pengadaan.db.history_guard import create_guard, drop_guard
from pengadaan.db.history_values import JejakHilang
from pengadaan.db.migrate import downgrade, revision_before, upgrade
from pengadaan.db.models import Progres

from pengadaan.demo.load import load_demo
from pengadaan.usecases import jadwal
from pengadaan.usecases import kontrak as kt
from pengadaan.usecases.acting import acting
from pengadaan.usecases.audit import verify_history
from pengadaan.usecases.paket import show_paket
from pengadaan.usecases.pengguna import add_user
from pengadaan.usecases.progres import list_progress, record_progress
from tests.audit_support import assert_whole, heads, only_break, sql
from tests.conftest import ACTOR, make_opd, make_paket
from tests.spine_paths import PHO_FHO, TENDER_KONSTRUKSI, TODAY, Walker


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


def _in_pelaksanaan(db) -> None:
    """P-1 under contract, with one progress report."""
    make_opd(db)
    make_paket(db, "P-1")
    walker = Walker(db, "P-1", 1_000_000_000)
    walker.walk(TENDER_KONSTRUKSI[:-len(PHO_FHO)])
    record_progress(db, "P-1", walker.day, 1_000, ACTOR, today=TODAY)


def _broken(db) -> str:
    """The one problem ``audit verifikasi`` reports."""
    return only_break(db).masalah


@pytest.mark.both_databases
def test_contract_value_and_penyedia_changed_in_sql_are_reported(unguarded):
    _in_pelaksanaan(unguarded)
    assert_whole(unguarded)
    sql(unguarded, "UPDATE paket SET nilai_kontrak = 1, penyedia = 'CV Siluman'")
    assert _broken(unguarded).startswith("nilai kontrak/penyedia berbeda dari yang tercatat "
                                         "di riwayat")


def test_contract_dates_changed_in_sql_are_reported(unguarded):
    _in_pelaksanaan(unguarded)
    sql(unguarded, "UPDATE paket SET tgl_kontrak_selesai = '2027-12-31'")
    assert _broken(unguarded).startswith("tanggal selesai kontrak berbeda")


def test_progress_edited_in_sql_is_reported(unguarded):
    _in_pelaksanaan(unguarded)
    assert_whole(unguarded)
    sql(unguarded, "UPDATE progres SET fisik_bp = 10000")
    assert _broken(unguarded).startswith("laporan progres berbeda")


@pytest.mark.both_databases
def test_a_role_raised_in_sql_is_reported(unguarded):
    make_opd(unguarded)
    add_user(unguarded, "admin", "admin", ACTOR)
    add_user(unguarded, "ppk_pupr", "ppk", "admin", opd="PUPR")
    assert_whole(unguarded)
    sql(unguarded, "UPDATE pengguna SET peran = 'admin', opd_id = NULL "
                    "WHERE nama = 'ppk_pupr'")
    assert not verify_history(unguarded).utuh


def test_deleting_the_newest_schedule_change_is_reported(unguarded):
    """ubah_jadwal keeps the tahap, so the newest-entry-leads-to-tahap check cannot see
    it go."""
    make_opd(unguarded)
    make_paket(unguarded, "P-1")
    jadwal.change_stage(unguarded, "P-1", "pengumuman", date(2026, 3, 2), date(2026, 3, 6),
                        "pokja berubah", ACTOR, today=date(2026, 1, 6))
    assert_whole(unguarded)
    sql(unguarded, "DELETE FROM riwayat WHERE pemicu = 'ubah_jadwal'")
    assert _broken(unguarded).startswith("kepala rantai pada paket tidak sama")


# --- every writer records what it changed ------------------------------------------------------


def test_adendum_and_corrections_keep_the_chain_whole_and_out_of_the_step_dates(unguarded):
    """Adendum nilai/waktu and a progress correction each append an entry at the stage;
    the timeline shows the adendum in words and leaves the reports to their own list."""
    _in_pelaksanaan(unguarded)
    day = show_paket(unguarded, "P-1").riwayat[-1].tanggal
    kt.change_value(unguarded, "P-1", 950_000_000, "volume berkurang", ACTOR, tanggal=day,
                    today=TODAY)
    kt.extend_contract(unguarded, "P-1", date(2026, 12, 30), "banjir", ACTOR, tanggal=day,
                       today=TODAY)
    record_progress(unguarded, "P-1", day, 500, ACTOR, alasan_koreksi="salah ketik",
                    today=TODAY)
    assert_whole(unguarded)
    timeline = show_paket(unguarded, "P-1").riwayat
    assert [r.pemicu for r in timeline[-2:]] == ["adendum_nilai", "adendum_waktu"]
    assert "Rp 950.000.000" in timeline[-2].catatan and "30/12/2026" in timeline[-1].catatan
    assert sorted(r.fisik_bp for r in list_progress(unguarded, "P-1")) == [500, 1_000]
    sql(unguarded, "DELETE FROM progres WHERE alasan_koreksi IS NOT NULL")
    assert _broken(unguarded).startswith("laporan progres berbeda")


def test_a_writer_that_forgets_the_entry_is_refused(db):
    """The flush-time safety net: a tracked value changed, or a report added, without a
    riwayat entry recording it never reaches the database."""
    _in_pelaksanaan(db)
    with (pytest.raises(JejakHilang, match="nilai_kontrak diubah tanpa entri riwayat"),
          acting(db, ACTOR) as act):
        act.paket("P-1").nilai_kontrak = 1
        act.commit()
    with pytest.raises(JejakHilang, match="laporan progres paket"), acting(db, ACTOR) as act:
        paket = act.paket("P-1")
        act.session.add(Progres(paket_id=paket.id, tanggal=TODAY, fisik_bp=9_000,
                                dicatat=datetime.now(UTC), oleh=ACTOR))
        act.commit()
    assert show_paket(db, "P-1").paket.nilai_kontrak != 1
    assert [r.fisik_bp for r in list_progress(db, "P-1")] == [1_000]
    assert_whole(db)


@pytest.mark.both_databases
def test_upgrading_from_0007_seals_what_each_paket_holds(db):
    """Migration 0008_jejak_nilai on a database with paket, history and progress: one
    ``segel_awal`` entry per paket, the head set to it; a later raw edit is caught."""
    _in_pelaksanaan(db)
    make_paket(db, "P-2")
    # As a database built at 0007 has them: every entry hashed without ``nilai`` (back
    # before the chain, whose backfill rehashes them all, then up to 0007).
    downgrade(db.engine, revision_before("0003_riwayat_hash.py"))
    upgrade(db.engine, "0007_peran_server")
    upgrade(db.engine)
    assert heads(db, "r.dari = r.ke") == [("P-1", "segel_awal", "migrasi", True),
                                              ("P-2", "segel_awal", "migrasi", True)]
    assert_whole(db)
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE paket SET pagu = 1 WHERE kode = 'P-2'"))
    assert _broken(db).startswith("pagu berbeda")


def test_demo_data_records_its_values_and_progress(unguarded):
    """The bulk loader: the newest entry of each paket carries where it ends."""
    load_demo(unguarded, 30, date(2026, 11, 25), 7, actor=ACTOR)
    assert_whole(unguarded)
    sql(unguarded, "UPDATE progres SET keuangan = 1 WHERE id = (SELECT MAX(id) FROM progres)")
    assert _broken(unguarded).startswith("laporan progres berbeda")


def test_a_backup_from_before_0008_is_checked_for_links_and_stages(tmp_path):
    """An old copy opened as it is (``cadangan``/``pulihkan`` never migrate it): its
    chains are walked without the values it does not record yet."""
    from pengadaan.db.uow import open_database

    path = tmp_path / "lama.db"
    db = open_database(str(path))
    make_opd(db)
    make_paket(db, "P-1")
    downgrade(db.engine, revision_before("0003_riwayat_hash.py"))
    upgrade(db.engine, "0007_peran_server")
    db.engine.dispose()
    old = open_database(str(path), migrate=False, create=False, read_only=True)
    report = verify_history(old)
    assert report.utuh and (report.paket, report.entri) == (1, 1)
