"""Issue #7: ``audit verifikasi`` and ``cadangan`` on the synthetic files, and the
migration that chains a database which already has history.

Verification walks every entry in one ordered query and hashes each in Python; the
raw reference is the same query read by plain sqlite3 without hashing (the floor of
any walk). The backup's reference is the bare sqlite3 backup call, without opening
and verifying the copy. The migration is timed once: a working copy taken back to the
revision before the chain, then upgraded (backfill of every hash, table rebuilt,
triggers).
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

from pengadaan.db.history_chain import WALK_QUERY
from pengadaan.db.migrate import downgrade, revision_before, upgrade
from pengadaan.db.uow import open_database

from bench.data import cached_database, working_copy
from bench.registry import Result, Run, measurement, timed
from pengadaan.domain.formatting import angka
from pengadaan.usecases.audit import backup, verify_history

CHAIN_MIGRATION = "0003_riwayat_hash.py"


def _raw_walk(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        sql = str(WALK_QUERY.compile(compile_kwargs={"literal_binds": True}))
        return sum(1 for _ in conn.execute(sql))
    finally:
        conn.close()


def _raw_backup(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _our_backup(db, target: Path) -> None:
    target.unlink(missing_ok=True)
    if not backup(db, str(target)).audit.utuh:
        raise RuntimeError("salinan tidak utuh")


def _migration(run: Run, n: int, path: Path) -> None:
    work = working_copy(path, run.scratch)
    db = open_database(str(work))
    downgrade(db.engine, revision_before(CHAIN_MIGRATION))
    start = time.perf_counter()
    upgrade(db.engine)
    seconds = time.perf_counter() - start
    report = verify_history(db)
    db.engine.dispose()
    work.unlink()
    if not report.utuh:
        raise RuntimeError(f"migrasi menghasilkan rantai rusak: {report.breaks[:1]}")
    run.add(Result("migrasi rantai hash (isi hash riwayat lama)", n, seconds,
                   note=f"{angka(report.entri)} entri, sekali"))


def _measure(run: Run, n: int, path: Path) -> None:
    db = open_database(str(path))
    report = verify_history(db)
    if not report.utuh:
        raise RuntimeError(f"berkas bench tidak utuh: {report.breaks[:1]}")
    run.add(Result("audit verifikasi (use case)", n,
                   timed(lambda: verify_history(db), repeat=3),
                   timed(lambda: _raw_walk(path), repeat=3), "sqlite3 baca tanpa hash",
                   f"{angka(report.entri)} entri"))
    target = run.scratch / "cadangan.db"
    run.add(Result("cadangan (salin + buka + verifikasi)", n,
                   timed(lambda: _our_backup(db, target), repeat=3),
                   timed(lambda: _raw_backup(path, target), repeat=3), "sqlite3 backup saja"))
    target.unlink(missing_ok=True)
    db.engine.dispose()


@measurement("audit")
def audit(run: Run) -> None:
    for n in run.sizes:
        path, _built = cached_database(n, run.seed)
        _measure(run, n, path)
        _migration(run, n, path)
