"""The exit-code table (pengadaan/cli/exit_codes.py, documented in docs/dasar.md §Galat)
and the promise behind it: a read-only command never creates a database, so a cron job
cannot mistake "no database" for "nothing late" (issue #15)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pengadaan.cli.exit_codes import ExitCode
from tests.cli_support import run

ROOT = Path(__file__).resolve().parent.parent
PER = "2026-11-25"
READ_ONLY = (
    ("peringatan", "--ringkas"), ("rekap",), ("rapor", "PUPR"), ("paket", "daftar"),
    ("paket", "daftar", "--format", "json"), ("ekspor", "csv", "x.csv"), ("kalender", "2026"),
    ("tui",), (),
)


def test_the_documented_table_is_the_declared_one():
    guide = (ROOT / "docs" / "dasar.md").read_text(encoding="utf-8")
    section = guide.split("## Galat", 1)[1].split("\n## ", 1)[0]
    documented = [int(code) for code in re.findall(r"^\| (\d+) \|", section, re.M)]
    assert documented == [code.value for code in ExitCode]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kode") / "demo.db"
    assert run("--db", str(path), "demo", "--paket", "20", "--per", PER).returncode == 0
    return path


def test_each_code_means_one_thing(demo, tmp_path):
    empty = tmp_path / "kosong.db"
    assert run("--db", str(empty), "init").returncode == ExitCode.OK
    calm = run("--db", str(empty), "peringatan", "--gagal-jika-ada", "--ringkas")
    assert (calm.returncode, calm.stdout) == (
        ExitCode.OK, "0 paket terlambat, 0 kritis, 0 rawan; tidak ada peringatan\n")
    found = run("--db", str(demo), "peringatan", "--per", PER, "--gagal-jika-ada")
    assert found.returncode == ExitCode.FOUND and found.stderr == ""
    assert run("--db", str(demo), "peringatan", "--tidak-ada").returncode == ExitCode.USAGE
    missing = run("--db", str(tmp_path / "tidak-ada.db"), "peringatan", "--gagal-jika-ada")
    assert missing.returncode == ExitCode.FAILED and missing.stdout == ""
    refused = run("--db", str(demo), "paket", "lihat", "TIDAK-ADA")
    assert refused.returncode == ExitCode.FAILED
    assert refused.stderr.startswith("Galat: ")


@pytest.mark.parametrize("args", READ_ONLY, ids=lambda a: " ".join(a) or "(tui)")
def test_a_read_only_command_never_creates_a_database(tmp_path, args):
    missing = tmp_path / "tidak-ada.db"
    result = run("--db", str(missing), *args, cwd=tmp_path)
    assert result.returncode == ExitCode.FAILED
    assert result.stderr == (f"Galat: basis data belum ada: {missing} (pilih dengan --db "
                             "atau PENGADAAN_DB, atau buat dengan `pengadaan init`)\n")
    assert list(tmp_path.iterdir()) == []


def test_the_default_database_is_not_created_by_cron(tmp_path):
    """No --db, no PENGADAAN_DB, nothing at the per-user path: an error, not an all-clear,
    and not even the per-user folder appears."""
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": None}
    result = run("peringatan", "--ringkas", "--gagal-jika-ada", env=env)
    assert result.returncode == ExitCode.FAILED, result.stdout
    assert "basis data belum ada" in result.stderr and "pengadaan.db" in result.stderr
    assert list(tmp_path.iterdir()) == []
    assert run("init", env=env).returncode == ExitCode.OK  # a write command creates it
    assert run("peringatan", "--ringkas", env=env).returncode == ExitCode.OK
