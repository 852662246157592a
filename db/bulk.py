"""Set-based queries for imports and exports: many rows per statement, in chunks
small enough for every driver's parameter limit."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from pengadaan.db.models import Jadwal, Opd, Paket, Riwayat
from pengadaan.db.repository import step_condition
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

CHUNK = 900
# SQLite's page cache while a bulk write runs (negative: KiB): an import's new rows and
# index pages stay in memory until the commit instead of spilling to the WAL file
# one page at a time (the default is 2 MiB).
BULK_CACHE_KIB = 64 * 1024


@contextmanager
def roomy_cache(session: Session) -> Iterator[None]:
    """Inside: SQLite keeps up to :data:`BULK_CACHE_KIB` of pages in memory; after, the
    connection's own size again (PostgreSQL: nothing to do)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    # The driver's connection: it outlives the session's, which the commit inside ends.
    driver = connection.connection.dbapi_connection
    before = driver.execute("PRAGMA cache_size").fetchone()[0]
    driver.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA cache_size = {int(before)}")


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def insert_returning_ids(session: Session, table: Any, rows: list[dict[str, Any]]
                         ) -> list[int]:
    """INSERT plain dicts (all with the same keys) in a few multi-row statements; the new
    ids, in the rows' order (an import links the next table's rows to them)."""
    if not rows:
        return []
    columns = table.__table__
    statement = sa.insert(columns).returning(columns.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())


def scalar_defaults(table: sa.Table, given: Iterable[str]) -> dict[str, Any] | None:
    """The Python defaults of ``table``'s columns that an INSERT of the columns ``given``
    leaves out, by column; None when one of them is callable (only SQLAlchemy runs it,
    row by row)."""
    missing = [c for c in table.columns if c.key not in given and c.default is not None]
    if any(not c.default.is_scalar for c in missing):
        return None
    return {c.key: c.default.arg for c in missing}


def insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT plain dicts (all with the same keys) as :func:`insert_columns` does."""
    if not rows:
        return
    defaults = scalar_defaults(table.__table__, rows[0])
    if defaults is None:
        session.execute(sa.insert(table.__table__), rows)
    else:
        _insert_many(session, table, _by_key(rows), len(rows), defaults)


def insert_columns(session: Session, table: Any, columns: dict[str, list[Any]], count: int,
                   constants: dict[str, Any] | None = None) -> None:
    """INSERT ``count`` rows given column by column (each list ``count`` long; a bulk
    writer builds them straight from its records, no dict per row) through the driver's
    executemany (:func:`_driver_many`). ``constants`` are the same in every row; a
    column given neither way with a constant default gets that default."""
    if not count:
        return
    constants = constants or {}
    defaults = scalar_defaults(table.__table__, {*columns, *constants})
    if defaults is None:  # SQLAlchemy runs the callable default, on rows
        rows = [dict(zip(columns, values, strict=True), **constants)
                for values in zip(*columns.values(), strict=True)]
        session.execute(sa.insert(table.__table__), rows)
    else:
        _insert_many(session, table, columns, count, {**constants, **defaults})


def _insert_many(session: Session, table: Any, columns: dict[str, list[Any]], count: int,
                 constants: dict[str, Any]) -> None:
    """:func:`_driver_many` of an INSERT of ``columns`` and ``constants`` (every column
    with a default among them)."""
    connection = session.connection()
    compiled = sa.insert(table.__table__).compile(dialect=connection.dialect,
                                                  column_keys=[*columns, *constants])
    _driver_many(connection, compiled, columns, count, constants)


def run_many(session: Session, statement: sa.Executable, rows: list[dict[str, Any]]
             ) -> None:
    """``statement`` (its inputs named with ``sa.bindparam``) once per dict of ``rows``
    (all with the same keys) through the driver's executemany, as :func:`insert_rows`."""
    if rows:
        connection = session.connection()
        compiled = statement.compile(dialect=connection.dialect)
        _driver_many(connection, compiled, _by_key(rows), len(rows), {})


def _by_key(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Dicts that share their keys, as one list per key."""
    return {key: list(map(itemgetter(key), rows)) for key in rows[0]}


def _driver_many(connection: sa.Connection, compiled: sa.Compiled,
                 columns: dict[str, list[Any]], count: int, constants: dict[str, Any]
                 ) -> None:
    """The same values reach the driver as ``connection.execute(statement, rows)`` would
    send (each input type's own bind processor: dates, UTC timestamps, flags), but
    without SQLAlchemy's per-row parameter handling, half the time of an OCDS import
    (issue #15). An input's processor runs once per distinct value (an import stamps one
    moment on every row); an input ``columns`` do not hold takes ``constants`` or the
    statement's own value (``version + 1``)."""
    dialect = connection.dialect
    constants = {**compiled.params, **constants}
    order = list(compiled.positiontup) if compiled.positional else list(compiled.params)
    by_input = []
    for key in order:
        process = compiled.binds[key].type.dialect_impl(dialect).bind_processor(dialect)
        if key not in columns:
            value = constants[key]
            by_input.append([process(value) if process else value] * count)
        elif process is None:
            by_input.append(columns[key])
        else:
            values = columns[key]
            done = {value: process(value) for value in set(values)}
            by_input.append(list(map(done.__getitem__, values)))
    parameters = list(zip(*by_input, strict=True))
    if not compiled.positional:
        parameters = [dict(zip(order, values, strict=True)) for values in parameters]
    connection.exec_driver_sql(str(compiled), parameters)


def paket_query(column: sa.Column, keys: Sequence[str]) -> sa.Select:
    """The paket whose ``column`` (kode or kode_rup) is among ``keys``: a seek per key
    (tests/test_query_plans.py)."""
    return sa.select(Paket.__table__).where(column.in_(keys))


def paket_by(session: Session, column: sa.Column, keys: Iterable[str]
             ) -> dict[str, tuple]:
    """Existing paket rows (named tuples of every column, typed as the ORM reads them)
    keyed by ``column`` (kode or kode_rup): one query per chunk of keys through the driver,
    so a first import, which finds none, pays no row handling, and a re-import reads each
    row once."""
    connection = session.connection()
    found: dict[str, tuple] = {}
    for part in chunks(sorted({k for k in keys if k})):
        query, row_type, processors = _paket_query(connection.dialect, column, len(part))
        parameters = (tuple(part) if query.positional
                      else {f"k{i}": key for i, key in enumerate(part)})
        rows = connection.exec_driver_sql(str(query), parameters).cursor.fetchall()
        if not rows:
            continue
        values = [list(map(process, given)) if process else given
                  for process, given in zip(processors, zip(*rows, strict=True), strict=True)]
        for row in map(row_type._make, zip(*values, strict=True)):
            found.setdefault(getattr(row, column.key), row)
    return found


@lru_cache(maxsize=32)
def _paket_query(dialect: sa.Dialect, column: sa.Column, size: int
                 ) -> tuple[sa.Compiled, type, list]:
    """:func:`paket_query` with ``size`` inputs, compiled once per size (a file's chunks
    are all alike but the last), the named tuple of its row, and each column's result
    processor (the one SQLAlchemy runs: SQLite's dates come back as text)."""
    query = paket_query(column, [sa.bindparam(f"k{i}") for i in range(size)])
    columns = Paket.__table__.columns
    processors = [c.type.dialect_impl(dialect).result_processor(dialect, None)
                  for c in columns]
    return (query.compile(dialect=dialect), namedtuple("PaketRow", columns.keys()),
            processors)


def reserve_ids(session: Session, table: Any, count: int) -> list[int]:
    """``count`` ids for new rows of ``table``, taken before they are inserted, so that
    whatever refers to a row (a history entry's hash covers its paket id, the paket row
    keeps that hash as its chain head) is written with it, not patched in afterwards.

    PostgreSQL takes them from the id's sequence (safe beside other writers); SQLite
    writes inside ``BEGIN IMMEDIATE`` (db/engine.py), so no one else inserts until the
    import commits and the ids after the largest are free."""
    if count <= 0:
        return []
    id_column = table.__table__.c.id
    if session.connection().dialect.name == "postgresql":
        sequence = sa.func.pg_get_serial_sequence(table.__tablename__, id_column.name)
        query = sa.select(sa.func.nextval(sequence)).select_from(
            sa.func.generate_series(1, count))
        return sorted(session.execute(query).scalars())
    largest = session.execute(sa.select(sa.func.max(id_column))).scalar_one() or 0
    return list(range(largest + 1, largest + 1 + count))


def jadwal_query(paket_ids: Sequence[int]) -> sa.Select:
    """The jadwal rows of ``paket_ids``: a seek per paket (tests/test_query_plans.py)."""
    return sa.select(Jadwal.__table__).where(Jadwal.paket_id.in_(paket_ids))


def jadwal_of(session: Session, paket_ids: Sequence[int]) -> dict[tuple[int, str], sa.Row]:
    found = {}
    for part in chunks(list(paket_ids)):
        for row in session.execute(jadwal_query(part)):
            found[(row.paket_id, row.tahap)] = row
    return found


def last_history_dates(session: Session, paket_ids: Sequence[int]) -> dict[int, Any]:
    """The date of each paket's last step."""
    found = {}
    for part in chunks(list(paket_ids)):
        query = (sa.select(Riwayat.paket_id, sa.func.max(Riwayat.tanggal))
                 .where(Riwayat.paket_id.in_(part), step_condition())
                 .group_by(Riwayat.paket_id))
        found.update(dict(session.execute(query).all()))
    return found


def update_many(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """UPDATE ... WHERE id = :_id for each dict (all dicts share their keys).

    A paket row also needs ``_version``, the version it was read at: the update bumps
    it, and a row changed by someone else since (PostgreSQL lets another writer commit
    between the read and this update) makes the whole transaction a conflict.
    """
    if not rows:
        return
    columns = [k for k in rows[0] if k not in ("_id", "_version")]
    statement = (sa.update(table.__table__)
                 .where(table.__table__.c.id == sa.bindparam("_id"))
                 .values({c: sa.bindparam(c) for c in columns}))
    if table is Paket:
        version = Paket.__table__.c.version
        statement = (statement.where(version == sa.bindparam("_version"))
                     .values(version=version + 1))
    result = session.connection().execute(statement, rows)
    if table is Paket and result.rowcount != len(rows):
        raise StaleDataError(f"{len(rows) - result.rowcount} paket berubah sejak dibaca")


def all_opd(session: Session) -> list[sa.Row]:
    return list(session.execute(sa.select(Opd.id, Opd.kode, Opd.nama, Opd.singkatan)))



def export_rows(session: Session, as_of: Any, opd_id: int | None = None) -> list[sa.Row]:
    """Every paket with its OPD, the stage it was in on ``as_of`` (from the history:
    the latest entry dated on or before it), its progress report in force then (with its
    note, ``catatan_progres``), and whether its contract was kritis then (``kritis``,
    the lateness module's SQL rule).

    A paket whose first history entry is after ``as_of`` did not exist yet: left out.
    """
    from pengadaan.db.lateness_sql import kritis_condition
    from pengadaan.db.progres import latest_progress_subquery

    last = (sa.select(Riwayat.paket_id, sa.func.max(Riwayat.id).label("rid"))
            .where(Riwayat.tanggal <= as_of, step_condition()).group_by(Riwayat.paket_id)
            .subquery())
    progres = latest_progress_subquery(as_of)
    query = (
        sa.select(Paket.__table__, Opd.kode.label("opd_kode"), Opd.nama.label("opd_nama"),
                  Opd.singkatan.label("opd_singkatan"), Riwayat.ke.label("tahap_per"),
                  Riwayat.tanggal.label("sejak_per"), progres.c.fisik_bp, progres.c.rencana_bp,
                  progres.c.catatan.label("catatan_progres"),
                  sa.case((kritis_condition(Riwayat.ke, progres.c.kritis), True),
                          else_=False).label("kritis"))
        .join(Opd, Opd.id == Paket.opd_id)
        .join(last, last.c.paket_id == Paket.id)
        .join(Riwayat, Riwayat.id == last.c.rid)
        .outerjoin(progres, progres.c.paket_id == Paket.id)
        .order_by(Opd.kode, Paket.kode)
    )
    if opd_id is not None:
        query = query.where(Paket.opd_id == opd_id)
    return list(session.execute(query))
