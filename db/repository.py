"""Queries: filtering, counting and ordering happen in SQL, on indexed columns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from pengadaan.db.models import Jadwal, Opd, Paket, Riwayat
from pengadaan.db.statements import PaketFilter, cari_pattern
from sqlmodel import Session, select

__all__ = ["PaketFilter"]  # where lists are narrowed: pengadaan/db/statements.py


LIST_COLUMNS = (
    Paket.id, Paket.kode, Paket.kode_rup, Paket.nama, Opd.singkatan.label("opd"),
    Paket.tahun, Paket.jenis, Paket.metode, Paket.sumber_dana, Paket.pagu, Paket.hps,
    Paket.nilai_kontrak, Paket.penyedia, Paket.ppk, Paket.tahap, Paket.tahap_sejak,
    Paket.tgl_awal_pemilihan, Paket.version, Paket.ulang,
)


def _where(query, flt: PaketFilter):
    """``flt`` as WHERE clauses; its values are named inputs (``opd_id``, ``metode``,
    ``jenis``, ``tahun``, ``cari``) for the SQL cache (pengadaan/db/reading.py)."""
    if flt.opd_id is not None:
        query = query.where(Paket.opd_id == sa.bindparam("opd_id", flt.opd_id, type_=sa.Integer))
    if flt.tahap:
        query = query.where(Paket.tahap.in_(list(flt.tahap)))
    if flt.metode:
        query = query.where(Paket.metode == sa.bindparam("metode", flt.metode, type_=sa.String))
    if flt.jenis:
        query = query.where(Paket.jenis == sa.bindparam("jenis", flt.jenis, type_=sa.String))
    if flt.tahun is not None:
        query = query.where(Paket.tahun == sa.bindparam("tahun", flt.tahun, type_=sa.Integer))
    if flt.cari:
        pattern = sa.bindparam("cari", cari_pattern(flt.cari), type_=sa.String)
        query = query.where(
            sa.or_(sa.func.lower(Paket.kode).like(pattern), sa.func.lower(Paket.nama).like(pattern))
        )
    return query


def list_query(flt: PaketFilter, limit: int | None = None, offset: int = 0) -> sa.Select:
    """:data:`LIST_COLUMNS` of the paket ``flt`` keeps, ordered by kode."""
    query = _where(sa.select(*LIST_COLUMNS).join(Opd, Opd.id == Paket.opd_id), flt)
    query = query.order_by(Paket.kode).offset(sa.bindparam("offset", offset, type_=sa.Integer))
    if limit is not None:
        query = query.limit(sa.bindparam("limit", limit, type_=sa.Integer))
    return query


def list_paket(
    session: Session, flt: PaketFilter, limit: int | None = None, offset: int = 0
) -> list[sa.Row]:
    """Rows of :data:`LIST_COLUMNS`, ordered by kode."""
    return list(session.execute(list_query(flt, limit, offset)))


# Set by a write unit of work (db/uow.py): the paket it reads is about to change.
WRITING = "pengadaan_writing"


def get_paket(session: Session, kode: str) -> Paket | None:
    """One paket; inside a write unit of work its row is locked (``FOR UPDATE``).

    On PostgreSQL a second writer of the same paket then waits for the first to
    commit and reads what it wrote, so every check in a use case (version, guards,
    earlier progress) judges current data, as SQLite's one-writer lock gives. SQLite
    ignores ``FOR UPDATE``. The version column stays the last line of defence.
    """
    query = select(Paket).where(Paket.kode == kode)
    if session.info.get(WRITING):
        query = query.with_for_update()
    return session.exec(query).first()


def get_opd(session: Session, opd_id: int) -> Opd:
    return session.get(Opd, opd_id)


def _opd_named(text: str) -> sa.ColumnElement[bool]:
    """The OPD whose kode or singkatan is ``text``, case-insensitively (input ``key``)."""
    key = sa.bindparam("key", text.strip().lower(), type_=sa.String)
    return sa.or_(sa.func.lower(Opd.kode) == key, sa.func.lower(Opd.singkatan) == key)


def find_opd_query(text: str) -> sa.Select:
    """The id of the OPD :func:`find_opd` finds."""
    return sa.select(Opd.id).where(_opd_named(text)).limit(1)


def find_opd(session: Session, text: str) -> Opd | None:
    """An OPD by kode or singkatan, case-insensitively."""
    return session.exec(select(Opd).where(_opd_named(text))).first()


def opd_rows_query() -> sa.Select:
    """Every OPD's ``id``, ``singkatan`` and ``nama``, by kode (as :func:`list_opd`)."""
    return sa.select(Opd.id, Opd.singkatan, Opd.nama).order_by(Opd.kode)


def list_opd(session: Session) -> list[Opd]:
    return list(session.exec(select(Opd).order_by(Opd.kode)))


def history(session: Session, paket_id: int) -> list[Riwayat]:
    query = select(Riwayat).where(Riwayat.paket_id == paket_id).order_by(Riwayat.id)
    return list(session.exec(query))


def last_history(session: Session, paket_id: int) -> Riwayat | None:
    query = (
        select(Riwayat).where(Riwayat.paket_id == paket_id).order_by(Riwayat.id.desc()).limit(1)
    )
    return session.exec(query).first()


def schedule(session: Session, paket_id: int) -> list[Jadwal]:
    query = select(Jadwal).where(Jadwal.paket_id == paket_id).order_by(Jadwal.urutan)
    return list(session.exec(query))


def schedule_rows(session: Session, paket_id: int, stages: Iterable[str]) -> dict[str, Jadwal]:
    query = select(Jadwal).where(Jadwal.paket_id == paket_id, Jadwal.tahap.in_(list(stages)))
    return {row.tahap: row for row in session.exec(query)}


def bulk_insert(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Fast executemany insert of plain dicts (demo data, benchmarks, imports)."""
    if rows:
        session.execute(sa.insert(table.__table__), rows)
