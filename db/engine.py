"""Where the database is (pengadaan/db/location.py) and how to connect to it.

``--db`` beats ``PENGADAAN_DB`` beats a per-user data file. A plain path means
SQLite (WAL, foreign keys on, a busy timeout, ``BEGIN IMMEDIATE`` for writes); any
SQLAlchemy URL (e.g. ``postgresql+psycopg://…``) is used as is.
"""

from __future__ import annotations

import re
from functools import cache

import sqlalchemy as sa
from pengadaan.db.location import (  # noqa: F401  (where the database is: re-exported)
    ENV_VAR,
    FOREIGN_KEYS,
    WAL_SYNCHRONOUS,
    default_location,
    resolve_url,
)
from pengadaan.db.location import busy_timeout_ms as _busy_timeout_ms
from pengadaan.db.sqlite_failure import disk_reason, first_line, locked_reason
from sqlalchemy.engine import Engine

from pengadaan.domain.errors import DatabaseError

WRITE_OPTION = "pengadaan_write"


def _configure_sqlite(engine: Engine) -> None:
    read_only = engine.url.query.get("mode") == "ro"

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own
        # transaction handling cannot do BEGIN IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_busy_timeout_ms()}")
        cursor.execute(FOREIGN_KEYS)
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute(WAL_SYNCHRONOUS)
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # One writer at a time: a write transaction takes the lock up front, so two
        # writers never deadlock upgrading from a read lock.
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@cache
def get_engine(url: str) -> Engine:
    """One engine per URL per process."""
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as err:
        raise DatabaseError(f"alamat basis data tidak dikenal: {url} ({err})") from None
    except ImportError as err:
        raise DatabaseError(f"driver basis data belum terpasang: {err.name}") from None
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


# PostgreSQL's SQLSTATEs for "one of two concurrent writers was aborted".
_LOST_RACE_STATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected

# What a PostgreSQL server or libpq says (English, in any locale of the client), and
# what it means to the user.
_PG_REASONS = (
    (re.compile(r'password authentication failed for user "([^"]*)"'),
     "kata sandi pengguna '{0}' ditolak server"),
    (re.compile(r'role "([^"]*)" does not exist'), "pengguna '{0}' tidak ada di server"),
    (re.compile(r'database "([^"]*)" does not exist'), "basis data '{0}' tidak ada di server"),
    (re.compile(r"Connection refused"),
     "server tidak menjawab (belum berjalan, atau alamat/port salah)"),
    (re.compile(r"failed to resolve host '([^']*)'"), "nama server '{0}' tidak dikenal"),
    (re.compile(r"timeout expired"), "server tidak menjawab dalam batas waktu"),
    (re.compile(r"no pg_hba.conf entry"), "server menolak koneksi dari komputer ini "
                                           "(pg_hba.conf)"),
)


def _sqlstate(err: BaseException | None) -> str | None:
    return getattr(getattr(err, "orig", None), "sqlstate", None)


def is_lost_race(err: BaseException | None) -> bool:
    """A PostgreSQL deadlock or serialization failure between two writers."""
    return _sqlstate(err) in _LOST_RACE_STATES


def is_duplicate(err: BaseException | None) -> bool:
    """A PostgreSQL unique violation: two writers inserted the same key at once (each
    checked first and saw none; SQLite's single writer never gets here)."""
    return _sqlstate(err) == "23505"


# What a secured server (db/peran_server.py) says when it refuses: no privilege, a row
# outside the officer's OPD, a stage change not theirs (42501); a login that exists.
REFUSED_STATE = "42501"   # insufficient_privilege
DUPLICATE_OBJECT = "42710"


def server_refusal(err: BaseException | None) -> tuple[str, str] | None:
    """``(sqlstate, the server's own message)`` for a refusal or an existing login."""
    state = _sqlstate(err)
    if state not in (REFUSED_STATE, DUPLICATE_OBJECT):
        return None
    return state, err.orig.diag.message_primary or str(err.orig).splitlines()[0]


def _pg_reason(text: str) -> str:
    for pattern, reason in _PG_REASONS:
        found = pattern.search(text)
        if found:
            return reason.format(*found.groups())
    return text


def describe_failure(err: Exception, url: str) -> str:
    """One Indonesian line for a connection, locking or disk failure."""
    text = first_line(err)
    if reason := locked_reason(text) or disk_reason(text):
        return reason
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if "unable to open database file" in text:
            return (f"basis data SQLite {path} tidak dapat dibuka: foldernya tidak ada, ia "
                    "sebuah folder, atau tidak ada izin menulis di sana")
        if "not a database" in text:
            return f"berkas {path} bukan basis data SQLite"
        return f"basis data SQLite {path} tidak dapat dibuka: {text}"
    safe = sa.engine.make_url(url).render_as_string(hide_password=True)
    return f"tidak dapat terhubung ke basis data {safe}: {_pg_reason(text)}"
