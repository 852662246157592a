"""``paket maju`` on an existing SQLite file without SQLAlchemy (issue #15,
pengadaan/usecases/maju.py): the same rows as the ORM path, the same refusals, nothing
half-written, and a run that imports neither SQLAlchemy nor SQLModel once cached."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from freezegun import freeze_time
from pengadaan.db.location import TIMEOUT_ENV_VAR
from pengadaan.db.reading import CachedDatabase, Unusable
from pengadaan.db.uow import open_database

from pengadaan.domain.errors import Conflict, GuardFailed, InvalidInput, TidakBerwenang
from pengadaan.usecases import maju, pengguna
from pengadaan.usecases import paket as paket_uc
from pengadaan.usecases.audit import verify_history
from tests.cli_support import run
from tests.conftest import ACTOR, make_opd, make_paket
from tests.test_sql_cache import cache_home  # noqa: F401  (the fixture)

TODAY = date(2026, 2, 2)
# From persiapan to a signed contract (tender).
WALK = ("umumkan", "beri_penjelasan", "buka_penawaran", "mulai_evaluasi",
        "buktikan_kualifikasi", "tetapkan_pemenang", "buka_sanggah", "terbitkan_sppbj",
        "tanda_tangan_kontrak")
WINNER = dict(penyedia="CV Maju", nilai_kontrak=850_000_000)
# What a transition leaves, by table (ids and the order rows were written in).
TABLES = {"paket": "SELECT * FROM paket ORDER BY id",
          "riwayat": "SELECT * FROM riwayat ORDER BY id",
          "jadwal": "SELECT * FROM jadwal ORDER BY id"}


@pytest.fixture
def twins(sqlite_db, tmp_path, cache_home):  # noqa: F811
    """Two copies of one database holding a paket P-1 in persiapan: the first for the
    ORM path, the second for the cached one."""
    make_opd(sqlite_db)
    make_paket(sqlite_db)
    paket_uc.transition(sqlite_db, "P-1", "siapkan", ACTOR, tanggal=date(2026, 1, 6),
                        today=TODAY)
    sqlite_db.engine.dispose()
    copy = tmp_path / "kembar.db"
    shutil.copy(sqlite_db.engine.url.database, copy)
    return sqlite_db, CachedDatabase(str(copy), sqlite_db.settings)


def _rows(path: str) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as connection:
        return {name: connection.execute(sql).fetchall() for name, sql in TABLES.items()}


def _walk(twins, steps) -> None:
    """Fire ``steps`` on the ORM twin and on the cached one, the moment frozen: the
    same answers."""
    orm, cached = twins
    for pemicu, options in steps:
        with freeze_time("2026-02-02 03:04:05.123456+07:00"):
            by_orm = paket_uc.transition(orm, "P-1", pemicu, ACTOR, tanggal=TODAY,
                                         today=TODAY, **options)
            by_cache = maju.transition(cached, "P-1", pemicu, ACTOR, tanggal=TODAY,
                                       today=TODAY, **options)
        assert by_orm == by_cache


def _same_rows(twins) -> dict[str, list[tuple]]:
    """Every table a transition writes, byte for byte alike on both twins; the chain
    holds."""
    orm, cached = twins
    orm.engine.dispose()
    written, expected = _rows(cached.path), _rows(orm.engine.url.database)
    for name in TABLES:
        assert written[name] == expected[name], name
    assert verify_history(open_database(f"sqlite:///{cached.path}")).utuh
    return written


def test_the_cached_path_writes_what_the_orm_path_writes(twins):
    """The row, its version and chain head, the entry with its hash and the HPS it
    recorded (``nilai``), the schedule (a stage entered that had no row yet: batal)."""
    _walk(twins, [("umumkan", dict(catatan="HPS ditetapkan", hps=900_000_000)),
                  ("batalkan", dict(catatan="anggaran dialihkan"))])
    written = _same_rows(twins)
    assert '"hps":900000000' in written["riwayat"][-2][-1]
    assert written["jadwal"][-1][2] == "batal"


def test_a_winner_and_a_signed_contract_are_written_alike(twins):
    """The winner (its penyedia trimmed, within its limit) and a contract signed on a
    paket whose schedule lacks the stages it enters and plans: the kontrak row opened,
    the pelaksanaan row planned over the contract period, then opened by the SPMK."""
    for db in twins:
        path = db.path if isinstance(db, CachedDatabase) else db.engine.url.database
        with sqlite3.connect(path) as connection:
            connection.execute("DELETE FROM jadwal WHERE tahap IN ('kontrak', 'pelaksanaan')")
    signed = dict(WINNER, mulai_kontrak=TODAY, selesai_kontrak=date(2026, 6, 30))
    _walk(twins, [("umumkan", dict(hps=900_000_000)), *((p, {}) for p in WALK[1:5]),
                  ("tetapkan_pemenang", dict(WINNER, penyedia="  CV Maju ")),
                  *((p, {}) for p in WALK[6:8]), ("tanda_tangan_kontrak", signed),
                  ("terbitkan_spmk", {})])
    written = _same_rows(twins)
    assert '"penyedia":"CV Maju"' in written["riwayat"][-5][-1]
    assert [row[2:8] for row in written["jadwal"][-2:]] == [
        ("kontrak", 12, None, None, "2026-02-02", "2026-02-02"),
        ("pelaksanaan", 13, "2026-02-02", "2026-06-30", "2026-02-02", None)]


def test_refusals_are_the_orm_paths_and_write_nothing(twins):
    orm, cached = twins
    before = _rows(cached.path)
    with pytest.raises(Conflict, match=r"^paket P-1 sudah diubah pengguna lain \(versi 2, "
                                       r"Anda membaca versi 1\)"):
        maju.transition(cached, "P-1", "umumkan", ACTOR, hps=900_000_000, expected_version=1,
                        today=TODAY)
    with pytest.raises(GuardFailed) as refused:  # HPS above the pagu
        maju.transition(cached, "P-1", "umumkan", ACTOR, hps=2_000_000_000, today=TODAY)
    with pytest.raises(GuardFailed) as same:
        paket_uc.transition(orm, "P-1", "umumkan", ACTOR, hps=2_000_000_000, today=TODAY)
    assert str(refused.value) == str(same.value)
    pengguna.add_user(orm, ACTOR, "admin", ACTOR)
    orm.engine.dispose()
    shutil.copy(orm.engine.url.database, cached.path)
    before = _rows(cached.path)
    with pytest.raises(TidakBerwenang):
        maju.transition(cached, "P-1", "umumkan", "tamu", hps=900_000_000, today=TODAY)
    assert _rows(cached.path) == before


def test_a_penyedia_too_long_is_refused_alike(twins):
    """The cached path checks the penyedia against its column's limit itself, with the
    ORM path's words, and writes nothing."""
    orm, cached = twins
    for pemicu in WALK[:5]:
        options = dict(hps=900_000_000) if pemicu == "umumkan" else {}
        for db in twins:
            maju.transition(db, "P-1", pemicu, ACTOR, tanggal=TODAY, today=TODAY, **options)
    before = _rows(cached.path)
    refusals = []
    for db in twins:
        with pytest.raises(InvalidInput) as refused:
            maju.transition(db, "P-1", "tetapkan_pemenang", ACTOR, tanggal=TODAY, today=TODAY,
                            penyedia="P" * 201, nilai_kontrak=850_000_000)
        refusals.append(str(refused.value))
    assert refusals == ["penyedia: paling panjang 200 karakter (201 diberikan)"] * 2
    assert _rows(cached.path) == before


def test_what_only_the_orm_writes_is_left_to_it(twins):
    """A database to migrate, or a trigger whose records only the ORM writes (putus
    kontrak: the daftar hitam): Unusable, nothing written (the CLI then asks the ORM
    database)."""
    _, cached = twins
    for pemicu in (*WALK, "terbitkan_spmk"):
        options = {"umumkan": dict(hps=900_000_000), "tetapkan_pemenang": WINNER,
                   "tanda_tangan_kontrak": WINNER}
        maju.transition(cached, "P-1", pemicu, ACTOR, tanggal=TODAY, today=TODAY,
                        **options.get(pemicu, {}))
    before = _rows(cached.path)
    with pytest.raises(Unusable):
        maju.transition(cached, "P-1", "putus_kontrak", ACTOR, tanggal=TODAY, today=TODAY,
                        catatan="wanprestasi")
    assert _rows(cached.path) == before
    with sqlite3.connect(cached.path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'lama'")
    with pytest.raises(Unusable):
        maju.transition(cached, "P-1", "umumkan", ACTOR, hps=900_000_000, today=TODAY)
    assert _rows(cached.path)["paket"] == before["paket"]


SCRIPT = """
import contextlib, io, json, sys
sys.argv = ["pengadaan", "--db", sys.argv[1], "paket", "maju", *sys.argv[2:]]
from pengadaan.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
    main()
print(json.dumps([out.getvalue(), sorted({m.split(".")[0] for m in sys.modules})]))
"""


def _maju(path: str, *args: str) -> tuple[str, set[str]]:
    result = subprocess.run([sys.executable, "-c", SCRIPT, path, *args], capture_output=True,
                            text=True, check=True)
    out, modules = json.loads(result.stdout.splitlines()[-1])
    return out, set(modules)


def test_paket_maju_imports_no_sqlalchemy_once_cached(twins):
    """The first run compiles the statements (SQLAlchemy), as does the first of each
    shape (which columns the UPDATE sets: umumkan sets the HPS too); a run of a known
    shape reads their text, and prints its line without Rich or Babel; what they print
    is what the ORM path prints; the chain holds."""
    _, cached = twins
    first, loaded = _maju(cached.path, "P-1", "umumkan", "--hps", "900.000.000")
    assert "sqlalchemy" in loaded
    _maju(cached.path, "P-1", "beri_penjelasan")
    then, loaded = _maju(cached.path, "P-1", "buka_penawaran")
    assert {"sqlalchemy", "sqlmodel", "pydantic", "alembic", "rich", "babel"}.isdisjoint(loaded)
    db = open_database(f"sqlite:///{cached.path}")
    detail = paket_uc.show_paket(db, "P-1")
    assert [s.pemicu for s in detail.riwayat][-3:] == ["umumkan", "beri_penjelasan",
                                                       "buka_penawaran"]
    assert first.startswith("Paket P-1: umumkan → Pengumuman (")
    assert then.startswith(f"Paket P-1: buka_penawaran → Pemasukan Penawaran "
                           f"({detail.paket.tahap_sejak:%d/%m/%Y}).")
    assert verify_history(db).utuh


def test_a_locked_file_is_waited_for_once(twins):
    """Still locked after the busy timeout: said at once, in the ORM path's words
    (db/sqlite_failure.py), without asking the ORM, which would wait the timeout a
    second time (no SQLAlchemy loaded); nothing written."""
    _, cached = twins
    before = _rows(cached.path)
    holder = sqlite3.connect(cached.path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT, cached.path, "P-1", "umumkan", "--hps", "900.000.000"],
            capture_output=True, text=True, check=True,
            env={**os.environ, TIMEOUT_ENV_VAR: "200"})
    finally:
        holder.rollback()
        holder.close()
    _, modules = json.loads(result.stdout.splitlines()[-1])
    assert result.stderr.strip() == ("Galat: basis data sedang dikunci pengguna lain, coba lagi "
                                     "sebentar (database is locked)")
    assert "sqlalchemy" not in modules
    assert _rows(cached.path) == before


def test_paket_maju_on_a_missing_file_still_creates_it(tmp_path, cache_home):  # noqa: F811
    """As before the cached path: a write opens (creates) the database; the kode is
    then unknown."""
    path = tmp_path / "baru.db"
    result = run("--db", str(path), "paket", "maju", "X-9", "siapkan")
    assert result.returncode == 3
    assert result.stderr.strip() == "Galat: paket dengan kode 'X-9' tidak ditemukan"
    assert path.exists()
