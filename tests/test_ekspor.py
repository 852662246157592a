"""Issue #6: exports — OCDS (schema-valid, round trip), XLSX (formats, colours), CSV."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pengadaan.db.uow import open_database

from pengadaan.demo.load import load_demo
from pengadaan.domain.errors import InvalidInput, NotFound
from pengadaan.exports.ocds_schema import problems
from pengadaan.exports.xlsx import PERCENT_FORMAT, RED, RUPIAH_FORMAT, YELLOW
from pengadaan.usecases.ekspor import export_csv, export_ocds, export_xlsx
from pengadaan.usecases.impor import import_ocds
from pengadaan.usecases.paket import advance
from tests.cli_support import run as run_cli
from tests.conftest import ACTOR, make_opd, make_paket, shared_file

SCHEMA = "data/ocds-1.1.5-schema/release-package-schema.json"
SAMPLE = "data/external/bandung-birms-ocds/sample_releases.json"
PER = date(2026, 12, 31)
PAKET_COLUMNS = ("kode", "kode_rup", "nama", "tahun", "jenis", "metode", "sumber_dana", "pagu",
                 "hps", "nilai_kontrak", "penyedia", "ppk", "tahap", "tahap_sejak",
                 "tgl_awal_pemilihan")


def _schema_dir() -> Path:
    return shared_file(SCHEMA).parent


def _snapshot(db) -> tuple[dict, dict]:
    with db.engine.connect() as conn:
        paket = {r[0]: tuple(r) for r in conn.execute(sa.text(
            f"SELECT {', '.join(PAKET_COLUMNS)} FROM paket"))}
        jadwal = {(r[0], r[1]): tuple(r[2:]) for r in conn.execute(sa.text(
            "SELECT p.kode, j.tahap, j.rencana_mulai, j.rencana_selesai, j.realisasi_mulai, "
            "j.realisasi_selesai FROM jadwal j JOIN paket p ON p.id = j.paket_id"))}
        opd = dict(conn.execute(sa.text(
            "SELECT p.kode, o.nama FROM paket p JOIN opd o ON o.id = p.opd_id")).all())
    return {k: (*v, opd[k]) for k, v in paket.items()}, jadwal


@pytest.fixture(scope="module")
def demo_300(sqlite_template, tmp_path_factory) -> Path:
    """A 300-paket demo year, generated once for this module."""
    path = tmp_path_factory.mktemp("ekspor") / "demo.db"
    shutil.copy(sqlite_template, path)
    db = open_database(f"sqlite:///{path}")
    load_demo(db, 300, PER, 2026, actor="penguji")
    db.engine.dispose()  # checkpoints the WAL: the file alone is the database
    return path


@pytest.fixture
def demo_db(demo_300, tmp_path):
    shutil.copy(demo_300, tmp_path / "demo.db")
    return open_database(f"sqlite:///{tmp_path / 'demo.db'}")


def test_ocds_export_validates_against_the_release_package_schema(demo_db, tmp_path):
    path = tmp_path / "ocds.json"
    result = export_ocds(demo_db, path, PER, schema_dir=_schema_dir())
    assert result.paket == 300
    package = json.loads(path.read_text(encoding="utf-8"))
    assert problems(package, _schema_dir()) == []
    # Every stage of the tracker appears, with the statuses of docs/aturan.md §7.3.
    statuses = {(r["tender"]["statusDetails"], r["tender"]["status"],
                 tuple(a["status"] for a in r.get("awards", [])),
                 tuple(c["status"] for c in r.get("contracts", [])))
                for r in package["releases"]}
    assert ("Batal", "cancelled", (), ()) in statuses
    assert ("Gagal", "unsuccessful", (), ()) in statuses or any(
        s[:2] == ("Gagal", "unsuccessful") for s in statuses)
    assert any(s[:2] == ("Persiapan (HPS, spesifikasi, rancangan kontrak)", "planned")
               for s in statuses)
    assert any(s[:2] == ("Evaluasi Penawaran", "active") for s in statuses)
    assert ("SPPBJ Terbit", "complete", ("active",), ("pending",)) in statuses
    assert ("Penetapan dan Pengumuman Pemenang", "complete", ("pending",), ()) in statuses
    assert ("Pelaksanaan", "complete", ("active",), ("active",)) in statuses
    assert ("Selesai", "complete", ("active",), ("terminated",)) in statuses


def test_ocds_export_breaks_schema_when_tampered(demo_db, tmp_path):
    export_ocds(demo_db, tmp_path / "ocds.json", PER)
    package = json.loads((tmp_path / "ocds.json").read_text(encoding="utf-8"))
    package["releases"][0]["tag"] = ["bukan-tag"]
    del package["publishedDate"]
    found = problems(package, _schema_dir())
    assert any("publishedDate" in p for p in found)
    assert any(p.startswith("releases/0/tag/0") for p in found)


def test_round_trip_reproduces_stages_values_and_schedules(demo_db, tmp_path):
    path = tmp_path / "ocds.json"
    export_ocds(demo_db, path, PER)
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.db'}")
    summary = import_ocds(fresh, path, ACTOR, as_of=PER)
    assert (summary.dibuat, summary.ditolak, summary.tanggal_dibuang) == (300, 0, 0)
    original, original_jadwal = _snapshot(demo_db)
    copied, copied_jadwal = _snapshot(fresh)
    assert copied == original
    assert {k: v for k, v in copied_jadwal.items() if k in original_jadwal} == original_jadwal
    # Re-importing into the tracker it came from changes nothing.
    again = import_ocds(demo_db, path, ACTOR, as_of=PER)
    assert (again.dibuat, again.diperbarui, again.tetap, again.tahap_dipertahankan) == (
        0, 0, 300, 0)


def test_round_trip_of_imported_birms_sample(db, tmp_path):
    import_ocds(db, shared_file(SAMPLE), ACTOR, as_of=PER)
    path = tmp_path / "ocds.json"
    export_ocds(db, path, PER, schema_dir=_schema_dir())
    package = json.loads(path.read_text(encoding="utf-8"))
    assert {r["ocid"] for r in package["releases"]} == {
        r["ocid"] for r in json.loads(shared_file(SAMPLE).read_text(encoding="utf-8"))}
    again = import_ocds(db, path, ACTOR, as_of=PER)
    assert (again.dibuat, again.diperbarui) == (0, 0)


@pytest.mark.both_databases
def test_export_per_date_uses_the_stage_of_that_day(db, tmp_path):
    make_opd(db)
    make_paket(db, "P-1")  # created 2026-01-05
    advance(db, "P-1", "siapkan", ACTOR, tanggal=date(2026, 2, 1), today=PER)
    path = tmp_path / "ocds.json"
    export_ocds(db, path, date(2026, 1, 20))
    (release,) = json.loads(path.read_text(encoding="utf-8"))["releases"]
    assert release["tender"]["statusDetails"] == "Rencana (RUP terumumkan)"
    assert release["date"] == "2026-01-20T00:00:00+07:00"
    with pytest.raises(InvalidInput, match="tidak ada paket per 2026-01-01"):
        export_ocds(db, path, date(2026, 1, 1))


def _workbook_db(db):
    make_opd(db)
    make_opd(db, "DINKES", "Dinas Kesehatan")
    as_of = date(2026, 3, 1)
    make_paket(db, "LATE", mulai_pemilihan=date(2026, 2, 1))
    make_paket(db, "SOON", mulai_pemilihan=date(2026, 4, 1), opd="DINKES", jenis="barang",
               pagu=250_000_000)
    make_paket(db, "OK", mulai_pemilihan=date(2026, 6, 1), hps=900_000_000)
    return as_of


def test_xlsx_workbook_formats_colours_and_rekap(db, tmp_path):
    as_of = _workbook_db(db)
    path = tmp_path / "rapat.xlsx"
    assert export_xlsx(db, path, as_of).paket == 3
    book = load_workbook(path)
    assert book.sheetnames == ["Rekap OPD", "Paket"]
    sheet = book["Paket"]
    assert sheet["A1"].value == "Laporan Kemajuan Pengadaan Barang/Jasa per 1 Maret 2026"
    headers = [c.value for c in sheet[3]]
    assert headers[:5] == ["No", "OPD", "Kode RUP", "Kode Paket", "Nama Paket"]
    assert {"Pagu", "HPS", "Nilai Kontrak", "Tahapan Saat Ini", "Deviasi", "Status",
            "Kendala", "Tindak Lanjut", "PPK"} <= set(headers)
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == f"A3:{sheet.cell(3, len(headers)).column_letter}6"
    rows = {sheet.cell(r, 4).value: r for r in range(4, 7)}
    col = {h: i + 1 for i, h in enumerate(headers)}
    late, soon, ok = rows["LATE"], rows["SOON"], rows["OK"]
    assert sheet.cell(late, col["Status"]).value == "terlambat"
    assert sheet.cell(late, col["Nama Paket"]).fill.fgColor.rgb.endswith(RED)
    assert sheet.cell(soon, col["Status"]).value == "rawan"
    assert sheet.cell(soon, col["Pagu"]).fill.fgColor.rgb.endswith(YELLOW)
    assert sheet.cell(ok, col["Status"]).value == "normal"
    assert sheet.cell(ok, col["Pagu"]).fill.fill_type is None
    pagu = sheet.cell(ok, col["Pagu"])
    assert (pagu.value, pagu.number_format) == (1_000_000_000, RUPIAH_FORMAT)
    assert sheet.cell(ok, col["HPS"]).value == 900_000_000
    assert sheet.cell(ok, col["Deviasi"]).number_format == PERCENT_FORMAT
    assert sheet.cell(ok, col["Tahapan Saat Ini"]).value == "Rencana (RUP terumumkan)"

    rekap = book["Rekap OPD"]
    assert "1 Maret 2026" in rekap["A1"].value
    assert rekap.freeze_panes == "A4"
    lines = {rekap.cell(r, 1).value: [c.value for c in rekap[r]] for r in range(4, 7)}
    rekap_headers = [c.value for c in rekap[3]]
    pupr = dict(zip(rekap_headers, lines["Dinas PUPR"], strict=True))
    assert (pupr["Jumlah Paket"], pupr["Pagu"], pupr["Perencanaan"], pupr["Terlambat"]) == (
        2, 2_000_000_000, 2, 1)
    assert rekap.cell(4, 3).number_format == RUPIAH_FORMAT
    assert lines["Jumlah"][1] == "=SUM(B4:B5)"


def test_xlsx_for_one_opd_and_unknown_opd(db, tmp_path):
    as_of = _workbook_db(db)
    path = tmp_path / "dinkes.xlsx"
    assert export_xlsx(db, path, as_of, opd="DINKES").paket == 1
    assert load_workbook(path)["Paket"]["D4"].value == "SOON"
    with pytest.raises(NotFound, match="OPD 'XYZ'"):
        export_xlsx(db, path, as_of, opd="XYZ")
    with pytest.raises(InvalidInput, match=".xlsx"):
        export_xlsx(db, tmp_path / "laporan.xls", as_of)


def test_csv_export(sqlite_db, tmp_path):
    as_of = _workbook_db(sqlite_db)
    path = tmp_path / "paket.csv"
    export_csv(sqlite_db, path, as_of)
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["Kode Paket"] for r in rows] == ["SOON", "LATE", "OK"]  # by OPD kode, then kode
    assert rows[2]["Pagu"] == "1000000000"
    assert rows[1]["Status"] == "terlambat"


def test_cli_exports(tmp_path):
    dbfile = tmp_path / "cli.db"
    cli = ["--db", str(dbfile)]
    assert run_cli(*cli, "impor", "ocds", str(shared_file(SAMPLE))).returncode == 0
    for kind, name in (("ocds", "o.json"), ("xlsx", "o.xlsx"), ("csv", "o.csv")):
        result = run_cli(*cli, "ekspor", kind, str(tmp_path / name), "--per", "2018-12-31")
        assert result.returncode == 0, result.stderr
        assert "per 31/12/2018 ditulis ke" in result.stdout
    result = run_cli(*cli, "ekspor", "ocds", str(tmp_path / "x.json"), "--per", "2000-01-01")
    assert result.returncode == 3
    assert result.stderr.startswith("Galat: tidak ada paket per 2000-01-01")
    for kind in ("ocds", "xlsx", "csv"):  # a folder that does not exist: one line, no noise
        target = tmp_path / "tidak-ada" / f"o.{'json' if kind == 'ocds' else kind}"
        result = run_cli(*cli, "ekspor", kind, str(target), "--per", "2018-12-31")
        assert result.returncode == 3
        assert result.stderr == (f"Galat: berkas {target} tidak dapat ditulis (No such file "
                                 "or directory)\n")
        assert not target.parent.exists()
