"""Issue #6: importing the whole BIRMS file (31,985 OCDS releases) and the Bandung 2015
RUP table, each into a fresh SQLite file, in a child process so its peak memory
(``ru_maxrss``) is its own. Targets (issue #6): BIRMS under 30 s and under 500 MB.

The raw reference reads and parses the same file (gzip + ``json.loads`` per line, or
``csv.reader``) and nothing else: the ratio is the price of mapping, validating and
writing.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from bench.registry import Result, Run, measurement

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"
BIRMS = SHARED / "bandung-birms-ocds" / "birms_releases_2016-2018.jsonl.gz"
RUP_2015 = SHARED / "bandung-sirup-rup-2015" / "planning_sirup_2015.csv"
REPEAT = 3

CHILD = r"""
import json, resource, sys, time
from datetime import date
from pathlib import Path
from pengadaan.db.uow import open_database
from pengadaan.usecases.impor import import_ocds, import_rup
kind, source, target = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
db = open_database(f"sqlite:///{target}")
start = time.perf_counter()
if kind == "ocds":
    summary = import_ocds(db, source, "bench", as_of=date(2026, 1, 10))
else:
    summary = import_rup(db, source, "bench", as_of=date(2026, 1, 10), lewati_salah=True,
                         berkas_salah=Path(target + "-ditolak.csv"))
first = time.perf_counter() - start
start = time.perf_counter()
again = (import_ocds(db, source, "bench", as_of=date(2026, 1, 10)) if kind == "ocds" else
         import_rup(db, source, "bench", as_of=date(2026, 1, 10), lewati_salah=True,
                    berkas_salah=Path(target + "-ditolak.csv")))
second = time.perf_counter() - start
print(json.dumps({"first": first, "second": second, "rows": summary.dibaca,
                  "created": summary.dibuat, "unchanged": again.tetap,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

RAW = r"""
import csv, gzip, json, sys, time
kind, source = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if kind == "ocds":
    rows = [json.loads(line) for line in gzip.open(source, "rt", encoding="utf-8")]
else:
    rows = list(csv.reader(open(source, newline="", encoding="utf-8")))
print(json.dumps({"seconds": time.perf_counter() - start, "rows": len(rows)}))
"""


def _child(script: str, *args: str) -> dict:
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                            text=True, cwd=root, timeout=600, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _measure(run: Run, kind: str, source: Path, label: str, target_note: str) -> None:
    if not source.exists():
        print(f"  {label}: {source} tidak ada, dilewati", file=sys.stderr)
        return
    samples = [_child(CHILD, kind, str(source), str(run.scratch / f"{kind}-{i}.db"))
               for i in range(REPEAT)]
    raw = statistics.median(_child(RAW, kind, str(source))["seconds"] for _ in range(REPEAT))
    first = statistics.median(s["first"] for s in samples)
    second = statistics.median(s["second"] for s in samples)
    peak_mb = max(s["maxrss_kb"] for s in samples) / 1024
    rows = samples[0]["rows"]
    run.add(Result(f"impor {label} (basis data kosong)", rows, first, raw,
                   "baca + parse saja",
                   f"{rows / first:,.0f} baris/detik; puncak memori {peak_mb:,.0f} MB"
                   f"{target_note}"))
    run.add(Result(f"impor ulang {label} (tidak ada perubahan)", rows, second, None, None,
                   f"{rows / second:,.0f} baris/detik; {samples[0]['unchanged']:,} tetap"))


@measurement("impor")
def impor(run: Run) -> None:
    _measure(run, "ocds", BIRMS, "OCDS BIRMS", "; target < 30 s dan < 500 MB")
    _measure(run, "rup", RUP_2015, "RUP SiRUP Bandung 2015", "")
