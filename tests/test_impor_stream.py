"""Issue #19: imports write in chunks as the file is read (memory flat in its length),
still all or nothing and with the same result as one pass. The chunk is made tiny
here so a handful of rows spans several."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from pengadaan.usecases import impor
from pengadaan.usecases.impor import ImportRejected, import_ocds, import_rup
from tests.conftest import ACTOR
from tests.test_impor_rup import SIRUP_HEADER, _csv, _row

AS_OF = date(2026, 1, 10)


def _rows(count: int) -> list[list]:
    kinds = [("Tender", "Pekerjaan Konstruksi"), ("Pengadaan Langsung", "Barang"),
             ("Seleksi", "Jasa Konsultansi Badan Usaha")]
    return [_row(kd=f"R-{n}", satker=f"Dinas {n % 4}", metode=kinds[n % 3][0],
                 jenis=kinds[n % 3][1]) for n in range(count)]


def _content(db) -> dict[str, list[tuple]]:
    """What an import leaves, without ids and clock times."""
    queries = {
        "paket": "SELECT p.kode, o.singkatan, p.tahap, p.metode, p.pagu, p.tahap_sejak "
                 "FROM paket p JOIN opd o ON o.id = p.opd_id ORDER BY p.kode",
        "jadwal": "SELECT p.kode, j.tahap, j.urutan, j.rencana_mulai, j.rencana_selesai "
                  "FROM jadwal j JOIN paket p ON p.id = j.paket_id ORDER BY p.kode, j.tahap",
        "riwayat": "SELECT p.kode, r.dari, r.ke, r.tanggal, r.catatan FROM riwayat r "
                   "JOIN paket p ON p.id = r.paket_id ORDER BY p.kode, r.id",
    }
    with db.engine.connect() as conn:
        return {name: [tuple(map(str, row)) for row in conn.execute(sa.text(sql))]
                for name, sql in queries.items()}


@pytest.mark.both_databases
def test_a_bad_last_row_after_many_chunks_leaves_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setattr(impor, "CHUNK", 3)
    path = _csv(tmp_path / "r.csv", SIRUP_HEADER, [*_rows(10), _row(kd="X", pagu="abc")])
    with pytest.raises(ImportRejected) as err:
        import_rup(db, path, ACTOR, as_of=AS_OF)
    assert [(r.row, r.kolom) for r in err.value.rejections] == [(12, "pagu")]
    assert _content(db) == {"paket": [], "jadwal": [], "riwayat": []}
    summary = import_rup(db, path, ACTOR, as_of=AS_OF, lewati_salah=True,
                         berkas_salah=tmp_path / "ditolak.csv")
    assert (summary.dibaca, summary.dibuat, summary.ditolak, summary.opd_dibuat) == (11, 10, 1, 4)
    assert summary.per_tahap == {"rencana": 10}
    assert len(_content(db)["paket"]) == 10


def test_chunks_give_the_same_database_as_one_pass(tmp_path, monkeypatch, sqlite_template):
    import shutil

    from pengadaan.db.uow import open_database

    path = _csv(tmp_path / "r.csv", SIRUP_HEADER, _rows(10))
    results = []
    for chunk in (3, 1000):
        monkeypatch.setattr(impor, "CHUNK", chunk)
        copy = tmp_path / f"c{chunk}.db"
        shutil.copy(sqlite_template, copy)
        db = open_database(f"sqlite:///{copy}")
        first = import_rup(db, path, ACTOR, as_of=AS_OF)
        again = import_rup(db, path, ACTOR, as_of=AS_OF)
        results.append((_content(db), first.dibuat, again.tetap))
    assert results[0] == results[1]
    assert results[0][1:] == (10, 10)


def test_a_new_kode_rup_named_again_in_a_later_chunk_is_not_an_update(sqlite_db, tmp_path,
                                                                      monkeypatch):
    """Two releases (distinct ocids) naming a kode RUP the database does not have: two
    new paket, whether or not a chunk boundary falls between them."""
    monkeypatch.setattr(impor, "CHUNK", 1)
    releases = [{"ocid": f"ocds-uji-{n}", "date": "2024-01-02T00:00:00Z",
                 "buyer": {"name": "Dinas Uji"}, "planning": {"budget": {"projectID": "R-9"}}}
                for n in (1, 2)]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(releases))
    summary = import_ocds(sqlite_db, path, ACTOR, as_of=AS_OF)
    assert (summary.dibuat, summary.diperbarui) == (2, 0)
