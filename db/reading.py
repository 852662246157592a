"""Read-only reports from cached SQL text, without SQLAlchemy (issue #15).

A cron run of ``peringatan`` spends most of its time importing SQLAlchemy, SQLModel,
the models and pydantic before the one query runs. The statements stay defined once,
with SQLAlchemy (pengadaan/db/statements.py names them); what SQLAlchemy compiles
from them for SQLite — text, the constants it binds, which columns are dates — is
kept in a file in the user's cache folder, keyed by a hash of the code that builds
them and of SQLAlchemy's version (:func:`_sources`), and compiled again when missing
or stale. A run then hands the text and its named inputs to :mod:`sqlite3`. Each
build has its own file and leaves the others' alone while they are in use (a
checkout and a pipx install on one account would otherwise recompile on every run):
:func:`_prune` removes only files unused for :data:`STALE_DAYS` and the oldest beyond
:data:`KEEP_BUILDS`.

A use case reads through ``with db.reading() as read: read(STATEMENT, **args)``: the
ORM :class:`pengadaan.db.uow.Database` builds and executes the statement,
:class:`CachedDatabase` executes its cached text; the rows are the same (tests
compare both). Anything unusual (not SQLite, a schema to migrate, an unreadable file)
raises :class:`Unusable`, and the caller asks the ORM database, which migrates or
words the error as always; a database still locked after the busy timeout is said
here (pengadaan/db/sqlite_failure.py), not waited for a second time.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sqlite3
import time
import zlib
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pengadaan.db.location import FOREIGN_KEYS, WAL_SYNCHRONOUS, busy_timeout_ms, resolve_url
from pengadaan.db.sqlite_failure import first_line, locked_reason

from pengadaan.domain.errors import DatabaseError

if TYPE_CHECKING:
    from pengadaan.settings import Settings

DB_FOLDER = Path(__file__).parent
CACHE_GLOB = "sql-sqlite-*.json"
# Another build's cache file goes when unused this long, or when more builds than
# this have one (the least recently used first).
STALE_DAYS = 30
KEEP_BUILDS = 8
DAY = 86400


class Unusable(Exception):
    """The cached path cannot answer this run: ask the ORM database."""


def _failed(err: sqlite3.Error) -> Exception:
    """What to raise for ``err``: a file still locked when the busy timeout ran out is
    said at once (:class:`DatabaseError`, worded as the ORM words it), since the ORM
    would only wait the timeout again; anything else is :class:`Unusable`, for the
    ORM database to answer."""
    reason = locked_reason(first_line(err))
    return Unusable(str(err)) if reason is None else DatabaseError(reason)


class Statement(NamedTuple):
    """A statement a read-only report runs: ``target`` (``module:function``) builds it
    with SQLAlchemy from the run's arguments, its values as named bind parameters;
    ``shape`` is what of the arguments changes the SQL text, ``params`` the values
    of those named inputs; ``text_dates``: the cached read leaves its dates as their
    ISO text (the ORM still gives dates), for a caller that only writes them or
    converts the few it needs (:meth:`as_text`). A named tuple: a dataclass costs ±3
    million instructions to create, on every report's start (issue #15)."""

    target: str
    shape: Callable[..., tuple]
    params: Callable[..., dict[str, Any]]
    text_dates: bool = False

    def as_text(self) -> Statement:
        """This statement (the same text, cache entry and rows) with its dates as text."""
        return self._replace(text_dates=True)

    def build(self, **args: Any) -> Any:
        module, function = self.target.split(":")
        return getattr(importlib.import_module(module), function)(**args)

    def key(self, **args: Any) -> str:
        return f"{self.target}{self.shape(**args)!r}"


def _sources() -> list[str]:
    """What shapes the compiled text: the builders and models (db/, the migrations too:
    they name the schema revision), the rules' vocabulary (pengadaan/domain/) and the
    compiler (SQLAlchemy's ``__init__.py`` holds its version; reading it is cheaper
    than importing :mod:`importlib.metadata`). Paths as text: a :class:`Path` for each
    of the ±80 files, and sorting them, cost every report's start ±3 million
    instructions (issue #15)."""
    db = os.fspath(DB_FOLDER)
    domain = os.path.dirname(importlib.util.find_spec("pengadaan.domain").origin)
    return [*_python_files(db), *_python_files(os.path.join(db, "migrations", "versions")),
            *_python_files(domain, below=True), importlib.util.find_spec("sqlalchemy").origin]


def _python_files(folder: str, below: bool = False) -> list[str]:
    """The ``*.py`` files of ``folder`` (``below``: and of its subfolders), in the
    order ``sorted(Path(folder).rglob("*.py"))`` gives them (by their parts), without
    the pattern pathlib compiles for a glob."""
    found = []
    for root, folders, files in os.walk(folder):
        found.extend(os.path.join(root, name) for name in files if name.endswith(".py"))
        if not below:
            folders.clear()
    return sorted(found, key=_parts)


def _parts(path: str) -> list[str]:
    return path.split(os.sep)


@cache
def cache_file() -> Path:
    """The cache of this build: a new hash (code or SQLAlchemy changed) is a new file.
    CRC-32 and Adler-32 over every byte (zlib, loaded already) rather than SHA-256:
    a change of any byte changes the name, and ``hashlib`` would load OpenSSL for a
    key no one attacks; :mod:`platformdirs` only when the folder is first needed.
    Each file read unbuffered, whole (``readall``: one ``read`` of its size)."""
    crc = adler = 1
    for path in _sources():
        with open(path, "rb", buffering=0) as file:
            content = file.readall()
        for part in (os.path.basename(path).encode(), content):
            crc, adler = zlib.crc32(part, crc), zlib.adler32(part, adler)
    from platformdirs import user_cache_path

    folder = user_cache_path("pengadaan", appauthor=False)
    return folder / CACHE_GLOB.replace("*", f"{crc:08x}{adler:08x}")


def _read_cache(path: Path) -> dict[str, Any]:
    """The build's entries; reading marks the file used (its modification time, moved
    at most once a day: atime is often not kept), so :func:`_prune` of another build
    keeps it."""
    with suppress(OSError, ValueError):
        with path.open("rb") as file:
            if os.fstat(file.fileno()).st_mtime < time.time() - DAY:
                with suppress(OSError):
                    os.utime(path)
            found = json.loads(file.read())
        if isinstance(found, dict):
            return found
    return {}


def _write_cache(path: Path, entries: dict[str, Any]) -> None:
    """Whole or not at all (a concurrent reader never sees half a file); a folder that
    cannot be written only means compiling again next time."""
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
        _prune(path)


def _prune(path: Path) -> None:
    """Other builds' cache files that nothing uses any more: unused for
    :data:`STALE_DAYS`, or beyond the :data:`KEEP_BUILDS` most recently used."""
    found = []
    for other in path.parent.glob(CACHE_GLOB):
        with suppress(OSError):
            found.append((other.stat().st_mtime, other))
    found.sort(reverse=True)
    oldest = time.time() - STALE_DAYS * DAY
    kept = 1  # this build's own file
    for mtime, other in found:
        if other == path:
            continue
        if mtime >= oldest and kept < KEEP_BUILDS:
            kept += 1
        else:
            other.unlink(missing_ok=True)


@cache
def _row_type(columns: tuple[str, ...]) -> type:
    return namedtuple("Row", columns, rename=True)


def _bound(value: Any, moment: bool = False) -> Any:
    """A value as SQLAlchemy binds it on SQLite: a date as ISO text, a moment
    (``moment``: a DATETIME column, SQLModel's UTCDateTime) as its DATETIME text in UTC
    without the offset."""
    if moment and isinstance(value, datetime):
        # Only a write binds a moment, and its history entry has loaded history_text
        # (hashlib) already: a read-only report's start-up does not.
        from pengadaan.db.history_text import in_utc

        return in_utc(value).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value.isoformat() if isinstance(value, date) else value


def _values(statement: Statement, entry: dict[str, Any], args: dict[str, Any]
            ) -> dict[str, Any]:
    moments = entry.get("moments", ())
    return {**entry["constants"], **{k: _bound(v, k in moments)
                                     for k, v in statement.params(**args).items()}}


class CachedDatabase:
    """A SQLite file answered from cached SQL text (see the module's docstring)."""

    def __init__(self, path: str, settings: Settings) -> None:
        self.path = path
        self.settings = settings
        self._entries: dict[str, Any] | None = None

    @property
    def entries(self) -> dict[str, Any]:
        if self._entries is None:
            self._entries = _read_cache(cache_file())
        return self._entries

    def _entry(self, statement: Statement, args: dict[str, Any]) -> dict[str, Any]:
        key = statement.key(**args)
        found = self.entries.get(key)
        if found is None:  # first use of this shape: compile (imports SQLAlchemy once)
            from pengadaan.db.compiled_sql import compiled

            found = compiled(statement, args)
            self.entries[key] = found
            # A copy (atomic under the GIL): the TUI reads from two threads at once.
            _write_cache(cache_file(), self.entries.copy())
        return found

    def _schema_is_current(self, connection: sqlite3.Connection) -> bool:
        if "head" not in self.entries:
            from pengadaan.db.compiled_sql import schema_head

            self.entries["head"] = schema_head()
        try:
            stored = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            return False
        return stored is not None and stored[0] == self.entries["head"]

    def _connect(self, *setup: str) -> sqlite3.Connection:
        """A connection to the file with ``setup`` run on it, closed again when any of
        it fails (a file still locked after the busy timeout: said at once)."""
        try:
            connection = sqlite3.connect(self.path, isolation_level=None,
                                         timeout=busy_timeout_ms() / 1000)
        except sqlite3.Error as err:
            raise _failed(err) from None
        try:
            for sql in setup:
                connection.execute(sql)
        except sqlite3.Error as err:
            connection.close()
            raise _failed(err) from None
        return connection

    @contextmanager
    def reading(self) -> Iterator[Callable[..., Iterator[tuple]]]:
        """``read(statement, **args)``: its rows, inside one read transaction."""
        connection = self._connect("PRAGMA query_only = ON", "BEGIN")
        try:
            if not self._schema_is_current(connection):
                raise Unusable("skema perlu dimigrasi")

            def read(statement: Statement, **args: Any) -> Iterator[tuple]:
                entry = self._entry(statement, args)
                rows = connection.execute(entry["sql"], _values(statement, entry, args))
                return _converted(rows, entry, statement.text_dates)

            yield read
        except sqlite3.Error as err:
            raise _failed(err) from None
        finally:
            connection.close()

    @contextmanager
    def writing(self) -> Iterator[Callable[..., Written]]:
        """``run(statement, **args)`` inside one write transaction (``BEGIN IMMEDIATE``:
        the write lock first, as the ORM's write unit of work takes it), committed when
        the block ends without an exception; anything else rolls it all back. A database
        that is missing or of another schema is :class:`Unusable` before anything is
        written; one still locked after the busy timeout is :class:`DatabaseError`."""
        connection = self._connect(FOREIGN_KEYS, WAL_SYNCHRONOUS, "BEGIN IMMEDIATE")
        try:
            if not self._schema_is_current(connection):
                raise Unusable("skema perlu dimigrasi")

            def run(statement: Statement, **args: Any) -> Written:
                entry = self._entry(statement, args)
                cursor = connection.execute(entry["sql"], _values(statement, entry, args))
                return Written(list(_converted(cursor, entry)), cursor.rowcount)

            yield run
            connection.execute("COMMIT")
        except sqlite3.Error as err:
            raise _failed(err) from None
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            connection.close()


class Written:
    """What a statement run on the cached write path gave: its rows (what it returned)
    and how many rows it changed, as SQLAlchemy's result offers them. A plain class,
    as :class:`Statement` is a named tuple."""

    __slots__ = ("rowcount", "rows")

    def __init__(self, rows: list[tuple], rowcount: int) -> None:
        self.rows, self.rowcount = rows, rowcount

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)


def _converted(rows, entry: dict[str, Any], text_dates: bool = False) -> Iterator[tuple]:
    """Rows as SQLAlchemy's result types give them: dates as dates (``text_dates``: as
    stored, ISO text), flags as bools, with attribute access by column name. Each row
    made by ``tuple.__new__`` (C), not the named tuple's ``_make`` (a Python call per
    row: 150,000 rows at 100k for ``peringatan``); the columns are the type's fields."""
    make = partial(tuple.__new__, _row_type(tuple(entry["columns"])))
    dates, flags = () if text_dates else entry["dates"], entry["bools"]
    if not dates and not flags:
        return map(make, rows)
    from_iso = date.fromisoformat

    def convert(row: tuple) -> tuple:
        values = list(row)
        for i in dates:
            if values[i] is not None:
                values[i] = from_iso(values[i])
        for i in flags:
            if values[i] is not None:
                values[i] = bool(values[i])
        return make(values)

    return map(convert, rows)


def open_cached(location: str | None, settings: Settings) -> CachedDatabase:
    """The existing SQLite database at ``location`` (as ``--db``/``PENGADAAN_DB`` resolve
    it), to be read from cached SQL; a missing file is the ORM path's error."""
    url = resolve_url(location, create=False)
    if not url.startswith("sqlite:///"):
        raise Unusable("bukan SQLite")
    return CachedDatabase(url.removeprefix("sqlite:///"), settings)
