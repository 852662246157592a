"""Issue #19: what people open is never obeyed. A name that looks like a spreadsheet
formula stays text in every workbook and CSV we write (numbers, negative ones included,
stay numbers); a control character already stored is shown, never sent raw to the
terminal."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook

from tests.test_cli import Cli

FORMULA_OPD = '=HYPERLINK("http://contoh.invalid","Klik")'
FORMULA_NAMA = "=1+2"
FORMULA_PENYEDIA = "@SUM(1)"
FORMULA_PPK = "+62 811 000"
FORMULA_SUMBER = "-APBD"
PER = "2026-03-10"


@pytest.fixture(scope="module", autouse=True)
def frozen_today():
    with freeze_time(f"{PER} 10:00:00+07:00"):
        yield


@pytest.fixture(scope="module")
def cli(tmp_path_factory) -> Cli:
    """A contract behind its planned curve (a negative deviation), every name a formula."""
    cli = Cli(tmp_path_factory.mktemp("injeksi") / "injeksi.db")
    cli.ok("opd", "tambah", "1.03.01", FORMULA_OPD, "--singkatan", "PUPR")
    cli.ok("paket", "tambah", "--kode", "K-1", "--nama", FORMULA_NAMA, "--opd", "PUPR",
           "--metode", "pengadaan_langsung", "--jenis", "konstruksi", "--pagu", "390.000.000",
           "--tahun", "2026", "--ppk", FORMULA_PPK, "--sumber-dana", FORMULA_SUMBER)
    for step in (["siapkan"], ["undang", "--hps", "380.000.000"], ["mulai_evaluasi"],
                 ["mulai_negosiasi"], ["tanda_tangan_kontrak", "--penyedia", FORMULA_PENYEDIA,
                                       "--nilai-kontrak", "370.000.000"], ["terbitkan_spmk"]):
        cli.ok("paket", "maju", "K-1", *step)
    cli.ok("progres", "rencana", "K-1", f"{PER}=20", "2026-04-09=100")
    cli.ok("progres", "catat", "K-1", "--tanggal", PER, "--fisik", "5")
    cli.ok("target", "atur", "PUPR", "1", "50", "--tahun", "2026")
    return cli


def _text_cells(sheet) -> dict[str, object]:
    return {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}


def test_ekspor_xlsx_writes_every_name_as_text(cli, tmp_path):
    out = tmp_path / "rapat.xlsx"
    cli.ok("ekspor", "xlsx", str(out), "--per", PER)
    book = load_workbook(out)
    paket = _text_cells(book["Paket"])
    for value in (FORMULA_OPD, FORMULA_NAMA, FORMULA_PENYEDIA, FORMULA_PPK, FORMULA_SUMBER):
        cell = paket.get(value) or _text_cells(book["Rekap OPD"]).get(value)
        assert cell is not None, value
        assert cell.data_type == "s" and cell.quotePrefix, value
    sheet = book["Paket"]
    header = {c.value: c.column for c in sheet[3]}
    deviasi = sheet.cell(4, header["Deviasi"])
    assert deviasi.data_type == "n" and deviasi.value == pytest.approx(-0.15)
    rekap = book["Rekap OPD"]
    total = next(c for row in rekap.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value.startswith("=SUM("))
    assert total.data_type == "f"  # our own totals stay formulas


def test_rekap_xlsx_writes_the_opd_name_as_text(cli, tmp_path):
    out = tmp_path / "rekap.xlsx"
    cli.ok("rekap", "--per", PER, "-f", "xlsx", "-o", str(out))
    sheet = load_workbook(out).active
    cell = _text_cells(sheet)[FORMULA_OPD]
    assert cell.data_type == "s" and cell.quotePrefix
    header = {c.value: c.column for c in sheet[2]}
    deviasi = sheet.cell(cell.row, header["Deviasi"])
    assert deviasi.data_type == "n" and deviasi.value < 0


def test_csv_exports_neutralise_formulas_and_keep_numbers(cli, tmp_path):
    out = tmp_path / "paket.csv"
    cli.ok("ekspor", "csv", str(out), "--per", PER)
    with open(out, encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert row["Nama Paket"] == "'" + FORMULA_NAMA
    assert row["Penyedia"] == "'" + FORMULA_PENYEDIA
    assert row["PPK"] == "'" + FORMULA_PPK and row["Sumber Dana"] == "'" + FORMULA_SUMBER
    assert row["Deviasi"] == "-15.00"  # a negative number, not text
    listed = next(csv.DictReader(cli.ok("paket", "daftar", "--format", "csv").splitlines()))
    assert listed["nama"] == "'" + FORMULA_NAMA


def test_rejected_rows_csv_neutralises_the_file_own_text(cli, tmp_path):
    """The rejected-rows CSV names the file's own column headers: one may be a formula."""
    from tests.test_impor_rup import SIRUP_HEADER, _row

    source = tmp_path / "rup.csv"
    with open(source, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["=Jenis" if h == "jenis_pengadaan" else h for h in SIRUP_HEADER])
        writer.writerow(_row(jenis="Bukan jenis"))
        writer.writerow(_row(kd="R-2"))
    mapping = tmp_path / "kolom.txt"
    mapping.write_text("jenis_pengadaan = =Jenis\n", encoding="utf-8")
    rejected = tmp_path / "ditolak.csv"
    cli.ok("impor", "rup", str(source), "--kolom", str(mapping), "--lewati-salah",
           "--berkas-salah", str(rejected), "--per", PER)
    with open(rejected, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["kolom"] for r in rows] == ["'=Jenis"]


def test_stored_control_characters_are_shown_not_obeyed(cli, tmp_path):
    """A database written before the rule (or by hand) still holds ESC and U+202E."""
    path = tmp_path / "lama.db"
    path.write_bytes(Path(cli.path).read_bytes())
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE paket SET nama = ?, penyedia = ?",
                     ("Jalan\x1b[2J\u202eBae", "CV\x1b]0;judul\x07 Muria"))
    conn.close()
    old = Cli(path)
    for args in (["paket", "daftar"], ["paket", "lihat", "K-1"], ["paket", "daftar", "-f",
                                                                     "csv"],
                 ["paket", "lihat", "K-1", "-f", "json"], ["rapor", "PUPR", "--per", PER]):
        out = old.ok(*args)
        assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out, args
    assert "Jalan␛[2J\ufffdBae" in old.ok("paket", "lihat", "K-1")
    shown = json.loads(old.ok("paket", "lihat", "K-1", "-f", "json"))
    assert shown["nama"] == "Jalan\x1b[2J\u202eBae"  # JSON keeps the data, escaped


def test_an_ascii_json_document_still_escapes_del():
    """json_escaped skips its scan for an ASCII document unless it holds DEL, the one
    refused ASCII character JSON leaves raw; an ASCII document without it is unchanged."""
    from pengadaan.presentation.safe_text import json_escaped

    text = json.dumps({"nama": "Jalan\x7fBaru", "opd": "PUPR"}, ensure_ascii=False)
    assert "\x7f" in text and text.isascii()
    assert json_escaped(text) == text.replace("\x7f", "\\u007f")
    assert json.loads(json_escaped(text))["nama"] == "Jalan\x7fBaru"
    plain = json.dumps({"nama": "Jalan Baru"})
    assert json_escaped(plain) == plain
