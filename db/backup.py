"""Backups: an online SQLite copy through SQLite's backup API, and the ``pg_dump``
command for a PostgreSQL server (whose own tools do that job better than we could)."""

from __future__ import annotations

import os
import shlex
import sqlite3
from contextlib import closing
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
    _remove(partial)
    try:
        with closing(sqlite3.connect(source)) as src, \
                closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        _remove(target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm"))
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as err:
        _remove(partial)
        raise DatabaseError(f"cadangan gagal: {err}") from None


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def pg_dump_command(url: str, target: Path) -> str:
    """The shell line that dumps the database at ``url`` into ``target``.

    The password is left out on purpose (a printed line ends up in shell history and
    screenshots); pg_dump takes it from ``PGPASSWORD`` or ``~/.pgpass``.
    """
    parsed = sa.engine.make_url(url)
    address = sa.engine.URL.create(  # URL.set(password=None) would keep the password
        "postgresql", username=parsed.username, host=parsed.host, port=parsed.port,
        database=parsed.database, query=parsed.query).render_as_string(hide_password=False)
    return shlex.join(["pg_dump", "--format=custom", f"--file={target}",
                       f"--dbname={address}"])
