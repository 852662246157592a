"""Issues #4 and #15: the TUI at 10k/100k packages.

Cold start (issue #15): ``pengadaan --db FILE tui`` as a whole process in a
pseudo-terminal of 200×50, from spawning it to its first page of rows on the terminal
(bench/_first_paint.py), interleaved round by round with a minimal textual-fastdatatable
app on the same file (bench/_tui_baseline.py), so machine load hits both alike. Target:
≤ 1,2× the baseline.

In the app (issue #4, tightened by #15): headless (``App.run_test``, 200×50) in a
process of its own per size (bench/_tui_probe.py), so ``maxrss`` is the app's peak.
Targets: filter ≤ 150 ms, detail ≤ 80 ms, sort ≤ 200 ms, memory ≤ 300 MB. Each is
clocked to the first frame showing the final screen; the note keeps the earlier clock
(to ``pilot.pause()``'s return) for one round.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from bench._first_paint import Paint, first_paint
from bench.data import PER, ROOT, cached_database, raw_connection
from bench.registry import Result, Run, measurement

CLI = str(Path(sys.executable).parent / "pengadaan")
ROUNDS = 7  # after one warm-up round (file cache, compiled modules, holiday cache)
COLD_START_RATIO = 1.2
BASELINE = "aplikasi textual-fastdatatable minimal"

# key: (label, target seconds or None)
IN_APP = {
    "first_paint": ("TUI: tampilan pertama dasbor (dalam proses)", None),
    "summary": ("TUI: ringkasan terisi (dibaca di thread)", None),
    "filter_baru": ("TUI: saringan ke OPD baru", 0.150),
    "filter": ("TUI: ganti saringan OPD (sudah dibuka)", 0.150),
    "cari": ("TUI: pencarian kode/nama", 0.150),
    "sort": ("TUI: ganti urutan kolom", 0.200),
    "end": ("TUI: End, ke baris terakhir", None),
    "detail": ("TUI: buka rincian paket", 0.080),
}


def _first_kode(path: Path) -> str:
    """The first row of both apps' first page: what their first paint must show."""
    return raw_connection(path).execute("SELECT min(kode) FROM paket").fetchone()[0]


def cold_start(run: Run, n: int, path: Path) -> None:
    marker = _first_kode(path)
    sides = {
        "kita": [CLI, "--db", str(path), "tui", "--per", PER.isoformat()],
        "minimal": [sys.executable, "-m", "bench._tui_baseline", str(path)],
    }
    paints: dict[str, list[Paint]] = {side: [] for side in sides}
    for i in range(ROUNDS + 1):
        for side, argv in sides.items():
            paint = first_paint(argv, marker, cwd=ROOT)
            if i:
                paints[side].append(paint)
    ours, baseline = (statistics.median(p.wall for p in paints[side]) for side in sides)
    spread = ", ".join(f"{side} {min(p.wall for p in s) * 1000:.0f}–"
                       f"{max(p.wall for p in s) * 1000:.0f} ms" for side, s in paints.items())
    run.add(Result("TUI: mulai dingin s.d. tampilan pertama (proses)", n, ours, baseline,
                   BASELINE, f"median {ROUNDS}; {spread}", target_ratio=COLD_START_RATIO))
    if all(p.cpu is not None for s in paints.values() for p in s):
        cpu = [statistics.median(p.cpu for p in paints[side]) for side in sides]
        run.add(Result("TUI: waktu CPU s.d. tampilan pertama (proses)", n, *cpu, BASELINE,
                       "tidak banyak bergeser dengan beban mesin"))


def in_app(run: Run, n: int, path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "bench._tui_probe", str(path),
                          PER.isoformat()], check=True, capture_output=True, text=True)
    timings = json.loads(out.stdout.strip().splitlines()[-1])
    memory = f"puncak memori {timings['maxrss_mb']:.0f} MB (≤ 300 MB)"
    for key, (label, target) in IN_APP.items():
        if key not in timings:  # too few OPDs for a second first visit
            continue
        cpu, idle = timings.get(f"{key}_cpu"), timings.get(f"{key}_idle")
        note = memory if key == "first_paint" else "median 5" + (
            f"; CPU {cpu * 1000:.0f} ms" if cpu is not None else "") + (
            f"; cara lama (s.d. pilot.pause) {idle * 1000:.0f} ms" if idle is not None else "")
        run.add(Result(label, n, timings[key], target_seconds=target, note=note))


@measurement("tui")
def tui(run: Run) -> None:
    for n in run.sizes:
        path, _built = cached_database(n, run.seed)
        cold_start(run, n, path)
        in_app(run, n, path)
