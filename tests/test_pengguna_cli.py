"""``pengadaan pengguna`` and the refusals end to end, through the command's entry point
in-process (tests/cli_support.py) (issue #7).

The acting user is the OS login of the test process unless ``--pengguna`` names
someone else; a refusal is one Indonesian line on stderr, exit code 3, nothing written.
"""

from __future__ import annotations

import json

import pytest

from pengadaan.cli.common import os_login
from tests.cli_support import checked

LOGIN = os_login()


@pytest.fixture
def run(tmp_path):
    return checked(tmp_path / "p.db")


def _history(run) -> int:
    return len(json.loads(run("paket", "lihat", "P-1", "-f", "json").stdout)["riwayat"])


def test_roles_end_to_end(run):
    out = run("pengguna", "saya").stdout
    assert f"{LOGIN}: admin (belum pernah ada admin: bertindak sebagai admin)" in out
    run("opd", "tambah", "PUPR", "Dinas PUPR")
    run("opd", "tambah", "DISHUB", "Dinas Perhubungan")
    run("paket", "tambah", "--kode", "P-1", "--nama", "Jalan Bae", "--opd", "PUPR",
        "--metode", "tender", "--jenis", "konstruksi", "--pagu", "1.000.000.000",
        "--tahun", "2026")
    out = run("pengguna", "tambah", LOGIN, "--peran", "admin").stdout
    assert f"Pengguna {LOGIN} (admin) ditambahkan." in out
    assert "Admin pertama sudah terdaftar" in out
    out = run("pengguna", "tambah", "budi", "--peran", "ppk", "--opd", "DISHUB").stdout
    assert "Pengguna budi (ppk Dinas Perhubungan) ditambahkan." in out
    run("pengguna", "tambah", "sekda", "--peran", "pengawas")

    # --pengguna naming someone else: refused until the admin allows it
    result = run("--pengguna", "budi", "paket", "maju", "P-1", "siapkan", code=3)
    assert result.stderr == (f"Galat: --pengguna budi ditolak: Anda masuk sebagai {LOGIN} dan "
                             "admin belum mengizinkan memilih pengguna lain (pengadaan pengguna "
                             "izinkan-pilih ya)\n")
    run("pengguna", "izinkan-pilih", "ya")

    before = _history(run)
    result = run("--pengguna", "budi", "paket", "maju", "P-1", "siapkan", code=3)
    assert result.stderr == ("Galat: Anda (ppk Dinas Perhubungan) tidak berwenang mengubah "
                             "paket Dinas PUPR\n")
    result = run("--pengguna", "sekda", "progres", "catat", "P-1", "--tanggal", "2026-03-01",
                 "--fisik", "10", code=3)
    assert result.stderr.startswith("Galat: Anda (pengawas) tidak berwenang mengubah paket "
                                    "Dinas PUPR: pengawas hanya membaca")
    result = run("--pengguna", "budi", "kalender", "tambah", "2026-06-08", "--keterangan",
                 "Hari Jadi", code=3)
    assert result.stderr == ("Galat: Anda (ppk Dinas Perhubungan) tidak berwenang menambah "
                             "hari libur: hanya admin\n")
    result = run("--pengguna", "tamu", "paket", "maju", "P-1", "siapkan", code=3)
    assert "pengguna 'tamu' belum terdaftar" in result.stderr
    assert _history(run) == before
    # reads stay open; the admin (the OS login) still changes anything
    assert "P-1" in run("--pengguna", "sekda", "paket", "daftar").stdout
    # paket lihat lists the steps allowed now and marks those that are not this user's
    shown = " ".join(run("--pengguna", "budi", "paket", "lihat", "P-1").stdout.split())
    assert ("siapkan → Persiapan (HPS, spesifikasi, rancangan kontrak): Mulai persiapan (PPK "
            "menyusun HPS/spesifikasi) bukan wewenang Anda: Anda (ppk Dinas Perhubungan) tidak "
            "berwenang mengubah paket Dinas PUPR") in shown
    assert "bukan wewenang" not in run("paket", "lihat", "P-1").stdout
    run("paket", "maju", "P-1", "siapkan")
    assert _history(run) == before + 1

    users = json.loads(run("pengguna", "daftar", "-f", "json").stdout)
    assert {(u["nama"], u["peran"], u["opd"], u["aktif"]) for u in users} == {
        (LOGIN, "admin", None, True), ("budi", "ppk", "DISHUB", True),
        ("sekda", "pengawas", None, True)}
    run("pengguna", "nonaktif", "budi")
    result = run("--pengguna", "budi", "paket", "maju", "P-1", "umumkan", code=3)
    assert result.stderr == "Galat: pengguna 'budi' nonaktif; hubungi admin\n"
    table = run("pengguna", "daftar").stdout
    assert "nonaktif" in table and "Dinas Perhubungan" in table
    result = run("pengguna", "nonaktif", LOGIN, code=3)
    assert "satu-satunya admin aktif" in result.stderr
    assert run("pengguna", "izinkan-pilih", "mungkin", code=2).stderr.startswith(
        "Galat pemakaian")


def test_sqlite_stays_the_single_desk(run):
    """Issue #16: SQLite says plainly that nobody checked who acts, and nothing about
    PostgreSQL's logins makes the single desk harder."""
    out = run("pengguna", "saya").stdout
    assert "Mode satu meja: identitas tidak diverifikasi." in out
    assert "pakai PostgreSQL yang diamankan" in out
    result = run("pengguna", "amankan", code=3)
    assert result.stderr.startswith("Galat: amankan hanya untuk PostgreSQL: SQLite adalah "
                                    "mode satu meja")
    result = run("pengguna", "tambah", "budi", "--peran", "admin", "--sandi-awal", code=3)
    assert "sandi: hanya untuk PostgreSQL yang diamankan" in result.stderr
    assert json.loads(run("pengguna", "daftar", "-f", "json").stdout) == []
