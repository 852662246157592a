"""Issue #8: ``rekap --format json`` against the same aggregation in raw sqlite3.

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

from pengadaan.db.statements import COUNTS, KELOMPOK_REKAP
from pengadaan.db.uow import open_database

from bench.data import DATA, PER, cached_database, raw_connection
from bench.registry import Result, Run, measurement, timed
from pengadaan.cli.rapor import rekap_json
from pengadaan.domain import config
from pengadaan.domain.lateness import (
    KONTRAK_BERJALAN,
    ambang,
)
from pengadaan.domain.vocabulary import (
    ESCALATION,
    EXECUTION,
    FINAL_TAHAP,
    PLANNING,
    SELECTION,
    Kelompok,
    tahap_in,
)
from pengadaan.usecases.kalender import kalender_for
from pengadaan.usecases.rapor import rekap

CLI = Path(sys.executable).parent / "pengadaan"
WITH_REPORTS = (*EXECUTION, *tahap_in(Kelompok.SERAH_TERIMA, Kelompok.SELESAI), "putus_kontrak")


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def raw_sql() -> list[tuple[str, str]]:
    """The rekap's GROUP BY statements written by hand (lateness conditions spelled
    out), as ``(name, sql)``; the stage-only counts are folded in Python as ours are."""
    governs = f"(p.tahap IN {_in(EXECUTION)} AND p.tgl_kontrak_selesai IS NOT NULL)"
    late = (f"(p.tahap IN {_in(KONTRAK_BERJALAN)} AND p.tgl_kontrak_selesai < :as_of)"
            f" OR (p.tahap = 'sppbj' AND p.tahap_sejak < :sppbj_sebelum)"
            f" OR (p.tahap NOT IN {_in(FINAL_TAHAP)} AND NOT {governs}"
            f" AND j.rencana_selesai < :as_of)"
            f" OR (p.tahap IN {_in(PLANNING)} AND p.tgl_awal_pemilihan < :as_of)")
    kritis_stages = tuple(t for t in EXECUTION if t not in ESCALATION)
    return [
        ("stage", f"""
SELECT p.opd_id, p.tahap, p.metode = 'swakelola' AS swakelola, count(*) AS paket,
  coalesce(sum(p.pagu), 0) AS pagu, coalesce(sum(p.nilai_kontrak), 0) AS nilai_kontrak,
  sum(p.tgl_awal_pemilihan <= :as_of) AS jatuh_tempo, sum({late}) AS terlambat
FROM paket p LEFT JOIN jadwal j ON j.paket_id = p.id AND j.tahap = p.tahap
WHERE p.tahun = :tahun GROUP BY p.opd_id, p.tahap, p.metode = 'swakelola'"""),
        ("pemilihan_tepat", f"""
SELECT p.opd_id, count(*) AS n FROM paket p JOIN (
  SELECT paket_id, min(realisasi_mulai) AS mulai FROM jadwal
  WHERE tahap IN {_in(SELECTION)} GROUP BY paket_id) m ON m.paket_id = p.id
WHERE p.tahun = :tahun AND p.metode <> 'swakelola' AND p.tahap <> 'batal'
  AND p.tgl_awal_pemilihan <= :as_of AND m.mulai <= p.tgl_awal_pemilihan
GROUP BY p.opd_id"""),
        ("realisasi", """
SELECT p.opd_id, sum((SELECT r.keuangan FROM progres r WHERE r.paket_id = p.id
  AND r.tanggal <= :as_of AND r.keuangan IS NOT NULL
  ORDER BY r.tanggal DESC, r.id DESC LIMIT 1)) AS n
FROM paket p WHERE p.tahun = :tahun GROUP BY p.opd_id"""),
        ("kritis", f"""
SELECT p.opd_id, count(*) AS n FROM paket p
WHERE p.tahun = :tahun AND p.tahap IN {_in(kritis_stages)} AND (
  SELECT r.kritis FROM progres r WHERE r.paket_id = p.id AND r.tanggal <= :as_of
  ORDER BY r.tanggal DESC, r.id DESC LIMIT 1) = 1
GROUP BY p.opd_id"""),
    ]


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


def _ours(db) -> str:
    return rekap_json(rekap(db, PER))


def _raw(conn: sqlite3.Connection, params: dict) -> str:
    """Same SQL work (the GROUP BYs, the OPD names, the targets) folded and as JSON."""
    rows: dict[int, dict] = {}
    statements = raw_sql()
    for r in conn.execute(statements[0][1], params):
        n = rows.setdefault(r["opd_id"], dict.fromkeys(COUNTS, 0))
        for key in ("paket", "pagu", "nilai_kontrak", "terlambat"):
            n[key] += r[key] or 0
        for name, stages in KELOMPOK_REKAP.items():
            n[name] += r["paket"] if r["tahap"] in stages else 0
        n["kritis"] += r["paket"] if r["tahap"] in ESCALATION else 0
        if not r["swakelola"] and r["tahap"] != "batal":
            n["pemilihan_jatuh_tempo"] += r["jatuh_tempo"] or 0
    for key, sql in statements[1:]:
        for r in conn.execute(sql, params):
            rows[r["opd_id"]][key] += r["n"]
    opd = {r["id"]: r["singkatan"] for r in conn.execute("SELECT id, singkatan FROM opd")}
    targets = conn.execute("SELECT opd_id, bulan, persen_bp FROM target_serapan "
                           "WHERE tahun = ?", (params["tahun"],)).fetchall()
    baris = [{"opd": opd[opd_id], **n} for opd_id, n in rows.items()]
    return json.dumps({"baris": baris, "target": [tuple(t) for t in targets]},
                      ensure_ascii=False, indent=2) + "\n"


def _params(db) -> dict:
    with db.unit_of_work() as uow:
        a = ambang(PER, kalender_for(uow.session, PER), db.settings.hampir_hari_kerja)
    return {"as_of": PER.isoformat(), "sppbj_sebelum": a.sppbj_sebelum.isoformat(),
            "tahun": PER.year}


def _same_counts(ours: str, raw: str) -> None:
    keys = ("paket", "pagu", "terlambat", "kritis", "realisasi_keuangan", "selesai")
    mine = {r["opd"]: tuple(r[k] for k in keys) for r in json.loads(ours) if not r["total"]}
    theirs = {r["opd"]: (r["paket"], r["pagu"], r["terlambat"], r["kritis"], r["realisasi"],
                         r["selesai"]) for r in json.loads(raw)["baris"]}
    assert {k: v for k, v in mine.items() if v[0]} == theirs, "rekap and raw SQL differ"


def measure(run: Run, n: int, path: Path) -> None:
    db = open_database(str(path))
    conn = raw_connection(path)
    params = _params(db)
    ours, raw = _ours(db), _raw(conn, params)
    _same_counts(ours, raw)
    reports = conn.execute("SELECT count(*) FROM progres").fetchone()[0]
    note = f"{len(json.loads(ours)) - 1} OPD, {reports:,} laporan progres"
    run.add(Result("rekap --format json (use case)", n, timed(lambda: _ours(db)),
                   timed(lambda: _raw(conn, params)), "sqlite3 GROUP BY + json", note))
    cli = [str(CLI), "--db", str(path), "rekap", "--per", PER.isoformat(), "-f", "json"]
    run.add(Result("rekap --format json (proses CLI)", n,
                   timed(lambda: subprocess.run(cli, check=True, stdout=subprocess.DEVNULL),
                         repeat=3), note=note))
    conn.close()
    db.engine.dispose()


@measurement("rapor")
def rapor(run: Run) -> None:
    for n in run.sizes:
        measure(run, n, rapor_database(n, run.seed))
