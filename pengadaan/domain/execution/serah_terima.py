"""Serah terima and pemeliharaan (docs/aturan.md §5.4): retensi and the FHO date."""

from __future__ import annotations

import calendar
from datetime import date

from pengadaan.domain import config


def tambah_bulan(day: date, months: int) -> date:
    """``day`` plus whole calendar months, clamped to the month's last day (31/08 + 6 → 28/02)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def akhir_pemeliharaan(pho: date, bulan: int = config.PEMELIHARAAN_BULAN) -> date:
    """The earliest FHO date: PHO plus the masa pemeliharaan (``bulan`` months; the
    deployment's value comes from pengadaan.settings through the use case)."""
    return tambah_bulan(pho, bulan)


def retensi(nilai_kontrak: int, persen: int = config.RETENSI_PERSEN) -> int:
    """Retensi withheld until FHO: 5% of nilai kontrak, rounded down to whole Rupiah."""
    return nilai_kontrak * persen // 100
