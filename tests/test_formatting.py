"""Indonesian formats for people and the parsing of what people type (issue #2)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

import pytest
from freezegun import freeze_time

from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import (
    angka,
    parse_rupiah,
    parse_tanggal,
    percent,
    rupiah,
    tanggal,
    tanggal_panjang,
    today_wib,
)


@pytest.mark.parametrize(("amount", "text"), [
    (1_234_567, "Rp 1.234.567"),
    (200_000_000, "Rp 200.000.000"),
    (25_000_000_000, "Rp 25.000.000.000"),
    (999, "Rp 999"),
    (1_000, "Rp 1.000"),
    (0, "Rp 0"),
    (-5_000, "-Rp 5.000"),
    (None, ""),
])
def test_rupiah(amount, text):
    assert rupiah(amount) == text


@pytest.mark.parametrize("value", [0, 7, -7, 999, 1_000, -1_000, 12_345, 1_234_567,
                                   -987_654_321, 25_000_000_000, 10**19, 1234.5, 2.5])
def test_whole_numbers_are_grouped_as_babel_groups_them(value):
    """rupiah and angka group an int without Babel's locale data: the same text as
    Babel's pattern for the locale (floats still go through Babel, which rounds)."""
    from babel.numbers import format_decimal

    expected = format_decimal(value, format="#,##0", locale="id_ID")
    assert angka(value) == expected
    assert rupiah(abs(value)) == f"Rp {format_decimal(abs(value), '#,##0', locale='id_ID')}"


@pytest.mark.parametrize("value", [0, 0.0, -0.0, 7, -7, 0.005, 0.015, 0.025, 2.675, -0.001,
                                   -0.005, 99.995, 76.91, -15.44, 1234.5, 1234567.891,
                                   1e-10, 1e15, 123456789012.345, 10**19, float("inf"),
                                   float("-inf"), float("nan")])
def test_two_decimals_are_babels_text(value):
    """percent rounds and groups a finite figure without Babel's locale data (a
    ``paket maju`` line, issue #15): the same text as Babel's pattern, half-even ties,
    the sign of a negative that rounds to zero kept."""
    from babel.numbers import format_decimal

    expected = format_decimal(value, format="#,##0.00", locale="id_ID")
    assert percent(value) == expected + "%"


def test_a_percentage_loads_no_babel():
    """The note ``nyatakan_kritis`` writes (two percentages) costs no locale data in
    ``paket maju`` (issue #15)."""
    script = ("import sys; from pengadaan.domain.formatting import percent; "
              "print(percent(76.905), 'babel' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout == "76,90% False\n"


@pytest.mark.parametrize(("value", "signed", "text"), [
    (76.91, False, "76,91%"),
    (-15.44, False, "-15,44%"),
    (-15.44, True, "-15,44%"),
    (2, True, "+2,00%"),
    (0, True, "0,00%"),
    (100, False, "100,00%"),
    (1234.5, False, "1.234,50%"),
    (None, False, ""),
])
def test_percent(value, signed, text):
    assert percent(value, signed=signed) == text


def test_tanggal():
    assert tanggal(date(2021, 1, 21)) == "21/01/2021"
    assert tanggal(date(2026, 12, 5)) == "05/12/2026"
    assert tanggal(None) == ""
    assert tanggal_panjang(date(2025, 8, 17)) == "17 Agustus 2025"
    assert tanggal_panjang(date(2026, 1, 1)) == "1 Januari 2026"


@pytest.mark.parametrize(("text", "value"), [
    ("1234567", 1_234_567),
    ("1.234.567", 1_234_567),
    ("Rp 1.234.567,00", 1_234_567),
    ("Rp1.234.567", 1_234_567),
    ("rp. 1.234.567", 1_234_567),
    ("  Rp 200.000.000  ", 200_000_000),
    ("1.234.567,0", 1_234_567),
    ("999", 999),
    ("0", 0),
    (1_500, 1_500),
])
def test_parse_rupiah_accepts(text, value):
    assert parse_rupiah(text) == value


MALFORMED = "pagu: '{}' bukan nilai Rupiah yang sah (contoh: 1.234.567)"
SEPARATOR = "pagu: pemisah ribuan pada '{}' tidak sah"


@pytest.mark.parametrize(("text", "message"), [
    ("12,5", MALFORMED),
    ("1.234.567,50", MALFORMED),
    ("1,234,567", MALFORMED),
    ("-5", MALFORMED),
    ("", MALFORMED),
    ("satu juta", MALFORMED),
    ("Rp", MALFORMED),
    ("1e9", MALFORMED),
    ("USD 100", MALFORMED),
    ("1.23.456", SEPARATOR),
    ("12.34", SEPARATOR),
    ("1.2345", SEPARATOR),
    ("1.234.", SEPARATOR),
    (-1, "pagu: nilai tidak boleh negatif"),
])
def test_parse_rupiah_refuses(text, message):
    with pytest.raises(InvalidInput, match="^" + re.escape(message.format(text)) + "$"):
        parse_rupiah(text, "pagu")


@pytest.mark.parametrize(("text", "value"), [
    ("2026-01-21", date(2026, 1, 21)),
    ("21/01/2026", date(2026, 1, 21)),
    (" 29/02/2024 ", date(2024, 2, 29)),
    ("1/2/2026", date(2026, 2, 1)),
])
def test_parse_tanggal_accepts(text, value):
    assert parse_tanggal(text) == value


@pytest.mark.parametrize("text", [
    "2026-02-30", "29/02/2026", "21-01-2026", "2026/01/21", "01/21/2026", "kemarin", "",
    "21 Januari 2026",
])
def test_parse_tanggal_refuses(text):
    with pytest.raises(InvalidInput, match=rf"^tanggal: '{text}' bukan tanggal yang sah "
                                           r"\(gunakan YYYY-MM-DD atau DD/MM/YYYY\)$"):
        parse_tanggal(text)


@pytest.mark.parametrize(("utc", "wib"), [
    ("2026-01-01 16:59:59", date(2026, 1, 1)),  # 23:59:59 WIB
    ("2026-01-01 17:00:00", date(2026, 1, 2)),  # 00:00 WIB the next day
    ("2025-12-31 20:00:00", date(2026, 1, 1)),  # still 2025 in UTC: already 2026 in Kudus
])
def test_today_is_today_in_wib(utc, wib):
    with freeze_time(utc):
        assert today_wib() == wib
