"""``run(statement, **args)`` on a unit of work's connection: the transition's named
statements (pengadaan/db/write_statements.py) executed for the ORM database.

A statement is built once per shape and kept (building a SQLAlchemy expression costs
more CPU than sending it, issue #15); each run binds its own inputs by name. On the
session's connection: no autoflush, no ORM statement machinery.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from pengadaan.db.reading import Statement

_BUILT: dict[str, Any] = {}


def runner(session) -> Callable[..., sa.CursorResult]:
    """``run(statement, **args)`` inside ``session``'s transaction."""
    connection = session.connection()

    def run(statement: Statement, **args: Any) -> sa.CursorResult:
        key = statement.key(**args)
        built = _BUILT.get(key)
        if built is None:
            built = _BUILT[key] = statement.build(**args)
        return connection.execute(built, statement.params(**args))

    return run
