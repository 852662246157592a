"""Issue #2: listing one OPD as JSON and one transition, against raw sqlite3.

Each pair runs on the same SQLite file, the transitions with the same WAL and
synchronous settings, and the listing's raw side replays the statements ours runs
(bench/_replay.py), so the ratio is the price of our layers (use case, ORM, workflow,
serialisation).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from pengadaan.db.history_text import entry_hash
from pengadaan.db.models import Paket
from pengadaan.db.progres import kritis_paket_ids
from pengadaan.db.uow import open_database

from bench._replay import raw_script
from bench._reports import OPD, RAW_OF, daftar_text, replay_checked
from bench.data import cached_database, raw_connection, working_copy
from bench.registry import Result, Run, measurement, timed, timed_each
from pengadaan.usecases.paket import advance

CLI = Path(sys.executable).parent / "pengadaan"
TRANSITIONS = 30
TODAY = date(2026, 12, 31)


def _run(args: list[str]) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def measure_list(run: Run, n: int, path: Path) -> None:
    """Ours against the statements it runs replayed by raw sqlite3 (bench/_replay.py),
    in process and as processes."""
    db = open_database(str(path))
    statements = run.scratch / "daftar.json"
    _recording, ours, replay = replay_checked(path, daftar_text, statements)
    note = f"{len(json.loads(ours))} baris"
    run.add(Result("paket daftar --format json --opd (use case)", n,
                   timed(lambda: daftar_text(db)),
                   timed(replay),
                   "sqlite3 + json.dumps", note))
    cli = [str(CLI), "--db", str(path), "paket", "daftar", "--format", "json", "--opd", OPD]
    raw_cli = [sys.executable, "-c", raw_script(RAW_OF[daftar_text]), str(path), str(statements)]
    run.add(Result("paket daftar --format json --opd (proses CLI)", n,
                   timed(lambda: _run(cli), repeat=5), timed(lambda: _run(raw_cli), repeat=5),
                   "proses python sqlite3", note))


def _candidates(db, count: int) -> list[str]:
    """Packages in pelaksanaan whose progress report in force is kritis: the
    nyatakan_kritis guard (issue #5) refuses the others."""
    with db.unit_of_work() as uow:
        ids = kritis_paket_ids(uow.session, TODAY, ("pelaksanaan",))[:count]
        kodes = [uow.session.get(Paket, i).kode for i in ids]
    if len(kodes) < count:
        raise RuntimeError(f"hanya {len(kodes)} paket kritis pada tahap pelaksanaan")
    return kodes


def _advance_raw(conn: sqlite3.Connection, kode: str) -> None:
    moment = datetime.now(UTC)
    now = moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")  # as stored
    conn.execute("BEGIN IMMEDIATE")
    paket_id, version, previous = conn.execute(  # the chain's head is on the paket row
        "SELECT id, version, riwayat_hash FROM paket WHERE kode = ?", (kode,)).fetchone()
    digest = entry_hash(paket_id, "pelaksanaan", "kritis", "nyatakan_kritis", TODAY, moment,
                        "bench", None, previous)
    updated = conn.execute(
        "UPDATE paket SET tahap = 'kritis', tahap_sejak = ?, diubah = ?, version = version + 1, "
        "riwayat_hash = ? WHERE id = ? AND version = ?",
        (TODAY.isoformat(), now, digest, paket_id, version)).rowcount
    assert updated == 1
    conn.execute(
        "INSERT INTO riwayat (paket_id, dari, ke, pemicu, tanggal, dicatat, oleh, catatan, "
        "hash, hash_sebelumnya) VALUES (?, 'pelaksanaan', 'kritis', 'nyatakan_kritis', ?, ?, "
        "'bench', NULL, ?, ?)", (paket_id, TODAY.isoformat(), now, digest, previous))
    conn.execute("COMMIT")


def measure_advance(run: Run, n: int, path: Path) -> None:
    work = working_copy(path, run.scratch)
    db = open_database(str(work))
    kodes = _candidates(db, 2 * TRANSITIONS)
    ours_kodes, raw_kodes = kodes[:TRANSITIONS], kodes[TRANSITIONS:]
    ours = timed_each(lambda k: advance(db, k, "nyatakan_kritis", "bench", tanggal=TODAY,
                                   today=TODAY), ours_kodes)
    db.engine.dispose()
    conn = raw_connection(work)
    raw = timed_each(lambda k: _advance_raw(conn, k), raw_kodes)
    conn.close()
    run.add(Result("paket maju (advance, satu transisi)", n, ours, raw,
                   "sqlite3 UPDATE+INSERT", f"median {TRANSITIONS} paket"))
    work.unlink()


@measurement("spine")
def spine(run: Run) -> None:
    for n in run.sizes:
        path, built = cached_database(n, run.seed)
        if built is not None:
            run.add(Result("buat basis data sintetis (demo generator)", n, built,
                           note=path.name))
        measure_list(run, n, path)
        measure_advance(run, n, path)
