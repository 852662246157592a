"""Real databases for tests: a fresh SQLite file per test, and the PostgreSQL
cluster started by ``make test`` (``PENGADAAN_TEST_PG``), truncated between tests.

Tests that take the ``db`` fixture run on both. Without PostgreSQL the PostgreSQL
half skips with a reason, except under ``CI=true`` where it fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from pengadaan.db.engine import get_engine
from pengadaan.db.migrate import upgrade
from pengadaan.db.uow import Database, open_database

from pengadaan.usecases.opd import add_opd
from pengadaan.usecases.paket import PaketBaru, create_paket

PG_URL = os.environ.get("PENGADAAN_TEST_PG")
IN_CI = os.environ.get("CI", "").lower() == "true"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_file(relative: str) -> Path:
    """A file from ../shared/data; skipped where absent, a failure under CI."""
    path = SHARED / relative
    if not path.exists():
        if IN_CI:
            pytest.fail(f"berkas data bersama tidak ada di CI: {path}")
        pytest.skip(f"../shared tidak tersedia ({path})")
    return path


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = get_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_migrated() -> str:
    if not PG_URL:
        if IN_CI:
            pytest.fail("PostgreSQL wajib ada di CI (PENGADAAN_TEST_PG tidak diset)")
        pytest.skip("PostgreSQL tidak tersedia (jalankan lewat `make test`)")
    engine = get_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    upgrade(engine)
    return PG_URL


def _truncate_all(url: str) -> None:
    engine = get_engine(url)
    with engine.begin() as conn:
        tables = [
            r[0] for r in conn.execute(sa.text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"))
        ]
        if tables:
            conn.execute(sa.text(
                f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path) -> str:
    path = tmp_path / "pengadaan.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def pg_url(pg_migrated) -> str:
    """The PostgreSQL test database, emptied (tests that are about PostgreSQL only)."""
    _truncate_all(pg_migrated)
    return pg_migrated


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> Iterator[str]:
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_url")
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url) -> Database:
    """An empty, migrated database: SQLite file or PostgreSQL."""
    return open_database(db_url)


@pytest.fixture
def sqlite_db(sqlite_url) -> Database:
    return open_database(sqlite_url)


ACTOR = "penguji"


def make_opd(db: Database, kode: str = "PUPR", nama: str = "Dinas PUPR") -> str:
    add_opd(db, kode, nama, kode, actor=ACTOR)
    return kode


def make_paket(db: Database, kode: str = "P-1", **overrides) -> str:
    """A paket with sensible defaults (tender konstruksi, pagu Rp 1 miliar, 2026)."""
    values = dict(kode=kode, nama="Rehabilitasi Jalan Bae", opd="PUPR", metode="tender",
                  jenis="konstruksi", pagu=1_000_000_000, tahun=2026)
    values.update(overrides)
    from datetime import date
    return create_paket(db, PaketBaru(**values), ACTOR, as_of=date(2026, 1, 5))
