"""Issue #19, bombs and sizes: every import reads within the declared limits
(pengadaan/imports/limits.py) and refuses past them with one line, writing nothing.

The files are small: the tests lower the size limit through its setting instead of
writing a gigabyte.
"""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from pengadaan.db.uow import open_database

from pengadaan.domain.errors import InvalidInput
from pengadaan.imports.limits import MAX_DEPTH, deeper_than
from pengadaan.settings import Settings
from pengadaan.usecases.impor import import_ocds, import_rup
from pengadaan.usecases.kendala_impor import import_kendala
from pengadaan.usecases.target import import_targets
from tests.cli_support import run as run_cli
from tests.conftest import ACTOR, make_opd, make_paket

ONE_MB = 1024 * 1024
TOO_LARGE = "lebih dari 1 MB setelah diurai"
TOO_DEEP = f"JSON bersarang lebih dari {MAX_DEPTH} tingkat"


@pytest.fixture
def small_db(sqlite_url):
    """A database whose imports stop at 1 MB expanded."""
    db = open_database(sqlite_url, settings=Settings(impor_maks_mb=1))
    make_opd(db)
    make_paket(db)
    return db


def _counts(db) -> tuple[int, ...]:
    with db.engine.connect() as conn:
        return tuple(conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                     for t in ("opd", "paket", "riwayat", "jadwal", "kendala", "target_serapan"))


def _release(n: int) -> dict:
    return {"ocid": f"ocds-uji-{n}", "date": "2024-01-02T00:00:00Z",
            "buyer": {"name": "Dinas Uji"}, "tender": {"title": "Paket uji " + "x" * 200}}


def _gz_lines(path: Path, count: int) -> Path:
    """A .jsonl.gz of ``count`` valid releases: tiny, expanding to count × ±300 bytes."""
    text = "".join(json.dumps(_release(n)) + "\n" for n in range(count))
    path.write_bytes(gzip.compress(text.encode()))
    return path


def _gz_package(path: Path, count: int) -> Path:
    path.write_bytes(gzip.compress(json.dumps(
        {"releases": [_release(n) for n in range(count)]}).encode()))
    return path


def _deep(levels: int) -> str:
    return '{"ocid": "ocds-uji-1", "x": ' + "[" * levels + "]" * levels + "}"


@pytest.mark.parametrize("build", [_gz_lines, _gz_package])
def test_a_gzip_that_expands_past_the_limit_is_refused(small_db, tmp_path, build):
    path = build(tmp_path / "bom.json.gz", 5000)  # ±1,4 MB expanded, ±20 KB on disk
    assert path.stat().st_size < 100_000
    before = _counts(small_db)
    with pytest.raises(InvalidInput, match=f"bom.json.gz: {TOO_LARGE}"):
        import_ocds(small_db, path, ACTOR)
    assert _counts(small_db) == before


def test_a_file_within_the_limit_imports(small_db, tmp_path):
    summary = import_ocds(small_db, _gz_lines(tmp_path / "kecil.jsonl.gz", 1000), ACTOR)
    assert summary.dibuat == 1000


@pytest.mark.parametrize(("name", "text"), [
    ("dalam.jsonl", _deep(5000) + "\n"),
    ("dalam2.jsonl", json.dumps(_release(1)) + "\n" + _deep(MAX_DEPTH + 1) + "\n"),
    ("dalam.json", '{"releases": [' + _deep(5000) + "]}"),
    ("dalam-larik.json", "[" * 5000 + "]" * 5000),
])
def test_json_nested_too_deep_is_refused_by_depth(small_db, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    before = _counts(small_db)
    with pytest.raises(InvalidInput, match=f"{name}: {TOO_DEEP}"):
        import_ocds(small_db, path, ACTOR)
    assert _counts(small_db) == before


def test_depth_is_judged_on_structure_not_on_quoted_brackets():
    quoted = json.dumps({"a": "[" * 500, "b": [{"c": "]" * 500}]})
    assert not deeper_than(quoted, 3)
    assert deeper_than(json.dumps({"a": "]]]", "b": [[[[1]]]]}), 4)
    assert not deeper_than("[" * MAX_DEPTH + "]" * MAX_DEPTH, MAX_DEPTH)
    assert deeper_than("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), MAX_DEPTH)
    assert not deeper_than("[" * 100, MAX_DEPTH)  # broken, not deep: the parser says where


def _big_csv(path: Path, header: str) -> Path:
    path.write_text(header + "\n" + ("x," * 40 + "\n") * 14_000)  # ±1,1 MB
    return path


def _xlsx_bomb(path: Path) -> Path:
    """A real workbook with one more part that inflates to 2 MB (a few KB on disk)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["OPD", "bulan", "target %"])
    book.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/isi.bin", b"\0" * 2 * ONE_MB)
    assert path.stat().st_size < 50_000
    return path


@pytest.mark.parametrize("kind", ["rup", "kendala", "target"])
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_tables_past_the_limit_are_refused_before_any_row(small_db, tmp_path, kind, suffix):
    path = tmp_path / f"besar.{suffix}"
    if suffix == "csv":
        _big_csv(path, "kd_rup,nama_paket")
    else:
        _xlsx_bomb(path)
    run = {"rup": lambda: import_rup(small_db, path, ACTOR),
           "kendala": lambda: import_kendala(small_db, path, ACTOR),
           "target": lambda: import_targets(small_db, path, 2026, ACTOR)}[kind]
    before = _counts(small_db)
    with pytest.raises(InvalidInput, match=f"besar.{suffix}: {TOO_LARGE}"):
        run()
    assert _counts(small_db) == before


def test_cli_refuses_a_bomb_in_one_line_with_the_failure_code(tmp_path):
    dbfile = tmp_path / "cli.db"
    path = _gz_lines(tmp_path / "bom.jsonl.gz", 5000)
    result = run_cli("--db", str(dbfile), "--pengguna", "penguji", "impor", "ocds", str(path),
                     env={"PENGADAAN_IMPOR_MAKS_MB": "1"})
    assert result.returncode == 3
    assert result.stderr.strip() == (
        f"Galat: berkas bom.jsonl.gz: {TOO_LARGE} (batas impor; naikkan dengan "
        "PENGADAAN_IMPOR_MAKS_MB bila berkasnya memang sebesar itu); tidak ada data yang "
        "diubah")
    deep = tmp_path / "dalam.jsonl"
    deep.write_text(_deep(5000))
    result = run_cli("--db", str(dbfile), "--pengguna", "penguji", "impor", "ocds", str(deep))
    assert result.returncode == 3
    assert result.stderr.strip() == (f"Galat: berkas dalam.jsonl: {TOO_DEEP} (batas impor); "
                                     "tidak ada data yang diubah")
    with open_database(f"sqlite:///{dbfile}").engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM paket")).scalar_one() == 0


def test_the_limit_setting_is_read_from_the_environment():
    assert Settings.from_env({"PENGADAAN_IMPOR_MAKS_MB": "3"}).import_limits.max_bytes == \
        3 * ONE_MB
    with pytest.raises(InvalidInput, match="PENGADAAN_IMPOR_MAKS_MB: '0' harus bilangan"):
        Settings.from_env({"PENGADAAN_IMPOR_MAKS_MB": "0"})
