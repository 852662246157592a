"""Issue #3 end to end: ``pengadaan peringatan``, ``kalender``, ``paket jadwal`` and the
lateness in ``paket daftar``/``paket lihat``, in a subprocess on a SQLite file."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pengadaan.db.uow import open_database

from pengadaan.cli.peringatan import alerts_json
from pengadaan.presentation.json_output import json_lines, jsonable
from pengadaan.usecases.lateness_results import KendalaRef, Peringatan, TindakLanjutRef
from pengadaan.usecases.paket import advance
from tests.conftest import ACTOR, make_opd, make_paket
from tests.test_cli import Cli

KEYS = {"kode", "nama", "opd", "tahap", "peringatan", "batas", "hari", "denda", "kendala",
        "tindak_lanjut", "berisiko"}


@pytest.fixture(scope="module")
def cli(tmp_path_factory) -> Cli:
    """Two packages, built in-process (the CLI dates a new paket today), read by the CLI."""
    path = tmp_path_factory.mktemp("peringatan") / "pengadaan.db"
    db = open_database(f"sqlite:///{path}")
    make_opd(db)
    make_opd(db, "DISHUB", "Dinas Perhubungan")
    pl = dict(metode="pengadaan_langsung", jenis="barang", pagu=150_000_000,
              mulai_pemilihan=date(2026, 3, 2))
    make_paket(db, "A-1", nama="Komputer", **pl)
    make_paket(db, "B-1", nama="Rambu", opd="DISHUB", **pl)
    for pemicu, day, inputs in (
            ("siapkan", date(2026, 2, 10), {}),
            ("undang", date(2026, 3, 2), {"hps": 140_000_000}),
            ("mulai_evaluasi", date(2026, 3, 3), {}),
            ("mulai_negosiasi", date(2026, 3, 4), {}),
            ("tanda_tangan_kontrak", date(2026, 3, 5), {
                "penyedia": "CV Muria", "nilai_kontrak": 111_000_000,
                "mulai_kontrak": date(2026, 3, 6), "selesai_kontrak": date(2026, 3, 20)}),
            ("terbitkan_spmk", date(2026, 3, 6), {})):
        advance(db, "B-1", pemicu, ACTOR, tanggal=day, today=date(2026, 3, 6), **inputs)
    make_paket(db, "C-1", nama="Meja", metode="e_purchasing", jenis="barang", pagu=50_000_000,
               mulai_pemilihan=date(2026, 12, 1))  # planned late in the year: never late here
    advance(db, "C-1", "siapkan", ACTOR, tanggal=date(2026, 2, 2), today=date(2026, 3, 6))
    advance(db, "C-1", "pesan", ACTOR, tanggal=date(2026, 2, 3), today=date(2026, 3, 6),
            hps=50_000_000)
    db.engine.dispose()
    return Cli(path)


def test_json_keys_order_and_values(cli):
    alerts = cli.json("peringatan", "--per", "2026-03-30")
    assert all(set(a) == KEYS for a in alerts)
    assert [(a["opd"], a["kode"], a["peringatan"]) for a in alerts] == [
        ("DISHUB", "B-1", "lewat_kontrak"),
        ("PUPR", "A-1", "terlambat"),
        ("PUPR", "A-1", "belum_mulai"),
    ]
    lewat = alerts[0]
    # Rp 111.000.000 includes PPN 11%: 1‰ of Rp 100.000.000 for 10 days.
    assert (lewat["batas"], lewat["hari"], lewat["denda"]) == ("2026-03-20", 10, 1_000_000)
    assert alerts[2]["denda"] is None and alerts[2]["batas"] == "2026-03-02"
    only = cli.json("peringatan", "--per", "2026-03-30", "--opd", "DISHUB")
    assert [a["kode"] for a in only] == ["B-1"]
    kind = cli.json("peringatan", "--per", "2026-03-30", "--jenis-peringatan", "belum_mulai")
    assert [(a["kode"], a["hari"]) for a in kind] == [("A-1", 28)]


def test_hari_is_negative_for_days_left(cli):
    alerts = cli.json("peringatan", "--per", "2026-03-18", "--opd", "DISHUB")
    assert [(a["peringatan"], a["hari"]) for a in alerts] == [("hampir", -2)]


def test_ringkas_line(cli):
    out = cli.ok("peringatan", "--per", "2026-03-30", "--ringkas")
    # Every late paket counts (issue #13: lewat kontrak is late too), then every kind
    # with a non-zero count, by its Indonesian name.
    assert out == ("2 paket terlambat, 0 kritis, 0 rawan; per jenis: 1 lewat kontrak "
                   "(denda Rp 1.000.000), 1 tahap terlambat, 1 belum mulai\n")


def test_gagal_jika_ada_exit_code(cli):
    late = cli("peringatan", "--per", "2026-03-30", "--ringkas", "--gagal-jika-ada")
    assert late.returncode == 1 and late.stdout.startswith("2 paket terlambat")
    calm = cli("peringatan", "--per", "2026-01-05", "--gagal-jika-ada")
    assert calm.returncode == 0, calm.stderr
    assert "Tidak ada peringatan per 05/01/2026" in calm.stdout
    assert cli.json("peringatan", "--per", "2026-01-05") == []


def test_gagal_jika_ada_with_json(cli):
    """The streamed JSON says whether it wrote any alert: 1 with alerts, 0 without."""
    late = cli("peringatan", "--per", "2026-03-30", "-f", "json", "--gagal-jika-ada")
    assert late.returncode == 1, late.stderr
    assert [a["peringatan"] for a in json.loads(late.stdout)] != []
    calm = cli("peringatan", "--per", "2026-01-05", "-f", "json", "--gagal-jika-ada")
    assert calm.returncode == 0, calm.stderr
    assert json.loads(calm.stdout) == []


def test_table_is_grouped_by_opd_in_indonesian(cli):
    out = cli.ok("peringatan", "--per", "2026-03-30")
    assert out.index("DISHUB: 1 peringatan per 30/03/2026") < out.index("PUPR: 2 peringatan")
    assert "Rp 1.000.000" in out and "20/03/2026" in out and "+10" in out
    assert "lewat kontrak" in out and "lewat_kontrak" not in out  # codes stay in JSON


def test_bad_inputs_are_one_line(cli):
    cli.fails("jenis peringatan: 'telat' tidak dikenal", "peringatan", "--jenis-peringatan",
              "telat")
    cli.fails("bukan tanggal yang sah", "peringatan", "--per", "30-03-2026")
    cli.fails("tidak ditemukan", "peringatan", "--opd", "DINKES")


def test_paket_daftar_terlambat_and_flags(cli):
    rows = cli.json("paket", "daftar", "--terlambat", "--per", "2026-03-30")
    assert [(r["kode"], r["flags"]) for r in rows] == [
        ("A-1", ["terlambat", "belum_mulai"]), ("B-1", ["lewat_kontrak"])]
    assert rows[1]["denda"] == 1_000_000 and rows[1]["batas"] == "2026-03-20"
    assert cli.json("paket", "daftar", "--terlambat", "--per", "2026-01-05") == []
    table = cli("paket", "daftar", "--per", "2026-03-30", env={"COLUMNS": "200"}).stdout
    assert "lewat kontrak" in table and "belum mulai" in table  # labels, not codes
    assert "lewat_kontrak" not in table


def test_paket_lihat_shows_flags(cli):
    detail = cli.json("paket", "lihat", "B-1", "--per", "2026-03-30")
    assert detail["peringatan"] == [{"peringatan": "lewat_kontrak", "batas": "2026-03-20",
                                     "hari": 10, "denda": 1_000_000}]
    out = cli.ok("paket", "lihat", "B-1", "--per", "2026-03-30")
    assert "Peringatan per 30/03/2026" in out and "denda Rp 1.000.000" in out


def test_contract_period_guard(cli):
    cli.fails("selesai kontrak 01/03/2026 sebelum mulai kontrak 02/03/2026 (periksa "
              "--mulai-kontrak dan --selesai-kontrak)", "paket", "maju",
              "C-1", "tanda_tangan_kontrak", "--tanggal", "2026-03-02", "--penyedia", "CV A",
              "--nilai-kontrak", "45.000.000", "--mulai-kontrak", "2026-03-02",
              "--selesai-kontrak", "2026-03-01")


def test_jadwal_show_and_change(cli):
    out = cli.ok("paket", "jadwal", "A-1")
    assert "Rencana" in out and "02/03/2026" in out and "← sekarang" in out
    cli.ok("paket", "jadwal", "A-1", "penawaran", "--mulai", "2026-03-09", "--selesai",
           "2026-03-11", "--alasan", "Reviu HPS")
    assert "09/03/2026" in cli.ok("paket", "jadwal", "A-1")
    riwayat = cli.json("paket", "lihat", "A-1")["riwayat"]
    assert riwayat[-1]["pemicu"] == "ubah_jadwal" and "Reviu HPS" in riwayat[-1]["catatan"]
    cli.fails("sudah dilewati", "paket", "jadwal", "B-1", "penawaran", "--mulai", "2026-03-09",
              "--selesai", "2026-03-11", "--alasan", "x")
    cli.fails("memerlukan --alasan", "paket", "jadwal", "A-1", "evaluasi", "--mulai",
              "2026-03-12", "--selesai", "2026-03-13")
    cli.fails("bukan hari kerja", "paket", "jadwal", "A-1", "evaluasi", "--mulai",
              "2026-03-12", "--selesai", "2026-03-14", "--alasan", "x")


def test_kalender_list_and_add(cli):
    out = cli.ok("kalender", "2026")
    assert "Hari libur 2026: 25 hari" in out
    assert "24/12/2026" in out and "cuti bersama" in out and "17/08/2026" in out
    cli.ok("kalender", "tambah", "2026-04-20", "--keterangan", "Hari Jadi Kudus")
    assert "Hari Jadi Kudus" in cli.ok("kalender", "2026")
    cli.fails("sudah ada", "kalender", "tambah", "2026-04-20", "--keterangan", "lagi")
    cli.fails("keterangan: wajib diisi", "kalender", "tambah", "2026-04-21")
    cli.fails("bukan tahun atau 'tambah'", "kalender", "duaribu")


def test_alert_json_text_is_the_serializers():
    """The fast path of ``--format json`` writes exactly what the JSON serializer makes
    of a Peringatan (its declared fields, severity left out), with json.dumps' text."""
    odd = 'Rehab "Balai" \\ Desa\nKudus\t— café 😀 \x01'
    alerts = [
        Peringatan("K-1", odd, "DISHUB", "pelaksanaan", "lewat_kontrak", date(2026, 3, 20), 10,
                   1_000_000, 6),
        Peringatan('K"2', "Meja", "Ö/PD", "sppbj", "kontrak_tertunda", date(2024, 2, 29), -3,
                   None, 5),
        Peringatan("K-3", "Jalan", "PUPR", "pelaksanaan", "tindak_lanjut_lewat",
                   date(2026, 3, 1), 4, None, 2, KendalaRef(7, "cuaca", odd, date(2026, 2, 1)),
                   TindakLanjutRef(odd, 'PPK "Dinas"', date(2026, 3, 1), "berjalan")),
        Peringatan("K-4", "Jalan", "PUPR", "pelaksanaan", "terlambat", date(2026, 3, 1), 4,
                   None, 4, KendalaRef(8, "lahan", "Lahan", date(2026, 2, 1))),
        Peringatan("K-5", "Jalan", "PUPR", "pengumuman", "berisiko_tidak_terserap",
                   date(2026, 12, 31), -30, None, 2, berisiko=1_234_567_890),
    ]
    serialized = [json.dumps(a, ensure_ascii=False) for a in jsonable(alerts)]
    assert alerts_json(alerts) == json_lines(serialized)
    assert json.loads(alerts_json(alerts))[0]["nama"] == odd
    assert json.loads(alerts_json(alerts))[2]["tindak_lanjut"]["uraian"] == odd
    assert set(jsonable(alerts)[0]) == KEYS
    assert list(jsonable(alerts)[2]["kendala"]) == ["id", "kategori", "uraian", "tanggal"]
    assert list(jsonable(alerts)[2]["tindak_lanjut"]) == ["uraian", "pelaksana", "batas",
                                                          "status"]
    assert alerts_json([]) == json_lines([]) == "[]\n"


@pytest.mark.parametrize("count", [0, 1, 2, 3, 5])
def test_json_written_in_chunks_is_the_whole_document(count):
    """``peringatan --format json`` writes a chunk of alerts at a time: any chunk size
    gives the bytes of the one-piece document, a refused character escaped in each."""
    from pengadaan.presentation.json_lines import write_json_lines

    objects = [f'{{"n": {i}, "t": "a\u202eb"}}' for i in range(count)]
    whole = ("[\n" + ",\n".join(objects) + "\n]\n" if objects else "[]\n").replace(
        "\u202e", "\\u202e")
    for chunk in (1, 2, 4):
        parts: list[str] = []
        assert write_json_lines(parts.append, iter(objects), chunk) == count
        assert "".join(parts) == whole
        assert len(parts) == -(-count // chunk) + 1  # a write per chunk, then the end
