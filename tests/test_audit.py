"""Tamper-evident history (issue #7): the hash chain per paket, the triggers that make
riwayat append-only, ``verify_history`` naming the first broken entry, and backups.

On SQLite; the triggers, bulk chains and ordering on PostgreSQL too. To tamper, a
test first drops the triggers the way an intruder with SQL access would
(``unguarded``), and puts them back afterwards.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from pengadaan.db.backup import pg_dump_command
from pengadaan.db.history import append_history, append_history_bulk
from pengadaan.db.history_guard import REFUSAL, create_guard, drop_guard
from pengadaan.db.history_text import entry_hash, hash_of_row
from pengadaan.db.migrate import downgrade, revision_before, upgrade
from pengadaan.db.models import Paket, Riwayat
from pengadaan.db.uow import open_database

from pengadaan.demo.load import load_demo
from pengadaan.domain.errors import Conflict, InvalidInput
from pengadaan.usecases.audit import backup, verify_history
from pengadaan.usecases.paket import create_paket
from tests.audit_support import sql
from tests.conftest import ACTOR, make_opd, make_paket
from tests.spine_paths import TENDER_TO_EVALUASI, Walker

CHAIN_MIGRATION = "0003_riwayat_hash.py"


def _two_pakets(db) -> None:
    """P-1: six entries (buat + five steps), P-2: two; their ids interleave."""
    make_opd(db)
    make_paket(db, "P-1")
    make_paket(db, "P-2")
    Walker(db, "P-1", 1_000_000_000).walk(TENDER_TO_EVALUASI)
    Walker(db, "P-2", 1_000_000_000).step("siapkan", "persiapan")


def _ids(db, kode: str) -> list[int]:
    with db.engine.connect() as conn:
        return list(conn.execute(
            sa.select(Riwayat.id).join(Paket, Paket.id == Riwayat.paket_id)
            .where(Paket.kode == kode).order_by(Riwayat.id)).scalars())


@pytest.fixture
def unguarded(db):
    """The database with its riwayat triggers dropped (restored after the test, since
    the PostgreSQL database is shared by the whole run)."""
    with db.engine.begin() as conn:
        drop_guard(conn)
    yield db
    with db.engine.begin() as conn:
        drop_guard(conn)  # a test may have put them back already
        create_guard(conn)


def _only_break(db):
    report = verify_history(db)
    assert not report.utuh
    assert report.rusak == len(report.breaks) == 1, report.breaks
    return report.breaks[0]


# --- an untouched database -------------------------------------------------------------------


@pytest.mark.both_databases
def test_an_untouched_database_verifies(db):
    _two_pakets(db)
    report = verify_history(db)
    assert report.utuh and report.breaks == []
    assert (report.entri, report.paket) == (8, 2)


def test_an_empty_database_verifies(db):
    report = verify_history(db)
    assert report.utuh and (report.entri, report.paket) == (0, 0)


def test_every_entry_links_to_the_one_before_it(db):
    _two_pakets(db)
    with db.unit_of_work() as uow:
        rows = [(r.paket_id, r.hash, r.hash_sebelumnya, hash_of_row(r, r.hash_sebelumnya))
                for r in uow.session.execute(
                    sa.select(Riwayat).order_by(Riwayat.paket_id, Riwayat.id)).scalars()]
    previous: dict[int, str | None] = {}
    for paket_id, stored, linked_to, recomputed in rows:
        assert linked_to == previous.get(paket_id)
        assert stored == recomputed
        previous[paket_id] = stored
    assert sum(r[2] is None for r in rows) == 2  # one first entry per paket


def test_the_hash_is_the_same_whatever_the_timezone_of_dicatat():
    """The stamp is hashed in UTC: the same moment in WIB gives the same hash."""
    from pengadaan.domain.formatting import WIB

    moment = datetime(2026, 1, 5, 2, 3, 4, 5, tzinfo=UTC)
    args = (1, None, "rencana", "buat", date(2026, 1, 5))
    assert (entry_hash(*args, moment, "a", None, None)
            == entry_hash(*args, moment.astimezone(WIB), "a", None, None))
    assert entry_hash(*args, moment, "a", None, None) != entry_hash(*args, moment, "a", "", None)
    with pytest.raises(ValueError, match="zona waktu"):
        entry_hash(*args, moment.replace(tzinfo=None), "a", None, None)


@pytest.mark.both_databases
def test_demo_data_chained_in_bulk_verifies(db):
    summary = load_demo(db, 40, date(2026, 11, 25), 7, actor=ACTOR)
    report = verify_history(db)
    assert report.utuh, report.breaks[:3]
    assert (report.entri, report.paket) == (summary.riwayat, 40)


@pytest.mark.both_databases
def test_bulk_appends_continue_existing_chains(db):
    """Several entries of one paket in one call, after the history it already has."""
    _two_pakets(db)
    now = datetime(2026, 2, 1, tzinfo=UTC)
    with db.unit_of_work(write=True) as uow:
        ids = dict(uow.session.execute(sa.select(Paket.kode, Paket.id)).all())
        rows = [dict(paket_id=ids[kode], dari=tahap, ke=tahap, pemicu="ubah_jadwal",
                     tanggal=date(2026, 2, 1), dicatat=now, oleh=ACTOR, catatan=f"catatan {i}")
                for i, (kode, tahap) in enumerate(
                    [("P-1", "evaluasi"), ("P-2", "persiapan"), ("P-1", "evaluasi")])]
        append_history_bulk(uow.session, rows)
        uow.commit()
    report = verify_history(db)
    assert report.utuh, report.breaks
    assert report.entri == 11


@pytest.mark.both_databases
def test_appends_in_one_transaction_chain_on_each_other(db):
    _two_pakets(db)
    now = datetime(2026, 2, 1, tzinfo=UTC)
    with db.unit_of_work(write=True) as uow:
        paket = uow.session.execute(sa.select(Paket).where(Paket.kode == "P-2")).scalar_one()
        for note in ("satu", "dua"):
            append_history(uow.session, paket.id, "persiapan", "persiapan", "ubah_jadwal",
                           date(2026, 2, 1), now, ACTOR, note)
        uow.commit()
    assert verify_history(db).utuh


# --- the database refuses edits --------------------------------------------------------------


@pytest.mark.both_databases
@pytest.mark.parametrize("statement", [
    "UPDATE riwayat SET oleh = 'penyusup' WHERE id = :id",
    "DELETE FROM riwayat WHERE id = :id",
])
def test_the_database_refuses_to_change_history(db, statement):
    _two_pakets(db)
    with pytest.raises(sa.exc.DBAPIError, match=REFUSAL):
        sql(db, statement, id=_ids(db, "P-1")[2])
    assert verify_history(db).utuh


@pytest.mark.both_databases
def test_inserting_stays_allowed_and_a_bad_hash_is_caught(db):
    """Triggers guard UPDATE and DELETE only; a forged row with a copied hash is seen."""
    _two_pakets(db)
    sql(db, "INSERT INTO riwayat (paket_id, dari, ke, pemicu, tanggal, dicatat, oleh, hash, "
             "hash_sebelumnya) SELECT paket_id, ke, ke, 'ubah_jadwal', tanggal, dicatat, "
             "'penyusup', hash, hash FROM riwayat WHERE id = :id", id=_ids(db, "P-2")[-1])
    found = _only_break(db)
    assert (found.kode, found.entri) == ("P-2", _ids(db, "P-2")[-1])
    assert "isi entri tidak cocok" in found.masalah


# --- tampering is named --------------------------------------------------------------------


def test_an_edited_entry_is_named(unguarded):
    db = unguarded
    _two_pakets(db)
    target = _ids(db, "P-1")[3]
    sql(db, "UPDATE riwayat SET catatan = 'disetujui' WHERE id = :id", id=target)
    found = _only_break(db)
    assert (found.kode, found.entri) == ("P-1", target)
    assert found.tanggal is not None
    assert "isi entri tidak cocok dengan hash-nya" in found.masalah


def test_an_edited_date_is_named(unguarded):
    db = unguarded
    _two_pakets(db)
    target = _ids(db, "P-2")[1]
    sql(db, "UPDATE riwayat SET tanggal = :day WHERE id = :id", day=date(2026, 1, 9), id=target)
    assert _only_break(db).entri == target


@pytest.mark.parametrize(("kode", "deleted", "named", "masalah"), [
    ("P-1", 2, 3, "tidak tersambung ke entri sebelumnya #{ids[1]}"),
    ("P-2", 0, 1, "entri awal dihapus"),
    ("P-1", -1, -2, "tahap paket 'evaluasi' tidak sama dengan langkah terakhir riwayat"),
], ids=["middle-breaks-the-next-link", "first", "newest-no-longer-leads-to-the-stage"])
def test_a_deleted_entry_is_named(unguarded, kode, deleted, named, masalah):
    db = unguarded
    _two_pakets(db)
    ids = _ids(db, kode)
    sql(db, "DELETE FROM riwayat WHERE id = :id", id=ids[deleted])
    found = _only_break(db)
    assert (found.kode, found.entri) == (kode, ids[named])
    assert masalah.format(ids=ids) in found.masalah


def test_a_paket_without_any_history_is_named(unguarded):
    db = unguarded
    _two_pakets(db)
    sql(db, "DELETE FROM riwayat WHERE paket_id = (SELECT id FROM paket WHERE kode = 'P-2')")
    found = _only_break(db)
    assert (found.kode, found.entri) == ("P-2", None)


@pytest.mark.both_databases
def test_swapped_entries_are_named(unguarded):
    """Both rows keep valid hashes of their own content: only the links show it."""
    db = unguarded
    _two_pakets(db)
    ids = _ids(db, "P-1")
    a, b = ids[2], ids[3]
    sql(db, "UPDATE riwayat SET id = -id WHERE id = :a",
         "UPDATE riwayat SET id = :a WHERE id = :b",
         "UPDATE riwayat SET id = :b WHERE id = -:a", a=a, b=b)
    found = _only_break(db)
    assert (found.kode, found.entri) == ("P-1", a)
    assert f"tidak tersambung ke entri sebelumnya #{ids[1]}" in found.masalah


def test_an_entry_inserted_with_a_correct_hash_still_breaks_the_next_link(unguarded):
    """A forger who computes the hash (our algorithm is no secret) for an entry slipped
    between two others: the later entry no longer links to its predecessor."""
    db = unguarded
    _two_pakets(db)
    first, second = _ids(db, "P-2")
    sql(db, "UPDATE riwayat SET id = 1000 WHERE id = :id", id=second)
    with db.unit_of_work() as uow:
        genuine = uow.session.get(Riwayat, first)
        paket_id, previous = genuine.paket_id, genuine.hash
    forged = dict(paket_id=paket_id, dari="rencana", ke="rencana", pemicu="ubah_jadwal",
                  tanggal=date(2026, 1, 6), dicatat=datetime(2026, 1, 6, tzinfo=UTC),
                  oleh="penyusup", catatan="sisipan")
    with db.engine.begin() as conn:
        conn.execute(sa.insert(Riwayat.__table__).values(
            id=999, hash_sebelumnya=previous, hash=entry_hash(**forged, previous=previous),
            **forged))
    found = _only_break(db)
    assert (found.kode, found.entri) == ("P-2", 1000)
    assert "tidak tersambung ke entri sebelumnya #999" in found.masalah


def test_only_the_first_break_of_each_paket_is_reported(unguarded):
    db = unguarded
    _two_pakets(db)
    ids1, ids2 = _ids(db, "P-1"), _ids(db, "P-2")
    sql(db, "UPDATE riwayat SET oleh = 'x' WHERE id IN (:a, :b, :c)",
         a=ids1[1], b=ids1[4], c=ids2[0])
    report = verify_history(db)
    assert report.rusak == 2
    assert [(b.kode, b.entri) for b in report.breaks] == [("P-1", ids1[1]), ("P-2", ids2[0])]
    assert report.entri == 8  # counting goes on past a break


# --- migration of a database that already has history ------------------------------------------


@pytest.mark.both_databases
def test_upgrading_a_database_with_history_backfills_the_same_chain(db):
    """From the revision before the chain, with data: the backfill computes exactly
    what the writer computes (and 0008_jejak_nilai's seal too: the entries lose their
    ``nilai`` on the way down, so their hashes are compared with the writer's, not with
    the ones before)."""
    _two_pakets(db)
    with db.engine.connect() as conn:
        before = conn.execute(sa.text("SELECT id FROM riwayat ORDER BY id")).scalars().all()
    downgrade(db.engine, revision_before(CHAIN_MIGRATION))
    try:
        with db.engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("riwayat")}
        assert "hash" not in columns
    finally:
        upgrade(db.engine)
    with db.unit_of_work() as uow:
        rows = uow.session.execute(sa.select(Riwayat).order_by(Riwayat.id)).scalars().all()
        assert [r.id for r in rows][:len(before)] == before
        previous: dict[int, str | None] = {}
        for row in rows:
            assert row.hash_sebelumnya == previous.get(row.paket_id)
            assert row.hash == hash_of_row(row, row.hash_sebelumnya)
            previous[row.paket_id] = row.hash
    assert verify_history(db).utuh
    with pytest.raises(sa.exc.DBAPIError, match=REFUSAL):  # and the triggers are back
        sql(db, "DELETE FROM riwayat")


# --- backups ---------------------------------------------------------------------------------


def test_backup_of_sqlite_opens_and_verifies(sqlite_db, tmp_path):
    _two_pakets(sqlite_db)
    hasil = backup(sqlite_db, str(tmp_path / "cadangan.db"))
    assert hasil.perintah is None
    assert hasil.audit.utuh and (hasil.audit.entri, hasil.audit.paket) == (8, 2)
    assert hasil.ukuran == (tmp_path / "cadangan.db").stat().st_size
    copy = open_database(str(tmp_path / "cadangan.db"))
    assert [p.kode for p in _pakets(copy)] == ["P-1", "P-2"]
    assert not (tmp_path / "cadangan.db.partial").exists()


def _pakets(db) -> list[Paket]:
    with db.engine.connect() as conn:
        return list(conn.execute(sa.select(Paket.__table__).order_by(Paket.kode)))


def test_backup_leaves_out_a_transaction_still_open_elsewhere(sqlite_db, tmp_path):
    """Online: another connection holds the write lock mid-transaction; the copy is
    made anyway and holds only what was committed."""
    _two_pakets(sqlite_db)
    path = sqlite_db.engine.url.database
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE paket SET nama = 'belum disimpan' WHERE kode = 'P-1'")
        hasil = backup(sqlite_db, str(tmp_path / "cadangan.db"))
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert hasil.audit.utuh
    copy = open_database(str(tmp_path / "cadangan.db"))
    assert _pakets(copy)[0].nama == "Rehabilitasi Jalan Bae"


def test_backup_while_another_thread_keeps_writing(sqlite_db, tmp_path):
    """Each new paket writes its first history entry; the copy is a consistent cut."""
    make_opd(sqlite_db)
    stop, started = threading.Event(), threading.Event()
    written: list[str] = []

    def keep_writing() -> None:
        from pengadaan.usecases.paket import PaketBaru

        while not stop.is_set():
            kode = f"T-{len(written)}"
            create_paket(sqlite_db, PaketBaru(kode=kode, nama="Paket uji", opd="PUPR",
                                              metode="tender", jenis="barang",
                                              pagu=500_000_000, tahun=2026),
                         ACTOR, as_of=date(2026, 1, 5))
            written.append(kode)
            started.set()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        assert started.wait(30)
        hasil = backup(sqlite_db, str(tmp_path / "cadangan.db"))
    finally:
        stop.set()
        thread.join(30)
    assert hasil.audit.utuh, hasil.audit.breaks
    copied = [p.kode for p in _pakets(open_database(str(tmp_path / "cadangan.db")))]
    assert 1 <= len(copied) <= len(written)
    assert set(copied) == set(written[:len(copied)])  # a prefix: nothing half-copied
    assert hasil.audit.entri == hasil.audit.paket == len(copied)


def test_backup_refuses_an_existing_file_unless_told(sqlite_db, tmp_path):
    _two_pakets(sqlite_db)
    target = tmp_path / "cadangan.db"
    target.write_text("berkas lain")
    with pytest.raises(Conflict, match=r"sudah ada; pakai --timpa"):
        backup(sqlite_db, str(target))
    assert target.read_text() == "berkas lain"
    assert backup(sqlite_db, str(target), timpa=True).audit.utuh


def test_backup_refuses_odd_targets(sqlite_db, tmp_path):
    with pytest.raises(InvalidInput, match="berkas: .* adalah folder"):
        backup(sqlite_db, str(tmp_path))
    with pytest.raises(InvalidInput, match="berkas: folder .* tidak ada"):
        backup(sqlite_db, str(tmp_path / "tidak-ada" / "c.db"))
    with pytest.raises(InvalidInput, match="basis data yang dicadangkan itu sendiri"):
        backup(sqlite_db, sqlite_db.engine.url.database, timpa=True)


def test_backup_of_postgresql_prints_pg_dump_without_the_password(pg_migrated, tmp_path):
    url = sa.engine.make_url(pg_migrated)
    hasil = backup(open_database(pg_migrated), str(tmp_path / "cadangan.dump"))
    assert hasil.perintah.startswith("pg_dump --format=custom --file=")
    assert f"postgresql://{url.username}@{url.host}:{url.port}/{url.database}" in hasil.perintah
    assert f":{url.password}@" not in hasil.perintah
    assert hasil.audit is None
    assert not (tmp_path / "cadangan.dump").exists()


def test_the_pg_dump_line_keeps_options_and_quotes_the_file():
    line = pg_dump_command("postgresql+psycopg://kab:rahasia@db.kudus.go.id:6432/pbj"
                           "?sslmode=require", Path("/data/cadangan pbj.dump"))
    assert line == ("pg_dump --format=custom '--file=/data/cadangan pbj.dump' "
                    "'--dbname=postgresql://kab@db.kudus.go.id:6432/pbj?sslmode=require'")
