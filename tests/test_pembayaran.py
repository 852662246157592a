"""Payment terms on plain values (issue #13, docs/aturan.md §5.4): uang muka ceilings
and recovery, termin milestones at and around each boundary, retensi until FHO."""

from __future__ import annotations

import pytest

from pengadaan.domain.execution.pembayaran import (
    PER_SERTIFIKAT,
    SEKALIGUS,
    TONGGAK,
    SyaratBayar,
    dibayar,
    tertagih_bp,
    uang_muka_maks_bp,
)

NILAI = 1_000_000_000  # Rp 1 miliar


@pytest.mark.parametrize(("usaha_kecil", "tahun_jamak", "maks"), [
    (True, False, 3_000),
    (False, False, 2_000),  # also konsultansi
    (True, True, 1_500),  # tahun jamak caps every provider
    (False, True, 1_500),
])
def test_uang_muka_ceiling(usaha_kecil, tahun_jamak, maks):
    assert uang_muka_maks_bp(usaha_kecil=usaha_kecil, tahun_jamak=tahun_jamak) == maks


@pytest.mark.parametrize(("fisik", "termin", "tertagih"), [
    (0, TONGGAK, 0),
    (2_499, TONGGAK, 0),  # just short of the first milestone: nothing due yet
    (2_500, TONGGAK, 2_500),
    (7_499, TONGGAK, 5_000),
    (9_999, TONGGAK, 7_500),
    (10_000, TONGGAK, 10_000),
    (9_999, SEKALIGUS, 0),  # paid once, after hand-over at 100%
    (10_000, SEKALIGUS, 10_000),
    (1, PER_SERTIFIKAT, 1),
    (6_543, PER_SERTIFIKAT, 6_543),
])
def test_termin_pays_the_last_milestone_reached(fisik, termin, tertagih):
    assert tertagih_bp(fisik, termin) == tertagih


def test_uang_muka_first_then_recovered_from_the_termins():
    syarat = SyaratBayar(uang_muka_bp=2_000, termin_bp=TONGGAK)
    assert dibayar(NILAI, 0, syarat) == 200_000_000  # the advance alone
    assert dibayar(NILAI, 2_499, syarat) == 200_000_000
    # first termin: 25% of the work, less a quarter of the advance
    assert dibayar(NILAI, 2_500, syarat) == 250_000_000 + 150_000_000
    assert dibayar(NILAI, 10_000, syarat) == NILAI  # fully recovered at 100%


def test_retensi_held_until_fho():
    syarat = SyaratBayar(termin_bp=PER_SERTIFIKAT, retensi=True)
    assert dibayar(NILAI, 5_000, syarat) == 475_000_000  # 5% of what was certified
    assert dibayar(NILAI, 10_000, syarat) == 950_000_000  # PHO: retensi still held
    assert dibayar(NILAI, 10_000, syarat, fho=True) == NILAI
    assert dibayar(NILAI, 10_000, SyaratBayar(termin_bp=PER_SERTIFIKAT)) == NILAI


@pytest.mark.parametrize("syarat", [
    SyaratBayar(3_000, TONGGAK, retensi=True),
    SyaratBayar(0, PER_SERTIFIKAT, retensi=True),
    SyaratBayar(1_000, SEKALIGUS),
])
def test_payments_never_go_down_nor_above_the_contract(syarat):
    paid = [dibayar(NILAI, fisik, syarat) for fisik in range(0, 10_001, 50)]
    assert paid == sorted(paid) and paid[-1] <= NILAI


@pytest.mark.parametrize(("uang_muka", "termin"), [(-1, TONGGAK), (3_001, TONGGAK),
                                                   (0, 0), (0, 10_001)])
def test_terms_outside_the_rules_are_refused(uang_muka, termin):
    with pytest.raises(ValueError):
        SyaratBayar(uang_muka, termin)
