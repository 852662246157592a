"""Issue #15: whole processes, as a user or cron feels them.

Every command runs as a new process, round-robin with its baselines (``python -c
pass`` and a raw Python ``sqlite3`` script running the same SQL on the same file), so a
busy machine slows every side alike; the figure is the median of :data:`ROUNDS`.
Targets (issue #15): ``pengadaan --help`` and ``pengadaan peringatan --help`` ≤ 150 ms,
``paket maju`` ≤ 250 ms, and the four read commands ≤ 2× their raw process at 10k and
≤ 1,3× at 100k.
The raw scripts replay the statements the command's use case runs, recorded from it
in process (bench/_replay.py, checked against the command's output and row count), and
print the rows as bench/_reports.RAW_OF says (as JSON lists, as the very document, or
counted), so the ratio is what our start-up and layers cost over the same SQL; judged
on CPU time.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from pengadaan.db.progres import kritis_paket_ids
from pengadaan.db.uow import open_database

from bench._replay import raw_rows, raw_script, recorded
from bench._reports import OPD, RAW_OF, alerts_text, daftar_text, rekap_text, ringkas_text
from bench.data import PER, cached_database, working_copy
from bench.rapor import rapor_database
from bench.registry import Result, Run, measurement
from pengadaan.domain.formatting import today_wib

PYTHON = sys.executable
CLI = str(Path(sys.executable).parent / "pengadaan")
# BENCH_CLI_SEBELUM: another build of the command (the one before a change), measured in
# the same rounds, so "before" and "after" see the same machine load.
BEFORE = os.environ.get("BENCH_CLI_SEBELUM")
ROUNDS = 9
HELP_TARGET = 0.150
MAJU_TARGET = 0.250
REPORT_RATIO = 2.0
REPORT_RATIO_100K = 1.3  # at 100,000 paket the start-up weighs little: the rows cost


def report_ratio(n: int) -> float:
    return REPORT_RATIO_100K if n >= 100_000 else REPORT_RATIO

# One transition by hand: read the version, UPDATE under it, chain and INSERT history.
RAW_ADVANCE = """
import hashlib, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL"); conn.execute("PRAGMA synchronous = NORMAL")
conn.execute("BEGIN IMMEDIATE")
paket_id, version, tahap = conn.execute(
    "SELECT id, version, tahap FROM paket WHERE kode = ?", (sys.argv[2],)).fetchone()
conn.execute("UPDATE paket SET version = version + 1 WHERE id = ? AND version = ?",
             (paket_id, version))
previous = conn.execute("SELECT hash FROM riwayat WHERE paket_id = ? ORDER BY id DESC "
                        "LIMIT 1", (paket_id,)).fetchone()[0]
digest = hashlib.sha256(f"{paket_id}|{tahap}|{previous}".encode()).hexdigest()
conn.execute("INSERT INTO riwayat (paket_id, dari, ke, pemicu, tanggal, dicatat, oleh, "
             "hash, hash_sebelumnya) VALUES (?, ?, ?, 'bench', date('now'), "
             "datetime('now'), 'bench', ?, ?)", (paket_id, tahap, tahap, digest, previous))
conn.execute("COMMIT")
"""


def _run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and the child's CPU seconds (user + system): on the shared machine
    the wall clock moves with the load, the CPU time much less."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.perf_counter() - start, cpu


def interleaved(commands: dict[str, object],
                envs: dict[str, dict[str, str]] | None = None,
                cpu: dict[str, float] | None = None) -> dict[str, float]:
    """Median seconds per command, each round running every command once in turn (a
    value may be a function of the round, for a write that needs a fresh paket;
    ``envs``: a command's own environment); ``cpu`` receives the median CPU seconds."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for i in range(ROUNDS + 1):
        for name, argv in commands.items():
            seconds = _run(argv(i) if callable(argv) else argv, (envs or {}).get(name))
            if i:  # the first round warms the file cache
                samples[name].append(seconds)
    if cpu is not None:
        cpu.update({name: statistics.median(c for _, c in values)
                    for name, values in samples.items()})
    return {name: statistics.median(w for w, _ in values) for name, values in samples.items()}


def _candidates(path: Path, count: int) -> list[str]:
    """Paket that ``nyatakan_kritis`` accepts today (as the command judges it)."""
    db = open_database(str(path))
    with db.unit_of_work() as uow:
        ids = kritis_paket_ids(uow.session, today_wib(), ("pelaksanaan",))
        kodes = [kode for (kode,) in uow.session.connection().exec_driver_sql(
            f"SELECT kode FROM paket WHERE id IN ({','.join(map(str, ids))}) ORDER BY kode")]
    db.engine.dispose()
    if len(kodes) < count:
        raise RuntimeError(f"hanya {len(kodes)} paket kritis pada tahap pelaksanaan")
    return kodes[:count]


def builds() -> list[tuple[str, str]]:
    """(label suffix, command) of each build measured: ours, and the one before if set."""
    return [("", CLI), *([(" [sebelum]", BEFORE)] if BEFORE else [])]


def cache_envs(run: Run, names: list[str]) -> dict[str, dict[str, str]]:
    """Each build its own user cache folder (the SQL cache, db/reading.py): builds
    older than the one that kept its files beside others' (issue #15) removed every
    other build's file, so two of them sharing one folder would compile again on every
    run. The warm-up round fills it."""
    envs = {}
    for suffix, _ in builds():
        folder = run.scratch / f"cache{suffix.strip(' []') or '-ini'}"
        for name in names:
            envs[name + suffix] = {**os.environ, "XDG_CACHE_HOME": str(folder)}
    return envs


def measure_help(run: Run) -> None:
    commands: dict[str, object] = {"pass": [PYTHON, "-c", "pass"]}
    for suffix, cli in builds():
        commands[f"help{suffix}"] = [cli, "--help"]
        commands[f"peringatan{suffix}"] = [cli, "peringatan", "--help"]
    medians = interleaved(commands)
    for suffix, _ in builds():
        for label, name in (("pengadaan --help", "help"),
                            ("pengadaan peringatan --help", "peringatan")):
            run.add(Result(label + suffix, 0, medians[name + suffix], medians["pass"],
                           "python -c pass", target_seconds=HELP_TARGET))


class Report(NamedTuple):
    """A read command measured against its raw process: its file, the use case as the
    command runs it (returning what the command prints), the command's arguments after
    ``--db FILE``."""

    path: Path
    use_case: Callable[..., str]
    args: list[str]

    @property
    def raw(self) -> str:
        """The raw baseline that replays the use case's statements."""
        return RAW_OF[self.use_case]


def _reports(path: Path, rekap_path: Path) -> dict[str, Report]:
    """The four reports of issue #15, by short name."""
    per = ["--per", PER.isoformat()]
    return {
        "ringkas": Report(path, ringkas_text, ["peringatan", *per, "--ringkas"]),
        "json": Report(path, alerts_text, ["peringatan", *per, "--format", "json"]),
        "rekap": Report(rekap_path, rekap_text, ["rekap", *per, "--format", "json"]),
        "daftar": Report(path, daftar_text,
                         ["paket", "daftar", "--opd", OPD, "--format", "json"]),
    }


def _checked_raw(name: str, report: Report, folder: Path, env: dict[str, str]) -> list[str]:
    """The raw process of report ``name``: the statements its use case ran, recorded
    in process (bench/_replay.py) and replayed by plain sqlite3. Checked first: the
    use case's output is the command's (the same statements asked with the same
    arguments), and the replay gives as many rows as the use case read."""
    statements = folder / f"{name}.json"
    recording, output = recorded(report.path, report.use_case, statements)
    printed = subprocess.run([CLI, "--db", str(report.path), *report.args], check=True,
                             env=env, capture_output=True, text=True).stdout
    if printed != output:
        raise AssertionError(f"{name}: use case dalam proses ≠ keluaran perintah")
    raw = [PYTHON, "-c", raw_script(report.raw), str(report.path), str(statements)]
    out = subprocess.run(raw, check=True, capture_output=True, text=True).stdout
    rows = raw_rows(report.raw, out)
    if rows != recording.rows:
        raise AssertionError(f"{name}: mentah {rows} baris, use case {recording.rows}")
    return raw


def measure_reports(run: Run, n: int) -> None:
    path, _ = cached_database(n, run.seed)
    reports = _reports(path, rapor_database(n, run.seed))
    envs = cache_envs(run, list(reports))
    commands: dict[str, object] = {"pass": [PYTHON, "-c", "pass"]}
    for name, report in reports.items():
        commands[f"{name}-raw"] = _checked_raw(name, report, run.scratch, envs[name])
    for suffix, cli in builds():
        commands.update({f"{name}{suffix}": [cli, "--db", str(r.path), *r.args]
                         for name, r in reports.items()})
    cpu: dict[str, float] = {}
    medians = interleaved(commands, envs, cpu)
    for suffix, _ in builds():
        for label, name in (("peringatan --ringkas", "ringkas"),
                            ("peringatan --format json", "json"),
                            ("rekap --format json", "rekap"),
                            (f"paket daftar --opd {OPD} --format json", "daftar")):
            # Judged on CPU time: on the shared machine the wall clock moves with the
            # load far more than the CPU a process spends.
            ours, raw = medians[name + suffix], medians[f"{name}-raw"]
            run.add(Result(f"{label} (proses, CPU){suffix}", n, cpu[name + suffix],
                           cpu[f"{name}-raw"], "proses python sqlite3 (SQL kita)",
                           f"python -c pass {medians['pass'] * 1000:.0f} ms; dinding "
                           f"{ours * 1000:.0f} lawan {raw * 1000:.0f} ms = "
                           f"{ours / raw:.2f}×".replace(".", ","),
                           target_ratio=report_ratio(n)))


def measure_advance(run: Run, n: int) -> None:
    work = working_copy(rapor_database(n, run.seed), run.scratch)
    sides = [*builds(), (" raw", "")]
    kodes = _candidates(work, len(sides) * (ROUNDS + 1))
    commands: dict[str, object] = {"pass": [PYTHON, "-c", "pass"]}
    for k, (suffix, cli) in enumerate(sides):
        mine = kodes[k::len(sides)]
        commands[f"maju{suffix}"] = (
            (lambda i, m=mine, c=cli: [c, "--db", str(work), "paket", "maju", m[i],
                                       "nyatakan_kritis"]) if cli else
            (lambda i, m=mine: [PYTHON, "-c", RAW_ADVANCE, str(work), m[i]]))
    medians = interleaved(commands, cache_envs(run, ["maju"]))  # its cached statements
    for suffix, _ in builds():
        run.add(Result(f"paket maju (proses, satu transisi){suffix}", n, medians[f"maju{suffix}"],
                       medians["maju raw"], "proses python sqlite3 UPDATE+INSERT",
                       f"python -c pass {medians['pass'] * 1000:.0f} ms",
                       target_seconds=MAJU_TARGET))
    work.unlink()


@measurement("startup")
def startup(run: Run) -> None:
    measure_help(run)
    for n in run.sizes:
        measure_reports(run, n)
        measure_advance(run, n)
