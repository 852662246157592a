"""Issue #7 end to end: ``pengadaan audit verifikasi`` and ``pengadaan cadangan`` in a
subprocess, their Indonesian output and exit codes."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from pengadaan.db.uow import open_database

from tests.conftest import make_opd, make_paket
from tests.spine_paths import TENDER_TO_EVALUASI, Walker
from tests.test_cli import Cli


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """Two packages with eight history entries, built in-process."""
    path = tmp_path_factory.mktemp("audit") / "template.db"
    db = open_database(str(path))
    make_opd(db)
    make_paket(db, "P-1")
    make_paket(db, "P-2")
    Walker(db, "P-1", 1_000_000_000).walk(TENDER_TO_EVALUASI)
    db.engine.dispose()
    return path


@pytest.fixture
def cli(template, tmp_path) -> Cli:
    shutil.copy(template, tmp_path / "pengadaan.db")
    return Cli(tmp_path / "pengadaan.db")


def _tamper(path: Path, statement: str) -> None:
    """What someone with the file and the sqlite3 shell could do."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER riwayat_tolak_ubah")
        conn.execute(statement)
    conn.close()


def test_verifikasi_of_an_untouched_database(cli):
    assert cli.ok("audit", "verifikasi") == "Riwayat utuh: 7 entri, 2 paket.\n"
    assert cli.json("audit", "verifikasi") == {
        "utuh": True, "entri": 7, "paket": 2, "paket_rusak": 0, "masalah": [],
        "jangkar_cocok": None, "pengguna": {
            "utuh": True, "pengguna": 0, "entri": 0, "pengguna_rusak": 0, "masalah": []}}


def test_verifikasi_names_the_edited_entry_and_exits_1(cli):
    _tamper(cli.path, "UPDATE riwayat SET oleh = 'penyusup' WHERE id = 4")
    result = cli("audit", "verifikasi")
    assert result.returncode == 1
    assert result.stderr == ""
    assert "Rantai riwayat yang rusak" in result.stdout
    assert result.stdout.splitlines()[-1].startswith(
        "Riwayat RUSAK pada 1 paket (7 entri, 2 paket); pertama: paket P-1, entri #4 (")
    assert "isi entri tidak cocok dengan hash-nya" in result.stdout

    result = cli("audit", "verifikasi", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["utuh"], report["paket_rusak"]) == (False, 1)
    assert [(m["kode"], m["entri"]) for m in report["masalah"]] == [("P-1", 4)]


def test_the_database_refuses_an_edit_from_the_sqlite_shell(cli):
    conn = sqlite3.connect(cli.path)
    with pytest.raises(sqlite3.IntegrityError, match="riwayat hanya boleh ditambah"):
        conn.execute("DELETE FROM riwayat WHERE id = 4")
    conn.close()
    assert cli("audit", "verifikasi").returncode == 0


def test_cadangan_copies_and_verifies(cli, tmp_path):
    target = tmp_path / "cadangan.db"
    out = cli.ok("cadangan", str(target))
    assert out.startswith(f"Cadangan dibuat: {target} (")
    assert out.endswith("Riwayat utuh: 7 entri, 2 paket.\n")
    assert cli.ok("audit", "verifikasi", db=str(target)) == "Riwayat utuh: 7 entri, 2 paket.\n"


def test_cadangan_refuses_an_existing_file(cli, tmp_path):
    target = tmp_path / "cadangan.db"
    target.write_text("jangan ditimpa")
    cli.fails(f"berkas: {target} sudah ada; pakai --timpa untuk menimpanya",
              "cadangan", str(target))
    assert target.read_text() == "jangan ditimpa"
    assert "Riwayat utuh" in cli.ok("cadangan", str(target), "--timpa")


def test_cadangan_of_a_tampered_database_exits_1(cli, tmp_path):
    _tamper(cli.path, "UPDATE riwayat SET catatan = 'x' WHERE id = 2")
    result = cli("cadangan", str(tmp_path / "cadangan.db"))
    assert result.returncode == 1
    assert "Cadangan dibuat" in result.stdout
    assert "Riwayat RUSAK" in result.stdout


def test_cadangan_on_postgresql_prints_pg_dump(pg_migrated, tmp_path):
    from sqlalchemy.engine import make_url

    password = make_url(pg_migrated).password
    out = Cli(tmp_path / "tidak-dipakai.db").ok("cadangan", str(tmp_path / "pbj.dump"),
                                                 db=pg_migrated)
    assert "pg_dump --format=custom" in out
    assert f":{password}@" not in out
    assert "PGPASSWORD" in out and "~/.pgpass" in out
    assert not (tmp_path / "pbj.dump").exists()
