"""``pengadaan kendala`` and ``pengadaan tindak-lanjut`` end to end, in-process: one
Indonesian line and exit code 3 for a refusal, 2 for a usage error; ``paket lihat``
shows them (issue #13)."""

from __future__ import annotations

import json

import pytest

from pengadaan.cli.common import os_login
from tests.cli_support import Ran, checked

LOGIN = os_login()


@pytest.fixture
def run(tmp_path):
    run = checked(tmp_path / "p.db")

    run("opd", "tambah", "PUPR", "Dinas PUPR")
    run("opd", "tambah", "DISHUB", "Dinas Perhubungan")
    run("paket", "tambah", "--kode", "P-1", "--nama", "Jalan Bae", "--opd", "PUPR",
        "--metode", "tender", "--jenis", "konstruksi", "--pagu", "1000000000",
        "--tahun", "2026")
    run("pengguna", "tambah", LOGIN, "--peran", "admin")
    run("pengguna", "tambah", "budi", "--peran", "ppk", "--opd", "DISHUB")
    run("pengguna", "tambah", "sekda", "--peran", "pengawas")
    run("pengguna", "izinkan-pilih", "ya")
    return run


def _kendala(run) -> list[dict]:
    return json.loads(run("paket", "lihat", "P-1", "-f", "json").stdout)["kendala"]


def _one_line(result: Ran, start: str) -> None:
    assert result.stderr.startswith(start) and result.stderr.count("\n") == 1, result.stderr


def test_kendala_and_tindak_lanjut_end_to_end(run):
    out = run("kendala", "catat", "P-1", "--kategori", "lahan", "--uraian", "Lahan belum bebas",
              "--tanggal", "2026-03-01").stdout
    assert "Kendala 1 pada P-1 (Lahan/perizinan, 01/03/2026) dicatat." in out
    run("tindak-lanjut", "catat", "1", "--uraian", "Rapat pemilik lahan", "--pelaksana",
        "PPK", "--batas", "2099-01-31")
    run("--pengguna", "sekda", "tindak-lanjut", "catat", "1", "--uraian", "Libatkan camat",
        "--pelaksana", "Sekda", "--batas", "2026-04-30", "--rekomendasi")
    run("tindak-lanjut", "perbarui", "1", "--status", "berjalan", "--catatan", "Rapat 1")
    run("tindak-lanjut", "catat", "1", "--uraian", "Ukur ulang", "--pelaksana", "BPN",
        "--batas", "2026-03-15", "--status", "selesai")
    [k] = _kendala(run)
    assert (k["kategori"], k["selesai_tanggal"]) == ("lahan", None)
    assert [(t["status"], t["rekomendasi"]) for t in k["tindak_lanjut"]] == [
        ("berjalan", False), ("direncanakan", True), ("selesai", False)]
    assert [h["status"] for h in k["tindak_lanjut"][0]["riwayat"]] == ["direncanakan",
                                                                        "berjalan"]
    shown = " ".join(run("paket", "lihat", "P-1").stdout.split())
    assert "Lahan/perizinan" in shown and "rekomendasi" in shown
    run("kendala", "selesai", "1", "--catatan", "Lahan dibebaskan", "--tanggal", "2026-03-20")
    _one_line(run("kendala", "selesai", "1", "--catatan", "lagi", code=3),
              "Galat: kendala 1 sudah selesai 20/03/2026")
    assert json.loads(run("kendala", "daftar", "--terbuka", "-f", "json").stdout) == []
    assert [r["id"] for r in json.loads(run("kendala", "daftar", "P-1", "--opd", "PUPR",
                                            "-f", "json").stdout)] == [1]
    assert "Belum ada kendala." in run("kendala", "daftar", "--opd", "DISHUB").stdout


def test_refusals_are_one_line_and_write_nothing(run):
    _one_line(run("kendala", "catat", "P-1", "--kategori", "banjir", "--uraian", "x", code=3),
              "Galat: kategori: 'banjir' tidak dikenal (pilihan: lahan, cuaca")
    _one_line(run("kendala", "catat", "P-1", "--kategori", "cuaca", "--uraian", "x",
                  "--tanggal", "2099-01-01", code=3), "Galat: tanggal: 01/01/2099 belum terjadi")
    _one_line(run("--pengguna", "budi", "kendala", "catat", "P-1", "--kategori", "cuaca",
                  "--uraian", "x", code=3),
              "Galat: Anda (ppk Dinas Perhubungan) tidak berwenang mengubah paket Dinas PUPR")
    _one_line(run("--pengguna", "sekda", "kendala", "catat", "P-1", "--kategori", "cuaca",
                  "--uraian", "x", code=3), "Galat: Anda (pengawas) tidak berwenang")
    _one_line(run("--pengguna", "tamu", "kendala", "catat", "P-1", "--kategori", "cuaca",
                  "--uraian", "x", code=3), "Galat: pengguna 'tamu' belum terdaftar")
    assert _kendala(run) == []
    run("kendala", "catat", "P-1", "--kategori", "cuaca", "--uraian", "Banjir")
    _one_line(run("--pengguna", "sekda", "tindak-lanjut", "catat", "1", "--uraian", "x",
                  "--pelaksana", "PPK", "--batas", "2026-12-31", code=3),
              "Galat: Anda (pengawas) tidak berwenang mencatat tindak lanjut")
    _one_line(run("tindak-lanjut", "catat", "1", "--uraian", "x", "--pelaksana", "PPK",
                  "--batas", "2026-12-31", "--status", "batal", code=3),
              "Galat: status: 'batal' tidak dikenal")
    _one_line(run("tindak-lanjut", "perbarui", "9", "--status", "selesai", code=3),
              "Galat: tindak lanjut 9 tidak ditemukan")
    assert run("kendala", "catat", "P-1", "--uraian", "x", code=2).stderr.startswith(
        "Galat pemakaian: opsi wajib belum diisi '--kategori'")
    assert run("kendala", "selesai", "satu", "--catatan", "x", code=2).stderr.startswith(
        "Galat pemakaian:")
    assert [k["tindak_lanjut"] for k in _kendala(run)] == [[]]


def test_kendala_impor(run, tmp_path):
    """Counts on stdout; a bad file: one line per bad row (the first 50), then the
    error's line, exit 3, nothing written; a pengawas: one line."""
    good = tmp_path / "kendala.csv"
    good.write_text("kode paket;tanggal;kategori;uraian;tindak lanjut;pelaksana;batas\n"
                    "P-1;02/03/2026;Lahan/perizinan;Lahan belum bebas;Rapat;PPK;31/03/2026\n"
                    "P-1;05/03/2026;cuaca;Hujan deras;;;\n", encoding="utf-8")
    first = " ".join(run("kendala", "impor", str(good)).stdout.split())
    assert first == ("Impor kendala selesai: 2 baris dibaca; kendala 2 baru, 0 sudah tercatat "
                     "(dilewati); tindak lanjut 1 baru, 0 sudah tercatat (dilewati).")
    assert "kendala 0 baru, 2 sudah tercatat" in run("kendala", "impor", str(good)).stdout
    bad = tmp_path / "salah.csv"
    bad.write_text("kode paket,tanggal,kategori,uraian\n"
                   + "".join(f"P-1,02/03/2026,banjir,Uraian {i}\n" for i in range(55))
                   + "P-1,02/03/2026,lahan,Baris yang sah\n", encoding="utf-8")
    lines = run("kendala", "impor", str(bad), code=3).stderr.splitlines()
    assert lines[0] == ("  ditolak: baris 2, kolom kategori: 'banjir' tidak dikenal (pilihan: "
                        "lahan, cuaca, material, penyedia, administrasi, anggaran, "
                        "pemilihan_ulang, sanggah, lainnya)")
    assert lines[50:] == ["  … dan 5 baris lain",
                          "Galat: 55 dari 56 baris ditolak; tidak ada data yang diubah "
                          "(perbaiki berkas lalu impor lagi)"]
    _one_line(run("--pengguna", "sekda", "kendala", "impor", str(good), code=3),
              "Galat: Anda (pengawas) tidak berwenang mengimpor kendala")
    _one_line(run("kendala", "impor", str(tmp_path / "tidak-ada.csv"), code=3),
              "Galat: berkas ")
    assert len(_kendala(run)) == 2
