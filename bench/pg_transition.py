"""Issue #15: one ``paket maju`` on PostgreSQL — statements sent and server time.

A registered PPK fires ``siapkan`` on distinct packages of its OPD (``advance``, as the
CLI and the TUI call it). Statements are counted on the wire (``bench/wire.py``: libpq's
trace, BEGIN and COMMIT included). Server time is the CPU the server process of the
connection spent, read from ``/proc/PID/schedstat`` around each unit of work (precise to
the nanosecond and untouched by other programs on a busy machine; it leaves out waiting
for the disk at COMMIT). Needs the server on this machine; otherwise only the count.

The transition is the writing transaction (BEGIN … COMMIT); ``advance`` then reads the
paket's detail for its answer in a transaction of its own, reported beside it.
Like ``konkurensi``, it empties the database ``PENGADAAN_TEST_PG`` names.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from bench.concurrency import fresh_database
from bench.registry import Figure, Result, Run, measurement
from bench.wire import traced
from pengadaan.usecases.paket import advance
from pengadaan.usecases.pengguna import add_user

TRANSITIONS = 30
MOST_STATEMENTS = 8
SERVER_SECONDS = 0.005
TODAY = date(2026, 6, 1)


def _cpu_seconds(pid: int) -> float | None:
    """On-CPU time of a local process, or None when it cannot be read."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


class ServerClock:
    """CPU of the server process behind each unit of work (checkout to checkin)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.spent: list[float | None] = []
        self._started: dict[int, float | None] = {}

    def _checkout(self, dbapi_connection, _record, _proxy) -> None:
        self._started[id(dbapi_connection)] = _cpu_seconds(dbapi_connection.info.backend_pid)

    def _checkin(self, dbapi_connection, _record) -> None:
        start = self._started.pop(id(dbapi_connection), None)
        end = _cpu_seconds(dbapi_connection.info.backend_pid)
        self.spent.append(None if start is None or end is None else end - start)

    def __enter__(self) -> ServerClock:
        sa.event.listen(self.engine, "checkout", self._checkout)
        sa.event.listen(self.engine, "checkin", self._checkin)
        return self

    def __exit__(self, *_exc) -> None:
        sa.event.remove(self.engine, "checkout", self._checkout)
        sa.event.remove(self.engine, "checkin", self._checkin)


def _median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.2f} ms".replace(".", ",")


@measurement("maju-pg")
def pg_transition(run: Run) -> None:
    url = os.environ.get("PENGADAAN_TEST_PG")
    if not url:
        run.add(Result("paket maju PostgreSQL", 0, 0.0,
                       note="dilewati: PENGADAAN_TEST_PG tidak diset (jalankan `make bench`)"))
        return
    db, kodes = fresh_database(url, TRANSITIONS + 1)
    add_user(db, "beban", "admin", "beban")
    add_user(db, "ppk_pupr", "ppk", "beban", opd="PUPR")

    def fire(kode: str) -> None:
        advance(db, kode, "siapkan", "ppk_pupr", tanggal=TODAY, today=TODAY)

    fire(kodes[0])  # the connection is open and psycopg has seen each statement once
    walls, transitions, replies, cpu_tx, cpu_reply = [], [], [], [], []
    for kode in kodes[1:]:
        with traced(db.engine) as wire, ServerClock(db.engine) as clock:
            began = time.perf_counter()
            fire(kode)
            walls.append(time.perf_counter() - began)
        transition, *reply = wire.transactions()
        transitions.append(len(transition))
        replies.append(sum(len(t) for t in reply))
        if len(clock.spent) == 2 and None not in clock.spent:
            cpu_tx.append(clock.spent[0])
            cpu_reply.append(clock.spent[1])
    wall = statistics.median(walls)
    run.add(Result("paket maju PostgreSQL: pernyataan per transisi", TRANSITIONS, wall,
                   figure=Figure(max(transitions), "pernyataan", MOST_STATEMENTS),
                   note=f"BEGIN … COMMIT, terbanyak dari {TRANSITIONS} paket; jawaban "
                        f"(rincian paket) +{max(replies)} pernyataan; kolom ms: seluruh "
                        "advance"))
    if not cpu_tx:
        run.add(Result("paket maju PostgreSQL: waktu server per transisi", TRANSITIONS, 0.0,
                       note="dilewati: proses server tidak terbaca (/proc/PID/schedstat)"))
        return
    run.add(Result("paket maju PostgreSQL: waktu server per transisi", TRANSITIONS,
                   statistics.median(cpu_tx), target_seconds=SERVER_SECONDS,
                   note=f"CPU proses server (/proc/PID/schedstat), median {len(cpu_tx)} paket; "
                        f"jawaban +{_median_ms(cpu_reply)}"))
