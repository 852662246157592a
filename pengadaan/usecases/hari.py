"""The days a write is dated by: today in WIB and the effective date a user gives.
Plain Python (``paket maju``'s cached path, usecases/maju.py, uses them too)."""

from __future__ import annotations

from datetime import date

from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import tanggal as fmt_tanggal
from pengadaan.domain.formatting import today_wib


def days(tanggal: date | None, today: date | None) -> tuple[date, date]:
    """``(today, effective date)``: today in WIB unless the caller fixes it (tests, the
    demo); the effective date defaults to today."""
    today = today or today_wib()
    return today, tanggal or today


def require_past(day: date, today: date) -> None:
    """A step is dated on a day that has happened."""
    if day > today:
        raise InvalidInput(f"tanggal: {fmt_tanggal(day)} belum terjadi "
                           f"(hari ini {fmt_tanggal(today)})")
