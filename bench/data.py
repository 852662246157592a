"""Synthetic databases of N packages, built once per (N, seed) and cached in bench/data/.

The cache key also holds a fingerprint of the migrations, the demo generator and what it
uses (:data:`FINGERPRINTED`): the product keeps one migration while unreleased, so a
schema change does not change the revision, and a stale file would lack the new tables.

The packages come from the demo generator (``pengadaan.demo.year.generate`` through
``load_demo``), so every history step is a legal transition of the real workflow.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
from datetime import date
from pathlib import Path

from pengadaan.db.uow import open_database

from pengadaan.demo.load import load_demo

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
# What shapes the cached files: the schema, the demo generator, the rules it fires
# (workflow, schedules, calendar, execution) and the use cases that plan and write.
FINGERPRINTED = ("db/migrations/versions/*.py", "db/history*.py", "pengadaan/demo/*.py",
                 "pengadaan/domain/**/*.py", "pengadaan/usecases/jadwal.py",
                 "pengadaan/usecases/execution_records.py")
# A fixed as-of date keeps the cached files valid whatever day the bench runs.
PER = date(2026, 11, 25)


def fingerprint() -> str:
    """Short hash of the files :data:`FINGERPRINTED` names."""
    digest = hashlib.sha1()
    for pattern in FINGERPRINTED:
        paths = sorted(ROOT.glob(pattern))
        if not paths:  # a moved file would silently stop invalidating the cache
            raise FileNotFoundError(f"bench/data.py FINGERPRINTED: nothing at {pattern}")
        for path in paths:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def cached_database(n: int, seed: int) -> tuple[Path, float | None]:
    """Path of the SQLite file with ``n`` packages; build seconds, or None when cached."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"paket-{n}-seed{seed}-{fingerprint()}.db"
    if path.exists():
        return path, None
    for stale in DATA.glob(f"paket-{n}-seed{seed}*"):
        stale.unlink()
    partial = path.with_suffix(".partial")
    for leftover in DATA.glob(partial.name + "*"):
        leftover.unlink()
    start = time.perf_counter()
    database = open_database(str(partial))
    load_demo(database, n, PER, seed, actor="bench")
    database.engine.dispose()  # checkpoints the WAL into the file
    elapsed = time.perf_counter() - start
    os.replace(partial, path)
    return path, elapsed


def working_copy(source: Path, folder: Path) -> Path:
    """A throwaway copy for measurements that write."""
    target = folder / f"work-{source.name}"
    shutil.copy(source, target)
    return target


def raw_connection(path: Path) -> sqlite3.Connection:
    """The raw ``sqlite3`` side of a comparison, with the pragmas the application's
    engine sets (WAL, synchronous NORMAL, foreign keys), so a ratio is the price of our
    layers and not of the settings. Autocommit: the caller writes its own BEGIN/COMMIT."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn
