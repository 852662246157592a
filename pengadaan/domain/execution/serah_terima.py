"""Serah terima and pemeliharaan (domain.md §5.4): retensi and the FHO date."""

from __future__ import annotations

import calendar
import os
from datetime import date

from pengadaan.domain import config
from pengadaan.domain.errors import InvalidInput


def tambah_bulan(day: date, months: int) -> date:
    """``day`` plus whole calendar months, clamped to the month's last day (31/08 + 6 → 28/02)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def pemeliharaan_bulan() -> int:
    """Masa pemeliharaan in months: config, overridable by PENGADAAN_PEMELIHARAAN_BULAN
    (the SSKK may set a longer one; 6 is the floor for permanent works)."""
    text = os.environ.get("PENGADAAN_PEMELIHARAAN_BULAN")
    if text is None:
        return config.PEMELIHARAAN_BULAN
    if not text.strip().isdigit() or int(text) < 1:
        raise InvalidInput(f"PENGADAAN_PEMELIHARAAN_BULAN: '{text}' harus bilangan bulat ≥ 1")
    return int(text)


def akhir_pemeliharaan(pho: date, bulan: int | None = None) -> date:
    """The earliest FHO date: PHO plus the masa pemeliharaan (default 6 months)."""
    return tambah_bulan(pho, pemeliharaan_bulan() if bulan is None else bulan)


def retensi(nilai_kontrak: int, persen: int = config.RETENSI_PERSEN) -> int:
    """Retensi withheld until FHO: 5% of nilai kontrak, rounded down to whole Rupiah."""
    return nilai_kontrak * persen // 100
