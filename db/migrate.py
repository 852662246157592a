"""Schema creation and upgrades, only through the Alembic migrations.

Run by ``pengadaan init`` and automatically the first time a database is opened.
Alembic is imported only when a migration runs: opening a current database reads
the stored revision with plain SQL, which spares every command about 0.1 s.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import sqlalchemy as sa
from pengadaan.db.engine import WRITE_OPTION
from sqlalchemy.engine import Engine

from pengadaan.domain.errors import DatabaseError

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest revision in db/migrations/versions; tests/test_migrations.py checks it.
HEAD = "0011_jejak_rencana"


def _config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def head_revision() -> str:
    """The newest revision according to the migration scripts themselves."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def revision_before(filename: str) -> str | None:
    """The revision the migration in ``versions/<filename>`` builds on (tests and the
    bench step back across one migration with data in place)."""
    from alembic.script import ScriptDirectory

    for script in ScriptDirectory.from_config(_config()).walk_revisions():
        if Path(script.path).name == filename:
            return script.down_revision
    raise LookupError(filename)


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database (None when it was never migrated)."""
    with engine.connect() as connection:
        return stored_revision(connection)


def stored_revision(connection: sa.Connection) -> str | None:
    """:func:`current_revision` read on an open connection (a transaction's snapshot)."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


# PostgreSQL advisory lock key held while migrating ("pengadaan" in ASCII, shortened).
MIGRATION_LOCK = 0x70656E67


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction.

    Several processes may open a brand-new database at once (officers starting at
    8 o'clock, a cron job): the first takes the write lock (SQLite ``BEGIN
    IMMEDIATE``, a PostgreSQL advisory lock), the others wait for it, then find the
    schema current and go on.

    On a secured PostgreSQL database (db/peran_server.py) the migrations run as the
    owner role, and the stage-ownership table and the signature triggers are
    regenerated for this version; only the DBA (a member of the owner) may do that.
    """
    from alembic import command

    cfg = _config()
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as connection, \
            connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": MIGRATION_LOCK})
        owner = _act_as_owner(connection)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
        if owner is not None:
            from pengadaan.db.peran_server import refresh_after_migration

            refresh_after_migration(connection)


def _act_as_owner(connection: sa.Connection) -> str | None:
    """``SET LOCAL ROLE`` to the owner of a secured database (None: not secured)."""
    if connection.dialect.name != "postgresql" or connection.exec_driver_sql(
            "SELECT to_regclass('peran_server') IS NULL").scalar():
        return None
    owner = connection.exec_driver_sql(
        "SELECT nama_role FROM peran_server WHERE peran = 'pemilik'").scalar()
    if owner is None:
        return None
    if not connection.execute(sa.text("SELECT pg_has_role(current_user, :o, 'MEMBER')"),
                              {"o": owner}).scalar():
        raise DatabaseError(f"skema basis data ini perlu diperbarui, dan basis data ini "
                            f"diamankan: minta DBA (anggota {owner}) menjalankan "
                            "`pengadaan init`")
    quoted = connection.dialect.identifier_preparer.quote_identifier(owner)
    connection.exec_driver_sql(f"SET LOCAL ROLE {quoted}")
    return owner


def ensure_current(engine: Engine) -> bool:
    """Upgrade when the database is behind; True when something was done."""
    if current_revision(engine) == HEAD:
        return False
    upgrade(engine)
    return True


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Take the schema back to ``revision`` (tests and recovery only)."""
    from alembic import command

    cfg = _config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)
