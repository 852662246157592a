"""Issue #3: ``peringatan --format json`` against the same alerts in raw sqlite3.

Ours: the ``alerts`` use case plus the JSON the command prints (in process), and the
whole ``pengadaan peringatan --format json`` process. Raw: one hand-written statement
in the same shape as ours (one SELECT per flag with the same precomputed dates,
UNION ALL, ordered by OPD, severity, lateness) and the same per-row deadline/denda
arithmetic, with each paket's open kendala and tindak lanjut from two statements, then
``json.dumps``. Both outputs are checked equal.

At 1,000,000 packages the demo generator takes long; an existing cached file for that
size is reused even when its fingerprint is older (the lateness columns are stable).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from pengadaan.db.uow import open_database

from bench.data import DATA, PER, cached_database
from bench.registry import Result, Run, measurement, timed
from pengadaan.cli.peringatan import alerts_json
from pengadaan.domain.alert_kinds import SEVERITY
from pengadaan.domain.execution.denda import denda_keterlambatan
from pengadaan.domain.lateness import KONTRAK_BERJALAN, PRA_KONTRAK, ambang, kontrak_deadline
from pengadaan.domain.vocabulary import EXECUTION, FINAL_TAHAP, PLANNING
from pengadaan.presentation.json_output import json_lines
from pengadaan.usecases import alerts as alerts_uc
from pengadaan.usecases import dasbor
from pengadaan.usecases.kalender import kalender_for

CLI = Path(sys.executable).parent / "pengadaan"
ISSUE_3_FLAGS = ("lewat_kontrak", "kontrak_tertunda", "terlambat", "belum_mulai",
                 "lewat_tahun_anggaran", "hampir")


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def raw_statement(a) -> str:
    """The alerts query as one would write it by hand for sqlite3: one SELECT per flag
    (each reads the date its deadline follows), UNION ALL, one ORDER BY."""
    jenis = (f" OR (p.tahun = {a.as_of.year} AND p.jenis IN {_in(a.jenis_berisiko)})"
             if a.jenis_berisiko else "")
    batas = (f"(CASE WHEN p.tahap IN {_in(EXECUTION)} AND p.tgl_kontrak_selesai IS NOT NULL "
             "THEN p.tgl_kontrak_selesai ELSE j.rencana_selesai END)")
    governs = f"(p.tahap IN {_in(EXECUTION)} AND p.tgl_kontrak_selesai IS NOT NULL)"
    is_open = f"p.tahap NOT IN {_in(FINAL_TAHAP)}"
    stage = "LEFT JOIN jadwal j ON j.paket_id = p.id AND j.tahap = p.tahap"
    branches = {  # flag: (reference date, extra join, condition)
        "lewat_kontrak": ("p.tgl_kontrak_selesai", "",
                          f"p.tahap IN {_in(KONTRAK_BERJALAN)} AND p.tgl_kontrak_selesai < :d"),
        "kontrak_tertunda": ("p.tahap_sejak", "", "p.tahap = 'sppbj' AND p.tahap_sejak < :sppbj"),
        "terlambat": (batas, stage, f"{is_open} AND {batas} < :d AND NOT {governs}"),
        "belum_mulai": ("p.tgl_awal_pemilihan", "",
                        f"p.tahap IN {_in(PLANNING)} AND p.tgl_awal_pemilihan < :d"),
        "lewat_tahun_anggaran": ("NULL", "", (
            f"(p.tahap IN {_in(KONTRAK_BERJALAN)} AND "
            "CAST(strftime('%Y', p.tgl_kontrak_selesai) AS INTEGER) > p.tahun) OR "
            f"(p.tahap IN {_in(PRA_KONTRAK)} AND (p.tahun < {a.as_of.year}{jenis}))")),
        "hampir": (batas, stage, f"{is_open} AND {batas} >= :d AND {batas} <= :h"),
    }
    union = " UNION ALL ".join(
        f"SELECT p.kode, p.nama, o.singkatan AS opd, p.tahap, '{flag}' AS flag, "
        f"{SEVERITY[flag]} AS sev, {tgl} AS tgl, p.tahun, p.nilai_kontrak, p.id "
        f"FROM paket p JOIN opd o ON o.id = p.opd_id {join} WHERE {cond}"
        for flag, (tgl, join, cond) in branches.items())
    return f"SELECT * FROM ({union}) ORDER BY opd, sev DESC, tgl NULLS LAST, tahun, kode, flag"


OPEN_KENDALA = ("k.tanggal <= :d AND (k.selesai_tanggal IS NULL OR "
                "k.selesai_tanggal > :d)")


def _by_first(conn, statement: str, as_of: date, keys: tuple[str, ...]) -> dict:
    """The last row per value of the first column, the others as a dict of ``keys``."""
    return {first: dict(zip(keys, rest, strict=True))
            for first, *rest in conn.execute(statement, {"d": as_of.isoformat()})}


def raw_reasons(conn, as_of: date) -> dict[int, tuple[dict, dict | None]]:
    """Per paket id its latest open kendala and that kendala's latest tindak lanjut."""
    latest = _by_first(conn, "SELECT k.paket_id, k.id, k.kategori, k.uraian, k.tanggal "
                       f"FROM kendala k WHERE {OPEN_KENDALA} ORDER BY k.tanggal, k.id",
                       as_of, ("id", "kategori", "uraian", "tanggal"))
    follow = _by_first(conn, "SELECT t.kendala_id, t.uraian, t.pelaksana, t.batas, t.status "
                       "FROM tindak_lanjut t JOIN kendala k ON k.id = t.kendala_id "
                       f"WHERE {OPEN_KENDALA} ORDER BY t.id",
                       as_of, ("uraian", "pelaksana", "batas", "status"))
    return {p: (k, follow.get(k["id"])) for p, k in latest.items()}


def raw_json(path: Path, a, kalender) -> str:
    conn = sqlite3.connect(path)
    try:
        reasons = raw_reasons(conn, a.as_of)
        rows = conn.execute(raw_statement(a), {"d": a.as_of.isoformat(), "h":
                                               a.hampir_sampai.isoformat(),
                                               "sppbj": a.sppbj_sebelum.isoformat()})
        out = []
        for kode, nama, opd, tahap, flag, _sev, tgl, tahun, nilai, paket_id in rows:
            denda = None
            if flag == "kontrak_tertunda":
                batas = kontrak_deadline(date.fromisoformat(tgl), kalender).isoformat()
            elif flag == "lewat_tahun_anggaran":
                batas = f"{tahun}-12-31"
            else:
                batas = tgl
                if flag == "lewat_kontrak":
                    denda = denda_keterlambatan(nilai or 0, date.fromisoformat(tgl), a.as_of)
            hari = (a.as_of - date.fromisoformat(batas)).days
            out.append({"kode": kode, "nama": nama, "opd": opd, "tahap": tahap,
                        "peringatan": flag, "batas": batas, "hari": hari, "denda": denda,
                        **dict(zip(("kendala", "tindak_lanjut"),
                                   reasons.get(paket_id, (None, None)), strict=True))})
        return json_lines([json.dumps(o, ensure_ascii=False) for o in out])
    finally:
        conn.close()


def our_json(db) -> str:
    alerts = alerts_uc.alerts(db, PER)
    return alerts_json([x for x in alerts if x.peringatan in ISSUE_3_FLAGS])


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
        with db.unit_of_work() as uow:
            kalender = kalender_for(uow.session, PER)
        a = ambang(PER, kalender, db.settings.hampir_hari_kerja)
        mine, theirs = our_json(db), raw_json(path, a, kalender)
        count = len(json.loads(theirs))
        same = mine == theirs
        repeat = 3 if n >= 1_000_000 else 5
        ours = timed(lambda db=db: our_json(db), repeat=repeat)
        raw = timed(lambda p=path, t=a, k=kalender: raw_json(p, t, k), repeat=repeat)
        note = f"{count:,} peringatan, keluaran {'sama' if same else 'BERBEDA'}"
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
