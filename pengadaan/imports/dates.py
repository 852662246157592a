"""Dates in imported files: several spellings, and placeholders that mean "unknown".

A date outside the declared range (domain/limits.py, 2000–2100: MySQL's ``-0001-11-30``
zero date, typos such as year 2915) is treated as missing and counted, never stored: it
would break every deadline rule.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from pengadaan.domain.formatting import WIB
from pengadaan.domain.limits import TAHUN_MAKS as MAX_YEAR
from pengadaan.domain.limits import TAHUN_MIN as MIN_YEAR

# --format-tanggal choices -> strptime patterns, tried in order.
FORMATS = {
    "otomatis": ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"),
    "yyyy-mm-dd": ("%Y-%m-%d",),
    "dd/mm/yyyy": ("%d/%m/%Y",),
    "m/d/yyyy": ("%m/%d/%Y",),
}


class BadDate(ValueError):
    """The text is not a date in the expected format (the row is rejected)."""


def plausible(value: date | None) -> date | None:
    """``value`` if its year is within 2000–2100, else ``None``."""
    if value is None or not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return value


def parse_table_date(value: object, fmt: str = "otomatis") -> tuple[date | None, bool]:
    """A spreadsheet cell as ``(date or None, dropped)``; raises :class:`BadDate`.

    ``dropped`` is true when the cell held a date we refuse as implausible.
    """
    if value is None:
        return None, False
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        text = str(value).strip()
        if not text:
            return None, False
        text = text.split(" ")[0].split("T")[0]
        parsed = None
        for pattern in FORMATS[fmt]:
            try:
                parsed = datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        if parsed is None:
            if text.startswith("-") or text.startswith("0000"):
                return None, True
            raise BadDate(text)
    kept = plausible(parsed)
    return kept, kept is None


def parse_ocds_date(value: object) -> tuple[date | None, bool]:
    """An OCDS date-time as the WIB calendar date: ``(date or None, dropped)``.

    Anything unreadable or implausible counts as dropped: OCDS publishers fill
    unknown dates with placeholders (BIRMS: ``-0001-11-30T00:00:00+00:00``).
    """
    if value is None or value == "":
        return None, False
    return _ocds_text_date(value if type(value) is str else str(value))


@lru_cache(maxsize=1 << 16)
def _ocds_text_date(value: str) -> tuple[date | None, bool]:
    """Cached by the file's own text: a file repeats its dates (one release stamps many
    milestones alike)."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)  # also "…Z" (Python 3.11)
    except ValueError:
        try:
            moment = datetime.strptime(text[:10], "%Y-%m-%d")
        except ValueError:
            return None, True
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(WIB)
        except OverflowError:
            return None, True
    kept = plausible(moment.date())
    return kept, kept is None
