"""Issue #3: ``peringatan --format json`` against the same alerts in raw sqlite3.

Ours: the alerts as the command reads and prints them (in process, on the ORM
database), and the whole ``pengadaan peringatan --format json`` process. Raw: the
statements the use case runs, recorded from it on the cached SQLite path and replayed
by plain sqlite3, every row written with ``json.dumps`` (bench/_replay.py; the same
baseline as the ``startup`` measurement). It used to be a hand-written statement that
had drifted from ours (two alert kinds and the tindak lanjut statement missing); the
replay gives as many rows as the use case read, or the measurement stops.

At 1,000,000 packages the demo generator takes long; an existing cached file for that
size is reused even when its fingerprint is older (the lateness columns are stable).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pengadaan.db.uow import open_database

from bench._reports import alerts_text, replay_checked
from bench.data import DATA, PER, cached_database
from bench.registry import Result, Run, measurement, timed
from pengadaan.usecases import dasbor

CLI = Path(sys.executable).parent / "pengadaan"


def _database(n: int, seed: int) -> Path:
    if n >= 1_000_000:
        existing = sorted(DATA.glob(f"paket-{n}-seed{seed}-*.db"),
                          key=lambda p: p.stat().st_mtime)
        if existing:
            return existing[-1]
    return cached_database(n, seed)[0]


def _cli(path: Path) -> None:
    subprocess.run([str(CLI), "--db", str(path), "peringatan", "--per", PER.isoformat(),
                    "--format", "json"], check=True, capture_output=True)


@measurement("peringatan")
def peringatan(run: Run) -> None:
    for n in run.sizes:
        path = _database(n, run.seed)
        db = open_database(str(path))
        recording, mine, replay = replay_checked(path, alerts_text,
                                                 run.scratch / "peringatan.json")
        alerts, repeat = mine.count("\n"), 3 if n >= 1_000_000 else 5
        ours = timed(lambda db=db: alerts_text(db), repeat=repeat)
        raw = timed(replay, repeat=repeat)
        note = (f"{alerts:,} peringatan; mentah: {len(recording.statements)} "
                f"pernyataan kita, {recording.rows:,} baris")
        run.add(Result("peringatan --format json (use case + JSON)", n, ours, raw,
                       "sqlite3 mentah + json.dumps", note))
        cli = timed(lambda p=path: _cli(p), repeat=3 if n < 1_000_000 else 1, warmup=0)
        run.add(Result("peringatan --format json (proses CLI)", n, cli, raw,
                       "sqlite3 mentah + json.dumps (dalam proses)", note))
        db.engine.dispose()


@measurement("peringatan-dasbor")
def dashboard(run: Run) -> None:
    """The TUI's page of 50 with lateness (page + total), per sort/filter; target ≤ 200 ms."""
    for n in run.sizes:
        db = open_database(str(_database(n, run.seed)))
        for label, kw in (("urut kode", {}), ("urut keparahan", {"sort": "severity",
                                                                "descending": True}),
                          ("urut hari terlambat", {"sort": "hari", "descending": True}),
                          ("hanya terlambat", {"only_late": True}),
                          ("saring OPD, urut batas", {"opd": "DISHUB", "sort": "batas"})):
            seconds = timed(lambda kw=kw, db=db: dasbor.dashboard_page(db, PER, **kw))
            run.add(Result(f"dashboard_page: {label}", n, seconds, note="50 baris + total"))
        db.engine.dispose()
