"""What the SQL cache keeps of a statement: SQLAlchemy's own compilation for SQLite
(pengadaan/db/reading.py runs it without SQLAlchemy)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from pengadaan.db.migrate import HEAD
from pengadaan.db.reading import Statement
from sqlalchemy.dialects import sqlite

# sqlite3 takes ``:name`` parameters from a dict: the inputs keep their names.
DIALECT = sqlite.dialect(paramstyle="named")
# Result types whose SQLite values the cached path converts as SQLAlchemy does.
CONVERTED = {"dates": sa.Date, "bools": sa.Boolean}


def compiled(statement: Statement, args: dict[str, Any]) -> dict[str, Any]:
    """``statement`` built from ``args`` and compiled: its text (IN lists spelt out),
    the values SQLAlchemy binds that are not inputs (``constants``), the column names
    and which columns hold dates or flags. Refuses what the cached path could get
    wrong: a named input ``params`` lacks or values otherwise, a constant that is not
    plain JSON, a column type SQLAlchemy converts in a way the cached path does not.
    An input a shape does not use (a date only some flags compare with) is not named.
    ``moments`` names the inputs SQLAlchemy stores as SQLite DATETIME text (a write's
    ``dicatat``: SQLModel's UTCDateTime, in UTC), which the cached path formats as it
    does."""
    query = statement.build(**args)
    result = query.compile(dialect=DIALECT, compile_kwargs={"render_postcompile": True})
    inputs = statement.params(**args)
    values = result.params
    named = {bind.key for bind in result.binds.values() if not bind.unique}
    missing = named - inputs.keys()
    if missing:
        raise ValueError(f"{statement.target}: params() lacks the inputs {sorted(missing)}")
    wrong = [name for name in named if values[name] != inputs[name]]
    if wrong:
        raise ValueError(f"{statement.target}: params() and the statement differ on {wrong}")
    constants = {name: value for name, value in values.items() if name not in named}
    unplain = [name for name, value in constants.items()
               if not isinstance(value, str | int | float | None) or isinstance(value, date)]
    if unplain:
        raise ValueError(f"{statement.target}: constants that are not plain JSON: {unplain}")
    # A SELECT's columns, or what an INSERT/UPDATE returns (none without RETURNING).
    columns = list(getattr(query, "selected_columns", None) or query.exported_columns)
    entry: dict[str, Any] = {"sql": result.string, "constants": constants,
                             "columns": [c.key for c in columns],
                             "moments": sorted(name for name in named
                                               if _is_moment(_type_of(result, name)))}
    for name, kind in CONVERTED.items():
        entry[name] = [i for i, c in enumerate(columns) if isinstance(c.type, kind)]
    others = [c.key for c in columns if not isinstance(c.type, tuple(CONVERTED.values()))
              and c.type.dialect_impl(DIALECT).result_processor(DIALECT, None) is not None]
    if others:
        raise ValueError(f"{statement.target}: columns SQLAlchemy converts: {others}")
    return entry


def _type_of(result, name: str) -> Any:
    return next(bind.type for bind in result.binds.values() if bind.key == name)


def _is_moment(kind: Any) -> bool:
    """A DATETIME input, plain or through a decorator (SQLModel's UTCDateTime)."""
    return isinstance(kind, sa.DateTime) or isinstance(getattr(kind, "impl", None), sa.DateTime)


def schema_head() -> str:
    """The schema revision the compiled text is for (db/migrate.HEAD)."""
    return HEAD
