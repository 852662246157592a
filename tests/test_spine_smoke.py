"""The spine end to end (create/advance/show on both databases): create, advance, list, show."""

from datetime import date

import pytest

from pengadaan.domain.errors import GuardFailed, NotFound, TriggerNotAllowed
from pengadaan.usecases.paket import advance, list_paket, show_paket
from tests.conftest import ACTOR, make_opd, make_paket

TODAY = date(2026, 6, 30)


@pytest.mark.both_databases
def test_create_advance_show(db):
    make_opd(db)
    make_paket(db)
    detail = advance(db, "P-1", "siapkan", ACTOR, tanggal=date(2026, 1, 10), today=TODAY)
    assert detail.paket.tahap == "persiapan"
    assert detail.paket.version == 2
    assert [r.pemicu for r in detail.riwayat] == ["buat", "siapkan"]
    assert {p.pemicu for p in detail.pemicu} == {"umumkan", "batalkan"}
    rows = list_paket(db, opd="pupr", tahap=["persiapan"])
    assert [r.kode for r in rows] == ["P-1"]


def test_refused_guard_changes_nothing(db):
    make_opd(db)
    make_paket(db, hps=None)
    advance(db, "P-1", "siapkan", ACTOR, tanggal=date(2026, 1, 10), today=TODAY)
    with pytest.raises(GuardFailed, match="HPS .* melebihi pagu"):
        advance(db, "P-1", "umumkan", ACTOR, tanggal=date(2026, 1, 20), today=TODAY,
                hps=2_000_000_000)
    detail = show_paket(db, "P-1")
    assert detail.paket.tahap == "persiapan"
    assert detail.paket.hps is None
    assert len(detail.riwayat) == 2


def test_unknown_trigger_lists_allowed(db):
    make_opd(db)
    make_paket(db)
    with pytest.raises(TriggerNotAllowed, match="yang berlaku: siapkan, batalkan"):
        advance(db, "P-1", "umumkan", ACTOR, today=TODAY)


def test_unknown_paket(db):
    with pytest.raises(NotFound, match="'X-9' tidak ditemukan"):
        show_paket(db, "X-9")
