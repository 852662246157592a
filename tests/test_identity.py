"""Who acts cannot be faked or lost (issue #19): the OS identity is never taken from the
environment, the admin set cannot be emptied by a race, and "no active admin" never
means "everyone is admin"; a brand-new database opened by several processes at once
is migrated by one of them while the others wait."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from pengadaan.db.engine import get_engine
from pengadaan.db.migrate import HEAD, current_revision

from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import Conflict, TidakBerwenang
from pengadaan.usecases import pengguna as uc
from tests.cli_support import BIN, wait_for
from tests.conftest import ACTOR, _worker_database, drop_database


def _free_uid() -> int:
    """A uid the passwd database does not know."""
    uid = 4242
    while True:
        try:
            pwd.getpwuid(uid)
        except KeyError:
            return uid
        uid += 1


def _without_passwd_entry() -> list[str]:
    """A command prefix that runs as a uid the passwd database does not know (a user
    namespace, as in a container); skips where the kernel does not allow one."""
    prefix = ["unshare", "--user", f"--map-user={_free_uid()}"]
    try:
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30)
    except FileNotFoundError:
        pytest.skip("unshare tidak ada")
    if probe.returncode != 0:
        pytest.skip(f"user namespace tidak diizinkan: {probe.stderr.decode().strip()}")
    return prefix


def test_a_uid_without_passwd_entry_is_refused_not_taken_from_the_environment(tmp_path):
    """``unshare --map-user=4242 env LOGNAME=bossadm pengadaan … pengguna tambah`` made
    anyone the admin they named; now the process is refused and nothing is written."""
    database = tmp_path / "p.db"
    env = {**os.environ, "LOGNAME": "bossadm", "USER": "bossadm"}
    done = subprocess.run(
        [*_without_passwd_entry(), str(BIN), "--db", str(database), "pengguna", "tambah",
         "evil_admin", "--peran", "admin"],
        env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert "identitas tidak dapat dipastikan" in done.stderr
    assert "Traceback" not in done.stderr
    engine = get_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM pengguna")).scalar() == 0
    engine.dispose()


@pytest.mark.both_databases
def test_no_active_admin_never_makes_everyone_admin(db):
    """Once an admin was registered, losing every active admin (here by SQL, as a
    server owner could) leaves nobody admin: an unknown user is refused."""
    uc.add_user(db, "admin", "admin", ACTOR)
    assert uc.current_user(db, "admin").peran == "admin"
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE pengguna SET aktif = false WHERE nama = 'admin'"))
    with pytest.raises(TidakBerwenang, match="belum terdaftar"):
        uc.current_user(db, Identitas("siapa_saja", "siapa_saja"))
    with pytest.raises(TidakBerwenang, match="nonaktif"):
        uc.current_user(db, "admin")


def _lock_waiters(url: str) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'")).scalar()


def test_two_admins_deactivating_each_other_at_once_leave_one_active(pg_url):
    """PostgreSQL: admin ``a`` deactivates ``b`` (not yet committed) while ``b``
    deactivates ``a``. ``b``'s request waits for ``a``'s, then sees it and is refused
    as the last active admin's own deactivation would be."""
    from pengadaan.db.uow import open_database

    db = open_database(pg_url)
    uc.add_user(db, "a", "admin", ACTOR)
    uc.add_user(db, "b", "admin", Identitas("a", "a"))
    first = get_engine(pg_url).connect()
    first.begin()
    first.execute(sa.text("UPDATE pengguna SET aktif = false WHERE nama = 'b'"))
    outcome: list[BaseException | None] = []

    def second() -> None:
        try:
            uc.set_active(db, "a", False, Identitas("b", "b"))
            outcome.append(None)
        except (Conflict, TidakBerwenang) as err:
            outcome.append(err)

    worker = threading.Thread(target=second)
    worker.start()
    try:
        wait_for(lambda: outcome or _lock_waiters(pg_url) > 0, "b menunggu kunci a")
    finally:
        first.commit()
        first.close()
        worker.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], Conflict), outcome
    assert "satu-satunya admin aktif" in str(outcome[0])
    with get_engine(pg_url).connect() as conn:
        active = conn.execute(sa.text(
            "SELECT nama FROM pengguna WHERE aktif ORDER BY nama")).scalars().all()
    assert active == ["a"]


# One interpreter imports what opening a database needs, then forks the processes that
# open it: each is a process of its own (own connection, own lock), and the eight
# imports of SQLAlchemy and Alembic a fresh interpreter each would repeat are done once.
OPEN_FRESH = """
import os
import sys
import time
import traceback
from pathlib import Path

import alembic.command
import alembic.config
import alembic.script
import pengadaan.db.migrate
import pengadaan.db.peran_server
from pengadaan.db.uow import open_database

url, folder, processes = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
go = folder / "go"
children = []
for n in range(processes):
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            (folder / f"ready-{n}").touch()
            while not go.exists():
                time.sleep(0.002)
            open_database(url).engine.dispose()
        except BaseException:
            (folder / f"error-{n}").write_text(traceback.format_exc())
            code = 1
        os._exit(code)
    children.append(pid)
print(" ".join(str(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])) for pid in children))
"""


def _open_at_once(url: str, folder: Path, processes: int = 8) -> list[tuple[int, str]]:
    """``processes`` processes that each open ``url`` the moment ``go`` appears: the
    exit code and the error (if any) of each."""
    driver = subprocess.Popen([sys.executable, "-c", OPEN_FRESH, url, str(folder),
                               str(processes)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: len(list(folder.glob("ready-*"))) == processes
                 or driver.poll() is not None, "semua proses siap")
    finally:
        (folder / "go").touch()
    out, err = driver.communicate(timeout=120)
    assert driver.returncode == 0, err
    errors = [folder / f"error-{n}" for n in range(processes)]
    return [(int(code), e.read_text() if e.exists() else "")
            for code, e in zip(out.split(), errors, strict=True)]


def test_eight_processes_open_a_new_sqlite_database_at_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'baru.db'}"
    results = _open_at_once(url, tmp_path)
    assert [code for code, _ in results] == [0] * 8, [error[-300:] for _, error in results]
    assert current_revision(get_engine(url)) == HEAD


@pytest.mark.slow
def test_eight_processes_open_a_new_postgresql_database_at_once(pg_url, tmp_path):
    """Without the advisory lock 3 of 8 failed on ``duplicate key …
    pg_type_typname_nsp_index`` (two CREATE TABLEs of the same name)."""
    url = _worker_database(pg_url, "baru")
    admin = sa.create_engine(sa.engine.make_url(pg_url), isolation_level="AUTOCOMMIT")
    name = sa.engine.make_url(url).database
    try:
        results = _open_at_once(url, tmp_path)
        assert [code for code, _ in results] == [0] * 8, [error[-300:] for _, error in results]
        engine = sa.create_engine(url)
        assert current_revision(engine) == HEAD
        engine.dispose()
    finally:
        with admin.connect() as conn:
            drop_database(conn, name)
        admin.dispose()
