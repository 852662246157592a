"""Real databases for tests: a fresh SQLite file per test, and the PostgreSQL
cluster started by ``make test`` (``PENGADAAN_TEST_PG``), truncated between tests.

The ``db`` fixture is a SQLite file. Tests where the two databases behave differently
(locking, triggers, migrations, SQL ordering and arithmetic, column limits) carry
``@pytest.mark.both_databases`` and run on PostgreSQL too; ``pg_url`` is for tests
about PostgreSQL alone. Without PostgreSQL those halves skip with a reason, except
under ``CI=true`` where they fail. Under pytest-xdist every worker gets its own
PostgreSQL database, named after the one in ``PENGADAAN_TEST_PG`` plus ``_gw0``…
(its role needs CREATEDB; ``.ci/pg-test-env`` grants it, and drops them with the role).
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest
import pytest_asyncio
import sqlalchemy as sa
from freezegun.api import FakeDate, FakeDatetime, real_date, real_datetime
from pengadaan.db.engine import get_engine
from pengadaan.db.migrate import upgrade
from pengadaan.db.uow import Database, open_database

from pengadaan import frozen_heap
from pengadaan.usecases.opd import add_opd
from pengadaan.usecases.paket import PaketBaru, create_paket
from tests.cli_support import wait_for

# The CLI keeps computed national holidays in the user's cache folder; the tests keep
# theirs beside pytest's own cache, never in the home folder of whoever runs them.
os.environ["XDG_CACHE_HOME"] = str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "xdg")

PG_URL = os.environ.get("PENGADAAN_TEST_PG")
IN_CI = os.environ.get("CI", "").lower() == "true"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_collection_finish(session) -> None:
    """What is alive once the tests are collected (modules, test items) lives to the
    end: kept out of the collector's sight, so each full collection, and each TUI app's
    start-up one (tui/app.py), walks only what the tests make."""
    gc.collect()
    frozen_heap.freeze("pytest")


def pytest_collection_modifyitems(items) -> None:
    """Modules holding a test marked ``slow`` run first, each module still in one piece
    (its module-scoped fixtures are made once). Under ``--dist worksteal`` the long tests
    then start early, and the end of the run is short tests the two workers share, not
    one worker finishing a long test while the other waits."""
    def module_of(item):
        return item.nodeid.split("::")[0]

    slow = {module_of(item) for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: module_of(item) not in slow)  # stable: order kept


def _schema_of(real: type) -> classmethod:
    return classmethod(lambda cls, source, handler: handler.generate_schema(real))


# Under freeze_time every module's ``date`` is freezegun's FakeDate, so a result
# type's annotations resolve to it the first time pydantic serializes that type
# (json_output caches the adapter, for later tests too). Pydantic knows FakeDate as
# the real class it stands for.
FakeDate.__get_pydantic_core_schema__ = _schema_of(real_date)
FakeDatetime.__get_pydantic_core_schema__ = _schema_of(real_datetime)


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


def pytest_generate_tests(metafunc) -> None:
    """``db``/``db_url`` is SQLite; marked tests run on PostgreSQL as well."""
    if ("db_url" in metafunc.fixturenames
            and metafunc.definition.get_closest_marker("both_databases")):
        metafunc.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)


INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE


def drop_database(conn: sa.Connection, name: str) -> None:
    """``DROP DATABASE … WITH (FORCE)``, which ends the sessions left in it. PostgreSQL
    before 17 refuses it to a role that is not superuser while an autovacuum worker
    is busy in that database ("must be a member of the role whose process is being
    terminated"; seen under load, after a test wrote much): drop again once it is done."""
    def dropped() -> bool:
        try:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        except sa.exc.ProgrammingError as err:
            if getattr(err.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
                raise
            return False
        return True

    wait_for(dropped, f"basis data {name} terhapus")


def _worker_database(base_url: str, worker: str) -> str:
    """This xdist worker's own database beside the base one (same role), fresh."""
    base = sa.engine.make_url(base_url)
    name = f"{base.database}_{worker}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        drop_database(conn, name)
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_migrated() -> str:
    if not PG_URL:
        if IN_CI:
            pytest.fail("PostgreSQL wajib ada di CI (PENGADAAN_TEST_PG tidak diset)")
        pytest.skip("PostgreSQL tidak tersedia (jalankan lewat `make test`)")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = _worker_database(PG_URL, worker) if worker else PG_URL
    _no_commit_flush(url)  # before the first connection that stays in the pool
    engine = get_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    upgrade(engine)
    return url


def _no_commit_flush(url: str) -> None:
    """Commits to the test database do not wait for the WAL to reach the disk. What
    other sessions see is unchanged (only a server crash could lose the last commits),
    and each commit of the many the tests make no longer waits on a shared disk. Set on
    the database, so CLI processes the tests start get it too."""
    name = sa.engine.make_url(url).database
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    admin.dispose()


def _filled(conn, tables) -> set[str]:
    """Those of ``tables`` (quoted names) that hold a row."""
    if not tables:
        return set()
    return set(conn.execute(sa.text(" UNION ALL ".join(
        f"SELECT '{t}' WHERE EXISTS (SELECT FROM {t})" for t in tables))).scalars())


def _truncate_all(url: str) -> None:
    """Empty every table and start every sequence again, as TRUNCATE … RESTART IDENTITY
    on them all would, in a fraction of its time.

    TRUNCATE makes new files for each table (and its indexes), ~20 ms a table, which cost
    more than most PostgreSQL tests themselves. Here only the tables holding rows are
    emptied, with DELETE, the referring tables first; the append-only guards' DELETE
    triggers are off for this one transaction (its owner may, as it may TRUNCATE)."""
    engine = get_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(sa.text(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'")).scalars().all()
        filled = _filled(conn, tables)
        referred_by: dict[str, set[str]] = {t: set() for t in filled}
        for child, parent in conn.execute(sa.text(
                "SELECT quote_ident(c.relname), quote_ident(p.relname) FROM pg_constraint k "
                "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid "
                "WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace")):
            if parent in filled and child in filled and child != parent:
                referred_by[parent].add(child)
        guards = [(table, name) for table, name in conn.execute(sa.text(
            "SELECT quote_ident(c.relname), quote_ident(t.tgname) FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal "
            "AND t.tgenabled <> 'D' AND t.tgtype & 8 <> 0 "  # 8: fires on DELETE
            "AND c.relnamespace = 'public'::regnamespace")) if table in filled]
        try:
            order = list(TopologicalSorter(referred_by).static_order())
        except CycleError:  # tables that refer to each other: TRUNCATE below takes them
            order, guards = [], []
        for table, name in guards:
            conn.execute(sa.text(f"ALTER TABLE {table} DISABLE TRIGGER {name}"))
        for table in order:
            conn.execute(sa.text(f"DELETE FROM {table}"))
        for table, name in guards:
            conn.execute(sa.text(f"ALTER TABLE {table} ENABLE TRIGGER {name}"))
        left = _filled(conn, filled)  # a rule or policy that kept rows: the slow way
        if left:
            conn.execute(sa.text(f"TRUNCATE {', '.join(left)} CASCADE"))
        conn.execute(sa.text(
            "SELECT setval(format('%I.%I', schemaname, sequencename), start_value, false) "
            "FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL"))


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


@pytest.fixture
def db_url(request) -> Iterator[str]:
    """SQLite, or PostgreSQL for the second half of a ``both_databases`` test."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield request.getfixturevalue("sqlite_url")
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url) -> Database:
    """An empty, migrated database: a SQLite file (or PostgreSQL, see above)."""
    return open_database(db_url)


@pytest.fixture
def sqlite_db(sqlite_url) -> Database:
    return open_database(sqlite_url)


def sqlite_copy(source: Path, folder: Path) -> Database:
    """A fresh copy of the SQLite file ``source``, opened."""
    path = folder / "pengadaan.db"
    shutil.copy(source, path)
    return open_database(f"sqlite:///{path}")


def sqlite_built(template: Path, folder: Path, build) -> Path:
    """A SQLite file that ``build(db)`` filled, once: tests that all start from the same
    data copy it (``sqlite_copy``) instead of building it again each."""
    db = sqlite_copy(template, folder)
    build(db)
    db.engine.dispose()  # checkpoints the WAL: the file alone is the database
    return Path(db.engine.url.database)


@pytest.fixture(scope="module")
def module_data_file(request, sqlite_template, tmp_path_factory) -> Path:
    """What the test module's ``build_data(db)`` builds, built once for the module."""
    return sqlite_built(sqlite_template, tmp_path_factory.mktemp("module-data"),
                        request.module.build_data)


@pytest.fixture
def module_data(module_data_file, tmp_path) -> Database:
    """A fresh copy of the module's ``build_data`` database for each test."""
    return sqlite_copy(module_data_file, tmp_path)


@pytest.fixture(scope="session")
def demo_template(sqlite_template, tmp_path_factory) -> Path:
    """The TUI tests' demo database (tests/tui_support.py), generated once per session."""
    from tests.tui_support import load

    return sqlite_built(sqlite_template, tmp_path_factory.mktemp("demo"), load)


@pytest.fixture
def demo_db(demo_template, tmp_path) -> Database:
    """A fresh copy of the demo database, as ``load(sqlite_db)`` would leave it."""
    return sqlite_copy(demo_template, tmp_path)


@pytest.fixture(scope="module")
def shared_demo_db(demo_template, tmp_path_factory) -> Database:
    """One copy of the demo database for a whole module's read-only checks (the
    shared TUI runs of tests/tui_support.py ``SharedRun``): nothing may write to it."""
    return sqlite_copy(demo_template, tmp_path_factory.mktemp("shared-demo"))


@pytest.fixture(scope="module")
def shared_app_options() -> dict:
    """What ``make_app`` gets for the module's shared run (``size`` too); a module
    overrides this fixture to share another kind of app."""
    return {}


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def shared_run(shared_demo_db, shared_app_options):
    from tests.tui_support import SIZE, SharedRun, make_app

    options = dict(shared_app_options)
    size = options.pop("size", SIZE)
    run = SharedRun(lambda: make_app(shared_demo_db, **options), size)
    yield run
    await run.stop()


@pytest_asyncio.fixture(loop_scope="module")
async def shared_app(shared_run):
    """(app, turn): the module's one app run, as a fresh app would be, for a check
    that only looks (mark it ``tests.tui_support.SHARED``); ``async with turn() as
    pilot`` drives it as ``async with app.run_test() as pilot`` would."""
    app = await shared_run.start()
    yield app, shared_run.turn
    await shared_run.check_alive()


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


def contracts_off_plan(db: Database) -> tuple[int, list[str]]:
    """Issue #13's check: how many paket have a contract period, and the kode of those
    whose planned pelaksanaan is anything else (or missing)."""
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT p.kode, p.tgl_kontrak_mulai, p.tgl_kontrak_selesai, j.rencana_mulai, "
            "j.rencana_selesai FROM paket p LEFT JOIN jadwal j "
            "ON j.paket_id = p.id AND j.tahap = 'pelaksanaan' "
            "WHERE p.tgl_kontrak_mulai IS NOT NULL AND p.tgl_kontrak_selesai IS NOT NULL "
            "ORDER BY p.kode")).all()
    return len(rows), [r.kode for r in rows if (r.rencana_mulai, r.rencana_selesai)
                       != (r.tgl_kontrak_mulai, r.tgl_kontrak_selesai)]
