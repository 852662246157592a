"""The TUI's only door to the data: every read and write goes through a use case.

Screens call :class:`Sumber`; it knows which use case answers what, so swapping a
use case (e.g. the lateness dashboard page) touches this module only. No SQL here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from db import repository as repo
from db.uow import Database
from pengadaan.usecases import changes
from pengadaan.usecases import opd as opd_uc
from pengadaan.usecases import paket as paket_uc
from pengadaan.views import PaketDetail, PaketRingkas

try:  # the lateness use cases (issue #3); the TUI degrades to plain lists without them
    from pengadaan.usecases import lateness
except ImportError:  # pragma: no cover - removed once lateness lands
    lateness = None


@dataclass(frozen=True)
class Saringan:
    """What the dashboard shows: filters, search and order (all applied in SQL)."""

    opd: str | None = None
    tahap: str | None = None
    metode: str | None = None
    only_late: bool = False
    cari: str = ""
    sort: str = "kode"
    descending: bool = False

    def but(self, **changes: Any) -> Saringan:
        return replace(self, **changes)


@dataclass(frozen=True)
class Baris:
    """One dashboard row: the package plus its lateness (empty without issue #3)."""

    paket: PaketRingkas
    batas: date | None = None
    hari: int | None = None
    flags: tuple[str, ...] = ()
    severity: int = 0
    denda: int | None = None

    @property
    def kode(self) -> str:
        return self.paket.kode


@dataclass(frozen=True)
class Halaman:
    total: int
    rows: list[Baris]


@dataclass(frozen=True)
class Ringkasan:
    """The summary bar's numbers."""

    paket: int = 0
    pagu: int = 0
    terkontrak: int = 0
    per_flag: dict[str, int] | None = None


@dataclass(frozen=True)
class RekapBaris:
    opd: str
    nama: str
    paket: int
    pagu: int
    terlambat: int
    kritis: int


_RINGKAS = tuple(f.name for f in fields(PaketRingkas))


def _baris(status: Any) -> Baris:
    """A lateness ``PaketStatus`` (or a plain ``PaketRingkas``) as a :class:`Baris`."""
    if isinstance(status, PaketRingkas):
        return Baris(status)
    paket = PaketRingkas(**{name: getattr(status, name) for name in _RINGKAS})
    return Baris(paket, status.batas, status.hari, tuple(status.flags), status.severity,
                 status.denda)


class Sumber:
    """Reads and writes for one app session, judged as of ``per``."""

    def __init__(self, db: Database, per: date) -> None:
        self.db = db
        self.per = per

    @property
    def has_lateness(self) -> bool:
        return lateness is not None

    def page(self, f: Saringan, offset: int, limit: int) -> Halaman:
        if lateness is not None:
            page = lateness.dashboard_page(
                self.db, self.per, opd=f.opd, tahap=f.tahap, metode=f.metode,
                only_late=f.only_late, cari=f.cari or None, sort=f.sort,
                descending=f.descending, offset=offset, limit=limit)
            return Halaman(page.total, [_baris(s) for s in page.rows])
        tahap = [f.tahap] if f.tahap else None
        rows = paket_uc.list_paket(self.db, opd=f.opd, tahap=tahap, metode=f.metode,
                                   cari=f.cari or None, limit=limit, offset=offset)
        with self.db.unit_of_work() as uow:
            flt = paket_uc.build_filter(uow.session, f.opd, tahap, f.metode, None, None,
                                        f.cari or None)
            total = repo.count_paket(uow.session, flt)
        return Halaman(total, [Baris(r) for r in rows])

    def summary(self, opd: str | None) -> Ringkasan:
        if lateness is not None:
            s = lateness.summary(self.db, self.per, opd=opd)
            return Ringkasan(s.paket, s.pagu, s.terkontrak, dict(s.per_flag))
        return Ringkasan(self.page(Saringan(opd=opd), 0, 0).total)

    def detail(self, kode: str) -> PaketDetail:
        return paket_uc.show_paket(self.db, kode)

    def flags(self, kode: str) -> Any:
        return lateness.paket_flags(self.db, kode, self.per) if lateness is not None else None

    def advance(self, kode: str, pemicu: str, actor: str, tanggal: date,
                catatan: str | None, version: int, **isian: Any) -> PaketDetail:
        return paket_uc.advance(self.db, kode, pemicu, actor, tanggal=tanggal,
                                catatan=catatan, expected_version=version,
                                today=self.per, **isian)

    def opd_list(self) -> list[opd_uc.OpdView]:
        return opd_uc.list_opd(self.db)

    def alerts(self, opd: str | None = None) -> list:
        return lateness.alerts(self.db, self.per, opd=opd) if lateness is not None else []

    def rekap(self) -> list[RekapBaris]:
        """One row per OPD, worst first (most kritis, then most late, then largest pagu)."""
        rows = []
        for o in self.opd_list():
            s = self.summary(o.singkatan)
            flags = s.per_flag or {}
            rows.append(RekapBaris(o.singkatan, o.nama, s.paket, s.pagu,
                                   flags.get("terlambat", 0), flags.get("kritis", 0)))
        return sorted(rows, key=lambda r: (-r.kritis, -r.terlambat, -r.pagu, r.opd))

    def marker(self) -> tuple:
        """Changes whenever anyone commits a change (cheap enough to poll)."""
        return changes.data_version(self.db)
