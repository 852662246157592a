"""Queries on the ``kalender`` table (non-working days added by an administrator)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from pengadaan.db.models import Kalender
from sqlmodel import Session, select


def additions(session: Session, years: Iterable[int]) -> list[Kalender]:
    wanted = sorted(set(years))
    if not wanted:
        return []
    query = (select(Kalender)
             .where(Kalender.tanggal >= date(wanted[0], 1, 1),
                    Kalender.tanggal <= date(wanted[-1], 12, 31))
             .order_by(Kalender.tanggal))
    return list(session.exec(query))


def find(session: Session, day: date) -> Kalender | None:
    return session.exec(select(Kalender).where(Kalender.tanggal == day)).first()


def add(session: Session, day: date, keterangan: str, dicatat: datetime, oleh: str) -> None:
    session.execute(sa.insert(Kalender.__table__).values(
        tanggal=day, keterangan=keterangan, dicatat=dicatat, oleh=oleh))
