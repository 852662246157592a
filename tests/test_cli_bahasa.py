"""Click and Typer's own words are Indonesian: every command's ``--help``, the usage
errors, the typo suggestion (pengadaan/cli/bahasa.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from pengadaan.cli import app
from pengadaan.cli.bahasa import CATALOGUE
from pengadaan.cli.reference import commands
from tests.cli_support import run

# What Click/Typer print in English when nothing translates them.
ENGLISH = ("Usage:", "Options", "Commands", "Arguments", "Show this message",
           "[required]", "default:", "env var", "[OPTIONS]", "COMMAND [ARGS]", "Error",
           "Try '", "Did you mean", "No such", "Missing",
           # Typer's value types (--tahun <int>)
           "<str", "<int", "<float", "<path", "<bool", "<datetime", "range>", "list[")


def _every_command() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    ctx = root.make_context("pengadaan", [], resilient_parsing=True)
    return [path[1:] for path, _ in commands(root, ctx, ("pengadaan",))]


def _english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


@pytest.mark.parametrize("path", _every_command(), ids=" ".join)
def test_help_of_every_command_is_indonesian(path):
    result = run(*path, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Pemakaian: {' '.join(('pengadaan', *path))} [OPSI]")
    assert "Tampilkan bantuan ini lalu keluar." in result.stdout
    assert _english_in(result.stdout) == []


def test_required_and_default_are_marked_in_indonesian():
    text = run("demo", "--help").stdout + run("kendala", "catat", "--help").stdout
    assert "[bawaan: 2026]" in " ".join(text.split())
    assert "Argumen:" in text and "[wajib]" in text


def test_group_without_command_shows_its_help_not_an_error():
    result = run("paket")
    assert result.returncode == 2
    assert result.stderr.startswith("Pemakaian: pengadaan paket [OPSI] PERINTAH [ARGUMEN]...")
    assert "Galat" not in result.stderr
    assert _english_in(result.stderr) == []


def test_typo_suggestion_is_a_sentence():
    result = run("paket", "tamba")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "Galat pemakaian: perintah tidak dikenal 'tamba'. Mungkin maksud Anda 'tambah'?")


def test_catalogue_translates_every_typer_string():
    """After a Typer upgrade a new gettext string fails here until the .po has it."""
    core = Path(typer.__file__).with_name("core.py")
    wanted = {message for _, message, _, _ in extract_from_file("python", core)}
    po = CATALOGUE.with_suffix(".po")
    with po.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {m.id for m in catalogue if m.id and m.string}
    assert wanted and wanted <= translated, wanted - translated
    assert CATALOGUE.exists(), "jalankan make install (pybabel compile)"
