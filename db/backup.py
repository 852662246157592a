"""Backups: an online SQLite copy through SQLite's backup API, and the ``pg_dump``
command for a PostgreSQL server (whose own tools do that job better than we could)."""

from __future__ import annotations

import os
import shlex
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import sqlalchemy as sa

from pengadaan.domain.errors import DatabaseError


def sqlite_file(url: str) -> Path | None:
    """The database file behind a SQLite URL (None for any other database)."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database).resolve()


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` while others keep working.

    One backup step copies every page under one read transaction, so the copy is a
    single consistent snapshot; in WAL mode that read does not block writers. The copy
    is written beside ``target`` and renamed into place, so a failure leaves no
    half-written file, and stale ``-wal``/``-shm`` files of an overwritten database are
    removed first (SQLite would otherwise replay them into the new copy).
    """
    partial = target.with_name(target.name + ".partial")
    _remove(partial)  # left by a run killed with SIGKILL, which nothing can clean up
    try:
        with _terminate_as_exit(), closing(sqlite3.connect(source)) as src, \
                closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        _remove(target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm"))
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as err:
        _remove(partial)
        raise DatabaseError(f"cadangan gagal: {_reason(err)}") from None
    except BaseException:  # Ctrl+C, SIGTERM: no half copy of hundreds of MB stays behind
        _remove(partial)
        raise


def restore_sqlite(source: Path, target: Path) -> None:
    """Write the backup ``source`` over the database ``target`` page by page, through
    SQLite's own locking: a writer working at that moment finishes first, and a reader
    sees either the old database or the restored one."""
    try:
        with _terminate_as_exit(), \
                closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as src, \
                closing(sqlite3.connect(target, timeout=30)) as dst:
            src.backup(dst)
    except (sqlite3.Error, OSError) as err:
        raise DatabaseError(f"pemulihan gagal: {_reason(err)}") from None


def _reason(err: Exception) -> str:
    from pengadaan.db.sqlite_failure import disk_reason

    return disk_reason(str(err)) or str(err)


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """SIGTERM (``kill``, a stopped service) unwinds like Ctrl+C, so clean-up runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _exit(signum, _frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _address(url: str) -> str:
    """The libpq address of ``url`` without its password."""
    parsed = sa.engine.make_url(url)
    return sa.engine.URL.create(  # URL.set(password=None) would keep the password
        "postgresql", username=parsed.username, host=parsed.host, port=parsed.port,
        database=parsed.database, query=parsed.query).render_as_string(hide_password=False)


def pg_dump_command(url: str, target: Path) -> str:
    """The shell line that dumps the database at ``url`` into ``target``.

    The password is left out on purpose (a printed line ends up in shell history and
    screenshots); pg_dump takes it from ``PGPASSWORD`` or ``~/.pgpass``.
    """
    return shlex.join(["pg_dump", "--format=custom", f"--file={target}",
                       f"--dbname={_address(url)}"])


def pg_restore_command(url: str, source: Path) -> str:
    """The shell line that puts a ``pg_dump`` file back (every table replaced)."""
    return shlex.join(["pg_restore", "--clean", "--if-exists", "--single-transaction",
                       f"--dbname={_address(url)}", str(source)])
