"""Kendala and tindak lanjut are append-only in the database itself (issue #13,
migration 0006_kendala_guard): raw SQL that deletes them or changes what was recorded
is refused on SQLite and PostgreSQL, while the use cases keep working."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from pengadaan.db.migrate import (
    current_revision,
    downgrade,
    head_revision,
    revision_before,
    upgrade,
)

from pengadaan.usecases import kendala as uc
from tests.test_akses import kabupaten

pytestmark = pytest.mark.both_databases

TODAY = date(2026, 3, 10)
REFUSED = "hanya boleh ditambah"


@pytest.fixture
def recorded(db):
    """Through the use cases, under the guard: kendala 1 resolved with tindak lanjut 1
    moved to berjalan; kendala 2 open with tindak lanjut 2; kendala 3 open, alone."""
    kabupaten(db)
    first = uc.record_kendala(db, "P-1", "lahan", "Lahan belum bebas", "ppk_pupr",
                              tanggal=date(2026, 3, 1), today=TODAY)
    uc.record_tindak_lanjut(db, first.id, "Rapat pemilik lahan", "PPK", date(2026, 4, 1),
                            "ppk_pupr")
    uc.update_tindak_lanjut(db, 1, "berjalan", "pokja", catatan="Rapat pertama")
    done = uc.resolve_kendala(db, first.id, "Lahan dibebaskan", "admin",
                              tanggal=date(2026, 3, 5), today=TODAY)
    second = uc.record_kendala(db, "P-1", "cuaca", "Hujan deras", "pokja", today=TODAY)
    uc.record_tindak_lanjut(db, second.id, "Tambah shift", "Penyedia", date(2026, 4, 1),
                            "sekda", rekomendasi=True)
    uc.record_kendala(db, "P-1", "material", "Semen langka", "admin", today=TODAY)
    assert (done.terbuka, done.tindak_lanjut[0].status) == (False, "berjalan")
    return db


def _sql(db, statement: str) -> int:
    with db.engine.begin() as conn:
        return conn.execute(sa.text(statement)).rowcount


def _rows(db) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(row) for table in ("kendala", "tindak_lanjut", "tindak_lanjut_riwayat")
                for row in conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY id"))]


@pytest.mark.parametrize("statement", [
    "DELETE FROM kendala WHERE id = 3",
    "UPDATE kendala SET uraian = 'Tidak ada kendala' WHERE id = 2",
    "UPDATE kendala SET tanggal = '2026-01-01' WHERE id = 2",
    "UPDATE kendala SET selesai_tanggal = '2026-03-09' WHERE id = 1",
    "UPDATE kendala SET selesai_catatan = 'lain' WHERE id = 1",
    "UPDATE kendala SET selesai_tanggal = NULL, selesai_catatan = NULL, "
    "selesai_oleh = NULL WHERE id = 1",
    "DELETE FROM tindak_lanjut WHERE id = 2",
    "UPDATE tindak_lanjut SET batas = '2027-01-01' WHERE id = 1",
    "UPDATE tindak_lanjut SET rekomendasi = NOT rekomendasi WHERE id = 2",
    "UPDATE tindak_lanjut SET status = 'selesai', pelaksana = 'Sekda' WHERE id = 1",
    "DELETE FROM tindak_lanjut_riwayat WHERE id = 2",
    "UPDATE tindak_lanjut_riwayat SET catatan = 'lain' WHERE id = 2",
    "UPDATE tindak_lanjut_riwayat SET oleh = oleh",
])
def test_the_database_refuses_to_change_what_was_recorded(recorded, statement):
    before = _rows(recorded)
    with pytest.raises(sa.exc.DBAPIError, match=REFUSED):
        _sql(recorded, statement)
    assert _rows(recorded) == before


def test_resolving_once_and_moving_a_status_stay_allowed(recorded):
    """What the use cases write, raw: the resolution of an open kendala, a status."""
    assert _sql(recorded, "UPDATE kendala SET selesai_tanggal = '2026-03-09', "
                          "selesai_catatan = 'Semen datang', selesai_oleh = 'admin' "
                          "WHERE id = 3") == 1
    assert _sql(recorded, "UPDATE tindak_lanjut SET status = 'selesai' WHERE id = 2") == 1
    [third] = uc.list_kendala(recorded, "P-1")[2:]
    assert (third.selesai_tanggal, third.selesai_catatan) == (date(2026, 3, 9), "Semen datang")
    with pytest.raises(sa.exc.DBAPIError, match=REFUSED):
        _sql(recorded, "UPDATE kendala SET selesai_catatan = 'lain' WHERE id = 3")


def test_the_use_cases_still_work_after_the_guard(recorded):
    """Every kind of write the use cases make went through in the fixture; one more
    round of each, and the state they show."""
    rows = uc.list_kendala(recorded, "P-1")
    assert [(k.kategori, k.terbuka) for k in rows] == [
        ("lahan", False), ("cuaca", True), ("material", True)]
    uc.update_tindak_lanjut(recorded, 2, "selesai", "ppk_pupr")
    uc.resolve_kendala(recorded, 2, "Cuaca membaik", "pokja", today=TODAY)
    assert [k.terbuka for k in uc.list_kendala(recorded, "P-1")] == [False, False, True]


def test_the_migration_installs_and_removes_the_guard(recorded):
    """Stepping back across 0006 lifts the guard (rows stay); upgrading puts it back."""
    before = _rows(recorded)
    downgrade(recorded.engine, revision_before("0006_kendala_guard.py"))
    try:
        assert _sql(recorded, "UPDATE tindak_lanjut_riwayat SET catatan = 'x' "
                              "WHERE id = 2") == 1
    finally:
        upgrade(recorded.engine)
    assert current_revision(recorded.engine) == head_revision()
    assert len(_rows(recorded)) == len(before)
    with pytest.raises(sa.exc.DBAPIError, match=REFUSED):
        _sql(recorded, "DELETE FROM tindak_lanjut_riwayat WHERE id = 2")
