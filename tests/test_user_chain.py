"""Issue #19: users' roles leave a chained record (``riwayat_pengguna``, db/user_chain.py)
that ``audit verifikasi`` checks against the ``pengguna`` rows, and that an anchor
(``audit jangkar``, format PJ2) covers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from pengadaan.db import history_heads, user_chain
from pengadaan.db import pengguna as users
from pengadaan.db.engine import get_engine
from pengadaan.db.migrate import (
    current_revision,
    downgrade,
    head_revision,
    revision_before,
    upgrade,
)
from pengadaan.db.models import Pengguna, RiwayatPengguna
from pengadaan.db.uow import open_database

from pengadaan.usecases.audit import (
    backup,
    compare_backup,
    restore,
    take_anchor,
    verify_history,
)
from pengadaan.usecases.pengguna import add_user, set_active
from tests.audit_support import sql
from tests.cli_support import checked
from tests.conftest import ACTOR, make_opd

REFUSED = "riwayat peran pengguna hanya boleh ditambah"


def _users(db) -> None:
    """admin, and ppk_pupr deactivated then reactivated: four entries."""
    make_opd(db)
    add_user(db, "admin", "admin", ACTOR)
    add_user(db, "ppk_pupr", "ppk", "admin", opd="PUPR")
    set_active(db, "ppk_pupr", False, "admin")
    set_active(db, "ppk_pupr", True, "admin")


def _entries(db) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            sa.select(RiwayatPengguna.nama, RiwayatPengguna.aksi, RiwayatPengguna.aktif,
                      RiwayatPengguna.oleh).order_by(RiwayatPengguna.id))]


def _problems(db) -> list[tuple[str, str]]:
    report = verify_history(db)
    assert report.pengguna.rusak == len(report.pengguna.breaks)
    return [(b.nama, b.masalah) for b in report.pengguna.breaks]


@pytest.mark.both_databases
def test_every_user_write_leaves_one_chained_entry(db):
    _users(db)
    assert _entries(db) == [("admin", "tambah", True, ACTOR),
                            ("ppk_pupr", "tambah", True, "admin"),
                            ("ppk_pupr", "nonaktif", False, "admin"),
                            ("ppk_pupr", "aktifkan", True, "admin")]
    report = verify_history(db)
    assert report.utuh and (report.pengguna.pengguna, report.pengguna.entri) == (2, 4)
    with db.engine.connect() as conn:
        head = conn.execute(sa.select(Pengguna.riwayat_hash)
                            .where(Pengguna.nama == "ppk_pupr")).scalar_one()
        newest = conn.execute(sa.select(RiwayatPengguna.hash)
                              .order_by(RiwayatPengguna.id.desc()).limit(1)).scalar_one()
    assert head == newest
    for statement in ("UPDATE riwayat_pengguna SET peran = 'admin'",
                      "DELETE FROM riwayat_pengguna"):
        with pytest.raises(sa.exc.DBAPIError, match=REFUSED):
            sql(db, statement)


def _lift_guard(db) -> None:
    sql(db, "DROP TRIGGER riwayat_pengguna_tolak_ubah",
         "DROP TRIGGER riwayat_pengguna_tolak_hapus")


@pytest.mark.parametrize(("statements", "expected"), [
    (["UPDATE pengguna SET aktif = false WHERE nama = 'ppk_pupr'"],
     ("ppk_pupr", "status aktif pengguna ppk_pupr berbeda dari yang tercatat")),
    (["INSERT INTO pengguna (nama, peran, aktif, dibuat, oleh) "
      "VALUES ('siluman', 'admin', 1, '2026-01-01 00:00:00.000000', 'x')"],
     ("siluman", "pengguna siluman tidak punya riwayat peran sama sekali")),
    (["DELETE FROM pengguna WHERE nama = 'ppk_pupr'"],
     ("ppk_pupr", "riwayat peran pengguna ppk_pupr ada, tetapi penggunanya tidak ada lagi")),
    (["DELETE FROM riwayat_pengguna WHERE id = 4"],
     ("ppk_pupr", "ujung riwayat peran pengguna ppk_pupr tidak sama dengan entri terakhirnya")),
    (["UPDATE riwayat_pengguna SET oleh = 'siluman' WHERE id = 3"],
     ("ppk_pupr", "isi entri riwayat peran tidak cocok dengan hash-nya")),
    (["DELETE FROM riwayat_pengguna WHERE id = 3"],
     ("ppk_pupr", "tidak tersambung ke entri sebelumnya #2")),
], ids=["aktif", "row-added", "row-deleted", "newest-deleted", "edited", "middle-deleted"])
def test_what_sql_does_to_users_is_reported(sqlite_db, statements, expected):
    _users(sqlite_db)
    _lift_guard(sqlite_db)
    sql(sqlite_db, *statements)
    found = _problems(sqlite_db)
    assert len(found) == 1 and found[0][0] == expected[0], found
    assert expected[1] in found[0][1]


def test_the_audit_command_shows_the_users_that_broke(sqlite_db):
    _users(sqlite_db)
    ok = checked(sqlite_db.engine.url.database)
    assert ok("audit", "verifikasi").stdout.splitlines()[-1] == (
        "Riwayat peran pengguna utuh: 2 pengguna, 4 entri.")
    sql(sqlite_db, "UPDATE pengguna SET peran = 'admin', opd_id = NULL "
                    "WHERE nama = 'ppk_pupr'")
    shown = " ".join(ok("audit", "verifikasi", code=1).stdout.split())
    assert "Riwayat peran pengguna yang rusak" in shown
    assert ("Riwayat peran RUSAK pada 1 pengguna (2 pengguna, 4 entri); pertama: peran dan "
            "OPD pengguna ppk_pupr berbeda dari yang tercatat (diubah di luar aplikasi).") in shown
    report = ok("audit", "verifikasi", "--format", "json", code=1).stdout
    assert '"pengguna_rusak": 1' in report and '"nama": "ppk_pupr"' in report


def test_a_writer_that_forgets_the_entry_is_refused(sqlite_db):
    """The safety net: a change of a user without its entry never reaches the database."""
    _users(sqlite_db)
    with sqlite_db.unit_of_work(write=True) as uow:
        users.find(uow.session, "ppk_pupr").peran = "admin"
        with pytest.raises(user_chain.JejakPenggunaHilang, match="ppk_pupr"):
            uow.commit()
    with sqlite_db.unit_of_work(write=True) as uow:
        found = users.find(uow.session, "admin")
        uow.session.add(Pengguna(nama="baru", peran="admin", aktif=True, dibuat=found.dibuat,
                                 oleh="admin"))
        with pytest.raises(user_chain.JejakPenggunaHilang, match="baru"):
            uow.commit()
    assert verify_history(sqlite_db).utuh and len(_entries(sqlite_db)) == 4


@pytest.mark.both_databases
def test_the_migration_starts_every_users_record(db):
    """Users registered before 0009 get one ``awal`` entry each, hashed by the
    migration's frozen copy exactly as db/user_chain.py hashes; the guard comes back."""
    _users(db)
    downgrade(db.engine, revision_before("0009_riwayat_pengguna.py"))
    try:
        sql(db, "UPDATE pengguna SET peran = 'ukpbj', opd_id = NULL "
                 "WHERE nama = 'ppk_pupr'")  # before the record existed: its starting point
    finally:
        upgrade(db.engine)
    assert current_revision(db.engine) == head_revision()
    assert _entries(db) == [("admin", "awal", True, "migrasi"),
                            ("ppk_pupr", "awal", True, "migrasi")]
    with db.engine.connect() as conn:
        for entry in conn.execute(sa.select(RiwayatPengguna)):
            assert entry.hash == user_chain.hash_of_row(entry, None)
    report = verify_history(db)
    assert report.utuh and report.pengguna.entri == 2
    with pytest.raises(sa.exc.DBAPIError, match=REFUSED):
        sql(db, "DELETE FROM riwayat_pengguna")


def test_the_anchor_catches_a_role_rewritten_with_its_hashes(sqlite_db, tmp_path):
    """The owner's attack on a user: change the row, the newest entry and its hash and
    the head together; the chain alone verifies, the PJ2 anchor and a backup made
    before do not. A PJ1 anchor (paket chains only, written before users were chained)
    still verifies."""
    _users(sqlite_db)
    anchor = take_anchor(sqlite_db)
    copy = str(tmp_path / "cadangan.db")
    backup(sqlite_db, copy)
    add_user(sqlite_db, "pokja_2", "ukpbj", actor="admin")  # new since: counted, not blamed
    assert anchor.teks.startswith("PJ2-0-4-") and (anchor.pengguna, anchor.entri_pengguna) == (2, 4)
    _lift_guard(sqlite_db)
    with sqlite_db.engine.begin() as conn:
        newest = conn.execute(sa.select(RiwayatPengguna).where(RiwayatPengguna.id == 4)).one()
        forged = user_chain.entry_hash(newest.nama, "admin", None, True, newest.aksi,
                                       newest.dicatat, newest.oleh, newest.hash_sebelumnya)
        conn.execute(sa.text("UPDATE riwayat_pengguna SET peran = 'admin', opd_id = NULL, "
                             "hash = :h WHERE id = 4"), {"h": forged})
        conn.execute(sa.text("UPDATE pengguna SET peran = 'admin', opd_id = NULL, "
                             "riwayat_hash = :h WHERE nama = 'ppk_pupr'"), {"h": forged})
    assert verify_history(sqlite_db).utuh, "the chain alone cannot see it"
    assert verify_history(sqlite_db, anchor.teks).jangkar_cocok is False
    found = compare_backup(sqlite_db, copy)
    assert found.hasil.utuh and not found.utuh
    assert (found.pengguna.diubah, found.pengguna.baru, found.pengguna.entri_baru) == (
        ["ppk_pupr"], 1, 1)
    said = checked(sqlite_db.engine.url.database)("audit", "bandingkan", copy, code=1).stdout
    assert "ppk_pupr" in said and "BERBEDA: 1 pengguna tidak cocok" in said
    assert "1 pengguna baru, 1 entri pengguna baru" in said
    with sqlite_db.unit_of_work() as uow:
        old = f"PJ1-0-{history_heads.digest(history_heads.heads(uow.session))}"
    assert verify_history(sqlite_db, old).jangkar_cocok is True


def test_a_backup_made_before_the_record_is_checked_and_restored(sqlite_db, tmp_path):
    """A copy at 0007 has no users' record: its paket chains are checked, and once
    restored the database is migrated and starts the record."""
    _users(sqlite_db)
    copy = tmp_path / "cadangan.db"
    backup(sqlite_db, str(copy))
    engine = get_engine(f"sqlite:///{copy}")
    downgrade(engine, revision_before("0009_riwayat_pengguna.py"))
    engine.dispose()
    compared = compare_backup(sqlite_db, str(copy))
    assert compared.pengguna is None and compared.utuh
    assert restore(sqlite_db, str(copy)).audit.pengguna is None
    reopened = open_database(sqlite_db.url)  # as the next command does: migrated
    assert [aksi for _n, aksi, _a, _o in _entries(reopened)] == ["awal", "awal"]
    assert verify_history(reopened).utuh
