"""Issue #15: whole processes, as a user or cron feels them.

Every command runs as a new process, round-robin with its baselines (``python -c
pass`` and a raw Python ``sqlite3`` script running the same SQL on the same file), so a
busy machine slows every side alike; the figure is the median of :data:`ROUNDS`.
Targets (issue #15): ``pengadaan --help`` and ``pengadaan peringatan --help`` ≤ 150 ms,
``paket maju`` ≤ 250 ms, and the four read commands ≤ 2× their raw process at 10k and
≤ 1,3× at 100k.
The raw scripts print their rows as JSON (or one summary line) without our
formatting, so the ratio is what our start-up and layers cost over the same SQL.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from pengadaan.db import statements
from pengadaan.db.compiled_sql import compiled
from pengadaan.db.progres import kritis_paket_ids
from pengadaan.db.uow import open_database

from bench.data import PER, cached_database, working_copy
from bench.lateness import OPEN_KENDALA, raw_statement
from bench.rapor import rapor_database, raw_sql
from bench.registry import Result, Run, measurement
from bench.spine import OPD, RAW_SCRIPT
from pengadaan.domain.formatting import today_wib
from pengadaan.domain.lateness import ambang
from pengadaan.domain.proyeksi import anggapan
from pengadaan.usecases.kalender import kalender_for
from pengadaan.usecases.proyeksi_paket import FAKTA, TIDAK_BERISIKO

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

# One statement per output, rows straight to JSON: what a hand-written script would do.
RAW_ROWS = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
params = json.loads(sys.argv[2])
for sql in json.loads(sys.argv[3]):
    for row in conn.execute(sql, params):
        sys.stdout.write(json.dumps(list(row), ensure_ascii=False) + "\\n")
"""
RAW_COUNT = """
import collections, json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
counts = collections.Counter(row[4] for row in conn.execute(json.loads(sys.argv[3])[0],
                                                             json.loads(sys.argv[2])))
print(", ".join(f"{flag} {n}" for flag, n in sorted(counts.items())))
"""
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


def _alert_sql(path: Path) -> tuple[dict, str]:
    db = open_database(str(path))
    with db.unit_of_work() as uow:
        a = ambang(PER, kalender_for(uow.session, PER), db.settings.hampir_hari_kerja)
    db.engine.dispose()
    params = {"d": PER.isoformat(), "h": a.hampir_sampai.isoformat(),
              "sppbj": a.sppbj_sebelum.isoformat()}
    return params, raw_statement(a)


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


def forecast_sql(skip: tuple[str, ...]) -> tuple[dict, list[str]]:
    """The year-end forecast's statements as the commands run them (issue #17: the
    alerts' berisiko_tidak_terserap, the rekap's Proyeksi column): their compiled text
    and values, so the raw process runs the same SQL as ours."""
    before = PER - timedelta(days=anggapan("jendela_laju_hari", PER))
    ran = ((statements.PROYEKSI_KONTRAK, {"tahun": PER.year}),
           (statements.PROYEKSI, {"tahun": PER.year, "as_of": PER, "before": before,
                                  "fields": FAKTA, "opd_id": None, "skip": skip}))
    params: dict = {}
    texts = []
    for statement, args in ran:
        entry = compiled(statement, args)
        texts.append(entry["sql"])
        params.update(entry["constants"])
        params.update({k: v.isoformat() if isinstance(v, date) else v
                       for k, v in statement.params(**args).items()})
    return params, texts


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


def measure_reports(run: Run, n: int) -> None:
    path, _ = cached_database(n, run.seed)
    rekap_path = rapor_database(n, run.seed)
    params, alerts = _alert_sql(path)
    kendala = (f"SELECT k.paket_id, k.id, k.kategori, k.uraian, k.tanggal FROM kendala k "
               f"WHERE {OPEN_KENDALA} ORDER BY k.tanggal, k.id")
    per = ["--per", PER.isoformat()]
    rekap_params = {"as_of": PER.isoformat(), "sppbj_sebelum": params["sppbj"],
                    "tahun": PER.year}
    # The alerts and the rekap add the year-end forecast (its statement reads every paket
    # of the year): the raw process runs it too.
    json_forecast, json_texts = forecast_sql(TIDAK_BERISIKO)
    rekap_forecast, rekap_texts = forecast_sql(())
    commands: dict[str, object] = {
        "pass": [PYTHON, "-c", "pass"],
        "ringkas-raw": [PYTHON, "-c", RAW_COUNT, str(path), json.dumps(params),
                        json.dumps([alerts])],
        "json-raw": [PYTHON, "-c", RAW_ROWS, str(path), json.dumps({**json_forecast, **params}),
                     json.dumps([alerts, kendala, *json_texts])],
        "rekap-raw": [PYTHON, "-c", RAW_ROWS, str(rekap_path),
                      json.dumps({**rekap_forecast, **rekap_params}),
                      json.dumps([sql for _, sql in raw_sql()] + rekap_texts)],
        "daftar-raw": [PYTHON, "-c", RAW_SCRIPT, str(path), OPD],
    }
    for suffix, cli in builds():
        commands.update({
            f"ringkas{suffix}": [cli, "--db", str(path), "peringatan", *per, "--ringkas"],
            f"json{suffix}": [cli, "--db", str(path), "peringatan", *per, "--format", "json"],
            f"rekap{suffix}": [cli, "--db", str(rekap_path), "rekap", *per, "--format", "json"],
            f"daftar{suffix}": [cli, "--db", str(path), "paket", "daftar", "--opd", OPD,
                                "--format", "json"],
        })
    cpu: dict[str, float] = {}
    medians = interleaved(commands, cache_envs(run, ["ringkas", "json", "rekap", "daftar"]),
                          cpu)
    for suffix, _ in builds():
        for label, name in (("peringatan --ringkas", "ringkas"),
                            ("peringatan --format json", "json"),
                            ("rekap --format json", "rekap"),
                            (f"paket daftar --opd {OPD} --format json", "daftar")):
            ours, raw = cpu[name + suffix], cpu[f"{name}-raw"]
            run.add(Result(f"{label} (proses){suffix}", n, medians[name + suffix],
                           medians[f"{name}-raw"], "proses python sqlite3",
                           f"python -c pass {medians['pass'] * 1000:.0f} ms; CPU "
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
