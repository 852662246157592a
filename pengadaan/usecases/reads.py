"""Lookups every read shares, written once for the ORM use cases and for the cached
read path (``with db.reading() as read``, pengadaan/db/reading.py): the working-day
calendar, an OPD by kode or singkatan, and the dashboard summary's counts. Imports no SQLAlchemy."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from pengadaan.db import statements
from pengadaan.domain.errors import NotFound

if TYPE_CHECKING:
    from pengadaan.db.reading import CachedDatabase
    from pengadaan.db.uow import Database
    from pengadaan.domain.kalender import Kalender
    from pengadaan.usecases.opd_view import OpdView

SUMBER_TAMBAHAN = "tambahan admin"


def with_additions(years: Iterable[int], rows: Iterable) -> Kalender:
    """The calendar for ``years``: shipped holidays plus the administrator's additions
    (rows of ``tanggal``, ``keterangan``, ``oleh``)."""
    # Loaded by the reads that need a calendar: an OPD lookup (``paket daftar``) does not.
    from pengadaan.domain.kalender import HariLibur, Kalender
    from pengadaan.holiday_cache import libur_nasional

    extra = [HariLibur(row.tanggal, row.keterangan, "tambahan", f"{SUMBER_TAMBAHAN} ({row.oleh})")
             for row in rows]
    return Kalender.build(years, extra, nasional=libur_nasional)


def kalender_read(read: Callable, *days: date | None) -> Kalender:
    """The calendar around the given dates (a year either side)."""
    from pengadaan.domain.kalender import years_around

    years = years_around(*days)
    return with_additions(years, read(statements.KALENDER_TAMBAHAN,
                                      first=date(years[0], 1, 1), last=date(years[-1], 12, 31)))


def as_date(value: date | str | None) -> date | None:
    """A date as the cached read (ISO text, ``Statement.as_text``) or the ORM (a date)
    gives it."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def paket_not_found(kode: str) -> NotFound:
    return NotFound(f"paket dengan kode '{kode}' tidak ditemukan")


def opd_not_found(text: str) -> NotFound:
    return NotFound(f"OPD '{text}' tidak ditemukan (lihat: pengadaan opd daftar)")


def opd_id_read(read: Callable, text: str | None) -> int | None:
    """The id of the OPD ``text`` names (None: no filter)."""
    if not text:
        return None
    found = next(iter(read(statements.OPD_ID, text=text)), None)
    if found is None:
        raise opd_not_found(text)
    return found.id


def opd_views(db: Database | CachedDatabase) -> list[OpdView]:
    """Every OPD, by kode."""
    from pengadaan.usecases.opd_view import OpdView

    with db.reading() as read:
        return [OpdView(row.kode, row.nama, row.singkatan) for row in read(statements.OPD_SEMUA)]


def opd_singkatan(db: Database | CachedDatabase, text: str) -> str:
    """The singkatan of the OPD ``text`` names (kode or singkatan, any case)."""
    with db.reading() as read:
        found = next(iter(read(statements.OPD_ID, text=text)), None)
    if found is None:
        raise opd_not_found(text)
    return found.singkatan


def summary_row(read, a, opd_id: int | None):
    """The dashboard summary's one row (``DASBOR_RINGKASAN``: ``usecases/dasbor.summary``),
    inside the caller's read, so ``peringatan --ringkas`` counts in the transaction that
    sums its denda, without loading the dashboard's page types."""
    return next(iter(read(statements.DASBOR_RINGKASAN, a=a, opd_id=opd_id)))


def summary_counts(row) -> tuple[dict[str, int], dict[str, int]]:
    """The count of each flag and the packages per golongan, from :func:`summary_row`."""
    from pengadaan.domain.alert_kinds import FLAGS, GOLONGAN  # not for an OPD lookup

    return ({f: getattr(row, f) for f in FLAGS},
            {g: getattr(row, f"paket_{g}") for g in GOLONGAN})
