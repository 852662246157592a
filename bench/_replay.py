"""The raw baselines' SQL, recorded from our own run (issue #15: "a raw Python sqlite3
script running the same SQL on the same file").

Hand-written baseline SQL drifted from the commands (an alert kind added later was
missing from it, a statement left out), so the raw side is no longer written by hand:
:class:`Recording` runs a use case in process on the cached SQLite path, as the command
does, and keeps every statement and its bound values exactly as they are handed to
:mod:`sqlite3` (the connection's set-up too), and how many rows came back. The raw
process (:data:`RAW_ROWS`, :data:`RAW_DOCUMENT`, :data:`RAW_COUNT`: plain
:mod:`sqlite3` and :mod:`json`, nothing of ours) replays them from a JSON file and
fetches every row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pengadaan.db.reading import CachedDatabase

from pengadaan.settings import Settings

# Each raw baseline is one plain-sqlite3 function ``report(conn, ran, write)``, run as
# its own process (:func:`raw_script`) and in process (:func:`replayed`): one text.
RAW_ROWS = """
def report(conn, ran, write):
    # Every row as a line of JSON (a bare list): the rows without our types, rules and
    # formatting (peringatan, rekap).
    for sql, params in ran:
        for row in conn.execute(sql, params):
            write(json.dumps(list(row), ensure_ascii=False) + "\\n")
"""
RAW_DOCUMENT = """
def report(conn, ran, write):
    # The rows as one indented list of objects named by their columns: the document
    # paket daftar --format json prints (its rows are the whole report), written as the
    # issue's own baseline script wrote it.
    rows = []
    for sql, params in ran:
        cursor = conn.execute(sql, params)
        names = [column[0] for column in cursor.description or ()]
        rows.extend(dict(zip(names, row)) for row in cursor)
    write(json.dumps(rows, ensure_ascii=False, indent=2) + "\\n")
"""
RAW_COUNT = """
def report(conn, ran, write):
    # Every row fetched and only counted (a one-line summary: --ringkas).
    write(f"{sum(1 for sql, params in ran for _ in conn.execute(sql, params))}\\n")
"""
_PROCESS = """
import json, sqlite3, sys
{report}
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
with open(sys.argv[2], encoding="utf-8") as file:
    report(conn, json.load(file), sys.stdout.write)
"""


def raw_script(raw: str) -> str:
    """The raw baseline ``raw`` as a ``python -c`` script: the database file and the
    recorded statements' JSON file are its arguments."""
    return _PROCESS.format(report=raw)


def raw_rows(raw: str, out: str) -> int:
    """How many rows the raw baseline ``raw`` read, from what it printed."""
    if raw is RAW_COUNT:
        return int(out)
    if raw is RAW_DOCUMENT:
        return len(json.loads(out))
    return out.count("\n")


class _Rows:
    """A cursor that counts the rows taken from it into its recording."""

    def __init__(self, cursor: sqlite3.Cursor, recording: Recording) -> None:
        self._cursor, self._recording = cursor, recording

    def __iter__(self) -> Iterator[tuple]:
        for row in self._cursor:
            self._recording.rows += 1
            yield row

    def fetchone(self) -> tuple | None:
        row = self._cursor.fetchone()
        self._recording.rows += row is not None
        return row

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class _Connection:
    """A connection whose statements are recorded as they are executed."""

    def __init__(self, connection: sqlite3.Connection, recording: Recording) -> None:
        self._connection, self._recording = connection, recording

    def execute(self, sql: str, params: Any = ()) -> _Rows:
        self._recording.statements.append((sql, params))
        return _Rows(self._connection.execute(sql, params), self._recording)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


class Recording(CachedDatabase):
    """The cached SQLite path (db/reading.py) keeping what it runs: ``statements``
    (SQL text and bound values, in order, the set-up of each connection included) and
    ``rows`` (how many rows they gave)."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path), Settings.from_env())
        self.statements: list[tuple[str, Any]] = []
        self.rows = 0

    def _connect(self, *setup: str) -> Any:
        self.statements.extend((sql, ()) for sql in setup)
        return _Connection(super()._connect(*setup), self)


def recorded(path: Path, use_case: Callable[[CachedDatabase], Any],
             into: Path) -> tuple[Recording, Any]:
    """``use_case`` run on a :class:`Recording` of ``path``, its statements written to
    ``into`` for the raw process; the recording and what the use case returned."""
    recording = Recording(path)
    result = use_case(recording)
    into.write_text(json.dumps(recording.statements, ensure_ascii=False), encoding="utf-8")
    return recording, result


def replayed(path: Path, statements: list[tuple[str, Any]], raw: str = RAW_ROWS) -> str:
    """In process, what the raw baseline ``raw`` prints (the same function)."""
    namespace: dict[str, Any] = {"json": json}
    exec(raw, namespace)  # noqa: S102 (our own text, as the raw process runs it)
    conn = sqlite3.connect(path, isolation_level=None)
    parts: list[str] = []
    try:
        namespace["report"](conn, statements, parts.append)
    finally:
        conn.close()
    return "".join(parts)
