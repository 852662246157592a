"""The Kendala and Tindak Lanjut columns of the XLSX and CSV exports (issue #13): the
open kendala with its latest tindak lanjut, else the latest progress note marked as
such, else nothing."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from openpyxl import load_workbook

from pengadaan.usecases import kendala as uc
from pengadaan.usecases.ekspor import export_csv, export_xlsx
from pengadaan.usecases.progres import record_progress
from tests.conftest import ACTOR
from tests.factories import tender_in_pelaksanaan, two_opds

TODAY = date(2026, 12, 31)


def _three(db):
    """OPEN: an open kendala with two tindak lanjut (and a progress note, not shown);
    RESOLVED: a resolved kendala and a progress note; NONE: nothing."""
    two_opds(db)
    for kode in ("OPEN", "RESOLVED", "NONE"):
        tender_in_pelaksanaan(db, kode)
    for kode in ("OPEN", "RESOLVED"):
        record_progress(db, kode, date(2026, 12, 1), 1000, ACTOR,
                        catatan="Material terlambat datang", today=TODAY)
    old = uc.record_kendala(db, "OPEN", "lahan", "Lahan belum bebas", ACTOR,
                            tanggal=date(2026, 12, 2), today=TODAY)
    uc.resolve_kendala(db, old.id, "Dibebaskan", ACTOR, tanggal=date(2026, 12, 3), today=TODAY)
    k = uc.record_kendala(db, "OPEN", "cuaca", "Hujan deras sepekan", ACTOR,
                          tanggal=date(2026, 12, 4), today=TODAY)
    uc.record_tindak_lanjut(db, k.id, "Rapat lapangan", "PPK", date(2026, 12, 10), ACTOR)
    tl = uc.record_tindak_lanjut(db, k.id, "Tambah shift kerja", "Penyedia",
                                 date(2027, 1, 15), ACTOR)
    uc.update_tindak_lanjut(db, tl.id, "berjalan", ACTOR)
    done = uc.record_kendala(db, "RESOLVED", "material", "Semen langka", ACTOR,
                            tanggal=date(2026, 12, 2), today=TODAY)
    uc.resolve_kendala(db, done.id, "Semen datang", ACTOR, tanggal=date(2026, 12, 5),
                       today=TODAY)


EXPECTED = {
    "OPEN": ("Cuaca/bencana: Hujan deras sepekan",
             "Tambah shift kerja — Penyedia, batas 15/01/2027 (Berjalan)"),
    "RESOLVED": ("(catatan progres) Material terlambat datang", None),
    "NONE": (None, None),
}


@pytest.mark.both_databases
def test_xlsx_kendala_and_tindak_lanjut_columns(db, tmp_path):
    _three(db)
    path = tmp_path / "rapat.xlsx"
    export_xlsx(db, path, TODAY)
    sheet = load_workbook(path)["Paket"]
    headers = [c.value for c in sheet[3]]
    kode, kendala, follow = (headers.index(h) for h in ("Kode Paket", "Kendala",
                                                          "Tindak Lanjut"))
    found = {row[kode]: (row[kendala], row[follow])
             for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert found == EXPECTED


def test_csv_kendala_and_tindak_lanjut_columns(db, tmp_path):
    _three(db)
    path = tmp_path / "paket.csv"
    export_csv(db, path, TODAY)
    with open(path, encoding="utf-8") as handle:
        found = {r["Kode Paket"]: (r["Kendala"] or None, r["Tindak Lanjut"] or None)
                 for r in csv.DictReader(handle)}
    assert found == EXPECTED


def test_a_kendala_resolved_after_the_as_of_date_was_open_then(db, tmp_path):
    _three(db)
    path = tmp_path / "paket.csv"
    export_csv(db, path, date(2026, 12, 4), opd="PUPR")
    with open(path, encoding="utf-8") as handle:
        found = {r["Kode Paket"]: r["Kendala"] for r in csv.DictReader(handle)}
    assert found == {"OPEN": "Cuaca/bencana: Hujan deras sepekan",
                     "RESOLVED": "Material/peralatan: Semen langka", "NONE": ""}
