"""Unit of work: one session, one transaction, committed once per user action."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pengadaan.db.history_values  # noqa: F401  (refuses a tracked change left unrecorded)
import pengadaan.db.limits_check  # noqa: F401  (checks every flush against the limits)
import pengadaan.db.user_chain  # noqa: F401  (no user change without its record)
import sqlalchemy as sa
from pengadaan.db.engine import (
    DUPLICATE_OBJECT,
    WRITE_OPTION,
    describe_failure,
    get_engine,
    is_duplicate,
    is_lost_race,
    resolve_url,
    server_refusal,
)
from pengadaan.db.migrate import ensure_current
from pengadaan.db.repository import WRITING, forget_newest
from sqlalchemy.engine import Engine
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from pengadaan.domain.errors import LOST_RACE, Conflict, DatabaseError, TidakBerwenang
from pengadaan.settings import Settings

DUPLICATE = "data yang sama baru saja disimpan pengguna lain; muat ulang lalu coba lagi"


@dataclass(frozen=True)
class Database:
    """An opened, migrated database: what every use case receives, with the settings
    the entry point read (so the use cases hand the rules one configuration)."""

    url: str
    engine: Engine
    settings: Settings = Settings()

    def unit_of_work(self, write: bool = False) -> UnitOfWork:
        return UnitOfWork(self, write)

    @contextmanager
    def reading(self) -> Iterator[Callable[..., sa.Result]]:
        """``read(statement, **args)`` (a :class:`pengadaan.db.reading.Statement`): the
        statement built and executed in one unit of work, as the cached path
        (pengadaan/db/reading.py) runs its compiled text. On the session's connection:
        the statements select columns, and plain rows skip the ORM's row handling (the
        forecast of 10,000 paket took almost twice as long through the session)."""
        with self.unit_of_work() as uow:
            connection = uow.session.connection()
            yield lambda statement, **args: connection.execute(statement.build(**args))


def open_database(location: str | None = None, migrate: bool = True,
                  settings: Settings | None = None, create: bool = True,
                  read_only: bool = False) -> Database:
    """Resolve, connect and (on first use) migrate; errors come out in Indonesian.
    ``create=False``: the SQLite file must exist already (engine.resolve_url)."""
    url = resolve_url(location, create=create, read_only=read_only)
    engine = get_engine(url)
    try:
        if migrate:
            ensure_current(engine)
        else:
            with engine.connect():
                pass
    except sa.exc.DatabaseError as err:  # locked, unreachable, or not a database at all
        raise DatabaseError(describe_failure(err, url)) from None
    return Database(url, engine, settings or Settings())


class UnitOfWork:
    """``with db.unit_of_work(write=True) as uow: …; uow.commit()``.

    Anything not committed is rolled back on exit, so an exception anywhere inside
    leaves the database as it was. A lost optimistic-locking race becomes
    :class:`Conflict`; a locked or unreachable database becomes :class:`DatabaseError`.
    """

    def __init__(self, database: Database, write: bool) -> None:
        self.database = database
        self.write = write
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self.database.engine, expire_on_commit=False,
                               info={WRITING: self.write})
        try:
            if self.write:
                self.session.connection(execution_options={WRITE_OPTION: True})
        except sa.exc.OperationalError as err:
            self.session.close()
            raise DatabaseError(describe_failure(err, self.database.url)) from None
        return self

    def commit(self) -> None:
        forget_newest(self.session)  # what this transaction knew; the next reads again
        try:
            self.session.commit()
        except StaleDataError:
            self.session.rollback()
            raise Conflict(LOST_RACE) from None

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
        # A flush before commit (autoflush on a query) may be the one that finds the
        # paket row already at a newer version; PostgreSQL may also abort one of two
        # writers on a deadlock or serialization failure. All three: someone else won.
        if isinstance(exc, StaleDataError) or is_lost_race(exc):
            raise Conflict(LOST_RACE) from None
        if is_duplicate(exc):
            raise Conflict(DUPLICATE) from None
        refused = server_refusal(exc)
        if refused:  # a secured server said no (the use cases' own checks came first)
            state, message = refused
            raise (Conflict if state == DUPLICATE_OBJECT else TidakBerwenang)(
                f"server PostgreSQL menolak: {message}") from None
        if isinstance(exc, sa.exc.OperationalError):
            raise DatabaseError(describe_failure(exc, self.database.url)) from None
