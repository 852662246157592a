"""The schema comes only from the Alembic migrations, and they match the models.

Checked on SQLite and PostgreSQL: upgrade from empty gives exactly the tables of
``db/models.py`` (autogenerate finds nothing to add), downgrade to base and upgrade
again work, and opening a database migrates it automatically (issue #2).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pengadaan.db.models  # noqa: F401  (the tables the migrations must produce)
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from pengadaan.db.engine import get_engine
from pengadaan.db.migrate import HEAD, current_revision, downgrade, head_revision, upgrade
from pengadaan.db.uow import open_database
from sqlmodel import SQLModel

pytestmark = pytest.mark.both_databases


def _diffs(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def _tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def test_head_constant_matches_the_scripts():
    """Opening a database trusts ``HEAD`` to skip importing Alembic; keep it true."""
    assert head_revision() == HEAD


def test_opening_a_current_database_does_not_import_alembic(tmp_path):
    import subprocess
    import sys

    open_database(str(tmp_path / "x.db"))  # migrated here, reopened below
    code = ("import sys; from db.uow import open_database; "
            f"open_database({str(tmp_path / 'x.db')!r}); "
            "print(any(m == 'alembic' or m.startswith('alembic.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_migrations_match_the_models(db):
    assert current_revision(db.engine) == head_revision()
    assert _tables(db.engine) == set(SQLModel.metadata.tables)
    assert _diffs(db.engine) == []


def test_downgrade_to_base_and_upgrade_again(db):
    engine = db.engine
    downgrade(engine, "base")
    try:
        assert _tables(engine) == set()
        assert current_revision(engine) is None
    finally:
        upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert _diffs(engine) == []


def test_opening_migrates_automatically(db):
    url = db.url
    downgrade(db.engine, "base")
    try:
        opened = open_database(url)
    finally:
        upgrade(get_engine(url))  # leaves the shared PostgreSQL database usable anyway
    assert current_revision(opened.engine) == head_revision()
    assert _tables(opened.engine) == set(SQLModel.metadata.tables)


def test_opening_a_new_sqlite_file_creates_it(tmp_path):
    path = tmp_path / "baru.db"
    database = open_database(str(path))
    assert path.exists()
    assert current_revision(database.engine) == head_revision()
    assert _diffs(database.engine) == []
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_migrated_sqlite_enforces_foreign_keys(sqlite_db):
    with sqlite_db.engine.connect() as conn, conn.begin():
        try:
            conn.exec_driver_sql(
                "INSERT INTO riwayat (paket_id, ke, pemicu, tanggal, dicatat, oleh, hash) "
                "VALUES (999, 'rencana', 'buat', '2026-01-01', '2026-01-01 00:00:00', 'x', 'x')")
        except sa.exc.IntegrityError as err:
            assert "FOREIGN KEY" in str(err)
        else:
            raise AssertionError("foreign key not enforced")


def test_the_comparison_sees_a_difference(sqlite_db):
    """A model change without a migration would be caught: here, an extra column."""
    metadata = sa.MetaData()
    for table in SQLModel.metadata.tables.values():
        table.to_metadata(metadata)
    metadata.tables["paket"].append_column(sa.Column("lokasi", sa.String(100)))
    with sqlite_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, metadata)
    assert [(d[0], d[3].name) for d in diffs] == [("add_column", "lokasi")]


def test_migrations_are_frozen_snapshots():
    """A migration that imported live application code would do something else once
    that code changed: the version scripts import only libraries."""
    versions = Path(pengadaan.db.models.__file__).parent / "migrations" / "versions"
    scripts = sorted(versions.glob("*.py"))
    assert scripts
    imports = []
    for path in scripts:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                imports.append((path.name, "." * node.level + (node.module or "")))
            elif isinstance(node, ast.Import):
                imports.extend((path.name, a.name) for a in node.names)
    live = [(name, module) for name, module in imports
            if module.startswith(".") or module.split(".")[0] in ("pengadaan", "db", "tui")]
    assert live == []
