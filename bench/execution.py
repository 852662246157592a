"""Issue #5 measurements: recording progress, the kritis list in SQL, the kurva S.

- ``progres catat`` (record_progress: validation, plan, kritis, one INSERT) over distinct
  packages, against a raw ``sqlite3`` INSERT of the same row;
- the packages whose report in force is kritis (window function over ``progres``),
  against the same query in raw ``sqlite3``; both answers are checked equal;
- ``progres kurva`` data (s_curve) of one package.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from pengadaan.db import progres as q
from pengadaan.db.models import Paket
from pengadaan.db.uow import open_database

from bench.data import PER, cached_database, raw_connection, working_copy
from bench.registry import Result, Run, measurement, timed, timed_each
from pengadaan.usecases.progres import record_progress, s_curve

REPORTS = 30
STAGES = ("pelaksanaan", "kritis")

RAW_KRITIS = """
SELECT p.id FROM paket p JOIN (
    SELECT paket_id, kritis, ROW_NUMBER() OVER (
        PARTITION BY paket_id ORDER BY tanggal DESC, id DESC) AS urut
    FROM progres WHERE tanggal <= ?) g ON g.paket_id = p.id AND g.urut = 1
WHERE g.kritis = 1 AND p.tahap IN ('pelaksanaan', 'kritis') ORDER BY p.kode
"""


def _contracts(db, count: int) -> list[str]:
    query = (sa.select(Paket.kode).where(Paket.tahap == "pelaksanaan")
             .order_by(Paket.kode).limit(count))
    with db.unit_of_work() as uow:
        return list(uow.session.execute(query).scalars())


def _raw_insert(conn: sqlite3.Connection, kode: str) -> None:
    conn.execute("BEGIN IMMEDIATE")
    (paket_id,) = conn.execute("SELECT id FROM paket WHERE kode = ?", (kode,)).fetchone()
    conn.execute(
        "INSERT INTO progres (paket_id, tanggal, fisik_bp, keuangan, rencana_bp, kritis, "
        "catatan, alasan_koreksi, dicatat, oleh) VALUES (?, ?, 10000, NULL, NULL, 0, NULL, "
        "'bench', ?, 'bench')", (paket_id, PER.isoformat(), datetime.now(UTC).isoformat()))
    conn.execute("COMMIT")


def measure(run: Run, n: int, path: Path) -> None:
    work = working_copy(path, run.scratch)
    db = open_database(str(work))
    kodes = _contracts(db, 2 * REPORTS)
    if len(kodes) < 2 * REPORTS:
        raise RuntimeError(f"hanya {len(kodes)} paket pada tahap pelaksanaan")
    ours = timed_each(lambda k: record_progress(db, k, PER, 10_000, "bench",
                                                alasan_koreksi="bench", today=PER),
                      kodes[:REPORTS])
    with db.unit_of_work() as uow:
        ours_ids = q.kritis_paket_ids(uow.session, PER, STAGES)
    kritis = timed(lambda: _kritis(db))
    curve = timed(lambda: s_curve(db, kodes[0]), repeat=10)
    db.engine.dispose()
    conn = raw_connection(work)
    raw_ids = [r[0] for r in conn.execute(RAW_KRITIS, (PER.isoformat(),))]
    raw_kritis = timed(lambda: conn.execute(RAW_KRITIS, (PER.isoformat(),)).fetchall())
    raw = timed_each(lambda k: _raw_insert(conn, k), kodes[REPORTS:])
    reports = conn.execute("SELECT COUNT(*) FROM progres").fetchone()[0]
    conn.close()
    assert ours_ids == raw_ids, "kritis: hasil berbeda dari sqlite3 mentah"
    run.add(Result("progres catat (record_progress)", n, ours, raw, "sqlite3 INSERT",
                   f"median {REPORTS} paket"))
    run.add(Result("paket kritis (laporan berlaku, SQL)", n, kritis, raw_kritis,
                   "sqlite3 mentah", f"{len(ours_ids)} kritis dari {reports} laporan"))
    run.add(Result("progres kurva (s_curve satu paket)", n, curve))
    work.unlink()


def _kritis(db) -> list[int]:
    with db.unit_of_work() as uow:
        return q.kritis_paket_ids(uow.session, PER, STAGES)


@measurement("execution")
def execution(run: Run) -> None:
    for n in run.sizes:
        path, _built = cached_database(n, run.seed)
        measure(run, n, path)

