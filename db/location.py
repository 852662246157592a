"""Where the database is (``--db`` beats ``PENGADAAN_DB`` beats a per-user data file),
how long a SQLite reader waits for a writer, and what a SQLite connection sets.

Apart from the engine (pengadaan/db/engine.py) so that a read-only report answered
from cached SQL (pengadaan/db/reading.py) finds its file without importing SQLAlchemy.
"""

from __future__ import annotations

import os
from pathlib import Path

from pengadaan.domain.errors import DatabaseError

ENV_VAR = "PENGADAAN_DB"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Lets tests (and impatient users) wait less for a locked SQLite file.
TIMEOUT_ENV_VAR = "PENGADAAN_SQLITE_TIMEOUT_MS"
# What a connection to a SQLite file sets, the ORM's (db/engine.py) and the cached
# writer's (db/reading.py): foreign keys checked; and, on one that writes, a WAL commit
# that does not wait for the disk (a crash may lose the last commits, never corrupt
# the file).
FOREIGN_KEYS = "PRAGMA foreign_keys = ON"
WAL_SYNCHRONOUS = "PRAGMA synchronous = NORMAL"


def default_location() -> str:
    """The per-user data file used when nothing else is configured."""
    from platformdirs import user_data_path  # only without --db or $PENGADAAN_DB

    return str(user_data_path("pengadaan", appauthor=False) / "pengadaan.db")


def resolve_url(location: str | None = None, create: bool = True,
                read_only: bool = False) -> str:
    """A SQLAlchemy URL from ``--db``, ``PENGADAAN_DB`` or the per-user default.

    ``create=False`` (a read-only command): a SQLite file that is not there is an
    error, never a new empty database whose "0 paket terlambat" would read as an
    all-clear. ``read_only`` (a backup being checked): opened so that nothing, not even
    the switch to WAL, writes to it."""
    location = location or os.environ.get(ENV_VAR) or default_location()
    if "://" in location:
        return location
    path = Path(location).expanduser().resolve()
    if not path.parent.is_dir():
        if create and location == default_location():
            path.parent.mkdir(parents=True, exist_ok=True)
        elif location != default_location():
            raise DatabaseError(f"folder basis data tidak ada: {path.parent}")
    if not create and not path.exists():
        raise DatabaseError(f"basis data belum ada: {path} (pilih dengan --db atau "
                            f"{ENV_VAR}, atau buat dengan `pengadaan init`)")
    if read_only:
        return f"sqlite:///{path.as_uri()}?mode=ro&uri=true"
    return f"sqlite:///{path}"


def busy_timeout_ms() -> int:
    value = os.environ.get(TIMEOUT_ENV_VAR, "")
    return int(value) if value.isdigit() else SQLITE_BUSY_TIMEOUT_MS
