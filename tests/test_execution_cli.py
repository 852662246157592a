"""``pengadaan progres …`` and ``pengadaan kontrak …`` end to end (issue #5). The CLI
judges against today in WIB, so the module runs on a frozen today and every date here
is relative to it (a run across midnight WIB cannot split it); errors are one
Indonesian line and leave the database unchanged."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time

from tests.test_cli import Cli

TODAY = date(2026, 3, 10)
ISO = TODAY.isoformat()
DMY = TODAY.strftime("%d/%m/%Y")
IN_30 = (TODAY + timedelta(days=30)).isoformat()


@pytest.fixture(scope="module", autouse=True)
def frozen_today():
    with freeze_time("2026-03-10 10:00:00+07:00"):
        yield


@pytest.fixture(scope="module")
def contract_template(tmp_path_factory) -> Path:
    """A pengadaan langsung konstruksi in pelaksanaan since today, with a planned curve."""
    cli = Cli(tmp_path_factory.mktemp("kontrak") / "template.db")
    cli.ok("opd", "tambah", "1.03.01", "Dinas PUPR", "--singkatan", "PUPR")
    cli.ok("paket", "tambah", "--kode", "K-1", "--nama", "Rehabilitasi Jalan Bae", "--opd",
           "PUPR", "--metode", "pengadaan_langsung", "--jenis", "konstruksi", "--pagu",
           "390.000.000", "--tahun", str(TODAY.year))
    for step in (["siapkan"], ["undang", "--hps", "380.000.000"], ["mulai_evaluasi"],
                 ["mulai_negosiasi"],
                 ["tanda_tangan_kontrak", "--penyedia", "CV Karya Muria", "--nilai-kontrak",
                  "370.000.000"],
                 ["terbitkan_spmk"]):
        cli.ok("paket", "maju", "K-1", *step)
    cli.ok("progres", "rencana", "K-1", f"{ISO}=20", f"{IN_30}=100")
    return cli.path


@pytest.fixture
def k1(contract_template, tmp_path) -> Cli:
    cli = Cli(tmp_path / "pengadaan.db")
    shutil.copy(contract_template, cli.path)
    return cli


def test_catat_daftar_and_kurva(k1):
    out = k1.ok("progres", "catat", "K-1", "--tanggal", ISO, "--fisik", "5",
                "--keuangan", "Rp 50.000.000", "--catatan", "Mobilisasi [alat berat]")
    assert f"Progres K-1 {DMY}: fisik 5,00%, rencana 20,00%, deviasi -15,00% — KRITIS." in out
    out = k1.ok("progres", "catat", "K-1", "--tanggal", DMY, "--fisik", "4,5",
                "--alasan-koreksi", "Salah ukur")
    assert "fisik 4,50%" in out

    rows = k1.json("progres", "daftar", "K-1")
    assert [(r["tanggal"], r["fisik_bp"], r["rencana_bp"], r["deviasi_bp"], r["kritis"])
            for r in rows] == [(ISO, 500, 2000, -1500, True), (ISO, 450, 2000, -1550, True)]
    assert rows[0]["keuangan"] == 50_000_000 and rows[0]["oleh"] == "penguji"
    assert rows[1]["alasan_koreksi"] == "Salah ukur"
    assert rows[0]["catatan"] == "Mobilisasi [alat berat]"  # kept as typed, not markup
    table = k1.ok("progres", "daftar", "K-1")
    assert "2 laporan" in table and "Rp 50.000.000" in table and "-15,50%" in table
    assert "[alat" in table and "[koreksi:" in table

    chart = k1.ok("progres", "kurva", "K-1")
    assert "Kurva S" in chart and "Rencana" in chart and "Realisasi" in chart
    assert f"Realisasi terakhir {DMY}: 4,50%, deviasi -15,50%." in chart
    assert "KONTRAK KRITIS" in chart and "\x1b[" not in chart  # no colour codes in a pipe


def test_kurva_without_reports(k1):
    out = k1.ok("progres", "kurva", "K-1")
    assert "rencana: dimasukkan" in out and "Belum ada laporan progres." in out


@pytest.mark.parametrize(("args", "message", "code"), [
    (["--tanggal", ISO, "--fisik", "100,01"], "Galat: fisik: 100,01% di luar rentang 0–100%", 3),
    (["--tanggal", ISO, "--fisik", "abc"], "fisik: 'abc' bukan persentase yang sah", 3),
    (["--tanggal", (TODAY + timedelta(days=1)).isoformat(), "--fisik", "5"], "belum terjadi",
     3),
    (["--tanggal", (TODAY - timedelta(days=1)).isoformat(), "--fisik", "5"],
     "sebelum SPMK/mulai pelaksanaan", 3),
    (["--tanggal", ISO, "--fisik", "5", "--keuangan", "370.000.001"],
     "melebihi nilai kontrak Rp 370.000.000", 3),
    (["--tanggal", ISO], "opsi wajib belum diisi", 2),
])
def test_catat_errors(k1, args, message, code):
    k1.fails(message, "progres", "catat", "K-1", *args, code=code)


def test_a_decrease_needs_a_reason_on_the_command_line(k1):
    k1.ok("progres", "catat", "K-1", "--tanggal", ISO, "--fisik", "10")
    k1.fails("koreksi wajib disertai alasan (isi dengan --alasan-koreksi)", "progres", "catat",
             "K-1", "--tanggal", ISO, "--fisik", "9,99")
    k1.fails("paket dengan kode 'X-1' tidak ditemukan", "progres", "daftar", "X-1")


def test_kritis_scm_and_status(k1):
    k1.ok("progres", "catat", "K-1", "--tanggal", ISO, "--fisik", "5")
    k1.fails("hanya pada realisasi fisik 100%; laporan progres terakhir 5,00%", "kontrak",
             "serah-terima", "K-1")
    assert "→ Kontrak Kritis" in k1.ok("kontrak", "kritis", "K-1")
    k1.fails("harus sesudah tanggal SCM", "kontrak", "scm", "K-1", "--target", "30",
             "--uji-coba", ISO)
    assert "→ SCM Tahap I" in k1.ok("kontrak", "scm", "K-1", "--target", "30", "--uji-coba",
                                    IN_30)
    status = k1.json("kontrak", "lihat", "K-1")
    assert status["tahap"] == "scm_1" and status["retensi"] == 18_500_000
    assert status["scm"] == [{"tahap": 1, "tanggal": ISO, "target_bp": 3000, "uji_coba": IN_30}]
    assert "periode I" in status["kritis"]
    text = k1.ok("kontrak", "lihat", "K-1")
    assert "Retensi 5% (sampai FHO)" in text and "Rp 18.500.000" in text


def test_adendum_and_putus_on_the_command_line(k1):
    k1.fails("isi tepat satu dari --selesai atau --nilai", "kontrak", "adendum", "K-1",
             "--alasan", "x", code=2)
    k1.fails("melebihi pagu Rp 390.000.000", "kontrak", "adendum", "K-1", "--nilai",
             "390.000.001", "--alasan", "Tambah volume")
    assert "Rp 380.000.000" in k1.ok("kontrak", "adendum", "K-1", "--nilai", "380.000.000",
                                     "--alasan", "Tambah volume")
    out = k1.ok("kontrak", "putus", "K-1", "--alasan", "Wanprestasi", "--lanjutan", "K-1L")
    assert "→ Putus Kontrak" in out and "Paket lanjutan K-1L" in out
    [entry] = k1.json("kontrak", "daftar-hitam", "--per", ISO)
    assert entry["penyedia"] == "CV Karya Muria" and entry["paket"] == "K-1"
    assert k1.json("paket", "lihat", "K-1L")["tahap"] == "rencana"


def test_bare_triggers_on_the_command_line_ask_for_and_keep_their_records(k1):
    """``paket maju`` takes the inputs ``paket lihat`` lists and leaves the same records
    as ``kontrak scm`` / ``kontrak putus``; ``--versi`` guards the contract commands."""
    k1.ok("progres", "catat", "K-1", "--tanggal", ISO, "--fisik", "5")
    k1.ok("kontrak", "kritis", "K-1")
    shown = k1.json("paket", "lihat", "K-1")
    [scm] = [p for p in shown["pemicu_rinci"] if p["pemicu"] == "adakan_scm"]
    assert scm["isian"] == ["target_uji_coba", "tgl_uji_coba"]
    shown_text = " ".join(k1.ok("paket", "lihat", "K-1").split())  # wrapped at 80 columns
    assert "(isian: --target-uji-coba, --tgl-uji-coba)" in shown_text
    k1.fails("target uji coba: wajib diisi (isi dengan --target-uji-coba)", "paket", "maju",
             "K-1", "adakan_scm")
    k1.fails(f"Anda membaca versi {shown['version'] - 1}", "kontrak", "scm", "K-1", "--target",
             "30", "--uji-coba", IN_30, "--versi", str(shown["version"] - 1))
    k1.ok("paket", "maju", "K-1", "adakan_scm", "--target-uji-coba", "30,5", "--tgl-uji-coba",
          IN_30, "--versi", str(shown["version"]))
    assert k1.json("kontrak", "lihat", "K-1")["scm"] == [
        {"tahap": 1, "tanggal": ISO, "target_bp": 3050, "uji_coba": IN_30}]
    k1.ok("paket", "maju", "K-1", "putus_kontrak", "--catatan", "Jaminan palsu", "--curang")
    [entry] = k1.json("kontrak", "daftar-hitam")
    assert entry["curang"] and entry["selesai"] == TODAY.replace(year=TODAY.year + 2).isoformat()
