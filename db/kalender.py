"""Queries on the ``kalender`` table (non-working days added by an administrator)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from pengadaan.db.models import Kalender
from sqlmodel import Session, select


def additions_query(first: date, last: date) -> sa.Select:
    """The added days from ``first`` to ``last`` (inputs named so), by date."""
    return (sa.select(Kalender.tanggal, Kalender.keterangan, Kalender.oleh)
            .where(Kalender.tanggal >= sa.bindparam("first", first, type_=sa.Date),
                   Kalender.tanggal <= sa.bindparam("last", last, type_=sa.Date))
            .order_by(Kalender.tanggal))


def additions(session: Session, years: Iterable[int]) -> list[sa.Row]:
    """The added days of ``years``: ``tanggal``, ``keterangan``, ``oleh``."""
    wanted = sorted(set(years))
    if not wanted:
        return []
    return list(session.execute(additions_query(date(wanted[0], 1, 1),
                                                date(wanted[-1], 12, 31))))


def find(session: Session, day: date) -> Kalender | None:
    return session.exec(select(Kalender).where(Kalender.tanggal == day)).first()


def add(session: Session, day: date, keterangan: str, dicatat: datetime, oleh: str) -> None:
    session.execute(sa.insert(Kalender.__table__).values(
        tanggal=day, keterangan=keterangan, dicatat=dicatat, oleh=oleh))
