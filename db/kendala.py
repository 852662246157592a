"""Queries of kendala and their tindak lanjut (issue #13)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cache

import sqlalchemy as sa
from pengadaan.db.bulk import chunks
from pengadaan.db.inputs import named
from pengadaan.db.models import Kendala, Opd, Paket, TindakLanjut, TindakLanjutRiwayat
from pengadaan.db.statements import latest_open
from sqlmodel import Session, select

from pengadaan.domain.kendala import StatusTindakLanjut

_K = Kendala.__table__.c


@cache
def _kendala_query(by_paket: bool, by_opd: bool, terbuka: bool) -> sa.Select:
    """Built once per combination of filters (a paket's detail asks on every view)."""
    query = sa.select(_K, Paket.__table__.c.kode.label("paket_kode")).join(
        Paket.__table__, Paket.__table__.c.id == _K.paket_id)
    if by_paket:
        query = query.where(_K.paket_id == sa.bindparam("paket_id"))
    if by_opd:
        query = query.where(Paket.__table__.c.opd_id == sa.bindparam("opd_id"))
    if terbuka:
        query = query.where(_K.selesai_tanggal.is_(None))
    return query.order_by(Paket.__table__.c.kode, _K.id)


def kendala(session: Session, *, paket_id: int | None = None, opd_id: int | None = None,
            terbuka: bool = False) -> list[tuple[sa.Row, str]]:
    """Kendala (plain rows with Kendala's columns: only read to be shown) with their
    paket's kode, by paket kode then recording order. Sent on the session's connection:
    a paket's detail asks on every view (issue #15)."""
    query = _kendala_query(paket_id is not None, opd_id is not None, terbuka)
    params = {name: value for name, value in (("paket_id", paket_id), ("opd_id", opd_id))
              if value is not None}
    return [(row, row.paket_kode) for row in session.connection().execute(query, params)]


def follow_ups(session: Session, kendala_ids: list[int]
               ) -> dict[int, list[tuple[TindakLanjut, list[TindakLanjutRiwayat]]]]:
    """Each kendala's tindak lanjut (recording order) with their status history."""
    if not kendala_ids:
        return {}
    rows = list(session.exec(select(TindakLanjut).where(
        TindakLanjut.kendala_id.in_(kendala_ids)).order_by(TindakLanjut.id)))
    history: dict[int, list[TindakLanjutRiwayat]] = defaultdict(list)
    if rows:
        for entry in session.exec(select(TindakLanjutRiwayat).where(
                TindakLanjutRiwayat.tindak_lanjut_id.in_([r.id for r in rows]))
                .order_by(TindakLanjutRiwayat.id)):
            history[entry.tindak_lanjut_id].append(entry)
    found: dict[int, list] = defaultdict(list)
    for row in rows:
        found[row.kendala_id].append((row, history[row.id]))
    return found


KendalaKey = tuple[int, date, str, str]  # paket_id, tanggal, kategori, uraian
FollowUpKey = tuple[int, str, str, date]  # kendala_id, uraian, pelaksana, batas


def pakets_for_update(session: Session, kodes: set[str]) -> dict[str, Paket]:
    """The paket of each kode that exists, their rows locked (an import writes them)."""
    found: dict[str, Paket] = {}
    for part in chunks(sorted(kodes)):
        query = select(Paket).where(Paket.kode.in_(part)).with_for_update()
        found.update((p.kode, p) for p in session.exec(query))
    return found


def recorded(session: Session, paket_ids: set[int]) -> dict[KendalaKey, Kendala]:
    """The kendala already on these paket, by what identifies a re-imported row."""
    found: dict[KendalaKey, Kendala] = {}
    for part in chunks(sorted(paket_ids)):
        for row in session.exec(select(Kendala).where(Kendala.paket_id.in_(part))
                                .order_by(Kendala.id)):
            found.setdefault((row.paket_id, row.tanggal, row.kategori, row.uraian), row)
    return found


def recorded_follow_ups(session: Session, kendala_ids: set[int]) -> set[FollowUpKey]:
    """What identifies each tindak lanjut already on these kendala."""
    c = TindakLanjut.__table__.c
    found: set[FollowUpKey] = set()
    for part in chunks(sorted(kendala_ids)):
        found.update(tuple(row) for row in session.execute(
            sa.select(c.kendala_id, c.uraian, c.pelaksana, c.batas)
            .where(c.kendala_id.in_(part))))
    return found


def paket_of_kendala(session: Session, kendala_id: int) -> str | None:
    """The kode of the paket a kendala is on."""
    return session.execute(sa.select(Paket.kode).join(Kendala, Kendala.paket_id == Paket.id)
                           .where(Kendala.id == kendala_id)).scalar_one_or_none()


def opd_of(session: Session, paket: Paket) -> Opd:
    return session.get(Opd, paket.opd_id)


def open_condition(as_of: date) -> sa.ColumnElement[bool]:
    """A kendala open on ``as_of``: recorded by then, not resolved by then
    (``pengadaan.domain.kendala.open_on`` in Python)."""
    return sa.and_(Kendala.tanggal <= as_of, sa.or_(Kendala.selesai_tanggal.is_(None),
                                                    Kendala.selesai_tanggal > as_of))


def with_open_kendala(as_of: date) -> sa.Select:
    """The paket ids with a kendala open on ``as_of`` (for ``Paket.id IN (…)``: computed
    once per statement, not once per paket)."""
    return sa.select(Kendala.paket_id).where(open_condition(as_of))


def overdue_follow_ups(as_of: date, *columns) -> sa.Select:
    """``columns`` over the tindak lanjut overdue on ``as_of`` on kendala open then
    (``pengadaan.domain.kendala.earliest_overdue`` in Python)."""
    return (sa.select(*columns).select_from(TindakLanjut)
            .join(Kendala, Kendala.id == TindakLanjut.kendala_id)
            .where(open_condition(as_of), TindakLanjut.status != StatusTindakLanjut.SELESAI.value,
                   TindakLanjut.batas < as_of))


# What readers of an open kendala use: the alert's reference, the Kendala and Tindak
# Lanjut texts (domain/kendala.lateness_reason).
OPEN_KENDALA_COLUMNS = (Kendala.id, Kendala.paket_id, Kendala.tanggal, Kendala.kategori,
                        Kendala.uraian)
OPEN_FOLLOW_UP_COLUMNS = (TindakLanjut.kendala_id, TindakLanjut.uraian, TindakLanjut.pelaksana,
                          TindakLanjut.batas, TindakLanjut.status)


def open_kendala_query(as_of: date, opd_id: int | None = None) -> sa.Select:
    """:data:`OPEN_KENDALA_COLUMNS` of the kendala open on ``as_of``, in recording order
    (the last one per paket is its latest); inputs named ``as_of``, ``opd_id``."""
    query = sa.select(*OPEN_KENDALA_COLUMNS).where(open_condition(named("as_of", as_of)))
    if opd_id is not None:
        query = query.join(Paket, Paket.id == Kendala.paket_id).where(
            Paket.opd_id == named("opd_id", opd_id))
    return query.order_by(Kendala.tanggal, Kendala.id)


def open_follow_up_query(as_of: date, opd_id: int | None = None) -> sa.Select:
    """:data:`OPEN_FOLLOW_UP_COLUMNS` of the tindak lanjut of those kendala, oldest first."""
    query = (sa.select(*OPEN_FOLLOW_UP_COLUMNS)
             .join(Kendala, Kendala.id == TindakLanjut.kendala_id)
             .where(open_condition(named("as_of", as_of))))
    if opd_id is not None:
        query = query.join(Paket, Paket.id == Kendala.paket_id).where(
            Paket.opd_id == named("opd_id", opd_id))
    return query.order_by(TindakLanjut.id)


def open_on(session: Session, as_of: date, opd_id: int | None = None
            ) -> dict[int, tuple[sa.Row, sa.Row | None]]:
    """Per paket id, its latest kendala open on ``as_of`` (recorded by then, not resolved
    by then) with that kendala's latest tindak lanjut, as rows of
    :data:`OPEN_KENDALA_COLUMNS` and :data:`OPEN_FOLLOW_UP_COLUMNS`: two queries for all
    paket, and plain rows, not ORM objects (a tenth of the cost at 20,000 kendala), so an
    export or the alerts of thousands stay cheap."""
    return latest_open(session.execute(open_kendala_query(as_of, opd_id)),
                       session.execute(open_follow_up_query(as_of, opd_id)))


def progress_notes(session: Session, as_of: date, opd_id: int | None = None
                   ) -> dict[int, tuple[str, str | None]]:
    """Per paket id its kode and the note of its progress report in force on ``as_of``
    (None without a report or note), in one query."""
    from pengadaan.db.progres import latest_progress_subquery

    latest = latest_progress_subquery(as_of)
    query = (sa.select(Paket.id, Paket.kode, latest.c.catatan)
             .outerjoin(latest, latest.c.paket_id == Paket.id))
    if opd_id is not None:
        query = query.where(Paket.opd_id == opd_id)
    return {row.id: (row.kode, row.catatan) for row in session.execute(query)}
