"""Evidence that survives the database owner (issues #16, #19): an anchor written down
outside the database, comparing with a backup, restoring one; a full disk said in
Indonesian.

The owner's attack: lift the triggers, rewrite an entry and recompute every hash after
it. The chain alone then verifies; the anchor and the backup do not.
"""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from pengadaan.db.engine import get_engine
from pengadaan.db.history_text import hash_of_row
from pengadaan.db.models import Paket, Riwayat
from sqlmodel import SQLModel

from pengadaan.domain.errors import Conflict, InvalidInput
from pengadaan.usecases.audit import (
    backup,
    compare_backup,
    restore,
    take_anchor,
    verify_history,
)
from tests.audit_support import sql
from tests.cli_support import checked, run
from tests.spine_paths import Walker
from tests.test_audit import _ids, _two_pakets, unguarded  # noqa: F401


def _rewrite_as_owner(db, kode: str, position: int) -> None:
    """Change one entry of ``kode`` and recompute its hash and every later one, and the
    head on the paket row, so the chain verifies again (the triggers are already lifted)."""
    ids = _ids(db, kode)[position:]
    with db.engine.begin() as conn:
        conn.execute(sa.update(Riwayat).where(Riwayat.id == ids[0])
                     .values(catatan="dinyatakan lengkap"))
        previous = conn.execute(sa.select(Riwayat.hash_sebelumnya)
                                .where(Riwayat.id == ids[0])).scalar_one()
        for entry_id in ids:
            row = conn.execute(sa.select(Riwayat).where(Riwayat.id == entry_id)).one()
            new = hash_of_row(row, previous)
            conn.execute(sa.update(Riwayat).where(Riwayat.id == entry_id)
                         .values(hash=new, hash_sebelumnya=previous))
            previous = new
        conn.execute(sa.update(Paket).where(Paket.kode == kode).values(riwayat_hash=previous))


def _delete_paket(db, kode: str) -> None:
    """A paket and every row that hangs on it, as the owner could."""
    child_tables = [table.name for table in SQLModel.metadata.sorted_tables
                    if "paket_id" in table.c]
    sql(db, *(f"DELETE FROM {name} WHERE paket_id = (SELECT id FROM paket WHERE kode = :k)"
               for name in child_tables), "DELETE FROM paket WHERE kode = :k", k=kode)


@pytest.mark.both_databases
def test_the_anchor_catches_a_rewrite_with_every_later_hash_recomputed(unguarded):  # noqa: F811
    db = unguarded
    _two_pakets(db)
    anchor = take_anchor(db)
    assert (anchor.paket, anchor.entri) == (2, 8)
    Walker(db, "P-2", 1_000_000_000).step("umumkan", "pengumuman")  # after: not blamed
    assert verify_history(db, anchor.teks).utuh
    _rewrite_as_owner(db, "P-1", 2)
    assert verify_history(db).utuh, "the chain alone cannot see it"
    report = verify_history(db, f"notulen Rapim 1 Desember: {anchor.teks}.")
    assert report.jangkar_cocok is False and not report.utuh


@pytest.mark.both_databases
def test_the_anchor_catches_a_paket_deleted_with_its_history(unguarded):  # noqa: F811
    db = unguarded
    _two_pakets(db)
    anchor = take_anchor(db)
    _delete_paket(db, "P-2")
    assert verify_history(db).utuh
    assert not verify_history(db, anchor.teks).utuh


def test_anchor_from_the_command_line(sqlite_db, tmp_path):
    _two_pakets(sqlite_db)
    path = sqlite_db.engine.url.database
    ok = checked(path)
    shown = ok("audit", "jangkar", "--keluar", str(tmp_path / "jangkar.txt")).stdout
    assert "2 paket, 8 entri" in shown and "PJ2-" in shown
    assert "cocok dengan jangkar" in ok("audit", "verifikasi", "--jangkar",
                                        str(tmp_path / "jangkar.txt")).stdout
    bad = ok("audit", "verifikasi", "--jangkar", "PJ1-8-" + "0" * 64, code=1)
    assert "TIDAK COCOK dengan jangkar" in bad.stdout
    unwritable = ok("audit", "jangkar", "--keluar", str(tmp_path / "tidak-ada" / "j.txt"),
                    code=3)
    assert "--keluar: tidak dapat menulis" in unwritable.stderr
    wrong = ok("audit", "verifikasi", "--jangkar", "notulen tanpa sidik", code=3)
    assert "jangkar: tidak ditemukan teks PJ2-… atau PJ1-" in wrong.stderr
    with pytest.raises(InvalidInput):
        verify_history(sqlite_db, "PJ1-abc")


def test_backup_stays_a_self_contained_file_after_it_is_checked(sqlite_db, tmp_path):
    _two_pakets(sqlite_db)
    target = tmp_path / "cadangan.db"
    assert backup(sqlite_db, str(target)).audit.utuh
    compare_backup(sqlite_db, str(target))
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not (tmp_path / "cadangan.db-wal").exists()


def test_comparing_with_a_backup_names_what_was_lost_or_rewritten(unguarded, tmp_path):  # noqa: F811
    db = unguarded
    _two_pakets(db)
    target = str(tmp_path / "cadangan.db")
    backup(db, target)
    Walker(db, "P-2", 1_000_000_000).step("umumkan", "pengumuman")
    same = compare_backup(db, target).hasil
    assert same.utuh and (same.entri_baru, same.baru) == (1, 0)
    _rewrite_as_owner(db, "P-1", 4)
    _delete_paket(db, "P-2")
    found = compare_backup(db, target).hasil
    assert (found.diubah, found.hilang, found.berkurang) == (["P-1"], ["P-2"], [])
    result = checked(db.engine.url.database)("audit", "bandingkan", target, code=1)
    assert "BERBEDA: 2 paket" in result.stdout and "P-2" in result.stdout


def test_restore_puts_the_backup_back_and_keeps_what_was_live(sqlite_db, tmp_path):
    _two_pakets(sqlite_db)
    target = str(tmp_path / "cadangan.db")
    backup(sqlite_db, target)
    Walker(sqlite_db, "P-2", 1_000_000_000).step("umumkan", "pengumuman")
    path = sqlite_db.engine.url.database
    refused = run("--db", path, "pulihkan", target, input="t\n")
    assert refused.returncode == 130 and verify_history(sqlite_db).entri == 9
    done = checked(path)("pulihkan", target, "--ya")
    assert "Dipulihkan dari" in done.stdout and "8 entri, 2 paket" in done.stdout
    assert verify_history(sqlite_db).entri == 8
    aside = next(tmp_path.glob("pengadaan.db.sebelum-pulih-*"))
    with sqlite3.connect(aside) as conn:
        assert conn.execute("SELECT count(*) FROM riwayat").fetchone()[0] == 9


def test_a_backup_with_broken_history_is_not_restored(unguarded, tmp_path):  # noqa: F811
    db = unguarded
    _two_pakets(db)
    target = tmp_path / "cadangan.db"
    backup(db, str(target))
    with sqlite3.connect(target) as conn:
        conn.execute("DROP TRIGGER IF EXISTS riwayat_tolak_ubah")
        conn.execute("UPDATE riwayat SET catatan = 'x' WHERE id = 3")
    with pytest.raises(Conflict, match="riwayatnya rusak"):
        restore(db, str(target))
    assert verify_history(db).entri == 8


def test_a_full_disk_is_said_in_indonesian_and_nothing_is_kept(sqlite_db):
    """A real SQLITE_FULL: the file may not grow past the pages it has."""
    path = sqlite_db.engine.url.database
    engine = get_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    def cap(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    sa.event.listen(engine, "connect", cap)
    engine.dispose()
    try:
        result = run("--db", path, "demo", "--paket", "40")
    finally:
        sa.event.remove(engine, "connect", cap)
        engine.dispose()
    assert result.returncode == 3, result.stdout + result.stderr
    assert "disk penuh" in result.stderr and "Traceback" not in result.stderr
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM paket").scalar() == 0
