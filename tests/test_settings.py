"""Settings come from the environment once, at the entry point, never inside the rules."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pengadaan.cli.common import Context
from pengadaan.domain import config
from pengadaan.domain.errors import InvalidInput
from pengadaan.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "pengadaan"


def test_defaults_and_overrides():
    assert Settings.from_env({}) == Settings(config.PEMELIHARAAN_BULAN, config.HAMPIR_HARI_KERJA)
    found = Settings.from_env({"PENGADAAN_PEMELIHARAAN_BULAN": "12",
                               "PENGADAAN_HAMPIR_HARI_KERJA": "0"})
    assert (found.pemeliharaan_bulan, found.hampir_hari_kerja) == (12, 0)
    with pytest.raises(InvalidInput, match=r"PENGADAAN_PEMELIHARAAN_BULAN: '0' harus bilangan "
                                           r"bulat ≥ 1"):
        Settings.from_env({"PENGADAAN_PEMELIHARAAN_BULAN": "0"})
    with pytest.raises(InvalidInput, match=r"PENGADAAN_HAMPIR_HARI_KERJA: '-1' harus"):
        Settings.from_env({"PENGADAAN_HAMPIR_HARI_KERJA": "-1"})


def test_the_cli_reads_the_environment_into_the_database_it_opens(sqlite_url, monkeypatch):
    monkeypatch.setenv("PENGADAAN_PEMELIHARAAN_BULAN", "12")
    monkeypatch.setenv("PENGADAAN_HAMPIR_HARI_KERJA", "5")
    assert Context(sqlite_url, None).db.settings == Settings(12, 5)


def test_a_bad_setting_is_one_line_from_the_cli(sqlite_url):
    env = {**os.environ, "PENGADAAN_HAMPIR_HARI_KERJA": "lima"}
    result = subprocess.run([str(BIN), "--db", sqlite_url, "rekap", "-f", "json"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 3
    assert result.stderr == ("Galat: PENGADAAN_HAMPIR_HARI_KERJA: 'lima' harus bilangan "
                             "bulat ≥ 0\n")


def test_the_domain_never_reads_the_environment():
    offenders = []
    for path in (ROOT / "pengadaan" / "domain").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
