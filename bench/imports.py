"""Issue #6: importing the whole BIRMS file (31,985 OCDS releases) and the Bandung 2015
RUP table, each into a fresh SQLite file, in a child process so its peak memory
(``ru_maxrss``) is its own. Targets (issue #6): BIRMS under 30 s and under 500 MB;
(issue #15) BIRMS at most 1,5× just reading and parsing it.

The raw reference reads and parses the same file (gzip + ``json.loads`` per line, or
``csv.reader``) and nothing else: the ratio is the price of mapping, validating and
writing. Both sides also report their CPU time: on the shared machine the wall-clock
ratio moves with the load, the CPU ratio much less.

``BENCH_IMPOR_SEBELUM=/jalur/python``: the Python of another install (e.g. main before a
change) imports in the same rounds, interleaved too; its rows end in ``[sebelum]``.

``impor-batas`` (issue #19): a generated 200.000-row SiRUP CSV (peak memory ≤ 400 MB:
rows are streamed) and a .jsonl.gz of a few MB that expands to 1 GB (refused within
seconds, ≤ 300 MB).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.registry import Result, Run, measurement

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"
BIRMS = SHARED / "bandung-birms-ocds" / "birms_releases_2016-2018.jsonl.gz"
RUP_2015 = SHARED / "bandung-sirup-rup-2015" / "planning_sirup_2015.csv"
REPEAT = 3
OCDS_RATIO = 1.5  # issue #15: the import costs at most half again the raw read
ROWS_200K = 200_000
BEFORE = os.environ.get("BENCH_IMPOR_SEBELUM")

CHILD = r"""
import json, resource, sys, time
from datetime import date
from pathlib import Path
from pengadaan.db.uow import open_database
from pengadaan.usecases.impor import import_ocds, import_rup
kind, source, target = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
db = open_database(f"sqlite:///{target}")
start, cpu = time.perf_counter(), time.process_time()
# --lewati-salah on both: a real file may hold a row the rules refuse (BIRMS has one
# name with a control character); the import of the rest is what is measured.
run = import_ocds if kind == "ocds" else import_rup
summary = run(db, source, "bench", as_of=date(2026, 1, 10), lewati_salah=True,
              berkas_salah=Path(target + "-ditolak.csv"))
first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
start = time.perf_counter()
again = run(db, source, "bench", as_of=date(2026, 1, 10), lewati_salah=True,
            berkas_salah=Path(target + "-ditolak.csv"))
second = time.perf_counter() - start
print(json.dumps({"first": first, "first_cpu": first_cpu, "second": second, "rows": summary.dibaca,
                  "created": summary.dibuat, "unchanged": again.tetap,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

RAW = r"""
import csv, gzip, json, sys, time
kind, source = sys.argv[1], sys.argv[2]
start, cpu = time.perf_counter(), time.process_time()
if kind == "ocds":
    rows = [json.loads(line) for line in gzip.open(source, "rt", encoding="utf-8")]
else:
    rows = list(csv.reader(open(source, newline="", encoding="utf-8")))
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                  "rows": len(rows)}))
"""


def _child(script: str, *args: str, python: str = sys.executable) -> dict:
    # Outside any checkout: a folder named pengadaan/ in the working directory would
    # shadow the package ``python`` has installed.
    result = subprocess.run([python, "-c", script, *args], capture_output=True,
                            text=True, cwd=tempfile.gettempdir(), timeout=600, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _measure(run: Run, kind: str, source: Path, label: str, target_note: str,
             target_ratio: float | None = None) -> None:
    if not source.exists():
        print(f"  {label}: {source} tidak ada, dilewati", file=sys.stderr)
        return
    sides = {"": sys.executable, **({" [sebelum]": BEFORE} if BEFORE else {})}
    samples: dict[str, list[dict]] = {side: [] for side in sides}
    raws = []
    for i in range(REPEAT):  # interleaved: the load of the moment hits every side
        for side, python in sides.items():
            target = run.scratch / f"{kind}-{i}{side.strip(' []')}.db"
            samples[side].append(_child(CHILD, kind, str(source), str(target), python=python))
        raws.append(_child(RAW, kind, str(source)))
    raw = statistics.median(r["seconds"] for r in raws)
    raw_cpu = statistics.median(r["cpu"] for r in raws)
    for side, got in samples.items():
        first = statistics.median(s["first"] for s in got)
        cpu = statistics.median(s["first_cpu"] for s in got)
        second = statistics.median(s["second"] for s in got)
        peak_mb = max(s["maxrss_kb"] for s in got) / 1024
        rows = got[0]["rows"]
        run.add(Result(f"impor {label} (basis data kosong){side}", rows, first, raw,
                       "baca + parse saja",
                       f"{rows / first:,.0f} baris/detik; CPU {cpu:.2f} s lawan "
                       f"{raw_cpu:.2f} s, rasio {cpu / raw_cpu:.2f}×".replace(".", ",")
                       + f"; puncak memori {peak_mb:,.0f} MB{target_note}",
                       target_ratio=target_ratio))
        run.add(Result(f"impor ulang {label} (tidak ada perubahan){side}", rows, second,
                       None, None,
                       f"{rows / second:,.0f} baris/detik; {got[0]['unchanged']:,} tetap"))


@measurement("impor")
def impor(run: Run) -> None:
    _measure(run, "ocds", BIRMS, "OCDS BIRMS", "; target < 30 s dan < 500 MB",
             target_ratio=OCDS_RATIO)
    _measure(run, "rup", RUP_2015, "RUP SiRUP Bandung 2015", "")


ONCE = r"""
import json, resource, sys, time
from datetime import date
from pathlib import Path
from pengadaan.db.uow import open_database
from pengadaan.domain.errors import InvalidInput
from pengadaan.usecases.impor import import_ocds, import_rup
kind, source, target = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
db = open_database(f"sqlite:///{target}")
start = time.perf_counter()
try:
    summary = (import_ocds if kind == "ocds" else import_rup)(db, source, "bench",
                                                             as_of=date(2026, 1, 10))
    outcome = f"{summary.dibuat:,} dibuat"
except InvalidInput as err:
    outcome = "ditolak: " + str(err).split(": ", 1)[-1].split(" (", 1)[0]
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@measurement("impor-batas")
def impor_batas(run: Run) -> None:
    """Issue #19: memory flat in the file's length, and a gzip bomb refused."""
    from bench._import_files import gzip_bomb, sirup_csv

    rows = sirup_csv(run.scratch / "rup-200k.csv", ROWS_200K)
    got = _child(ONCE, "rup", str(rows), str(run.scratch / "rup-200k.db"))
    run.add(Result(f"impor rup CSV {ROWS_200K:,} baris".replace(",", "."), ROWS_200K,
                   got["seconds"], note=f"{got['outcome']}; puncak memori "
                   f"{got['maxrss_kb'] / 1024:,.0f} MB", peak_mb=got["maxrss_kb"] / 1024,
                   target_mb=400))
    bomb = gzip_bomb(run.scratch / "bom.jsonl.gz")
    got = _child(ONCE, "ocds", str(bomb), str(run.scratch / "bom.db"))
    run.add(Result(f"impor ocds bom gzip {bomb.stat().st_size / 2**20:.1f} MB → 1 GB"
                   .replace(".", ","), 1, got["seconds"],
                   note=f"{got['outcome']}; puncak memori {got['maxrss_kb'] / 1024:,.0f} MB",
                   peak_mb=got["maxrss_kb"] / 1024, target_seconds=10, target_mb=300))
