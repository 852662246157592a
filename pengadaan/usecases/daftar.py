"""``paket daftar``: the packages a filter keeps, one line each. Reads through
``db.reading()`` (pengadaan/db/reading.py), so a listing is answered from cached SQL
without importing SQLAlchemy; the ORM database runs the same statement
(pengadaan/db/statements.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from pengadaan.db import statements
from pengadaan.db.statements import PaketFilter
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.vocabulary import TAHAP, Jenis, Metode, parse_choice
from pengadaan.usecases.reads import opd_id_read

if TYPE_CHECKING:
    from pengadaan.db.reading import CachedDatabase
    from pengadaan.db.uow import Database


@dataclass(frozen=True)
class PaketRingkas:
    """One line of a package list."""

    kode: str
    kode_rup: str | None
    nama: str
    opd: str
    tahun: int
    metode: str
    jenis: str
    sumber_dana: str | None
    pagu: int
    hps: int | None
    nilai_kontrak: int | None
    penyedia: str | None
    ppk: str | None
    tahap: str
    tahap_sejak: date | None
    tgl_awal_pemilihan: date | None
    version: int
    ulang: int = 0  # how many times selection was repeated (tender/undang/pesan ulang)


_FIELDS = attrgetter(*PaketRingkas.__dataclass_fields__)  # a row's values in field order


def ringkas_of(row) -> PaketRingkas:
    """A row with (at least) the fields of :class:`PaketRingkas` as one."""
    return PaketRingkas(*_FIELDS(row))


def list_paket(db: Database | CachedDatabase, **filters: Any) -> list[PaketRingkas]:
    """Packages matching the filters of :func:`paket_rows`, ordered by kode (filtering
    happens in SQL)."""
    return [ringkas_of(row) for row in paket_rows(db, **filters)]


def paket_rows(
    db: Database | CachedDatabase,
    opd: str | None = None,
    tahap: list[str] | None = None,
    metode: str | None = None,
    jenis: str | None = None,
    tahun: int | None = None,
    cari: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    dates_as_text: bool = False,
) -> list:
    """The rows of :func:`list_paket` as read: each has the fields of
    :class:`PaketRingkas` (and ``id``). ``paket daftar --format json`` writes them as
    they are: a :class:`PaketRingkas` per row costs about what reading it does;
    ``dates_as_text``: the cached read leaves the dates as their ISO text, which is
    what JSON writes (``Statement.as_text``: 14,000 dates at 100k for one OPD)."""
    statement = statements.PAKET_DAFTAR.as_text() if dates_as_text else statements.PAKET_DAFTAR
    with db.reading() as read:
        flt = paket_filter(opd_id_read(read, opd), tahap, metode, jenis, tahun, cari)
        return list(read(statement, flt=flt, limit=limit, offset=offset))



def _known_tahap(values: list[str] | None) -> list[str] | None:
    """A typo in a stage filter would silently list nothing: refuse it instead."""
    for value in values or ():
        if value not in TAHAP:
            raise InvalidInput(f"tahap: '{value}' tidak dikenal (pilihan: {', '.join(TAHAP)})")
    return values


def paket_filter(opd_id: int | None, tahap, metode, jenis, tahun, cari) -> PaketFilter:
    """Validate user filter values (the OPD already found) into a :class:`PaketFilter`."""
    return PaketFilter(
        opd_id=opd_id,
        tahap=_known_tahap(tahap) or None,
        metode=parse_choice(Metode, metode, "metode").value if metode else None,
        jenis=parse_choice(Jenis, jenis, "jenis").value if jenis else None,
        tahun=tahun,
        cari=cari or None,
    )
