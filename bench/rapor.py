"""Issue #8: ``rekap --format json`` against the statements it runs, replayed by raw
sqlite3 (bench/_replay.py; until 02/12/2026 hand-written GROUP BYs folded in Python).

The demo generator writes no progress reports, so a derived copy of the cached file
gets synthetic ones (1–4 cumulative reports per contract, some kritis) and entered
targets for half of the OPDs; the derived file is cached beside the others.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from pengadaan.db.uow import open_database

from bench._reports import rekap_text, replay_checked
from bench.data import DATA, PER, cached_database, raw_connection
from bench.registry import Result, Run, measurement, timed
from pengadaan.domain import config
from pengadaan.domain.vocabulary import EXECUTION, Kelompok, tahap_in

CLI = Path(sys.executable).parent / "pengadaan"
WITH_REPORTS = (*EXECUTION, *tahap_in(Kelompok.SERAH_TERIMA, Kelompok.SELESAI), "putus_kontrak")


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _add_reports(path: Path, seed: int) -> None:
    """Synthetic cumulative progress reports and targets (deterministic for a seed)."""
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    rows = conn.execute(
        f"SELECT id, nilai_kontrak, tahap FROM paket WHERE nilai_kontrak IS NOT NULL "
        f"AND tahap IN {_in(WITH_REPORTS)}").fetchall()
    reports = []
    for paket_id, nilai, tahap in rows:
        count = rng.randint(1, 4)
        done = 10_000 if tahap in ("selesai", "pemeliharaan", "serah_terima") else None
        fisik = 0
        for i in range(count):
            day = PER - timedelta(days=30 * (count - i) + rng.randint(0, 20))
            fisik = done if (done and i == count - 1) else min(
                10_000, fisik + rng.randint(500, 3_000))
            rencana = min(10_000, fisik + rng.randint(-500, 1_500))
            keuangan = None if rng.random() < 0.1 else nilai * fisik // 10_000
            kritis = int(rencana - fisik > 1_000)
            reports.append((paket_id, day.isoformat(), fisik, keuangan, rencana, kritis,
                            "2026-11-25 00:00:00", "bench"))
    conn.executemany(
        "INSERT INTO progres (paket_id, tanggal, fisik_bp, keuangan, rencana_bp, kritis, "
        "dicatat, oleh) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", reports)
    opd_ids = [r[0] for r in conn.execute("SELECT id FROM opd ORDER BY id")]
    targets = [(opd_id, PER.year, m, max(0, value - 300), "2026-01-02 00:00:00", "bench")
               for opd_id in opd_ids[::2]
               for m, value in enumerate(config.TARGET_SERAPAN_BAWAAN_BP, start=1)]
    conn.executemany(
        "INSERT INTO target_serapan (opd_id, tahun, bulan, persen_bp, diubah, oleh) "
        "VALUES (?, ?, ?, ?, ?, ?)", targets)
    conn.commit()
    conn.close()


def rapor_database(n: int, seed: int) -> Path:
    """The cached demo file plus reports and targets, built once per fingerprint."""
    source, _ = cached_database(n, seed)
    path = DATA / source.name.replace("paket-", "rapor-", 1)
    if path.exists():
        return path
    for stale in DATA.glob(f"rapor-{n}-seed{seed}-*"):
        stale.unlink()
    partial = path.with_suffix(".partial")
    shutil.copy(source, partial)
    _add_reports(partial, seed)
    partial.replace(path)
    return path


def measure(run: Run, n: int, path: Path) -> None:
    """Ours against the statements it runs replayed by raw sqlite3 (bench/_replay.py)."""
    db = open_database(str(path))
    _recording, ours, replay = replay_checked(path, rekap_text, run.scratch / "rekap.json")
    conn = raw_connection(path)
    reports = conn.execute("SELECT count(*) FROM progres").fetchone()[0]
    conn.close()
    note = f"{len(json.loads(ours)) - 1} OPD, {reports:,} laporan progres"
    run.add(Result("rekap --format json (use case)", n, timed(lambda: rekap_text(db)),
                   timed(replay),
                   "sqlite3 mentah + json.dumps", note))
    cli = [str(CLI), "--db", str(path), "rekap", "--per", PER.isoformat(), "-f", "json"]
    run.add(Result("rekap --format json (proses CLI)", n,
                   timed(lambda: subprocess.run(cli, check=True, stdout=subprocess.DEVNULL),
                         repeat=3), note=note))
    db.engine.dispose()


@measurement("rapor")
def rapor(run: Run) -> None:
    for n in run.sizes:
        measure(run, n, rapor_database(n, run.seed))
