"""Queries: filtering, counting and ordering happen in SQL, on indexed columns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from pengadaan.db.inputs import named
from pengadaan.db.models import Jadwal, Opd, Paket, Riwayat
from pengadaan.db.statements import PaketFilter, cari_pattern
from sqlmodel import Session, select

from pengadaan.domain.vocabulary import PROGRESS_TRIGGER

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
        query = query.where(Paket.opd_id == named("opd_id", flt.opd_id))
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
# session.info: paket id -> its newest riwayat step, as this transaction knows it.
NEWEST = "pengadaan_langkah_terbaru"
KEPT = "pengadaan_dimuat"


def step_condition(entry=Riwayat) -> sa.ColumnElement[bool]:
    """Entries that moved the paket (its creation, a transition), not those recorded at
    its stage (dari = ke: a schedule change, an adendum, a progress report)."""
    return sa.or_(entry.dari.is_(None), entry.dari != entry.ke)


def is_step(dari: str | None, ke: str) -> bool:
    """:func:`step_condition` of one entry."""
    return dari is None or dari != ke


# The statements every write opens with, built once: building a SQLAlchemy expression
# costs more CPU than sending it (issue #15, many users at once); values are bound.
_PAKET = (sa.select(Paket, Opd).join(Opd, Opd.id == Paket.opd_id)
          .where(Paket.kode == sa.bindparam("kode")))
_older = sa.orm.aliased(Riwayat)
_PAKET_LOCKED = (
    _PAKET.add_columns(Riwayat)
    .outerjoin(Riwayat, Riwayat.id == sa.select(sa.func.max(_older.id))
               .where(_older.paket_id == Paket.id, step_condition(_older))
               .correlate(Paket).scalar_subquery())
    .with_for_update(of=Paket))


def get_paket(session: Session, kode: str) -> Paket | None:
    """One paket, with its OPD in the same statement; inside a write unit of work its
    row is locked (``FOR UPDATE``) and its newest riwayat step comes along too.

    On PostgreSQL a second writer of the same paket then waits for the first to
    commit and reads what it wrote, so every check in a use case (version, guards,
    earlier progress) judges current data, as SQLite's one-writer lock gives. SQLite
    ignores ``FOR UPDATE``. The version column stays the last line of defence.
    One statement instead of three because every write opens with it (issue #15).
    """
    writing = bool(session.info.get(WRITING))
    found = session.execute(_PAKET_LOCKED if writing else _PAKET, {"kode": kode}).first()
    if found is None:
        return None
    _kept(session, found)
    if writing:
        remember_newest(session, found[0].id, found[2])
    return found[0]


# What a paket's detail shows of it and its OPD, and what its allowed triggers depend on
# (PaketCase): plain columns on the connection, no ORM object (issue #15, read on every
# view of a paket).
_DETAIL = (sa.select(*LIST_COLUMNS, Opd.nama.label("opd_nama"), Paket.tgl_kontrak_mulai,
                     Paket.tgl_kontrak_selesai)
           .join(Opd, Opd.id == Paket.opd_id).where(Paket.kode == sa.bindparam("kode")))


def paket_detail_row(session: Session, kode: str) -> sa.Row | None:
    """:data:`LIST_COLUMNS` of one paket, with ``opd_nama`` and its contract dates; only
    for read units of work (no autoflush, no lock)."""
    return session.connection().execute(_DETAIL, {"kode": kode}).first()


def _kept(session: Session, loaded: sa.Row) -> None:
    """Hold what was loaded beside the paket for the session's life, so ``get_opd`` finds
    it without a query (the identity map alone holds objects weakly)."""
    session.info.setdefault(KEPT, []).append(loaded)


def remember_newest(session: Session, paket_id: int, entry: Riwayat | None) -> None:
    """Note ``entry`` as the paket's newest riwayat step for the rest of the transaction
    (the locking read, and db/history.py on every step appended)."""
    session.info.setdefault(NEWEST, {})[paket_id] = entry


def forget_newest(session: Session) -> None:
    """A commit, or many entries appended at once: read the newest steps again."""
    session.info.pop(NEWEST, None)


def newest_step(session: Session, paket_id: int) -> Riwayat | None:
    """The paket's newest riwayat step (None before its first): what the locking read
    or an append of this transaction noted, else read (autoflushing, so entries added
    earlier in the transaction count). "The date of the last step" is its date."""
    known = session.info.get(NEWEST, {})
    if paket_id in known:
        return known[paket_id]
    query = (select(Riwayat).where(Riwayat.paket_id == paket_id, step_condition())
             .order_by(Riwayat.id.desc()).limit(1))
    return session.exec(query).first()


def get_opd(session: Session, opd_id: int) -> Opd:
    return session.get(Opd, opd_id)


def _opd_named(text: str) -> sa.ColumnElement[bool]:
    """The OPD whose kode or singkatan is ``text``, case-insensitively (input ``key``)."""
    key = sa.bindparam("key", text.strip().lower(), type_=sa.String)
    return sa.or_(sa.func.lower(Opd.kode) == key, sa.func.lower(Opd.singkatan) == key)


def find_opd_query(text: str) -> sa.Select:
    """The ``id`` and ``singkatan`` of the OPD :func:`find_opd` finds."""
    return sa.select(Opd.id, Opd.singkatan).where(_opd_named(text)).limit(1)


def find_opd(session: Session, text: str) -> Opd | None:
    """An OPD by kode or singkatan, case-insensitively."""
    return session.exec(select(Opd).where(_opd_named(text))).first()


def opd_rows_query() -> sa.Select:
    """Every OPD's ``id``, ``kode``, ``singkatan`` and ``nama``, by kode (as
    :func:`list_opd`)."""
    return sa.select(Opd.id, Opd.kode, Opd.singkatan, Opd.nama).order_by(Opd.kode)


def list_opd(session: Session) -> list[Opd]:
    return list(session.exec(select(Opd).order_by(Opd.kode)))


# Plain rows, not ORM objects, sent on the session's connection (no ORM statement
# machinery, no autoflush: only read units of work ask): a paket's history and schedule
# are read on every view of it (issue #15). Progress reports are left out of the history:
# they have their own list.
_R = Riwayat.__table__.c
_HISTORY = (sa.select(_R.dari, _R.ke, _R.pemicu, _R.tanggal, _R.dicatat, _R.oleh, _R.catatan)
            .where(_R.paket_id == sa.bindparam("paket_id"), _R.pemicu != PROGRESS_TRIGGER)
            .order_by(_R.id))
_SCHEDULE = (sa.select(Jadwal).where(Jadwal.paket_id == sa.bindparam("paket_id"))
             .order_by(Jadwal.urutan))
_J = Jadwal.__table__.c
_SCHEDULE_VIEW = (sa.select(_J.tahap, _J.rencana_mulai, _J.rencana_selesai, _J.realisasi_mulai,
                            _J.realisasi_selesai)
                  .where(_J.paket_id == sa.bindparam("paket_id")).order_by(_J.urutan))


def history(session: Session, paket_id: int) -> list[sa.Row]:
    """The paket's timeline, oldest first: dari, ke, pemicu, tanggal, dicatat, oleh,
    catatan (steps, and what was recorded at a stage except progress reports)."""
    return list(session.connection().execute(_HISTORY, {"paket_id": paket_id}))


def schedule(session: Session, paket_id: int) -> list[Jadwal]:
    return list(session.execute(_SCHEDULE, {"paket_id": paket_id}).scalars())


def schedule_view(session: Session, paket_id: int) -> list[sa.Row]:
    """The paket's schedule as shown: tahap, rencana_mulai, rencana_selesai,
    realisasi_mulai, realisasi_selesai, in the workflow's order."""
    return list(session.connection().execute(_SCHEDULE_VIEW, {"paket_id": paket_id}))


def schedule_rows(session: Session, paket_id: int, stages: Iterable[str]) -> dict[str, Jadwal]:
    query = select(Jadwal).where(Jadwal.paket_id == paket_id, Jadwal.tahap.in_(list(stages)))
    return {row.tahap: row for row in session.exec(query)}


def bulk_insert(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Fast executemany insert of plain dicts (demo data, benchmarks, imports)."""
    from pengadaan.db.bulk import insert_rows

    insert_rows(session, table, rows)
