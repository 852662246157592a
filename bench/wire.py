"""What a PostgreSQL connection really sends: libpq's own trace of the protocol.

Counted on the wire rather than from SQLAlchemy's events, so BEGIN and COMMIT (which
psycopg sends itself) count like any query, and a statement psycopg has prepared counts
although its SQL is not sent again. Used by ``bench/pg_transition.py`` and
``tests/test_pg_statements.py`` (issue #15: statements per transition).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa
from psycopg import pq
from sqlalchemy.engine import Engine

_NEW_MESSAGE = re.compile(r"[FB]\t\d+\t")


@dataclass
class Wire:
    """The statements sent inside :func:`traced` (a Query or an Execute each: its SQL,
    or the name of the prepared statement run), per connection in the order sent."""

    statements: list[str] = field(default_factory=list)

    def transactions(self) -> list[list[str]]:
        """The statements cut after each COMMIT or ROLLBACK."""
        found: list[list[str]] = [[]]
        for statement in self.statements:
            found[-1].append(statement)
            if statement.strip('"') in ("COMMIT", "ROLLBACK"):
                found.append([])
        return [t for t in found if t]


def _messages(lines: Iterator[str]) -> Iterator[list[str]]:
    """The tab-separated fields of each message (SQL with newlines spans lines)."""
    message = ""
    for line in lines:
        if _NEW_MESSAGE.match(line) and message:
            yield message.rstrip("\n").split("\t")
            message = ""
        message += line
    if message:
        yield message.rstrip("\n").split("\t")


def parse(lines: Iterator[str]) -> list[str]:
    """The statements of one connection's libpq trace (without timestamps)."""
    statements: list[str] = []
    parsed: str | None = None  # the SQL of the last Parse, run by the Execute after it
    for way, _length, kind, *rest in _messages(lines):
        detail = rest[0].strip() if rest else ""
        if way != "F":
            continue
        if kind == "Query":
            statements.append(detail)
        elif kind == "Parse":
            parsed = detail
        elif kind == "Bind" and parsed is None:
            parsed = f"(disiapkan) {detail}"
        elif kind == "Execute":
            statements.append(parsed or "")
            parsed = None
    return statements


@contextmanager
def traced(engine: Engine) -> Iterator[Wire]:
    """Trace every connection ``engine`` hands out inside the block; the returned
    :class:`Wire` is complete when each connection is back in the pool."""
    wire = Wire()
    files: dict[int, tempfile._TemporaryFileWrapper] = {}

    def checkout(dbapi_connection, _record, _proxy) -> None:
        log = tempfile.TemporaryFile("w+")  # noqa: SIM115 — closed at checkin
        files[id(dbapi_connection)] = log
        dbapi_connection.pgconn.trace(log.fileno())
        dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)

    def checkin(dbapi_connection, _record) -> None:
        log = files.pop(id(dbapi_connection), None)
        if log is None:
            return
        dbapi_connection.pgconn.untrace()  # flushes libpq's buffer into the file
        log.seek(0)
        wire.statements.extend(parse(iter(log)))
        log.close()

    sa.event.listen(engine, "checkout", checkout)
    sa.event.listen(engine, "checkin", checkin)
    try:
        yield wire
    finally:
        sa.event.remove(engine, "checkout", checkout)
        sa.event.remove(engine, "checkin", checkin)
