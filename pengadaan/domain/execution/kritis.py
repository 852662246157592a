"""Kontrak kritis (docs/aturan.md §5.2; Permen PU 07/PRT/M/2011 SSUK, Permen PUPR 14/2020).

* Periode I — rencana 0%–70%: kritis when realisasi is behind by **more than** 10 points.
* Periode II — rencana above 70%: kritis when behind by **more than** 5 points, or
  behind at all (the SSUK's "kurang dari 5%") while the contract, with its granted
  extensions, ends after 31 December of its fiscal year.

Boundary values are not kritis: exactly 10 behind at rencana 60%, exactly 5 behind at
rencana 80% (within the year), and rencana exactly 70% is still periode I. The
year-end rule is read as "any lateness up to 5 points", so exactly 5 behind with the
contract running past 31 December is kritis (the SSUK's literal text leaves that one
value uncovered by either rule).
"""

from __future__ import annotations

from datetime import date

from pengadaan.domain import config
from pengadaan.domain.execution.persen import format_bp


def deviasi_bp(rencana_bp: int, realisasi_bp: int) -> int:
    """Deviasi = realisasi − rencana (negative = behind plan)."""
    return realisasi_bp - rencana_bp


def past_fiscal_year(selesai: date | None, tahun: int) -> bool:
    """The contract (with its extensions) ends after 31 December of ``tahun``."""
    return selesai is not None and selesai > date(tahun, 12, 31)


def kritis_reason(
    rencana_bp: int, realisasi_bp: int, selesai: date | None, tahun: int
) -> str | None:
    """Why the contract is kritis, in Indonesian; ``None`` when it is not."""
    behind = rencana_bp - realisasi_bp
    if behind <= 0:
        return None
    text = f"realisasi {format_bp(realisasi_bp)} tertinggal {format_bp(behind)} dari rencana " \
           f"{format_bp(rencana_bp)}"
    if rencana_bp <= config.KRITIS_PERIODE_I_SAMPAI_BP:
        if behind > config.KRITIS_DEVIASI_PERIODE_I_BP:
            return f"{text} (periode I: lebih dari 10%)"
        return None
    if behind > config.KRITIS_DEVIASI_PERIODE_II_BP:
        return f"{text} (periode II: lebih dari 5%)"
    if past_fiscal_year(selesai, tahun):
        return f"{text} dan kontrak berakhir setelah 31 Desember {tahun} (periode II)"
    return None


def is_kritis(rencana_bp: int, realisasi_bp: int, selesai: date | None, tahun: int) -> bool:
    """True when the contract is kritis at a report with these numbers."""
    return kritis_reason(rencana_bp, realisasi_bp, selesai, tahun) is not None
