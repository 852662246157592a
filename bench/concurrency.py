"""Issue #7: many officers at once. 8 processes × 500 transitions on random packages,
against SQLite and against PostgreSQL (``PENGADAAN_TEST_PG``, set by ``make bench``).

Each worker behaves like a user at a screen: it reads a paket (its version and the
triggers allowed now), picks one allowed trigger of the selection loop at random and
fires it with ``expected_version`` = what it read. When another worker changed that
paket in between, the use case refuses with the conflict message; the worker counts
it (the user would reload and retry) and moves on. Afterwards the database must show
no lost update and no half-written step: every paket's state is the ``ke`` of its last
history entry, its history and version grew by exactly its successful transitions,
and every hash chain verifies.

``BENCH_KONKURENSI_PROSES`` (8), ``BENCH_KONKURENSI_TRANSISI`` (500 per process) and
``BENCH_KONKURENSI_PAKET`` (200) change the load.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from pengadaan.db.engine import get_engine
from pengadaan.db.uow import Database, open_database

from bench.registry import Figure, Result, Run, measurement
from pengadaan.domain.errors import Conflict, PengadaanError
from pengadaan.usecases.audit import verify_history
from pengadaan.usecases.opd import add_opd
from pengadaan.usecases.paket import PaketBaru, advance, create_paket, show_paket

PAGU = 2_000_000_000
RATE_TARGET = 150  # issue #15, on PostgreSQL
CREATED = date(2026, 1, 5)
TODAY = date(2026, 6, 1)
# The selection loop of a tender konstruksi: it never leaves selection, because
# nyatakan_gagal → evaluasi_ulang / tender_ulang lead back, so no paket runs out of
# triggers however many transitions it gets.
INPUTS: dict[str, dict] = {
    "siapkan": {},
    "umumkan": {"hps": PAGU * 9 // 10},
    "beri_penjelasan": {},
    "buka_penawaran": {},
    "mulai_evaluasi": {},
    "buktikan_kualifikasi": {},
    "tetapkan_pemenang": {"penyedia": "PT Beban Uji", "nilai_kontrak": PAGU * 8 // 10},
    "buka_sanggah": {},
    "sanggah_banding": {},
    "nyatakan_gagal": {},
    "evaluasi_ulang": {},
    "tender_ulang": {},
}


def _setting(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


@dataclass
class Tally:
    """What one worker saw; ``fired`` counts the successes per paket."""

    ok: int = 0
    conflicts: int = 0
    refused: int = 0
    reasons: Counter = field(default_factory=Counter)
    fired: Counter = field(default_factory=Counter)

    def merge(self, other: Tally) -> None:
        self.ok += other.ok
        self.conflicts += other.conflicts
        self.refused += other.refused
        self.reasons.update(other.reasons)
        self.fired.update(other.fired)


def _worker(url: str, kodes: list[str], attempts: int, seed: int, start, results) -> None:
    """One user: read, choose, fire with the version read; count every outcome."""
    db = open_database(url, migrate=False)
    rng = random.Random(seed)
    actor = f"beban-{seed}"
    tally = Tally()
    start.wait()
    for _ in range(attempts):
        kode = rng.choice(kodes)
        detail = show_paket(db, kode)
        choices = [p.pemicu for p in detail.pemicu if p.pemicu in INPUTS]
        if not choices:
            tally.refused += 1
            tally.reasons["tidak ada pemicu dalam lingkaran pemilihan"] += 1
            continue
        pemicu = rng.choice(choices)
        try:
            advance(db, kode, pemicu, actor, tanggal=TODAY, today=TODAY,
                    catatan="uji beban", expected_version=detail.paket.version,
                    **INPUTS[pemicu])
        except Conflict:
            tally.conflicts += 1
        except PengadaanError as err:  # a guard, or a locked database: named, counted
            tally.refused += 1
            tally.reasons[f"{type(err).__name__}: {str(err)[:70]}"] += 1
        else:
            tally.ok += 1
            tally.fired[kode] += 1
    results.put(tally)


def fresh_database(url: str, n: int) -> tuple[Database, list[str]]:
    """An empty, migrated database with ``n`` tender konstruksi packages in rencana."""
    if not url.startswith("sqlite"):
        with get_engine(url).begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    db = open_database(url)
    add_opd(db, "1.03.01", "Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR", actor="beban")
    kodes = [f"BEBAN-{i:04d}" for i in range(n)]
    for kode in kodes:
        create_paket(db, PaketBaru(kode=kode, nama=f"Paket uji beban {kode}", opd="PUPR",
                                   metode="tender", jenis="konstruksi", pagu=PAGU, tahun=2026),
                     "beban", as_of=CREATED)
    return db, kodes


def _check(db: Database, kodes: list[str], tally: Tally) -> list[str]:
    """Everything that would betray a lost update or a half-written step."""
    problems = []
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text("""
            SELECT p.kode, p.tahap, p.version, h.ke, c.n
            FROM paket p
            JOIN (SELECT paket_id, max(id) AS last, count(*) AS n FROM riwayat
                  GROUP BY paket_id) c ON c.paket_id = p.id
            JOIN riwayat h ON h.id = c.last""")).all()
    for kode, tahap, version, last_ke, entries in rows:
        fired = tally.fired[kode]
        if tahap != last_ke:
            problems.append(f"{kode}: tahap {tahap}, riwayat terakhir ke {last_ke}")
        if entries != 1 + fired or version != 1 + fired:
            problems.append(f"{kode}: {entries} riwayat, versi {version}, {fired} berhasil")
    if len(rows) != len(kodes):
        problems.append(f"{len(rows)} paket dengan riwayat, seharusnya {len(kodes)}")
    chains = verify_history(db)
    if not chains.utuh:
        problems.append(f"rantai hash rusak pada {chains.rusak} paket")
    return problems


def _load(name: str, url: str, run: Run) -> None:
    processes = _setting("BENCH_KONKURENSI_PROSES", 8)
    attempts = _setting("BENCH_KONKURENSI_TRANSISI", 500)
    db, kodes = fresh_database(url, _setting("BENCH_KONKURENSI_PAKET", 200))
    db.engine.dispose()  # no pooled connection inherited into the measurement
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(processes + 1), ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(url, kodes, attempts, run.seed * 100 + i,
                                                  start, results))
               for i in range(processes)]
    for w in workers:
        w.start()
    start.wait()  # every worker has imported and connected: the clock starts now
    began = time.perf_counter()
    tally = Tally()
    for _ in workers:
        tally.merge(results.get(timeout=3600))
    seconds = time.perf_counter() - began
    for w in workers:
        w.join()
    problems = _check(db, kodes, tally)
    if problems:
        raise RuntimeError(f"konkurensi {name}: data tidak konsisten: "
                           + "; ".join(problems[:5]))
    total = processes * attempts
    rate = Figure(tally.ok / seconds, "transisi/detik", RATE_TARGET, at_least=True)
    target = name == "PostgreSQL"  # the target; SQLite's rate goes in the note
    note = ("" if target else f"{rate}; ") + (f"{tally.ok} berhasil, "
            f"{tally.conflicts} konflik, {tally.refused} ditolak dari {total} percobaan "
            f"pada {len(kodes)} paket; akhir konsisten")
    if tally.reasons:
        note += " (" + "; ".join(f"{n}× {r}" for r, n in tally.reasons.most_common(3)) + ")"
    run.add(Result(f"konkurensi {name}: {processes} proses × {attempts} transisi",
                   len(kodes), seconds / max(tally.ok, 1), note=note,
                   figure=rate if target else None))


@measurement("konkurensi")
def concurrency(run: Run) -> None:
    _load("SQLite", f"sqlite:///{run.scratch / 'konkurensi.db'}", run)
    url = os.environ.get("PENGADAAN_TEST_PG")
    if url:
        _load("PostgreSQL", url, run)
    else:
        run.add(Result("konkurensi PostgreSQL", 0, 0.0,
                       note="dilewati: PENGADAAN_TEST_PG tidak diset (jalankan `make bench`)"))
