"""``kendala impor`` (issue #13): an OPD's kendala spreadsheet recorded by the rules of
``kendala catat``, all or nothing, and harmless to import again."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from pengadaan.domain.errors import InvalidInput, TidakBerwenang
from pengadaan.imports.kendala import KOLOM
from pengadaan.usecases import kendala as uc
from pengadaan.usecases.impor import ImportRejected
from pengadaan.usecases.kendala_impor import import_kendala
from pengadaan.usecases.paket import PaketBaru, create_paket, show_paket
from tests.test_akses import kabupaten

TODAY = date(2026, 3, 10)
HEADER = "No;Uraian;Kode Paket;KATEGORI;tanggal;Tindak_Lanjut;Pelaksana;Batas;Status"
ROWS = [
    "1;Lahan belum bebas;P-1;Lahan/perizinan;02/03/2026;Rapat pemilik lahan;PPK;31/03/2026;"
    "Berjalan",
    "2;Lahan belum bebas;P-1;lahan;02/03/2026;Libatkan camat;Camat;15/04/2026;",
    "3;Hujan deras;P-1;CUACA;2026-03-05;;;;",
]


@pytest.fixture
def kab(db):
    return kabupaten(db)


def _paket(db, kode: str, opd: str = "PUPR") -> None:
    create_paket(db, PaketBaru(kode=kode, nama="Rehabilitasi Jalan", opd=opd, metode="tender",
                               jenis="konstruksi", pagu=1_000_000_000, tahun=2026),
                 "admin", as_of=date(2026, 1, 5))


def _csv(tmp_path: Path, *rows: str, header: str = HEADER, name: str = "kendala.csv",
         delimiter: str = ";") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(line.replace(";", delimiter) for line in (header, *rows)) + "\n",
                    encoding="utf-8")
    return path


def _import(db, path: Path, actor: str = "ppk_pupr"):
    return import_kendala(db, path, actor, today=TODAY)


def _counts(db) -> tuple[int, ...]:
    with db.engine.connect() as conn:
        return (*(conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("kendala", "tindak_lanjut", "tindak_lanjut_riwayat")),
                *conn.execute(sa.text("SELECT version FROM paket ORDER BY kode")).scalars())


def _rejected(db, path: Path, actor: str = "ppk_pupr") -> list[str]:
    """The rejected rows as printed; nothing written."""
    before = _counts(db)
    with pytest.raises(ImportRejected, match=r"baris ditolak; tidak ada data yang diubah") as err:
        _import(db, path, actor)
    assert _counts(db) == before
    return [str(r) for r in err.value.rejections]


def _summary(s) -> tuple[int, ...]:
    return s.dibaca, s.kendala_baru, s.kendala_ada, s.tindak_lanjut_baru, s.tindak_lanjut_ada


@pytest.mark.both_databases
def test_rows_become_kendala_with_their_tindak_lanjut(kab, tmp_path):
    version = show_paket(kab, "P-1").paket.version
    summary = _import(kab, _csv(tmp_path, *ROWS))
    # rows 1 and 2 are one kendala with two tindak lanjut
    assert _summary(summary) == (3, 2, 1, 2, 0)
    first, second = uc.list_kendala(kab, "P-1")
    assert (first.tanggal, first.kategori, first.uraian, first.oleh) == (
        date(2026, 3, 2), "lahan", "Lahan belum bebas", "ppk_pupr")
    assert [(t.uraian, t.pelaksana, t.batas, t.status, t.rekomendasi)
            for t in first.tindak_lanjut] == [
        ("Rapat pemilik lahan", "PPK", date(2026, 3, 31), "berjalan", False),
        ("Libatkan camat", "Camat", date(2026, 4, 15), "direncanakan", False)]
    assert [(h.status, h.catatan) for h in first.tindak_lanjut[0].riwayat] == [
        ("berjalan", "impor kendala.csv")]
    assert (second.kategori, second.tanggal, second.tindak_lanjut) == (
        "cuaca", date(2026, 3, 5), [])
    assert show_paket(kab, "P-1").paket.version == version + 1


@pytest.mark.both_databases
def test_importing_again_adds_only_what_is_new(kab, tmp_path):
    _import(kab, _csv(tmp_path, *ROWS))
    before = _counts(kab)
    assert _summary(_import(kab, _csv(tmp_path, *ROWS))) == (3, 0, 3, 0, 2)
    assert _counts(kab) == before  # not even the paket's version moved
    more = [*ROWS, "4;Lahan belum bebas;P-1;lahan;02/03/2026;Ukur ulang;BPN;20/04/2026;",
            "5;Semen langka;P-1;material;09/03/2026;;;;"]
    assert _summary(_import(kab, _csv(tmp_path, *more))) == (5, 1, 4, 1, 2)
    assert [len(k.tindak_lanjut) for k in uc.list_kendala(kab, "P-1")] == [3, 0, 0]


def test_comma_separated_and_excel_files(kab, tmp_path):
    _import(kab, _csv(tmp_path, ROWS[2], delimiter=","))
    book = Workbook()
    sheet = book.active
    sheet.append(["Kode Paket", "Tanggal", "Kategori", "Uraian", "Tindak Lanjut", "Pelaksana",
                  "Batas"])
    sheet.append(["P-1", datetime(2026, 3, 4), "Kinerja Penyedia", "Tenaga kurang",
                  "Teguran", "PPK", "20/03/2026"])
    sheet.append([None] * 7)  # blank rows are skipped
    sheet.append(["P-1", "06/03/2026", "sanggah", "Sanggah masuk", None, None, None])
    book.save(tmp_path / "kendala.xlsx")
    assert _summary(_import(kab, tmp_path / "kendala.xlsx")) == (2, 2, 0, 1, 0)
    assert [(k.kategori, k.tanggal, len(k.tindak_lanjut))
            for k in uc.list_kendala(kab, "P-1")] == [
        ("cuaca", date(2026, 3, 5), 0), ("penyedia", date(2026, 3, 4), 1),
        ("sanggah", date(2026, 3, 6), 0)]


def test_every_bad_row_is_named_and_nothing_is_written(kab, tmp_path):
    path = _csv(
        tmp_path,
        ROWS[0],
        "2;Lahan;P-9;lahan;02/03/2026;;;;",
        "3;Lahan;P-1;lahan;32/03/2026;;;;",
        "4;Lahan;P-1;banjir;02/03/2026;;;;",
        "5;;P-1;lahan;02/03/2026;;;;",
        "6;Lahan;P-1;lahan;11/03/2026;;;;",
        "7;Lahan;P-1;lahan;02/03/2026;;PPK;;",
        "8;Lahan;P-1;lahan;02/03/2026;Rapat;PPK;01/03/2026;",
        "9;Lahan;P-1;lahan;02/03/2026;Rapat;PPK;31/03/2026;batal",
        "10;Lahan;P-1;lahan;02/03/1900;;;;",
        f"11;Lahan;P-1;lahan;02/03/2026;Rapat;{'x' * 201};31/03/2026;",
    )
    assert _rejected(kab, path) == [
        "baris 3, kolom Kode Paket: paket dengan kode 'P-9' tidak ditemukan",
        "baris 4, kolom tanggal: '32/03/2026' bukan tanggal (tulis dd/mm/yyyy)",
        "baris 5, kolom KATEGORI: 'banjir' tidak dikenal (pilihan: lahan, cuaca, material, "
        "penyedia, administrasi, anggaran, pemilihan_ulang, sanggah, lainnya)",
        "baris 6, kolom Uraian: wajib diisi",
        "baris 7, kolom tanggal: 11/03/2026 belum terjadi (hari ini 10/03/2026)",
        "baris 8, kolom Tindak_Lanjut: wajib diisi",
        "baris 9, kolom Batas: 01/03/2026 sebelum kendala dicatat (02/03/2026)",
        "baris 10, kolom Status: 'batal' tidak dikenal (pilihan: direncanakan, berjalan, "
        "selesai)",
        "baris 11, kolom tanggal: tahun di luar 2000–2100",
        "baris 12, kolom Pelaksana: paling panjang 200 karakter (201 diberikan)",
    ]


def test_a_tindak_lanjut_for_a_resolved_kendala_is_refused(kab, tmp_path):
    _import(kab, _csv(tmp_path, ROWS[2]))
    [k] = uc.list_kendala(kab, "P-1")
    uc.resolve_kendala(kab, k.id, "Cuaca membaik", "admin", today=TODAY)
    assert _rejected(kab, _csv(tmp_path, "1;Hujan deras;P-1;cuaca;05/03/2026;Pompa air;"
                                         "Penyedia;20/03/2026;")) == [
        f"baris 2, kolom Tindak_Lanjut: kendala {k.id} sudah selesai 10/03/2026; tindak "
        "lanjut tidak ditambah"]


def test_role_rules_per_row_as_kendala_catat(kab, tmp_path):
    _paket(kab, "P-2", "DISHUB")
    path = _csv(tmp_path, ROWS[2], "2;Rambu rusak;P-2;material;05/03/2026;;;;")
    assert _rejected(kab, path) == [
        "baris 3, kolom Kode Paket: Anda (ppk Dinas PUPR) tidak berwenang mengubah paket "
        "Dinas Perhubungan"]
    assert _rejected(kab, path, "ppk_dishub") == [
        "baris 2, kolom Kode Paket: Anda (ppk Dinas Perhubungan) tidak berwenang mengubah "
        "paket Dinas PUPR"]
    assert _summary(_import(kab, path, "pokja")) == (2, 2, 0, 0, 0)
    assert {k.oleh for k in uc.list_kendala(kab)} == {"pokja"}


def test_a_pengawas_is_refused_before_the_file_is_read(kab, tmp_path):
    before = _counts(kab)
    with pytest.raises(TidakBerwenang, match=r"^Anda \(pengawas\) tidak berwenang mengimpor "
                                             "kendala: pengawas hanya membaca$"):
        _import(kab, tmp_path / "belum-ada.csv", "sekda")
    assert _counts(kab) == before


@pytest.mark.parametrize(("header", "message"), [
    ("kode paket;tanggal;uraian", r"kolom wajib tidak ada: kategori \(lihat: pengadaan "
                                  r"kendala impor --help\); tidak ada data yang diubah$"),
    ("kode;kode paket;tanggal;kategori;uraian",
     r"kolom 'kode paket' ada dua kali \('kode' dan 'kode paket'\)"),
])
def test_a_missing_or_doubled_column_refuses_the_file(kab, tmp_path, header, message):
    with pytest.raises(InvalidInput, match=r"^berkas kendala\.csv: " + message):
        _import(kab, _csv(tmp_path, "P-1;05/03/2026;x;y;z", header=header))


@pytest.mark.both_databases
def test_hundreds_of_rows_in_one_transaction(db, tmp_path):
    """Several hundred rows over many paket (bulk reads, one INSERT per table per
    flush); importing the file again adds nothing."""
    kabupaten(db)
    for n in range(2, 31):
        _paket(db, f"P-{n}")
    rows = [f"{i};Uraian {i};P-{i % 30 + 1};{'cuaca' if i % 2 else 'Material/peralatan'};"
            f"{1 + i % 9:02d}/03/2026;{'Tindak ' + str(i) if i % 3 else ''};"
            f"{'PPK' if i % 3 else ''};{'31/03/2026' if i % 3 else ''};" for i in range(450)]
    path = _csv(tmp_path, *rows)
    assert _summary(_import(db, path)) == (450, 450, 0, 300, 0)
    assert _counts(db)[:3] == (450, 300, 300)
    with db.engine.connect() as conn:  # each tindak lanjut on its own row's kendala
        assert conn.execute(sa.text(
            "SELECT count(*) FROM tindak_lanjut t JOIN kendala k ON k.id = t.kendala_id "
            "JOIN tindak_lanjut_riwayat r "
            "ON r.tindak_lanjut_id = t.id WHERE t.uraian = 'Tindak ' || substr(k.uraian, 8) "
            "AND r.status = t.status")).scalar_one() == 300
    assert _summary(_import(db, path)) == (450, 0, 450, 0, 300)
    assert _counts(db)[:3] == (450, 300, 300)


def test_the_guide_lists_the_columns_and_its_example_imports(kab, tmp_path):
    """docs/panduan-ppk.md: its table names the columns declared in code, and its sample
    file imports as the text around it says (rows 1 and 2: one kendala)."""
    guide = (Path(__file__).parents[1] / "docs" / "panduan-ppk.md").read_text()
    section = guide.split("### Impor kendala dari lembar kerja", 1)[1].split("\n#", 1)[0]
    assert re.findall(r"^\| `([^`]+)` \|", section, re.M) == [k.judul for k in KOLOM.values()]
    sample = tmp_path / "kendala.csv"
    sample.write_text(re.search(r"```csv\n(.*?)```", section, re.S).group(1))
    assert _summary(_import(kab, sample)) == (3, 2, 1, 2, 0)
