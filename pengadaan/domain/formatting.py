"""Indonesian formats for people (Rp 1.234.567; 21/01/2021; 76,91%) and parsing of input."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import cache

from pengadaan.domain import limits
from pengadaan.domain.errors import InvalidInput

LOCALE = "id_ID"
WIB = timezone(timedelta(hours=7), "WIB")
# Month names from CLDR (Babel), January first: ``BULAN`` (``Januari`` …) and
# ``BULAN_SINGKAT`` (``Jan``, ``Agu``, ``Okt`` …), read on first use (:func:`__getattr__`).
_MONTH_WIDTH = {"BULAN": "wide", "BULAN_SINGKAT": "abbreviated"}
# Number patterns: whole, at most one decimal, two decimals.
_WHOLE, _ONE_DECIMAL, _TWO_DECIMALS = "#,##0", "#,##0.#", "#,##0.00"
# CLDR's group symbol for id_ID (tests/test_formatting.py holds it to Babel's): a whole
# number needs only this, so a one-line summary or a page of amounts does not load
# Babel's locale data (about 30 ms of a cron run, issue #15).
_GROUP = "."
# CLDR's decimal symbol for id_ID (held to Babel's the same way): with _GROUP, all a
# fixed two-decimal figure needs, so the note of ``nyatakan_kritis`` (two percentages)
# does not load Babel in ``paket maju`` either (issue #15).
_DECIMAL = ","


def __getattr__(name: str) -> tuple[str, ...]:
    """``BULAN``, ``BULAN_SINGKAT``: Babel (and its locale data) loads when a month is
    first named, so a command that names none (a JSON report) never loads it."""
    if name not in _MONTH_WIDTH:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from babel.dates import get_month_names

    names = get_month_names(_MONTH_WIDTH[name], "stand-alone", LOCALE)
    globals()[name] = value = tuple(names[m] for m in range(1, 13))
    return value


@cache
def _locale():
    from babel.core import Locale

    return Locale.parse(LOCALE)


@cache
def _pattern(text: str):
    from babel.numbers import parse_pattern

    return parse_pattern(text)


def _decimal(value: float, pattern: str) -> str:
    """``format_decimal(value, format=pattern, locale=LOCALE)``. Babel's own parses the
    locale and the pattern on every call (two thirds of its time; a dashboard page
    formats hundreds of amounts): both are parsed once, on first use."""
    return _pattern(pattern).apply(value, _locale())


def _whole(value: int) -> str:
    """``format_decimal(value, format="#,##0", locale=LOCALE)``: an ``int`` grouped by
    Python's own format (the same digits), anything else by Babel (which rounds)."""
    if type(value) is int:
        return f"{value:,}".replace(",", _GROUP)
    return _decimal(value, _WHOLE)


def rupiah(amount: int | None) -> str:
    """``Rp 1.234.567`` (``-Rp 5.000`` below zero); empty for a missing amount."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp " + _whole(abs(amount))


def angka(value: int) -> str:
    """``1.234.567``: a count, grouped the Indonesian way."""
    return _whole(value)


def bilangan(value: float) -> str:
    """``83,3`` / ``1.234``: a number with at most one decimal, the Indonesian way."""
    return _decimal(value, _ONE_DECIMAL)


def _two_decimals(value: float) -> str:
    """``format_decimal(value, format="#,##0.00", locale=LOCALE)`` for a finite number:
    Babel's own steps (``Decimal(str(value))``, the sign apart, ``quantize`` with the
    context's half-even rounding) with Python's grouping; anything else by Babel.
    :mod:`decimal` loads here: a command that shows no percentage (``--ringkas``, a
    listing) does not import it (±3 million instructions, issue #15)."""
    from decimal import Decimal

    exact = Decimal(str(value))
    if not exact.is_finite() or exact.adjusted() > 20:
        return _decimal(value, _TWO_DECIMALS)
    cents = abs(exact).quantize(Decimal("0.01"))
    text = f"{cents:,f}".translate({ord(","): _GROUP, ord("."): _DECIMAL})
    return "-" + text if exact.is_signed() else text


def percent(value: float | None, signed: bool = False) -> str:
    """``76,91%`` (``-15,44%`` / ``+2,00%`` when ``signed``)."""
    if value is None:
        return ""
    text = _two_decimals(value) + "%"
    return ("+" + text) if signed and value > 0 else text


def tanggal(value: date | None) -> str:
    """``21/01/2021``; empty for a missing date."""
    return value.strftime("%d/%m/%Y") if value else ""


def tanggal_panjang(value: date) -> str:
    """``17 Agustus 2025``."""
    from babel.dates import format_date

    return format_date(value, "d MMMM y", locale=LOCALE)


def today_wib() -> date:
    """Today in Kudus (WIB, UTC+7), whatever the machine's time zone."""
    return datetime.now(WIB).date()


def waktu_wib(moment: datetime) -> str:
    """``21/01/2021 14:05 WIB``: a moment as people in Kudus read the clock."""
    return moment.astimezone(WIB).strftime("%d/%m/%Y %H:%M WIB")


_RUPIAH_CHARS = re.compile(r"^(?:rp\.?\s*)?([0-9][0-9.]*)(?:,0+)?$", re.IGNORECASE)


def parse_rupiah(text: str | int, field: str = "nilai") -> int:
    """Accept ``1234567``, ``1.234.567`` and ``Rp 1.234.567,00``; whole Rupiah only."""
    if isinstance(text, int):
        value = text
    else:
        match = _RUPIAH_CHARS.match(text.strip().replace(" ", ""))
        if not match:
            raise InvalidInput(
                f"{field}: '{text}' bukan nilai Rupiah yang sah (contoh: 1.234.567)"
            )
        digits = match.group(1)
        if "." in digits and not re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):
            raise InvalidInput(f"{field}: pemisah ribuan pada '{text}' tidak sah")
        digits = digits.replace(".", "")
        # More digits than any allowed amount: refused before int() meets 100.000 of them.
        value = int(digits) if len(digits) <= 20 else limits.RUPIAH_MAKS + 1
    return limits.rupiah(value, field)


def parse_tanggal(text: str, field: str = "tanggal") -> date:
    """Accept ISO ``2026-01-21`` and ``21/01/2026``. Plain ISO (what cron and scripts
    pass) is read by ``date.fromisoformat``: ``strptime`` imports and compiles its
    patterns on first use (±5 ms of ``peringatan --per``, issue #15); whatever it
    refuses takes the ``strptime`` path, so the answer and the error stay the same."""
    text = text.strip()
    if (len(text) == 10 and text.isascii() and text[4] == text[7] == "-"
            and f"{text[:4]}{text[5:7]}{text[8:]}".isdigit()):
        try:
            parsed = date.fromisoformat(text)
        except ValueError:  # 2026-02-30: strptime says so, as before
            pass
        else:
            return limits.tanggal(parsed, field)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return limits.tanggal(parsed, field)
    raise InvalidInput(
        f"{field}: '{text}' bukan tanggal yang sah (gunakan YYYY-MM-DD atau DD/MM/YYYY)"
    )


# Terminal colours of the TEPRA bands (docs/aturan.md §6), shared by the CLI and the TUI; the
# band's name is always printed too, so colour is never the only signal.
WARNA_STYLE = {"biru": "bold white on blue", "hijau": "black on green",
               "kuning": "black on yellow", "merah": "bold white on red"}
