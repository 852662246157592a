"""Queries on registered users (``pengguna``) and run-time settings (``pengaturan``)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from pengadaan.db.models import Opd, Pengaturan, Pengguna, PeranServer
from sqlmodel import Session, select


def find(session: Session, nama: str) -> Pengguna | None:
    return session.exec(select(Pengguna).where(Pengguna.nama == nama)).first()


def active_admins(session: Session, lock: bool = False) -> int:
    """How many admins are active; ``lock`` takes their rows (``FOR UPDATE``) so two
    admins deactivating each other at once are served one after the other, and the
    second sees the first's change (SQLite's single writer already serialises them)."""
    query = sa.select(Pengguna.id).where(Pengguna.peran == "admin", Pengguna.aktif.is_(True))
    if lock:
        query = query.with_for_update()
    return len(session.execute(query).all())


def standing(session: Session) -> tuple[int, str | None]:
    """Admins ever registered (active or not: users are never deleted, and until the
    first one the database is fresh), and the server login when PostgreSQL checks who
    acts (a secured database, db/peran_server.py), else None: one round trip, asked by
    every use case."""
    admins = (sa.select(sa.func.count(Pengguna.id))
              .where(Pengguna.peran == "admin").scalar_subquery())
    if session.get_bind().dialect.name != "postgresql":
        return session.execute(sa.select(admins)).scalar_one(), None
    login = sa.case((sa.exists(sa.select(PeranServer.peran)), sa.literal_column("session_user")))
    count, name = session.execute(sa.select(admins, login)).one()
    return count, name


def list_with_opd(session: Session) -> list[tuple[Pengguna, Opd | None]]:
    query = (sa.select(Pengguna, Opd).outerjoin(Opd, Opd.id == Pengguna.opd_id)
             .order_by(Pengguna.nama))
    return [(row[0], row[1]) for row in session.execute(query)]


def setting(session: Session, kunci: str) -> str | None:
    row = session.get(Pengaturan, kunci)
    return row.nilai if row else None


def put_setting(session: Session, kunci: str, nilai: str, now: datetime, oleh: str) -> None:
    row = session.get(Pengaturan, kunci)
    if row is None:
        session.add(Pengaturan(kunci=kunci, nilai=nilai, diubah=now, oleh=oleh))
    else:
        row.nilai, row.diubah, row.oleh = nilai, now, oleh
