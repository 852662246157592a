"""The raw baselines' SQL, recorded from our own run (issue #15: "a raw Python sqlite3
script running the same SQL on the same file").

Hand-written baseline SQL drifted from the commands (an alert kind added later was
missing from it, a statement left out), so the raw side is no longer written by hand:
:class:`Recording` runs a use case in process on the cached SQLite path, as the command
does, and keeps every statement and its bound values exactly as they are handed to
:mod:`sqlite3` (the connection's set-up too), and how many rows came back. The raw
process (:data:`RAW_ROWS`, :data:`RAW_COUNT`: plain :mod:`sqlite3`, nothing of ours)
replays them from a JSON file and fetches every row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pengadaan.db.reading import CachedDatabase

from pengadaan.settings import Settings

# Every row of every statement, each written as JSON: what a hand-written script that
# prints a report's rows does, without our types and formatting.
RAW_ROWS = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
with open(sys.argv[2], encoding="utf-8") as file:
    ran = json.load(file)
write = sys.stdout.write
for sql, params in ran:
    for row in conn.execute(sql, params):
        write(json.dumps(list(row), ensure_ascii=False) + "\\n")
"""
# The same statements, every row fetched and only counted (a one-line summary).
RAW_COUNT = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
with open(sys.argv[2], encoding="utf-8") as file:
    ran = json.load(file)
print(sum(1 for sql, params in ran for _ in conn.execute(sql, params)))
"""


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


def replayed(path: Path, statements: list[tuple[str, Any]]) -> str:
    """In process, what :data:`RAW_ROWS` prints: every row as a line of JSON."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        return "".join(json.dumps(list(row), ensure_ascii=False) + "\n"
                       for sql, params in statements for row in conn.execute(sql, params))
    finally:
        conn.close()
