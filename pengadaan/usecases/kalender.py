"""Use cases on the working-day calendar: build it, list a year, add a day off."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from pengadaan.db import kalender as kalender_db
from pengadaan.db.uow import Database
from pengadaan.domain import limits
from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import Conflict, InvalidInput
from pengadaan.domain.formatting import tanggal as fmt_tanggal
from pengadaan.domain.kalender import HariLibur, Kalender, years_around
from pengadaan.usecases.acting import acting
from pengadaan.usecases.reads import with_additions


def load_kalender(session, years: Iterable[int]) -> Kalender:
    """The calendar for ``years``: shipped holidays plus the administrator's additions."""
    years = list(years)
    return with_additions(years, kalender_db.additions(session, years))


def kalender_for(session, *days: date | None) -> Kalender:
    """The calendar around the given dates (a year either side)."""
    return load_kalender(session, years_around(*days))


@dataclass(frozen=True)
class DaftarLibur:
    tahun: int
    libur: list[HariLibur]


def list_year(db: Database, tahun: int) -> DaftarLibur:
    """Every non-working weekday of ``tahun`` (weekends are implied)."""
    limits.tahun(tahun)
    with db.unit_of_work() as uow:
        kalender = load_kalender(uow.session, [tahun])
    return DaftarLibur(tahun, kalender.holidays_in(tahun))


def add_day(db: Database, day: date, keterangan: str, actor: str | Identitas) -> None:
    """Record a local non-working day (e.g. a new cuti bersama, a regional holiday)."""
    text = (keterangan or "").strip()
    if not text:
        raise InvalidInput("keterangan: wajib diisi")
    limits.KETERANGAN_LIBUR.periksa(text)
    limits.tanggal(day)
    with acting(db, actor, admin="menambah hari libur") as act:
        session = act.session
        if kalender_db.find(session, day) is not None:
            raise Conflict(f"tanggal {fmt_tanggal(day)} sudah ada di kalender tambahan")
        known = load_kalender(session, [day.year]).libur.get(day)
        if known is not None:
            raise Conflict(f"tanggal {fmt_tanggal(day)} sudah hari libur: {known.keterangan}")
        kalender_db.add(session, day, text, datetime.now(UTC), act.pelaku.nama)
        act.commit()
