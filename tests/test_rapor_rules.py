"""Rapor OPD pure rules (issue #8): colour band, rounding, score, default curve, months."""

from __future__ import annotations

from datetime import date

import pytest

from pengadaan.domain import config
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.kinerja import (
    Capaian,
    effective_curve,
    first_decrease,
    komponen,
    month_end_target,
    parse_bulan,
    ratio_bp,
    skor_bp,
    target_on,
    warna,
)


@pytest.mark.parametrize(("deviasi_bp", "expected"), [
    (2_500, "biru"), (0, "biru"), (-999, "biru"), (-1_000, "biru"),
    (-1_001, "hijau"), (-2_000, "hijau"),
    (-2_001, "kuning"), (-3_000, "kuning"),
    (-3_001, "merah"), (-10_000, "merah"),
])
def test_colour_band_boundaries_are_inclusive(deviasi_bp, expected):
    assert warna(deviasi_bp) == expected


def test_no_deviasi_no_colour():
    assert warna(None) is None


def test_colour_thresholds_come_from_config(monkeypatch):
    monkeypatch.setattr(config, "WARNA_BATAS_BP", (("biru", 500), ("hijau", 1_500)))
    assert warna(-500) == "biru"
    assert warna(-501) == "hijau"
    assert warna(-1_501) == "merah"


@pytest.mark.parametrize(("part", "whole", "expected"), [
    (1, 3, 3_333), (2, 3, 6_667), (1, 8, 1_250), (1, 20_000, 1), (1, 20_001, 0),
    (0, 5, 0), (5, 5, 10_000), (3, 0, None),
])
def test_ratio_is_half_up_basis_points(part, whole, expected):
    assert ratio_bp(part, whole) == expected


def _capaian(**overrides) -> Capaian:
    values = dict(paket=10, realisasi=0, pagu=1_000, target_bp=4_000,
                  pemilihan_jatuh_tempo=0, pemilihan_tepat=0, perlu_kontrak=0,
                  terkontrak=0, terbuka=0, terlambat=0, kritis=0)
    values.update(overrides)
    return Capaian(**values)


def test_components_nothing_due_counts_as_full():
    assert komponen(_capaian(realisasi=400)) == {
        "capaian_serapan": 10_000, "tepat_waktu": 10_000, "terkontrak": 10_000,
        "tertib": 10_000}


def test_components_cap_absorption_and_count_problems_once():
    parts = komponen(_capaian(realisasi=600, pemilihan_jatuh_tempo=4, pemilihan_tepat=1,
                              perlu_kontrak=8, terkontrak=2, terbuka=4, terlambat=3, kritis=3))
    assert parts == {"capaian_serapan": 10_000, "tepat_waktu": 2_500, "terkontrak": 2_500,
                     "tertib": 0}


def test_components_zero_target_is_met():
    assert komponen(_capaian(target_bp=0))["capaian_serapan"] == 10_000


def test_score_is_the_weighted_mean_half_up():
    parts = {"capaian_serapan": 2_743, "tepat_waktu": 6_667, "terkontrak": 6_667,
             "tertib": 4_000}
    # (50×2743 + 20×6667 + 15×6667 + 15×4000) / 100 = 4304,95 → 4305
    assert skor_bp(parts) == 4_305
    assert skor_bp(dict.fromkeys(parts, 10_000)) == 10_000


def test_default_curve_is_cumulative_and_complete():
    curve = config.TARGET_SERAPAN_BAWAAN_BP
    assert len(curve) == 12
    assert all(a <= b for a, b in zip(curve, curve[1:], strict=False))
    assert curve[-1] == 10_000
    assert curve[2] == 1_500 and curve[5] == 4_000 and curve[8] == 6_500  # TW I, II, III


def test_effective_curve_overrides_only_set_months():
    curve = effective_curve({6: 3_500})
    assert curve[5] == 3_500
    assert curve[4] == config.TARGET_SERAPAN_BAWAAN_BP[4]
    assert curve[6] == config.TARGET_SERAPAN_BAWAAN_BP[6]
    assert effective_curve({}) == list(config.TARGET_SERAPAN_BAWAAN_BP)


def test_effective_curve_clamps_default_months_between_entered_ones():
    high = effective_curve({6: 5_000})  # above Juli's default 48%
    assert high[6] == 5_000 and high[7] == config.TARGET_SERAPAN_BAWAAN_BP[7]
    low = effective_curve({6: 2_000})  # below April's and Mei's defaults
    assert low[:6] == [300, 800, 1_500, 2_000, 2_000, 2_000]
    for own in ({6: 5_000}, {6: 2_000}, {1: 0, 12: 10_000}, {3: 7_691, 4: 7_691}):
        curve = effective_curve(own)
        assert all(a <= b for a, b in zip(curve, curve[1:], strict=False))


def test_first_decrease_names_the_entered_months():
    assert first_decrease({}) is None
    assert first_decrease({1: 100, 12: 100}) is None
    assert first_decrease({1: 100, 2: 200, 3: 150, 4: 100}) == (2, 3)
    assert first_decrease({5: 3_000, 9: 2_000}) == (5, 9)


@pytest.mark.parametrize(("text", "month"), [
    ("3", 3), ("03", 3), ("12", 12), ("Maret", 3), ("mar", 3), ("DESEMBER", 12), ("3.0", 3),
    (7, 7),
])
def test_parse_bulan(text, month):
    assert parse_bulan(text) == month


@pytest.mark.parametrize("text", ["0", "13", "", "Ju", "Maretan", "-1"])
def test_parse_bulan_refuses(text):
    with pytest.raises(InvalidInput, match="bukan bulan"):
        parse_bulan(text)


# Default curve: Januari 3%, Februari 8%, …, November 86%, Desember 100%.
BAWAAN = effective_curve({})


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 1, 1), 10),  # 0 + 300 × 1/31 = 9,68: the year starts from 0
    (date(2026, 1, 31), 300),  # the last day is exactly the month-end target
    (date(2026, 2, 1), 318),  # 300 + 500 × 1/28 = 317,86
    (date(2026, 2, 28), 800),  # not a leap year: 28 Februari is the month end
    (date(2028, 2, 28), 783),  # leap year: 300 + 500 × 28/29 = 782,76
    (date(2028, 2, 29), 800),
    (date(2026, 12, 1), 8_645),  # 8600 + 1400 × 1/31 = 8645,16, not 100%
    (date(2026, 12, 31), 10_000),
])
def test_target_on_a_date_is_linear_by_calendar_day(day, expected):
    assert target_on(BAWAAN, day) == expected


def test_month_end_target_is_the_curve_value():
    assert month_end_target(BAWAAN, date(2026, 12, 1)) == 10_000
    assert month_end_target(BAWAAN, date(2026, 1, 1)) == 300


def test_target_on_a_flat_month_stays_put():
    curve = effective_curve({3: 7_691, 4: 7_691})
    assert {target_on(curve, date(2026, 4, d)) for d in (1, 15, 30)} == {7_691}


def test_target_on_rounds_half_up():
    curve = effective_curve({3: 1_000, 4: 1_015})  # April: 30 days, 15 bp to climb
    assert target_on(curve, date(2026, 4, 1)) == 1_001  # + 0,5 → 1
    assert target_on(curve, date(2026, 4, 15)) == 1_008  # + 7,5 → 8


def test_target_on_never_leaves_the_month_step():
    for own in ({}, {6: 5_000}, {1: 0, 12: 10_000}):
        curve = effective_curve(own)
        previous = 0
        day = date(2026, 1, 1)
        while day.year == 2026:
            value = target_on(curve, day)
            assert previous <= value <= month_end_target(curve, day)
            previous = value
            day = date.fromordinal(day.toordinal() + 1)
