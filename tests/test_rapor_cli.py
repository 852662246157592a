"""``pengadaan target``, ``rekap`` and ``rapor`` end to end (issue #8): the command's
entry point in-process (tests/cli_support.py) on a SQLite file, as a user runs them; the
default date under freezegun."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from freezegun import freeze_time
from typer.testing import CliRunner

from pengadaan.cli import app
from pengadaan.domain import config
from pengadaan.exports.rekap_xlsx import WARNA_FILL as FILL
from pengadaan.exports.xlsx import PERCENT_FORMAT as PERSEN
from pengadaan.exports.xlsx import RUPIAH_FORMAT as RUPIAH
from tests.cli_support import Ran
from tests.cli_support import run as run_cli
from tests.test_rapor import Kabupaten, build, on_curve_at_november_end

PER = "2026-06-30"
KEYS = {"opd", "paket", "pagu", "terlambat", "kritis", "realisasi_keuangan",
        "penyerapan_persen", "target_persen", "target_akhir_bulan_persen", "deviasi", "warna",
        "peringkat", "skor", "komponen", "rencana", "pemilihan", "kontrak_pelaksanaan",
        "selesai", "gagal_batal", "tepat_waktu_persen", "terkontrak_persen", "nilai_kontrak",
        "total"}


@pytest.fixture
def cli(sqlite_db):
    build(sqlite_db)
    path = sqlite_db.url.removeprefix("sqlite:///")

    def run(*args: str, code: int = 0, columns: int = 250) -> Ran:
        result = run_cli("--db", path, "--pengguna", "penguji", *args,
                         env={"COLUMNS": str(columns)})
        assert "Traceback" not in result.stdout + result.stderr
        assert result.returncode == code, result.stderr
        if code:
            assert result.stderr.count("\n") == 1  # one line
        return result

    run.path = path
    return run


def _skor(row: dict) -> Decimal:
    """The score recomputed from the JSON alone."""
    parts = row["komponen"]
    total = sum(p["bobot"] for p in parts.values())
    weighted = sum(p["bobot"] * Decimal(str(p["nilai"])) for p in parts.values())
    return (weighted / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_rekap_json_rows_totals_and_reproducible_score(cli):
    rows = json.loads(cli("rekap", "--per", PER, "--format", "json").stdout)
    assert [r["opd"] for r in rows] == ["DISHUB", "PUPR", "KOSONG", "KABUPATEN"]
    assert all(set(r) >= KEYS for r in rows)
    assert [r["total"] for r in rows] == [False, False, False, True]
    pupr = rows[1]
    assert (pupr["peringkat"], pupr["paket"], pupr["pagu"], pupr["terlambat"],
            pupr["kritis"]) == (2, 7, 6_200_000_000, 1, 2)
    assert (pupr["realisasi_keuangan"], pupr["penyerapan_persen"], pupr["target_persen"],
            pupr["deviasi"], pupr["warna"], pupr["skor"]) == (
        680_000_000, 10.97, 40.0, -29.03, "kuning", 43.05)
    assert {name: part["bobot"] for name, part in pupr["komponen"].items()} == dict(
        config.BOBOT_SKOR)
    for row in rows:
        if row["komponen"] is not None:
            assert _skor(row) == Decimal(str(row["skor"]))
    ranked = [r for r in rows if r["peringkat"] is not None]
    assert [r["peringkat"] for r in ranked] == [1, 2]
    assert ranked[0]["skor"] >= ranked[1]["skor"]
    kosong, total = rows[2], rows[3]
    assert (kosong["peringkat"], kosong["skor"], kosong["warna"]) == (None, None, None)
    assert total["paket"] == sum(r["paket"] for r in rows[:3])
    assert total["pagu"] == sum(r["pagu"] for r in rows[:3])
    assert total["realisasi_keuangan"] == sum(r["realisasi_keuangan"] for r in rows[:3])
    assert _skor(total) == Decimal(str(total["skor"]))


def test_rekap_json_to_a_file(cli, tmp_path):
    out = tmp_path / "rekap.json"
    assert cli("rekap", "--per", PER, "-f", "json", "--keluar", str(out)).stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))[0]["opd"] == "DISHUB"


def test_rekap_table_in_indonesian(cli):
    text = cli("rekap", "--per", PER).stdout
    for part in ("Rekap OPD per 30/06/2026", "PUPR", "KUNING", "BIRU", "10,97%", "40,00%",
                 "-29,03%", "43,05", "KABUPATEN", "Rp 6,2 M", "Rp 680 jt"):
        assert part in text, part
    assert "Ktr/Pel" in text and "kolom disembunyikan" not in text
    narrow = cli("rekap", "--per", PER, columns=110).stdout
    header = next(line for line in narrow.splitlines() if line.strip().startswith("#"))
    assert "Ktr/Pel" not in header and "KUNING" in narrow
    # the stage counts leave first, and the line under the table says so
    assert "kolom disembunyikan: Ren, Pml, Ktr/Pel" in narrow


def test_rekap_xlsx_with_formats_and_fills(cli, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "rekap.xlsx"
    assert "ditulis ke" in cli("rekap", "--per", PER, "-f", "xlsx", "-o", str(out)).stdout
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[2]]
    col = {name: i + 1 for i, name in enumerate(header)}
    assert sheet.cell(3, col["OPD"]).value == "DISHUB"
    pupr = 4
    assert sheet.cell(pupr, col["Pagu"]).value == 6_200_000_000
    assert sheet.cell(pupr, col["Pagu"]).number_format == RUPIAH
    assert sheet.cell(pupr, col["Penyerapan"]).value == pytest.approx(0.1097)
    assert sheet.cell(pupr, col["Penyerapan"]).number_format == PERSEN
    assert sheet.cell(pupr, col["Warna"]).value == "kuning"
    assert sheet.cell(pupr, col["Warna"]).fill.fgColor.rgb.endswith(FILL["kuning"])
    assert sheet.cell(3, col["Warna"]).fill.fgColor.rgb.endswith(FILL["biru"])
    assert sheet.cell(6, col["OPD"]).value == "KABUPATEN"
    assert sheet.freeze_panes == "D3"
    assert sheet.cell(6, col["Pagu"]).font.bold and not sheet.cell(pupr, col["Pagu"]).font.bold


def test_on_1_december_an_opd_on_its_curve_is_not_red(cli, sqlite_db, tmp_path):
    from openpyxl import load_workbook

    on_curve_at_november_end(Kabupaten(sqlite_db))
    rows = json.loads(cli("rekap", "--per", "2026-12-01", "-f", "json").stdout)
    tepat = next(r for r in rows if r["opd"] == "TEPAT")
    assert (tepat["target_persen"], tepat["target_akhir_bulan_persen"], tepat["deviasi"],
            tepat["warna"]) == (86.45, 100.0, -0.45, "biru")
    text = cli("rekap", "--per", "2026-12-01").stdout
    assert "Akhir bulan" in text and "86,45%" in text and "100,00%" in text
    assert "garis lurus per hari" in text
    out = tmp_path / "rekap.xlsx"
    cli("rekap", "--per", "2026-12-01", "-f", "xlsx", "-o", str(out))
    sheet = load_workbook(out).active
    col = {c.value: i + 1 for i, c in enumerate(sheet[2])}
    line = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, col["OPD"]).value
                == "TEPAT")
    assert sheet.cell(line, col["Target"]).value == pytest.approx(0.8645)
    assert sheet.cell(line, col["Target akhir bulan"]).value == pytest.approx(1.0)
    assert sheet.cell(line, col["Target akhir bulan"]).number_format == PERSEN
    card = cli("rapor", "TEPAT", "--per", "2026-12-01").stdout
    assert "Target akhir bulan" in card and "Akhir bulan" in card and "BIRU" in card


def test_rekap_bad_input(cli, tmp_path):
    assert "bukan tanggal yang sah" in cli("rekap", "--per", "31/13/2026", code=3).stderr
    assert cli("rekap", "--format", "pdf", code=2).stderr.startswith("Galat pemakaian")
    assert "--keluar" in cli("rekap", "--keluar", str(tmp_path / "x.txt"), code=2).stderr
    missing = tmp_path / "tidak" / "ada" / "rekap.xlsx"
    err = cli("rekap", "--per", PER, "-f", "xlsx", "-o", str(missing), code=3).stderr
    assert err.startswith(f"Galat: tidak dapat menulis {missing}")


def test_import_of_a_damaged_xlsx(cli, tmp_path):
    bad = tmp_path / "rusak.xlsx"
    bad.write_text("bukan zip", encoding="utf-8")
    err = cli("target", "impor", str(bad), code=3).stderr
    assert err.startswith("Galat: berkas rusak.xlsx: bukan berkas Excel .xlsx yang sah")


def test_target_commands(cli, tmp_path):
    assert "Target PUPR tahun 2026 disimpan" in cli(
        "target", "atur", "PUPR", "6", "35", "--tahun", "2026").stdout
    err = cli("target", "atur", "PUPR", "Juli", "30", "--tahun", "2026", code=3).stderr
    assert err == ("Galat: OPD PUPR tahun 2026: target Juli 30,00% lebih kecil dari Juni "
                   "35,00% (target kumulatif tidak boleh turun)\n")
    curve = json.loads(cli("target", "daftar", "PUPR", "--tahun", "2026", "-f", "json").stdout)
    assert curve[5] == {"bulan": 6, "target_persen": 35.0, "bawaan": False}
    assert curve[6]["bawaan"] is True
    good = tmp_path / "rak.csv"
    good.write_text("OPD;Bulan;Target %\nDISHUB;6;45,5\nDISHUB;7;50\n", encoding="utf-8")
    assert "2 target untuk 1 OPD diimpor" in cli(
        "target", "impor", str(good), "--tahun", "2026").stdout
    bad = tmp_path / "salah.csv"
    bad.write_text("OPD;Bulan;Target %\nDISHUB;8;1\nXYZ;9;2\n", encoding="utf-8")
    err = cli("target", "impor", str(bad), "--tahun", "2026", code=3).stderr
    assert err.startswith("Galat: berkas salah.csv: 2 kesalahan, tidak ada data yang diubah")
    rows = json.loads(cli("rekap", "--per", PER, "-f", "json").stdout)
    assert {r["opd"]: r["target_persen"] for r in rows}["DISHUB"] == 45.5


def test_rapor_card(cli):
    text = cli("rapor", "PUPR", "--per", PER).stdout
    for part in ("Rapor OPD Dinas PUPR (PUPR) per 30/06/2026", "Peringkat 2 dari 2 OPD",
                 "Paket terlambat dan kritis: 1 terlambat, 2 kritis", "P3", "tahap melewati jadwal",
                 "Penyerapan kumulatif per bulan", "Juni", "10,97%",
                 "Serapan kumulatif vs target"):
        assert part in text, part
    card = json.loads(cli("rapor", "pupr", "--per", PER, "-f", "json").stdout)
    assert card["rekap"]["peringkat"] == 2
    # The title counts packages, as the rekap does (issue #13), not alerts.
    assert (card["rekap"]["terlambat"], card["rekap"]["kritis"]) == (1, 2)
    assert [m["bulan"] for m in card["bulanan"]] == [1, 2, 3, 4, 5, 6]
    assert {p["kode"] for p in card["bermasalah"]} == {"P1", "P3", "P7"}
    assert cli("rapor", "XYZ", code=3).stderr == ("Galat: OPD 'XYZ' tidak ditemukan "
                                                     "(lihat: pengadaan opd daftar)\n")


def test_rapor_of_an_opd_without_packages(cli):
    text = cli("rapor", "KOSONG", "--per", PER).stdout
    assert "Belum dinilai" in text and "Tidak ada paket terlambat atau kritis" in text


@pytest.mark.parametrize(("now", "targets"), [
    ("2026-06-30 16:59:59", (40.0, 40.0)),  # 23:59:59 WIB, still Juni: its month end
    ("2026-06-30 17:00:00", (40.26, 48.0)),  # 00:00 WIB on 1 Juli: 40% + 8% × 1/31
])
def test_default_date_is_today_in_wib(sqlite_db, now, targets):
    build(sqlite_db)
    with freeze_time(now):
        result = CliRunner().invoke(app, ["--db", sqlite_db.url, "rekap", "-f", "json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)[0]
    assert (row["target_persen"], row["target_akhir_bulan_persen"]) == targets


def test_chart_axis_in_indonesian_numbers(cli):
    """plotext would label its ticks 16.7, 33.3 … 100.0; the y axis reads 0 … 100."""
    text = cli("rapor", "PUPR", "--per", PER).stdout
    chart = text[text.index("Serapan kumulatif vs target"):]
    ticks = re.findall(r"^ *([\d.,]+)┤", chart, re.MULTILINE)
    assert ticks == ["100", "80", "60", "40", "20", "0"], ticks
