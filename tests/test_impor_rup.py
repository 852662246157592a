"""Issue #6: importing SiRUP RUP tables (CSV/XLSX), on SQLite.

The real Bandung 2015 table (``planning_sirup_2015.csv``) carries two test rows of its
publisher (README): they must be reported, and block the import unless skipped.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook
from pengadaan.db import repository as repo

from pengadaan.domain.errors import InvalidInput
from pengadaan.usecases.audit import verify_history
from pengadaan.usecases.impor import ImportRejected, import_rup
from pengadaan.usecases.paket import advance, show_paket
from tests.cli_support import run as run_cli
from tests.conftest import ACTOR, make_opd, make_paket, shared_file
from tests.spine_paths import TENDER_KONSTRUKSI, inputs_for

RUP_2015 = "data/external/bandung-sirup-rup-2015/planning_sirup_2015.csv"
AS_OF = date(2026, 1, 10)
SIRUP_HEADER = ["tahun_anggaran", "kd_satker", "nama_satker", "kd_rup", "nama_paket", "pagu",
                "metode_pengadaan", "jenis_pengadaan", "tgl_awal_pemilihan",
                "tgl_akhir_pemilihan", "tgl_awal_kontrak", "tgl_akhir_kontrak", "nama_ppk"]


def _count(db, table: str) -> int:
    with db.engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def _counts(db) -> tuple[int, ...]:
    return tuple(_count(db, t) for t in ("opd", "paket", "riwayat", "jadwal"))


def _csv(path: Path, header: list[str], rows: list[list], delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _row(kd="R-1", nama="Rehab Gedung", satker="Dinas PUPR", pagu="1.500.000.000",
         metode="Tender", jenis="Pekerjaan Konstruksi", awal="2026-03-02", akhir="2026-04-30",
         k_awal="05/05/2026", k_akhir="31/10/2026", tahun="2026", ppk="Ir. Budi"):
    return [tahun, "1.03", satker, kd, nama, pagu, metode, jenis, awal, akhir, k_awal, k_akhir, ppk]


def test_real_2015_table_is_refused_whole_with_every_bad_row_named(db):
    path = shared_file(RUP_2015)
    with pytest.raises(ImportRejected) as err:
        import_rup(db, path, ACTOR, as_of=AS_OF)
    found = [(r.row, r.kolom) for r in err.value.rejections]
    # Spreadsheet row numbers (header = row 1); 827 rows have line breaks inside fields.
    assert found == [(8744, "id"), (8745, "jenis")]
    assert "Baranga" in err.value.rejections[1].alasan
    assert "tidak ada data yang diubah" in str(err.value)
    assert _counts(db) == (0, 0, 0, 0)


def test_real_2015_table_with_lewati_salah(db, tmp_path):
    path = shared_file(RUP_2015)
    rejected = tmp_path / "ditolak.csv"
    summary = import_rup(db, path, ACTOR, lewati_salah=True, berkas_salah=rejected, as_of=AS_OF)
    assert (summary.dibaca, summary.dibuat, summary.ditolak) == (8744, 8742, 2)
    assert summary.per_tahap == {"rencana": 8742}
    assert summary.tanggal_dibuang == 1  # tanggal_akhir_pekerjaan in year 2915
    assert summary.opd_dibuat == 73  # 74 satuan kerja, one only on a rejected row
    with open(rejected, encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["baris", "kolom", "alasan"]
    assert [r[:2] for r in rows[1:]] == [["8744", "id"], ["8745", "jenis"]]

    detail = show_paket(db, "3687636")  # first row: metode code 8, M/D/YYYY dates
    p = detail.paket
    assert (p.metode, p.jenis, p.pagu, p.tahun, p.tahap) == (
        "pengadaan_langsung", "barang", 900_000, 2015, "rencana")
    assert p.tgl_awal_pemilihan == date(2015, 3, 18)
    assert detail.opd_nama == "BADAN PELAYANAN PERIZINAN TERPADU"
    jadwal = {j.tahap: j for j in detail.jadwal}
    assert jadwal["pelaksanaan"].rencana_mulai == date(2015, 3, 19)
    assert jadwal["pelaksanaan"].rencana_selesai == date(2015, 9, 30)
    assert [(r.pemicu, r.dari, r.ke) for r in detail.riwayat] == [("impor", None, "rencana")]
    # Code 4 (Seleksi Umum) and code 1 (Lelang Umum) with konsultansi both become seleksi.
    with db.unit_of_work() as uow:
        by_code = dict(uow.session.execute(sa.text(
            "SELECT metode, count(*) FROM paket GROUP BY metode")).all())
    assert by_code == {"pengadaan_langsung": 7064, "penunjukan_langsung": 645, "tender": 554,
                       "seleksi": 224, "e_purchasing": 255}


@pytest.mark.both_databases
def test_reimport_updates_never_duplicates_and_keeps_officer_stage(db, tmp_path):
    path = _csv(tmp_path / "rup.csv", SIRUP_HEADER, [_row(), _row(kd="R-2", nama="Jalan")])
    first = import_rup(db, path, ACTOR, as_of=AS_OF)
    assert (first.dibuat, first.diperbarui) == (2, 0)
    before = _counts(db)
    again = import_rup(db, path, ACTOR, as_of=AS_OF)
    assert (again.dibuat, again.diperbarui, again.tetap) == (0, 0, 2)
    assert _counts(db) == before

    advance(db, "R-1", "siapkan", ACTOR, tanggal=AS_OF, today=AS_OF)
    changed = _csv(tmp_path / "rup2.csv", SIRUP_HEADER,
                   [_row(pagu="Rp 1.750.000.000,00", nama="Rehab Gedung Baru"), _row(kd="R-2")])
    summary = import_rup(db, changed, ACTOR, as_of=AS_OF)
    assert (summary.dibuat, summary.diperbarui, summary.tahap_dipertahankan) == (0, 2, 1)
    p = show_paket(db, "R-1").paket
    assert (p.tahap, p.pagu, p.nama) == ("persiapan", 1_750_000_000, "Rehab Gedung Baru")
    assert _count(db, "paket") == 2
    # The officer's workflow continues from where it was.
    assert advance(db, "R-1", "umumkan", ACTOR, tanggal=AS_OF, today=AS_OF,
                   hps=1_700_000_000).paket.tahap == "pengumuman"
    # The new pagu, kept at the officer's stage, is in the chain (issue #19).
    assert show_paket(db, "R-1").riwayat[-2].pemicu == "impor"
    assert verify_history(db).utuh


def test_sirup_layout_case_insensitive_headers_money_and_date_spellings(db, tmp_path):
    header = [h.upper() for h in SIRUP_HEADER]
    rows = [_row(kd="A", pagu="1234567", awal="2026-02-01"),
            _row(kd="B", pagu="1.234.567", awal="01/02/2026", metode="Seleksi",
                 jenis="Jasa Konsultansi Badan Usaha Non Konstruksi"),
            _row(kd="C", pagu="Rp 1.234.567,00", awal="", akhir="", metode="E-Purchasing",
                 jenis="Barang")]
    path = _csv(tmp_path / "sirup.csv", header, rows, delimiter=";")
    summary = import_rup(db, path, ACTOR, as_of=AS_OF)
    assert summary.dibuat == 3
    pakets = {k: show_paket(db, k).paket for k in "ABC"}
    assert {p.pagu for p in pakets.values()} == {1_234_567}
    assert pakets["A"].tgl_awal_pemilihan == pakets["B"].tgl_awal_pemilihan == date(2026, 2, 1)
    assert (pakets["B"].metode, pakets["B"].jenis) == ("seleksi", "konsultansi")
    assert (pakets["C"].metode, pakets["C"].tgl_awal_pemilihan) == ("e_purchasing", None)
    assert pakets["A"].ppk == "Ir. Budi"
    assert len({show_paket(db, k).opd_nama for k in "ABC"}) == 1


def test_month_first_dates_need_the_format_option(db, tmp_path):
    path = _csv(tmp_path / "us.csv", SIRUP_HEADER, [_row(awal="3/18/2026", akhir="4/30/2026",
                                                         k_awal="5/4/2026", k_akhir="")])
    with pytest.raises(ImportRejected) as err:
        import_rup(db, path, ACTOR, as_of=AS_OF)
    assert (err.value.rejections[0].kolom, err.value.rejections[0].row) == (
        "tgl_awal_pemilihan", 2)
    import_rup(db, path, ACTOR, format_tanggal="m/d/yyyy", as_of=AS_OF)
    assert show_paket(db, "R-1").paket.tgl_awal_pemilihan == date(2026, 3, 18)


def test_xlsx_input_with_numbers_and_dates(db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append([])  # blank lines above the header are skipped
    sheet.append(SIRUP_HEADER)
    sheet.append([2026, "1.03", "Dinas Kesehatan", 555001, "Alat Kesehatan", 350000000.0,
                  "Tender", "Barang", datetime(2026, 4, 1), datetime(2026, 5, 15), None, None,
                  None])
    path = tmp_path / "rup.xlsx"
    book.save(path)
    assert import_rup(db, path, ACTOR, as_of=AS_OF).dibuat == 1
    p = show_paket(db, "555001").paket
    assert (p.pagu, p.tgl_awal_pemilihan, p.metode) == (350_000_000, date(2026, 4, 1), "tender")


def test_kolom_mapping_file(db, tmp_path):
    header = ["Kode", "Paket", "Satuan Kerja", "Nilai Pagu", "Cara", "Jenis Belanja", "Mulai"]
    path = _csv(tmp_path / "lain.csv", header,
                [["K-9", "Seragam", "Dinas Pendidikan", "200.000.000", "Pengadaan Langsung",
                  "Barang", "2026-02-02"]])
    with pytest.raises(InvalidInput, match="kolom wajib tidak ada: kd_rup"):
        import_rup(db, path, ACTOR, as_of=AS_OF)
    mapping = tmp_path / "kolom.txt"
    mapping.write_text("# pemetaan\nkd_rup = Kode\nnama_paket = Paket\nnama_satker = Satuan Kerja\n"
                       "pagu = Nilai Pagu\nmetode_pengadaan = Cara\njenis_pengadaan = Jenis Belanja"
                       "\ntgl_awal_pemilihan = Mulai\n", encoding="utf-8")
    import_rup(db, path, ACTOR, kolom=mapping, as_of=AS_OF)
    p = show_paket(db, "K-9").paket
    assert (p.tahun, p.pagu, p.metode) == (2026, 200_000_000, "pengadaan_langsung")
    bad = tmp_path / "salah.txt"
    bad.write_text("kode_paket = Kode\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="kolom 'kode_paket' tidak dikenal"):
        import_rup(db, path, ACTOR, kolom=bad, as_of=AS_OF)


@pytest.mark.parametrize(("change", "kolom", "reason"), [
    ({"pagu": "abc"}, "pagu", "bukan nilai Rupiah"),
    ({"pagu": "1.23.4"}, "pagu", "pemisah ribuan"),
    ({"pagu": "0"}, "pagu", "lebih dari Rp 0"),
    ({"awal": "31/02/2026"}, "tgl_awal_pemilihan", "bukan tanggal"),
    ({"metode": "Seleksi", "jenis": "Barang"}, "metode_pengadaan", "seleksi hanya"),
    ({"metode": "Lelang Gaib"}, "metode_pengadaan", "tidak dikenal"),
    ({"nama": ""}, "nama_paket", "wajib diisi"),
    ({"tahun": "1999"}, "tahun_anggaran", "di luar rentang"),
])
def test_bad_rows_are_reported_and_block_everything(sqlite_db, tmp_path, change, kolom, reason):
    path = _csv(tmp_path / "r.csv", SIRUP_HEADER, [_row(kd="OK"), _row(kd="BAD", **change)])
    with pytest.raises(ImportRejected) as err:
        import_rup(sqlite_db, path, ACTOR, as_of=AS_OF)
    (rejection,) = err.value.rejections
    assert (rejection.row, rejection.kolom) == (3, kolom)
    assert reason in rejection.alasan
    assert _counts(sqlite_db) == (0, 0, 0, 0)


def test_duplicate_kode_in_file_and_lewati_salah_csv(sqlite_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _csv(tmp_path / "r.csv", SIRUP_HEADER, [_row(), _row(nama="Lain"), _row(kd="R-3")])
    summary = import_rup(sqlite_db, path, ACTOR, lewati_salah=True, as_of=AS_OF)
    assert (summary.dibuat, summary.ditolak) == (2, 1)
    assert summary.berkas_penolakan == tmp_path / "r-ditolak.csv"
    text = summary.berkas_penolakan.read_text(encoding="utf-8")
    assert "3,kd_rup,kode RUP R-1 sudah ada di baris 2" in text


@pytest.mark.parametrize(("name", "content", "message"), [
    ("rup.txt", b"kd_rup,nama\n", "tidak didukung"),
    ("rup.csv", b"", "berkas kosong"),
    ("rup.csv", b"\x1f\x8b\x08\x00binary", "bukan berkas CSV"),
    ("rup.csv", b"kd_rup,nama_paket\n1,x\n", "kolom wajib tidak ada"),
    ("rup.xlsx", b"PK\x03\x04 not really a zip", "bukan berkas Excel"),
    ("rup.xlsx", b"kd_rup,nama_paket\n", "bukan berkas Excel"),
])
def test_malformed_files_change_nothing(db, tmp_path, name, content, message):
    make_opd(db)
    make_paket(db)
    before = _counts(db)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=message):
        import_rup(db, path, ACTOR, as_of=AS_OF)
    assert _counts(db) == before


def test_rejected_csv_that_cannot_be_written(sqlite_db, tmp_path):
    path = _csv(tmp_path / "r.csv", SIRUP_HEADER, [_row(), _row(kd="X", pagu="abc")])
    with pytest.raises(InvalidInput, match="tidak dapat ditulis"):
        import_rup(sqlite_db, path, ACTOR, lewati_salah=True,
                   berkas_salah=tmp_path / "tidak-ada" / "x.csv", as_of=AS_OF)
    assert _counts(sqlite_db) == (0, 0, 0, 0)


def test_missing_file(sqlite_db, tmp_path):
    with pytest.raises(InvalidInput, match="tidak ditemukan"):
        import_rup(sqlite_db, tmp_path / "tidak-ada.csv", ACTOR)


def test_cli_reports_rejected_rows_and_summary(tmp_path):
    dbfile = tmp_path / "cli.db"
    path = _csv(tmp_path / "r.csv", SIRUP_HEADER, [_row(), _row(kd="X", pagu="abc")])
    cli = ["--db", str(dbfile), "--pengguna", "penguji", "impor", "rup"]
    result = run_cli(*cli, str(path))
    assert result.returncode == 3
    assert "ditolak: baris 3, kolom pagu: 'abc' bukan nilai Rupiah" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Galat: 1 dari 2 baris ditolak")
    assert "Traceback" not in result.stderr
    result = run_cli(*cli, str(path), "--lewati-salah", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 dibaca" not in result.stdout
    assert "2 dibaca, 1 dibuat, 0 diperbarui, 0 tidak berubah, 1 ditolak" in result.stdout
    assert (tmp_path / "r-ditolak.csv").exists()
    bad = tmp_path / "kosong.csv"
    bad.write_text("")
    result = run_cli(*cli, str(bad))
    assert result.returncode == 3
    assert result.stderr.strip() == ("Galat: berkas kosong.csv: berkas kosong; tidak ada data "
                                     "yang diubah")


def test_repository_sees_imported_opd_by_generated_singkatan(sqlite_db, tmp_path):
    path = _csv(tmp_path / "r.csv", SIRUP_HEADER, [_row(satker="Dinas Pekerjaan Umum")])
    import_rup(sqlite_db, path, ACTOR, as_of=AS_OF)
    with sqlite_db.unit_of_work() as uow:
        opd = repo.find_opd(uow.session, "1.03")
        assert opd is not None and opd.nama == "Dinas Pekerjaan Umum"
        assert repo.find_opd(uow.session, opd.singkatan).id == opd.id


def test_reimport_keeps_the_signed_contract_as_planned_pelaksanaan(db, tmp_path):
    """Issue #13: the RUP's planned contract window is the plan until a contract is
    signed; a later re-import of the same row does not move the signed period back."""
    path = _csv(tmp_path / "r.csv", SIRUP_HEADER, [_row()])
    import_rup(db, path, ACTOR, as_of=date(2026, 1, 5))
    for pemicu, _stage in TENDER_KONSTRUKSI[:TENDER_KONSTRUKSI.index(
            ("tanda_tangan_kontrak", "kontrak")) + 1]:
        values = inputs_for(pemicu, 1_500_000_000)
        if pemicu == "tanda_tangan_kontrak":
            values.update(mulai_kontrak=date(2026, 4, 6), selesai_kontrak=date(2026, 9, 30))
        advance(db, "R-1", pemicu, ACTOR, tanggal=date(2026, 4, 6), today=date(2026, 4, 6),
                **values)
    signed = (date(2026, 4, 6), date(2026, 9, 30))

    def planned() -> tuple:
        row = next(j for j in show_paket(db, "R-1").jadwal if j.tahap == "pelaksanaan")
        return row.rencana_mulai, row.rencana_selesai

    assert planned() == signed
    import_rup(db, path, ACTOR, as_of=date(2026, 4, 7))  # still says 05/05–31/10/2026
    assert planned() == signed


def test_imported_plan_matches_the_plan_of_paket_tambah(db, tmp_path):
    """Same templates as create_paket: only the RUP's contract window is its own."""
    make_opd(db, "DPU", "Dinas PU")
    make_paket(db, "MANUAL", opd="DPU", mulai_pemilihan=date(2026, 3, 2))
    path = _csv(tmp_path / "r.csv", SIRUP_HEADER,
                [_row(kd="IMPOR", satker="Dinas PU", pagu="1.000.000.000")])
    import_rup(db, path, ACTOR, as_of=date(2026, 1, 5))
    manual = {j.tahap: (j.rencana_mulai, j.rencana_selesai)
              for j in show_paket(db, "MANUAL").jadwal}
    imported = {j.tahap: (j.rencana_mulai, j.rencana_selesai)
                for j in show_paket(db, "IMPOR").jadwal}
    assert imported.pop("pelaksanaan") == (date(2026, 5, 5), date(2026, 10, 31))
    manual.pop("pelaksanaan")
    assert imported == manual
    assert len(imported) > 5
