"""What the lateness use cases return: plain data with stable, JSON-ready keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .views import PaketRingkas


@dataclass(frozen=True)
class PaketStatus(PaketRingkas):
    """A list row with its lateness: the current stage's deadline and the flags."""

    batas: date | None = None  # deadline of the current stage
    hari: int | None = None  # days late; negative = days left
    flags: tuple[str, ...] = ()
    severity: int = 0  # of the worst flag; higher is worse
    denda: int | None = None  # accrued denda while lewat_kontrak


@dataclass(frozen=True)
class Page:
    total: int
    rows: list[PaketStatus]


@dataclass(frozen=True)
class Ringkasan:
    paket: int
    pagu: int
    terkontrak: int  # sum of nilai kontrak
    per_flag: dict[str, int] = field(default_factory=dict)
    realisasi: int = 0  # sum of each paket's cumulative realisasi keuangan in force


@dataclass(frozen=True)
class Peringatan:
    """One alert: one flag of one paket (JSON keys of ``pengadaan peringatan``)."""

    kode: str
    nama: str
    opd: str
    tahap: str
    peringatan: str
    batas: date
    hari: int
    denda: int | None
    severity: int

    def json(self) -> dict:
        return {"kode": self.kode, "nama": self.nama, "opd": self.opd, "tahap": self.tahap,
                "peringatan": self.peringatan, "batas": self.batas.isoformat(),
                "hari": self.hari, "denda": self.denda}
