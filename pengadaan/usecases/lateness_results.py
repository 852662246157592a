"""What the lateness use cases return: plain data with stable, JSON-ready keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pengadaan.usecases.alert_results import KendalaRef, Peringatan, TindakLanjutRef
from pengadaan.usecases.daftar import PaketRingkas

__all__ = ["KendalaRef", "Page", "PaketStatus", "Peringatan", "Ringkasan", "TindakLanjutRef"]


@dataclass(frozen=True)
class PaketStatus(PaketRingkas):
    """A list row with its lateness: the current stage's deadline and the flags."""

    batas: date | None = None  # deadline of the current stage
    hari: int | None = None  # days late; negative = days left
    flags: tuple[str, ...] = ()
    severity: int = 0  # of the worst flag; higher is worse
    denda: int | None = None  # accrued denda while lewat_kontrak
    # A kendala is open on the as-of date: a late row is known and being handled
    # (issue #13; the dashboard marks it, presentation/lateness_text.tanda).
    kendala_terbuka: bool = False


@dataclass(frozen=True)
class Page:
    total: int
    rows: list[PaketStatus]


@dataclass(frozen=True)
class Ringkasan:
    paket: int
    pagu: int
    terkontrak: int  # sum of nilai kontrak
    per_flag: dict[str, int] = field(default_factory=dict)  # alerts per kind
    realisasi: int = 0  # sum of each paket's cumulative realisasi keuangan in force
    # Packages per golongan (terlambat, kritis, rawan: domain/lateness.golongan).
    per_golongan: dict[str, int] = field(default_factory=dict)
