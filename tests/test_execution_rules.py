"""Contract execution rules on plain values (issue #5): kritis at and around every
boundary, denda on integer Rupiah, the kurva S, percentages, retensi, pemeliharaan."""

from __future__ import annotations

from datetime import date

import pytest

from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.execution import denda as dn
from pengadaan.domain.execution import kritis as kr
from pengadaan.domain.execution import scurve
from pengadaan.domain.execution.persen import format_bp, parse_persen
from pengadaan.domain.execution.serah_terima import akhir_pemeliharaan, retensi, tambah_bulan

WITHIN_YEAR = date(2026, 12, 20)
NEXT_YEAR = date(2027, 1, 10)

# --- kritis (docs/aturan.md §5.2) ----------------------------------------------------------------


@pytest.mark.parametrize(("rencana", "realisasi", "kritis"), [
    (6000, 5000, False),  # behind by exactly 10 at rencana 60%: boundary, not kritis
    (6000, 4999, True),  # 10,01 behind
    (6000, 5001, False),
    (7000, 6000, False),  # rencana exactly 70% is still periode I (10 tolerated)
    (7000, 5999, True),
    (7001, 6501, False),  # periode II: behind by exactly 5
    (7001, 6500, True),  # 5,01 behind
    (9000, 8500, False),
    (9000, 8499, True),
    (10000, 9499, True),
    (1000, 0, False),  # 10 behind at the very start
    (1001, 0, True),
    (5000, 6000, False),  # ahead of plan
    (0, 0, False),
])
def test_kritis_thresholds_within_the_year(rencana, realisasi, kritis):
    assert kr.is_kritis(rencana, realisasi, WITHIN_YEAR, 2026) is kritis


@pytest.mark.parametrize(("rencana", "realisasi", "selesai", "kritis"), [
    (8000, 7600, date(2026, 12, 31), False),  # ends on 31 December: still in the year
    (8000, 7600, date(2027, 1, 1), True),  # ends 1 January: behind < 5 and past the year
    (8000, 8000, NEXT_YEAR, False),  # not behind at all
    (8000, 7999, NEXT_YEAR, True),  # 0,01 behind
    (8000, 7500, NEXT_YEAR, True),  # exactly 5 behind past the year (see kritis.py)
    (7000, 6500, NEXT_YEAR, False),  # periode I: the year-end rule does not apply
    (8000, 7600, None, False),  # no contract end known
])
def test_kritis_year_end_rule(rencana, realisasi, selesai, kritis):
    assert kr.is_kritis(rencana, realisasi, selesai, 2026) is kritis


def test_kritis_reason_names_the_rule():
    assert "periode I" in kr.kritis_reason(6000, 4000, WITHIN_YEAR, 2026)
    assert "periode II" in kr.kritis_reason(9000, 8000, WITHIN_YEAR, 2026)
    assert "31 Desember 2026" in kr.kritis_reason(9000, 8800, NEXT_YEAR, 2026)
    assert kr.kritis_reason(6000, 5000, WITHIN_YEAR, 2026) is None
    assert kr.deviasi_bp(6000, 4500) == -1500


# --- denda (Perpres 16/2018 Pasal 79) -----------------------------------------------------------


def test_denda_is_one_per_mille_per_day_on_whole_rupiah():
    assert dn.denda(1_000_000_000, 1) == 1_000_000
    assert dn.denda(1_000_000_000, 50) == 50_000_000
    assert dn.denda(1_234_567, 1) == 1_234  # 1.234,567 rounded down
    assert dn.denda(1_234_567, 3) == 3_703  # on the total (3.703,701), not 3 × 1.234
    assert dn.denda(999, 1) == 0
    assert dn.denda(5_000_000, 0) == 0
    assert isinstance(dn.denda(10**15, 50), int)  # no float, even for huge values
    assert dn.denda(10**15 + 1, 50) == 5 * 10**13


def test_denda_base_is_before_ppn():
    assert dn.dasar_denda(111_000_000) == 100_000_000  # PPN 11% taken out
    assert dn.dasar_denda(1_000_000) == 900_900  # 900.900,90 rounded down
    assert dn.dasar_denda(100_000_000, ppn_persen=0) == 100_000_000


@pytest.mark.parametrize(("on", "hari", "denda"), [
    (date(2026, 10, 31), 0, 0),  # the end day itself is not late
    (date(2026, 11, 1), 1, 100_000),
    (date(2026, 12, 20), 50, 5_000_000),
    (date(2027, 1, 1), 62, 6_200_000),  # accrues across the fiscal year
    (date(2026, 10, 1), 0, 0),
])
def test_denda_keterlambatan_around_the_contract_end(on, hari, denda):
    end = date(2026, 10, 31)
    assert dn.hari_terlambat(end, on) == hari
    assert dn.denda_keterlambatan(111_000_000, end, on) == denda


def test_denda_on_the_late_part_only():
    end = date(2026, 10, 31)
    assert dn.denda_keterlambatan(111_000_000, end, date(2026, 11, 10), dasar=20_000_000) \
        == 200_000
    with pytest.raises(ValueError):
        dn.denda(-1, 1)


# --- kurva S -----------------------------------------------------------------------------------

SPMK = date(2026, 3, 1)
END = date(2026, 6, 9)  # 100 days


def test_standard_curve_is_a_smoothstep_in_basis_points():
    assert scurve.smoothstep_bp(SPMK, END, date(2026, 2, 1)) == 0
    assert scurve.smoothstep_bp(SPMK, END, SPMK) == 0
    assert scurve.smoothstep_bp(SPMK, END, date(2026, 3, 11)) == 280  # t=0,1: 2,80%
    assert scurve.smoothstep_bp(SPMK, END, date(2026, 4, 20)) == 5000  # t=½
    assert scurve.smoothstep_bp(SPMK, END, date(2026, 5, 30)) == 9720  # t=0,9
    assert scurve.smoothstep_bp(SPMK, END, END) == 10_000
    assert scurve.smoothstep_bp(SPMK, END, date(2026, 12, 1)) == 10_000
    values = [scurve.smoothstep_bp(SPMK, END, p.tanggal) for p in scurve.series(SPMK, END)]
    assert values == sorted(values)  # cumulative: never decreases


def test_entered_curve_interpolates_from_spmk():
    points = [scurve.Titik(date(2026, 3, 31), 2000), scurve.Titik(date(2026, 4, 30), 5000)]
    assert scurve.interpolated_bp(points, date(2026, 3, 1), SPMK) == 0
    assert scurve.interpolated_bp(points, date(2026, 3, 16), SPMK) == 1000
    assert scurve.interpolated_bp(points, date(2026, 3, 31), SPMK) == 2000
    assert scurve.interpolated_bp(points, date(2026, 4, 15), SPMK) == 3500
    assert scurve.interpolated_bp(points, date(2026, 6, 30), SPMK) == 5000  # last holds
    assert scurve.interpolated_bp(points, date(2026, 2, 1), SPMK) == 0
    assert scurve.interpolated_bp(points, date(2026, 3, 16)) == 0  # no SPMK: before 1st
    assert scurve.rencana_bp(date(2026, 4, 15), SPMK, END, points) == 3500
    assert scurve.rencana_bp(date(2026, 4, 20), SPMK, END) == 5000
    assert scurve.rencana_bp(date(2026, 4, 20), None, END) is None


def test_entered_curve_validation():
    ok = [scurve.Titik(date(2026, 3, 31), 2000), scurve.Titik(date(2026, 4, 30), 2000)]
    assert scurve.validate_points(ok) == []
    down = [scurve.Titik(date(2026, 3, 31), 2000), scurve.Titik(date(2026, 4, 30), 1999)]
    assert "turun" in scurve.validate_points(down)[0]
    twice = [scurve.Titik(date(2026, 3, 31), 2000), scurve.Titik(date(2026, 3, 31), 3000)]
    assert "berulang" in scurve.validate_points(twice)[0]


# --- percentages, retensi, pemeliharaan ---------------------------------------------------------


@pytest.mark.parametrize(("text", "bp"), [
    ("76,91", 7691), ("76.91", 7691), ("76,91%", 7691), ("0", 0), ("100", 10_000),
    ("0,01", 1), (" 45,5 ", 4550), (33.3, 3330),
])
def test_parse_persen(text, bp):
    assert parse_persen(text, "fisik") == bp


@pytest.mark.parametrize(("text", "message"), [
    ("100,01", "di luar rentang 0–100%"), ("-1", "di luar rentang"),
    ("12,345", "paling banyak dua angka desimal"), ("abc", "bukan persentase yang sah"),
    ("nan", "bukan persentase yang sah"),
])
def test_parse_persen_refuses(text, message):
    with pytest.raises(InvalidInput, match=message):
        parse_persen(text, "fisik")


def test_format_bp():
    assert format_bp(7691) == "76,91%"
    assert format_bp(-1544, signed=True) == "-15,44%"
    assert format_bp(200, signed=True) == "+2,00%"
    assert format_bp(None) == ""


def test_retensi_and_pemeliharaan():
    assert retensi(1_000_000_000) == 50_000_000
    assert retensi(123_456_789) == 6_172_839  # 6.172.839,45 rounded down
    assert akhir_pemeliharaan(date(2026, 6, 15)) == date(2026, 12, 15)
    assert akhir_pemeliharaan(date(2026, 8, 31)) == date(2027, 2, 28)  # clamped
    assert tambah_bulan(date(2027, 8, 31), 6) == date(2028, 2, 29)  # leap year
    assert tambah_bulan(date(2026, 1, 31), 12) == date(2027, 1, 31)
