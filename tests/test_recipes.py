"""The README's way of running ``pengadaan`` and the admin guide's cron, systemd and
login-banner recipes, run as written in a real ``sh`` (issue #15): the text a user
copies is the text tested. ``mail`` is a stub on PATH that files what it was given."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_support import BIN

pytestmark = pytest.mark.end_to_end

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)  # the tests' own virtualenv, as `make install` made it
SYSTEM_PATH = "/usr/bin:/bin"
SERVER_DB = "/srv/pengadaan/pengadaan.db"  # where the recipes say the database lives
MAIL = """#!/bin/sh
# mail -s SUBJEK PENERIMA: file the subject, the recipient and the body
{ echo "Subject: $2"; echo "To: $3"; cat; } >> "$HOME/mail.txt"
"""


def _block(doc: Path, heading: str, first_line: str) -> str:
    """The fenced block under ``heading`` (a line of it) whose first line is
    ``first_line`` (or, with a shebang, the line after)."""
    text = doc.read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    for block in re.findall(r"```[a-z]*\n(.*?)```", section, re.S):
        lines = block.splitlines()
        if first_line in lines[:2]:
            return block
    raise AssertionError(f"{doc.name}: no block starting {first_line!r} under {heading!r}")


def sh(script: str, home: Path, path: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``sh -c SCRIPT`` with only the given PATH, a HOME of the test's own and no
    PENGADAAN_DB: a new shell, as a login or cron would start it."""
    env = {"PATH": path, "HOME": str(home), "LANG": "C.UTF-8", "COLUMNS": "80"}
    return subprocess.run(["sh", "-c", script], capture_output=True, text=True, env=env,
                          cwd=cwd or home, timeout=300)


def _pengadaan(*args: str, cwd: Path) -> str:
    result = subprocess.run([str(BIN), *args], capture_output=True, text=True, cwd=cwd,
                            timeout=300, env={"PATH": SYSTEM_PATH, "HOME": str(cwd)})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A small demo year: late paket on any day after it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    _pengadaan("--db", str(path), "demo", "--paket", "20", "--per", "2026-11-25",
               cwd=path.parent)
    return path


@pytest.fixture
def home(tmp_path) -> Path:
    stubs = tmp_path / "stub"
    stubs.mkdir()
    (stubs / "mail").write_text(MAIL)
    (stubs / "mail").chmod(0o755)
    return tmp_path


def _tool_path(home: Path) -> str:
    """PATH with the stub ``mail`` and ``pengadaan`` installed as the guide says."""
    return f"{home / 'stub'}:{VENV / 'bin'}:{SYSTEM_PATH}"


@pytest.mark.slow
def test_readme_examples_run_in_a_new_shell(demo, home):
    block = _block(ROOT / "README.md", "## Menjalankan `pengadaan`", ". .venv/bin/activate"
                   "                 # sesudah ini cukup: pengadaan …")
    (home / ".venv").symlink_to(VENV)
    (home / "demo.db").symlink_to(demo)
    assert sh("pengadaan --help", home, SYSTEM_PATH).returncode == 127  # not on PATH yet
    result = sh("set -e\n" + block, home, SYSTEM_PATH)
    assert result.returncode == 0, result.stderr
    assert "2026-00015" in result.stdout
    assert "paket terlambat" in result.stdout
    assert "Pelacak kemajuan pengadaan" in result.stdout


def test_a_link_in_local_bin_puts_pengadaan_on_path_from_anywhere(home):
    block = _block(ROOT / "docs" / "panduan-admin.md", "## Pemasangan",
                   ". .venv/bin/activate                                  # shell ini saja")
    link = next(line for line in block.splitlines() if "~/.local/bin/" in line
                and not line.startswith("sudo"))
    (home / ".venv").symlink_to(VENV)
    (home / ".local" / "bin").mkdir(parents=True)
    assert sh(link, home, SYSTEM_PATH).returncode == 0
    anywhere = sh("cd / && pengadaan --help", home, f"{home / '.local' / 'bin'}:{SYSTEM_PATH}")
    assert anywhere.returncode == 0, anywhere.stderr
    assert "Pelacak kemajuan pengadaan" in anywhere.stdout


def _recipe(name: str, database: Path, home: Path) -> Path:
    block = _block(ROOT / "docs" / "panduan-admin.md", "## Peringatan terjadwal", name)
    assert SERVER_DB in block
    script = home / Path(name.split()[1].rstrip(":")).name
    script.write_text(block.replace(SERVER_DB, str(database)))
    return script


CRON = "# /usr/local/bin/pengadaan-peringatan: surel bila ada peringatan, atau bila gagal memeriksa"
BANNER = "# /etc/profile.d/pengadaan.sh: satu baris peringatan saat login"


def test_cron_mail_holds_the_summary(demo, home):
    script = _recipe(CRON, demo, home)
    ringkas = _pengadaan("--db", str(demo), "peringatan", "--ringkas", cwd=home)
    assert "paket terlambat" in ringkas
    result = sh(f"sh {script}", home, _tool_path(home))
    assert result.returncode == 0, result.stderr
    assert (home / "mail.txt").read_text() == (
        f"Subject: Paket terlambat\nTo: ukpbj@contoh.go.id\n{ringkas}")


def test_cron_sends_nothing_when_nothing_is_late(home):
    empty = home / "kosong.db"
    _pengadaan("--db", str(empty), "init", cwd=home)
    result = sh(f"sh {_recipe(CRON, empty, home)}", home, _tool_path(home))
    assert result.returncode == 0, result.stderr
    assert not (home / "mail.txt").exists()


def test_cron_without_a_database_mails_the_failure_and_creates_none(home):
    missing = home / "tidak-ada.db"
    result = sh(f"sh {_recipe(CRON, missing, home)}", home, _tool_path(home))
    assert result.returncode == 0, result.stderr
    mail = (home / "mail.txt").read_text().splitlines()
    assert mail[:2] == ["Subject: pengadaan gagal memeriksa", "To: admin@contoh.go.id"]
    assert mail[2].startswith(f"Galat: basis data belum ada: {missing}")
    assert not missing.exists()


def test_login_banner_prints_one_line_and_never_fails_a_login(demo, home):
    ringkas = _pengadaan("--db", str(demo), "peringatan", "--ringkas", cwd=home)
    banner = _recipe(BANNER, demo, home)
    shown = sh(f". {banner}; echo masuk", home, _tool_path(home))
    assert (shown.returncode, shown.stdout) == (0, f"{ringkas}masuk\n")
    broken = sh(f". {_recipe(BANNER, home / 'tidak-ada.db', home)}; echo masuk", home,
                _tool_path(home))
    assert broken.returncode == 0
    assert broken.stdout.startswith("Galat: basis data belum ada")
    assert broken.stdout.endswith("masuk\n")
    assert sh(f". {banner}; echo masuk", home, SYSTEM_PATH).stdout == "masuk\n"  # not installed
