"""Issue #4: the TUI at 10k/100k packages, headless (Textual's run_test) at 200×50.

Targets (docs: issue #4): first paint ≤ 1 s, filter/sort ≤ 200 ms, detail ≤ 100 ms,
memory ≤ 300 MB. Each size runs in its own process so ``maxrss`` is the app's peak.
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench.data import PER, cached_database
from bench.registry import Result, Run, measurement

LABELS = {
    "first_paint": "TUI: tampilan pertama dasbor (≤ 1 s)",
    "summary": "TUI: ringkasan terisi (dibaca di thread)",
    "filter": "TUI: ganti saringan OPD (≤ 200 ms)",
    "sort": "TUI: ganti urutan kolom (≤ 200 ms)",
    "cari": "TUI: pencarian kode/nama (≤ 200 ms)",
    "end": "TUI: End, ke baris terakhir",
    "detail": "TUI: buka rincian paket (≤ 100 ms)",
}


@measurement("tui")
def tui(run: Run) -> None:
    for n in run.sizes:
        path, _built = cached_database(n, run.seed)
        out = subprocess.run([sys.executable, "-m", "bench._tui_probe", str(path),
                              PER.isoformat()], check=True, capture_output=True, text=True)
        timings = json.loads(out.stdout.strip().splitlines()[-1])
        memory = f"puncak memori {timings['maxrss_mb']:.0f} MB (≤ 300 MB)"
        for key, label in LABELS.items():
            run.add(Result(label, n, timings[key],
                           note=memory if key == "first_paint" else "median 5"))
