"""``python -m bench``: import every measurement module in bench/, run, report.

Environment: ``BENCH_SIZES`` (e.g. ``10000`` or ``10000,100000``, the default),
``BENCH_ONLY`` (comma-separated measurement names), ``BENCH_SEED`` (default 2026).
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import platform
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.registry import MEASUREMENTS, Run

HERE = Path(__file__).parent
INFRASTRUCTURE = {"__main__", "registry", "data", "wire"}


def discover() -> None:
    """Import every module of this package so its ``@measurement`` functions register."""
    for module in pkgutil.iter_modules([str(HERE)]):
        if module.name not in INFRASTRUCTURE and not module.name.startswith("_"):
            importlib.import_module(f"{__package__}.{module.name}")


def _ms(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds * 1000:,.2f}"


def report(run: Run) -> None:
    header = (f"{'pengukuran':<50} {'N':>8} {'kita (ms)':>11} {'mentah (ms)':>12} "
              f"{'rasio':>7} {'target':>28}  catatan")
    print(header)
    print("-" * len(header))
    for r in run.results:
        ratio = f"{r.ratio:.1f}x" if r.ratio else ""
        note = ", ".join(x for x in (r.baseline_name and f"mentah: {r.baseline_name}", r.notes)
                         if x)
        target = f"{r.target} {'MELESET' if r.missed else 'ok'}" if r.target else ""
        print(f"{r.name:<50} {r.n:>8,} {_ms(r.seconds):>11} {_ms(r.baseline):>12} "
              f"{ratio:>7} {target:>28}  {note}")


def save(run: Run, names: list[str]) -> Path:
    path = HERE / "results.json"
    data = {
        "waktu": datetime.now(UTC).isoformat(timespec="seconds"),
        "mesin": {"python": sys.version.split()[0], "platform": platform.platform(),
                  "cpu": os.cpu_count()},
        "ukuran": run.sizes, "benih": run.seed, "pengukuran": names,
        "hasil": [{"nama": r.name, "n": r.n, "detik": r.seconds, "mentah_detik": r.baseline,
                   "mentah": r.baseline_name, "rasio": r.ratio, "catatan": r.notes,
                   "target": r.target or None, "meleset": r.missed if r.target else None}
                  for r in run.results],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",") if s]
    only = [s for s in os.environ.get("BENCH_ONLY", "").split(",") if s]
    seed = int(os.environ.get("BENCH_SEED", "2026"))
    discover()
    names = [name for name in MEASUREMENTS if not only or name in only]
    unknown = set(only) - set(MEASUREMENTS)
    if unknown:
        sys.exit(f"pengukuran tidak dikenal: {', '.join(sorted(unknown))} "
                 f"(ada: {', '.join(MEASUREMENTS)})")
    with tempfile.TemporaryDirectory(prefix="pengadaan-bench-") as scratch:
        run = Run(sizes, seed, Path(scratch))
        for name in names:
            print(f"… {name}", file=sys.stderr, flush=True)
            MEASUREMENTS[name](run)
    report(run)
    print(f"\nHasil: {save(run, names)}")


if __name__ == "__main__":
    main()
