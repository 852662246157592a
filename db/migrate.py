"""Schema creation and upgrades, only through the Alembic migrations.

Run by ``pengadaan init`` and automatically the first time a database is opened.
Alembic is imported only when a migration runs: opening a current database reads
the stored revision with plain SQL, which spares every command about 0.1 s.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest revision in db/migrations/versions; tests/test_migrations.py checks it.
HEAD = "0007_peran_server"


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
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction."""
    from alembic import command

    cfg = _config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


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
