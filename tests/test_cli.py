"""The ``pengadaan`` command end to end on a temporary SQLite file: in-process through
its console-script entry point, and as a real process for the tests marked ``end_to_end``.

Errors must come out as one Indonesian line on stderr with exit code 3 (usage errors
2), never a traceback, and must leave the database exactly as it was (issue #2).
"""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from pengadaan.db.migrate import HEAD

from pengadaan.domain.formatting import tanggal, today_wib
from tests.cli_support import run

TODAY = today_wib()


class Cli:
    """Runs ``pengadaan --db FILE …`` as a user would: in-process through the console
    script's ``main`` (tests/cli_support.py), or as a process when ``spawn``."""

    def __init__(self, path: Path, spawn: bool = False) -> None:
        self.path = path
        self.spawn = spawn

    def __call__(self, *args: str, env: dict | None = None, db: str | None = None):
        result = run("--db", db or str(self.path), "--pengguna", "penguji", *args, env=env,
                     spawn=self.spawn)
        assert "Traceback" not in result.stdout + result.stderr
        return result

    def ok(self, *args: str, db: str | None = None) -> str:
        result = self(*args, db=db)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        return result.stdout

    def json(self, *args: str):
        return json.loads(self.ok(*args, "--format", "json"))

    def dump(self) -> list[str]:
        conn = sqlite3.connect(self.path)
        try:
            return list(conn.iterdump())
        finally:
            conn.close()

    def fails(self, match: str, *args: str, code: int = 3, env: dict | None = None) -> str:
        """The command fails with one stderr line containing ``match``; nothing changes."""
        before = self.dump() if self.path.exists() else None
        result = self(*args, env=env)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == code, result.stderr
        assert len(lines) == 1, result.stderr
        assert match in lines[0], lines[0]
        if before is not None:
            assert self.dump() == before
        return lines[0]


@pytest.fixture
def cli(tmp_path, request) -> Cli:
    return Cli(tmp_path / "pengadaan.db",
               spawn=request.node.get_closest_marker("end_to_end") is not None)


@pytest.fixture(scope="module")
def filled_template(tmp_path_factory) -> Path:
    """Two OPDs and three packages, the pagu typed in three accepted ways."""
    cli = Cli(tmp_path_factory.mktemp("cli") / "template.db")
    cli.ok("init")
    cli.ok("opd", "tambah", "1.03.01", "Dinas Pekerjaan Umum dan Penataan Ruang",
           "--singkatan", "PUPR")
    cli.ok("opd", "tambah", "2.15.01", "Dinas Perhubungan", "--singkatan", "DISHUB")
    for kode, pagu, opd, metode, jenis in (
        ("K-1", "1250000000", "PUPR", "tender", "konstruksi"),
        ("K-2", "150.000.000", "pupr", "pengadaan_langsung", "barang"),
        ("K-3", "Rp 1.250.000.000,00", "2.15.01", "e_purchasing", "barang"),
    ):
        cli.ok("paket", "tambah", "--kode", kode, "--nama", f"Paket {kode}", "--opd", opd,
               "--metode", metode, "--jenis", jenis, "--pagu", pagu, "--tahun",
               str(TODAY.year))
    assert not Path(f"{cli.path}-wal").exists()  # checkpointed when the CLI closed it
    return cli.path


@pytest.fixture
def filled(filled_template, cli) -> Cli:
    shutil.copy(filled_template, cli.path)
    return cli


@pytest.mark.end_to_end
def test_init_creates_the_schema(cli):
    out = cli.ok("init")
    assert f"Basis data siap (revisi skema {HEAD})" in out
    conn = sqlite3.connect(cli.path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert {"opd", "paket", "jadwal", "riwayat", "alembic_version"} <= tables
    assert f"revisi skema {HEAD}" in cli.ok("init")  # again: nothing to do, still fine


def test_rupiah_formats_and_list_filters(filled):
    rows = filled.json("paket", "daftar")
    assert [(r["kode"], r["pagu"]) for r in rows] == [
        ("K-1", 1_250_000_000), ("K-2", 150_000_000), ("K-3", 1_250_000_000)]
    assert [r["kode"] for r in filled.json("paket", "daftar", "--opd", "dishub")] == ["K-3"]
    assert [r["kode"] for r in filled.json("paket", "daftar", "--opd", "1.03.01")] == [
        "K-1", "K-2"]
    assert [r["kode"] for r in filled.json("paket", "daftar", "--metode", "Pengadaan Langsung")
            ] == ["K-2"]
    assert filled.json("paket", "daftar", "--tahap", "persiapan") == []
    assert [r["kode"] for r in filled.json("paket", "daftar", "--jenis", "barang", "--opd",
                                           "PUPR")] == ["K-2"]

    table = filled.ok("paket", "daftar", "--opd", "PUPR", "--format", "tabel")
    assert "2 paket" in table and "Rp 1.250.000.000" in table and "Rp 150.000.000" in table
    assert "K-3" not in table

    text = filled.ok("paket", "daftar", "--format", "csv", "--metode", "tender")
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert [(r["kode"], r["pagu"], r["opd"], r["tahap"]) for r in parsed] == [
        ("K-1", "1250000000", "PUPR", "rencana")]


def test_advance_and_show_json(filled):
    iso, dmy = TODAY.isoformat(), TODAY.strftime("%d/%m/%Y")
    out = filled.ok("paket", "maju", "K-1", "siapkan", "--tanggal", iso)
    assert "K-1: siapkan → Persiapan" in out and dmy in out
    filled.ok("paket", "maju", "K-1", "umumkan", "--hps", "1.200.000.000", "--tanggal", dmy,
              "--catatan", "Diumumkan di SPSE")
    detail = filled.json("paket", "lihat", "K-1")
    assert {"kode", "nama", "opd", "metode", "jenis", "pagu", "hps", "nilai_kontrak",
            "penyedia", "tahap", "pemicu", "jadwal", "riwayat"} <= set(detail)
    assert detail["kode"] == "K-1" and detail["opd"] == "PUPR"
    assert (detail["metode"], detail["jenis"], detail["tahap"]) == (
        "tender", "konstruksi", "pengumuman")
    assert (detail["pagu"], detail["hps"], detail["nilai_kontrak"], detail["penyedia"]) == (
        1_250_000_000, 1_200_000_000, None, None)
    assert detail["pemicu"] == ["beri_penjelasan", "nyatakan_gagal", "batalkan"]
    entered = [j for j in detail["jadwal"] if j["realisasi_mulai"]]  # the rest is only planned
    assert [j["tahap"] for j in entered] == ["persiapan", "pengumuman"]
    assert entered[0]["realisasi_mulai"] == iso
    assert entered[0]["realisasi_selesai"] == iso
    assert all({"dari", "ke", "pemicu", "tanggal", "oleh", "catatan"} <= set(r)
               for r in detail["riwayat"])
    assert [(r["dari"], r["ke"], r["pemicu"], r["tanggal"], r["oleh"], r["catatan"])
            for r in detail["riwayat"]] == [
        (None, "rencana", "buat", iso, "penguji", None),
        ("rencana", "persiapan", "siapkan", iso, "penguji", None),
        ("persiapan", "pengumuman", "umumkan", iso, "penguji", "Diumumkan di SPSE"),
    ]
    table = filled.ok("paket", "lihat", "K-1")
    assert "Rp 1.200.000.000" in table and dmy in table and "beri_penjelasan" in table


def test_contract_options(filled):
    for pemicu in ("siapkan", "undang", "mulai_evaluasi", "mulai_negosiasi"):
        filled.ok("paket", "maju", "K-2", pemicu)
    filled.ok("paket", "maju", "K-2", "tanda_tangan_kontrak", "--penyedia", "CV Sinar Jati",
              "--nilai-kontrak", "Rp 140.000.000,00")
    detail = filled.json("paket", "lihat", "K-2")
    assert (detail["tahap"], detail["penyedia"], detail["nilai_kontrak"]) == (
        "kontrak", "CV Sinar Jati", 140_000_000)


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_alur(cli, fmt):
    out = cli.ok("alur", "tender", "--format", fmt)
    if fmt == "mermaid":
        assert "stateDiagram" in out
    else:
        assert "digraph" in out
    for state in ("rencana", "sanggah_banding", "pemeliharaan", "gagal", "batal"):
        assert state in out
    assert "pesan_ulang" not in out


def test_alur_of_every_metode_draws(cli):
    assert "laksanakan" in cli.ok("alur", "swakelola")
    assert "pesan_ulang" in cli.ok("alur", "e-purchasing")
    cli.fails("metode: 'lelang' tidak dikenal", "alur", "lelang")
    cli.fails("Galat pemakaian", "alur", "tender", "--format", "png", code=2)


# --- errors -----------------------------------------------------------------------------------


def test_unknown_kode(filled):
    filled.fails("Galat: paket dengan kode 'X-9' tidak ditemukan", "paket", "lihat", "X-9")
    filled.fails("paket dengan kode 'X-9' tidak ditemukan", "paket", "maju", "X-9", "siapkan")


def test_tui_with_an_unknown_opd_fails_before_opening(filled):
    filled.fails("Galat: OPD 'XYZ' tidak ditemukan (lihat: pengadaan opd daftar)", "tui",
                 "--opd", "XYZ")
    assert gc.isenabled()  # start-up pauses the collector; a refused start resumes it


def test_trigger_not_allowed_lists_allowed_ones(filled):
    line = filled.fails("pemicu 'fho' tidak berlaku pada tahap 'rencana'", "paket", "maju",
                        "K-1", "fho")
    assert line.endswith("yang berlaku: siapkan, batalkan")


def test_barang_in_pelaksanaan_is_offered_bast_not_pho(filled):
    """PHO is for konstruksi only: never listed for a barang paket; asked by name, its
    rule says why."""
    for pemicu in ("siapkan", "undang", "mulai_evaluasi", "mulai_negosiasi"):
        filled.ok("paket", "maju", "K-2", pemicu)
    filled.ok("paket", "maju", "K-2", "tanda_tangan_kontrak", "--penyedia", "CV Sinar Jati",
              "--nilai-kontrak", "140000000")
    filled.ok("paket", "maju", "K-2", "terbitkan_spmk")
    offered = re.findall(r"^ {2}(\w+) +→", filled.ok("paket", "lihat", "K-2"), re.MULTILINE)
    assert offered == ["nyatakan_kritis", "beri_kesempatan", "putus_kontrak", "bast", "batalkan"]
    assert "pho" not in filled.json("paket", "lihat", "K-2")["pemicu"]
    filled.fails("PHO hanya untuk pekerjaan konstruksi; gunakan 'bast'", "paket", "maju", "K-2",
                 "pho")
    line = filled.fails("pemicu 'fho' tidak berlaku", "paket", "maju", "K-2", "fho")
    assert line.endswith("yang berlaku: nyatakan_kritis, beri_kesempatan, putus_kontrak, bast, "
                         "batalkan")


def test_guard_refusals(filled):
    filled.ok("paket", "maju", "K-1", "siapkan")
    filled.fails("HPS Rp 2.000.000.000 melebihi pagu Rp 1.250.000.000", "paket", "maju",
                 "K-1", "umumkan", "--hps", "2.000.000.000")
    filled.fails("HPS belum ditetapkan (isi dengan --hps)", "paket", "maju", "K-1", "umumkan")
    filled.fails("alasan wajib diisi (isi dengan --catatan)", "paket", "maju", "K-1",
                 "batalkan")
    filled.fails("batas pengadaan langsung Rp 200.000.000", "paket", "tambah", "--kode", "K-4",
                 "--nama", "Laptop", "--opd", "PUPR", "--metode", "pengadaan_langsung",
                 "--jenis", "barang", "--pagu", "200.000.001")
    filled.fails("metode seleksi hanya untuk jenis konsultansi", "paket", "tambah", "--kode",
                 "K-4", "--nama", "X", "--opd", "PUPR", "--metode", "seleksi", "--jenis",
                 "barang", "--pagu", "1")


@pytest.mark.parametrize(("value", "match"), [
    ("12,5", "pagu: '12,5' bukan nilai Rupiah yang sah"),
    ("1.23.456", "pagu: pemisah ribuan pada '1.23.456' tidak sah"),
    ("satu juta", "bukan nilai Rupiah yang sah"),
    ("-5", "bukan nilai Rupiah yang sah"),
    ("0", "pagu: harus lebih dari Rp 0"),
])
def test_malformed_number(filled, value, match):
    filled.fails(match, "paket", "tambah", "--kode", "K-4", "--nama", "X", "--opd", "PUPR",
                 "--metode", "tender", "--jenis", "barang", "--pagu", value)


def test_paket_registered_on_a_past_date_not_a_future_one(filled):
    base = ("paket", "tambah", "--nama", "X", "--opd", "PUPR", "--metode", "tender",
            "--jenis", "barang", "--pagu", "500.000.000", "--tahun", "2026")
    filled.ok(*base, "--kode", "K-5", "--tanggal", "05/01/2026")
    [entry] = filled.json("paket", "lihat", "K-5")["riwayat"]
    assert (entry["pemicu"], entry["tanggal"]) == ("buat", "2026-01-05")
    tomorrow = today_wib() + timedelta(days=1)
    filled.fails(f"tanggal: {tanggal(tomorrow)} belum terjadi", *base, "--kode", "K-6",
                 "--tanggal", tomorrow.isoformat())


@pytest.mark.parametrize("value", ["31/02/2026", "2026-13-01", "kemarin", "2026/01/05"])
def test_malformed_date(filled, value):
    filled.fails(f"tanggal: '{value}' bukan tanggal yang sah (gunakan YYYY-MM-DD atau "
                 "DD/MM/YYYY)", "paket", "maju", "K-1", "siapkan", "--tanggal", value)


def test_future_date_refused(filled):
    filled.fails("belum terjadi", "paket", "maju", "K-1", "siapkan", "--tanggal", "2099-01-01")


def test_missing_database_folder(tmp_path):
    cli = Cli(tmp_path / "tidak-ada" / "pengadaan.db")
    cli.fails("Galat: folder basis data tidak ada:", "paket", "daftar")
    assert not (tmp_path / "tidak-ada").exists()


def test_locked_database(filled):
    before = filled.dump()
    holder = sqlite3.connect(filled.path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        result = filled("paket", "maju", "K-1", "siapkan",
                        env={"PENGADAAN_SQLITE_TIMEOUT_MS": "200"})
        # Reading is still possible while someone writes (WAL).
        listed = filled("paket", "daftar", "--format", "json",
                        env={"PENGADAAN_SQLITE_TIMEOUT_MS": "200"})
    finally:
        holder.rollback()
        holder.close()
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 3
    assert len(lines) == 1
    assert lines[0].startswith("Galat: basis data sedang dikunci pengguna lain, coba lagi")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 3
    assert filled.dump() == before


@pytest.mark.parametrize("args", [
    ("paket", "daftar", "--format", "xml"),
    ("paket", "tambah", "--kode", "K-9"),
    ("paket", "maju", "K-1"),
    ("paket", "daftar", "--tidak-ada"),
    ("perintah-asing",),
])
def test_usage_errors_exit_2(filled, args):
    line = filled.fails("Galat pemakaian:", *args, code=2)
    assert "--help" in line


@pytest.mark.end_to_end
def test_the_paket_group_in_a_fresh_process(cli):
    """``paket``'s commands load one at a time (pengadaan/cli/paket_daftar.py): a real
    process lists them all in order, suggests the one a typo meant, in Indonesian, and
    shows the listing when none is named; nothing creates the database."""
    line = cli.fails("Galat pemakaian: perintah tidak dikenal 'daftr'. Mungkin maksud "
                     "Anda 'daftar'?", "paket", "daftr", code=2)
    assert line.endswith("(lihat: pengadaan paket --help)")
    shown = cli.ok("paket", "--help")
    listing = shown.split("Perintah:\n")[1]
    assert re.findall(r"^  (\S+)  ", listing, re.MULTILINE) == [
        "tambah", "daftar", "lihat", "maju", "jadwal"]
    assert "  daftar  Daftar paket dengan saringan dan peringatannya.\n" in listing
    alone = cli("paket")
    assert (alone.returncode, alone.stdout, alone.stderr) == (2, "", shown)
    assert not cli.path.exists()


@pytest.mark.end_to_end
def test_range_error_in_indonesian(filled):
    line = filled.fails("Galat pemakaian: nilai tidak sah untuk '--paket': harus paling "
                        "sedikit 1", "demo", "--paket", "0", code=2)
    assert "Input" not in line


def test_not_a_database(tmp_path):
    cli = Cli(tmp_path / "catatan.txt")
    cli.path.write_text("bukan basis data\n")
    result = cli("paket", "daftar")
    assert result.returncode == 3
    assert result.stderr.strip() == f"Galat: berkas {cli.path} bukan basis data SQLite"
    assert cli.path.read_text() == "bukan basis data\n"


def test_a_folder_is_not_a_database(tmp_path):
    result = Cli(tmp_path)("paket", "daftar")
    assert result.returncode == 3
    assert result.stderr.strip() == (
        f"Galat: basis data SQLite {tmp_path} tidak dapat dibuka: foldernya tidak ada, ia "
        "sebuah folder, atau tidak ada izin menulis di sana")


@pytest.mark.parametrize(("url", "match"), [
    ("postgresql+psycopg://u:rahasia@127.0.0.1:1/x",
     "Galat: tidak dapat terhubung ke basis data postgresql+psycopg://u:***@127.0.0.1:1/x"),
    ("mysql://u:rahasia@localhost/x", "Galat: driver basis data belum terpasang"),
    ("tidakada://x", "Galat: alamat basis data tidak dikenal"),
])
def test_unreachable_database_hides_the_password(cli, url, match):
    result = cli("paket", "daftar", db=url)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 3 and len(lines) == 1
    assert lines[0].startswith(match)
    assert "rahasia" not in result.stderr


def test_demo_command(cli):
    out = cli.ok("demo", "--paket", "40", "--per", "2026-06-30", "--seed", "4")
    assert re.search(r"Data contoh per 30/06/2026: \d{2} OPD, 40 paket", out)
    rows = cli.json("paket", "daftar")
    assert len(rows) == 40 and all(r["tahun"] == 2026 for r in rows)
    cli.fails("basis data sudah berisi paket", "demo", "--paket", "5")
    cli.fails("per: '30-06-2026' bukan tanggal yang sah", "demo", "--per", "30-06-2026")
