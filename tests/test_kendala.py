"""Kendala and tindak lanjut use cases (issue #13): rights, once-only resolution, dates,
the status history, and refusals that write nothing."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from pengadaan.domain.errors import Conflict, InvalidInput, NotFound, TidakBerwenang
from pengadaan.usecases import kendala as uc
from pengadaan.usecases.paket import show_paket
from tests.conftest import ACTOR, make_opd, make_paket
from tests.test_akses import kabupaten

TODAY = date(2026, 3, 10)


@pytest.fixture
def kab(db):
    return kabupaten(db)


def _counts(db) -> tuple[int, ...]:
    with db.engine.connect() as conn:
        return (*(conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("kendala", "tindak_lanjut", "tindak_lanjut_riwayat")),
                conn.execute(sa.text("SELECT version FROM paket")).scalar_one(),
                conn.execute(sa.text("SELECT count(*) FROM kendala "
                                     "WHERE selesai_tanggal IS NOT NULL")).scalar_one())


def _refused(db, error, match, call):
    before = _counts(db)
    with pytest.raises(error, match=match):
        call()
    assert _counts(db) == before


def _catat(db, actor="ppk_pupr", **kw):
    args = dict(kategori="lahan", uraian="Lahan belum bebas", tanggal=date(2026, 3, 1),
                today=TODAY)
    args.update(kw)
    return uc.record_kendala(db, "P-1", args.pop("kategori"), args.pop("uraian"), actor, **args)


def test_record_resolve_and_show_on_the_paket(kab):
    version = show_paket(kab, "P-1").paket.version
    k = _catat(kab)
    assert (k.paket, k.kategori, k.oleh, k.terbuka) == ("P-1", "lahan", "ppk_pupr", True)
    assert show_paket(kab, "P-1").paket.version == version + 1
    _catat(kab, "pokja", kategori="sanggah", uraian="Sanggah masuk")
    done = uc.resolve_kendala(kab, k.id, "Lahan dibebaskan", "admin",
                              tanggal=date(2026, 3, 5), today=TODAY)
    assert (done.selesai_tanggal, done.selesai_oleh, done.terbuka) == (
        date(2026, 3, 5), "admin", False)
    shown = show_paket(kab, "P-1").kendala
    assert [(x.kategori, x.terbuka) for x in shown] == [("lahan", False), ("sanggah", True)]
    assert [x.kategori for x in uc.list_kendala(kab, terbuka=True)] == ["sanggah"]
    assert uc.list_kendala(kab, opd="DISHUB") == []


def test_resolving_twice_is_refused_and_the_first_stands(kab):
    k = _catat(kab)
    uc.resolve_kendala(kab, k.id, "Selesai", "ppk_pupr", today=TODAY)
    _refused(kab, InvalidInput, rf"^kendala {k.id} sudah selesai .*oleh ppk_pupr",
             lambda: uc.resolve_kendala(kab, k.id, "Lagi", "admin", today=TODAY))
    assert uc.list_kendala(kab, "P-1")[0].selesai_catatan == "Selesai"


def test_rights(kab):
    _refused(kab, TidakBerwenang, r"Anda \(ppk Dinas Perhubungan\) tidak berwenang mengubah "
                                  "paket Dinas PUPR", lambda: _catat(kab, "ppk_dishub"))
    _refused(kab, TidakBerwenang, "pengawas hanya membaca", lambda: _catat(kab, "sekda"))
    _refused(kab, TidakBerwenang, "pengguna 'siapa' belum terdaftar",
             lambda: _catat(kab, "siapa"))
    k = _catat(kab)
    _refused(kab, TidakBerwenang, "tidak berwenang",
             lambda: uc.resolve_kendala(kab, k.id, "x", "sekda", today=TODAY))
    _refused(kab, TidakBerwenang, "hanya memberi rekomendasi",
             lambda: uc.record_tindak_lanjut(kab, k.id, "Audit", "Inspektorat",
                                             date(2026, 4, 1), "sekda"))
    rek = uc.record_tindak_lanjut(kab, k.id, "Percepat pembebasan lahan", "Sekda",
                                  date(2026, 4, 1), "sekda", rekomendasi=True)
    assert rek.rekomendasi and rek.oleh == "sekda"
    _refused(kab, TidakBerwenang, "pengawas hanya membaca",
             lambda: uc.update_tindak_lanjut(kab, rek.id, "berjalan", "sekda"))
    _refused(kab, TidakBerwenang, "tidak berwenang mengubah paket Dinas PUPR",
             lambda: uc.update_tindak_lanjut(kab, rek.id, "berjalan", "ppk_dishub"))


def test_bad_input_names_the_field_and_writes_nothing(kab):
    _refused(kab, InvalidInput, r"^kategori: 'banjir' tidak dikenal \(pilihan: lahan",
             lambda: _catat(kab, kategori="banjir"))
    _refused(kab, InvalidInput, r"^tanggal: .* belum terjadi",
             lambda: _catat(kab, tanggal=date(2026, 3, 11)))
    _refused(kab, InvalidInput, r"^uraian: wajib diisi", lambda: _catat(kab, uraian="  "))
    _refused(kab, NotFound, "paket dengan kode 'P-9'",
             lambda: uc.record_kendala(kab, "P-9", "lahan", "x", "admin"))
    k = _catat(kab)
    _refused(kab, InvalidInput, r"^tanggal: .* sebelum kendala dicatat",
             lambda: uc.resolve_kendala(kab, k.id, "x", "admin", tanggal=date(2026, 2, 1),
                                        today=TODAY))
    _refused(kab, InvalidInput, r"^tanggal: .* belum terjadi",
             lambda: uc.resolve_kendala(kab, k.id, "x", "admin", tanggal=date(2026, 4, 1),
                                        today=TODAY))
    _refused(kab, NotFound, "^kendala 99 tidak ditemukan",
             lambda: uc.resolve_kendala(kab, 99, "x", "admin", today=TODAY))
    _refused(kab, InvalidInput, r"^pelaksana: wajib diisi",
             lambda: uc.record_tindak_lanjut(kab, k.id, "x", "", date(2026, 4, 1), "admin"))
    _refused(kab, InvalidInput, r"^batas: .* sebelum kendala dicatat",
             lambda: uc.record_tindak_lanjut(kab, k.id, "x", "PPK", date(2026, 2, 1), "admin"))


def test_status_history_is_kept(kab):
    k = _catat(kab)
    batas = date(2027, 1, 31)  # a deadline may lie ahead
    t = uc.record_tindak_lanjut(kab, k.id, "Rapat dengan pemilik lahan", "PPK", batas,
                                "ppk_pupr")
    assert (t.status, t.batas) == ("direncanakan", batas)
    uc.update_tindak_lanjut(kab, t.id, "berjalan", "pokja", catatan="Rapat pertama")
    _refused(kab, InvalidInput, r"^status: tindak lanjut \d+ sudah 'Berjalan'",
             lambda: uc.update_tindak_lanjut(kab, t.id, "berjalan", "admin"))
    _refused(kab, InvalidInput, r"^status: 'batal' tidak dikenal \(pilihan: "
                                "direncanakan, berjalan, selesai",
             lambda: uc.update_tindak_lanjut(kab, t.id, "batal", "admin"))
    done = uc.update_tindak_lanjut(kab, t.id, "selesai", "ppk_pupr")
    assert [(h.status, h.catatan, h.oleh) for h in done.riwayat] == [
        ("direncanakan", None, "ppk_pupr"), ("berjalan", "Rapat pertama", "pokja"),
        ("selesai", None, "ppk_pupr")]
    shown = show_paket(kab, "P-1").kendala[0].tindak_lanjut[0]
    assert shown.status == "selesai" and len(shown.riwayat) == 3
    uc.resolve_kendala(kab, k.id, "Beres", "admin", today=TODAY)
    _refused(kab, InvalidInput, rf"^kendala {k.id} sudah selesai .*tidak ditambah",
             lambda: uc.record_tindak_lanjut(kab, k.id, "x", "PPK", batas, "admin"))


def test_a_tindak_lanjut_recorded_under_way_starts_its_history_there(kab):
    """What was already being done when written down (the TUI's form offers it)."""
    k = _catat(kab)
    _refused(kab, InvalidInput, r"^status: 'batal' tidak dikenal",
             lambda: uc.record_tindak_lanjut(kab, k.id, "x", "PPK", TODAY, "admin",
                                             status="batal"))
    t = uc.record_tindak_lanjut(kab, k.id, "Pompa air", "Penyedia", TODAY, "ppk_pupr",
                                status="berjalan")
    assert t.status == "berjalan"
    assert [(h.status, h.oleh) for h in t.riwayat] == [("berjalan", "ppk_pupr")]
    assert show_paket(kab, "P-1").kendala[0].tindak_lanjut[0].status == "berjalan"


def test_stale_version_is_refused(db):
    """The paket's version guards a kendala as it guards any paket change."""
    make_opd(db)
    make_paket(db)
    version = show_paket(db, "P-1").paket.version
    uc.record_kendala(db, "P-1", "cuaca", "Banjir", ACTOR, expected_version=version)
    with pytest.raises(Conflict, match="sudah diubah pengguna lain"):
        uc.record_kendala(db, "P-1", "cuaca", "Banjir lagi", ACTOR, expected_version=version)
    assert len(uc.list_kendala(db, "P-1")) == 1
