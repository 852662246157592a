"""Regulation numbers, thresholds and durations in one place, each with its source.

Values that change with new regulations are *dated*: a rule is looked up by the
date it is judged on, so a package handled in 2024 keeps the 2024 limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Dated:
    """A value in force from ``since`` (inclusive) until the next entry."""

    since: date
    value: int
    source: str


# Batas nilai Pengadaan Langsung per jenis (Rupiah).
# Perpres 16/2018 Pasal 38(3) as amended by Perpres 12/2021; Perpres 46/2025
# Pasal 1 angka 40a raises PL konstruksi to Rp400 juta from 30 April 2025.
PL_LIMITS: dict[str, tuple[Dated, ...]] = {
    "barang": (
        Dated(date(2018, 3, 22), 200_000_000, "Perpres 16/2018 Pasal 38(3)"),
    ),
    "jasa_lainnya": (
        Dated(date(2018, 3, 22), 200_000_000, "Perpres 16/2018 Pasal 38(3)"),
    ),
    "konstruksi": (
        Dated(date(2021, 2, 2), 200_000_000, "Perpres 12/2021 Pasal 38"),
        Dated(date(2025, 4, 30), 400_000_000, "Perpres 46/2025 Pasal 1 angka 40a"),
    ),
    # Konsultansi under Perpres 46/2025 assumed unchanged (domain.md §2, [U]).
    "konsultansi": (
        Dated(date(2018, 3, 22), 100_000_000, "Perpres 16/2018 Pasal 38(3)"),
    ),
}


def dated_value(entries: tuple[Dated, ...], on: date) -> Dated:
    """The entry in force on ``on`` (the earliest one if ``on`` predates all)."""
    current = entries[0]
    for entry in entries:
        if entry.since <= on:
            current = entry
    return current


def pl_limit(jenis: str, on: date) -> Dated:
    """Pengadaan langsung ceiling for ``jenis`` in force on ``on``."""
    return dated_value(PL_LIMITS[jenis], on)


# Penandatanganan kontrak paling lambat 14 hari kerja setelah SPPBJ
# (Peraturan LKPP 12/2021; domain.md §3.1 row 12).
KONTRAK_AFTER_SPPBJ_HARI_KERJA = 14

# Masa sanggah 5 hari kalender, jawaban 3; sanggah banding 5 + jawaban 14
# (Perpres 12/2021 Pasal 50; domain.md §3.1 row 10).
SANGGAH_HARI_KALENDER = 5
JAWABAN_SANGGAH_HARI_KALENDER = 3
SANGGAH_BANDING_HARI_KALENDER = 5
JAWABAN_SANGGAH_BANDING_HARI_KALENDER = 14

# Pemberian kesempatan paling lama 50 hari kalender (Peraturan LKPP 12/2021 7.20).
KESEMPATAN_MAKS_HARI_KALENDER = 50

# Denda keterlambatan 1‰ per hari dari nilai kontrak sebelum PPN
# (Perpres 16/2018 Pasal 79(4)-(5)), as a fraction numerator/denominator.
DENDA_PER_HARI = (1, 1000)

# Masa pemeliharaan pekerjaan konstruksi permanen paling singkat 6 bulan (SSUK).
PEMELIHARAAN_BULAN = 6

# Kudus is in WIB (UTC+7): "today" for every rule is today in WIB.
TIMEZONE = "Asia/Jakarta"
