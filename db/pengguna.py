"""Queries on registered users (``pengguna``) and run-time settings (``pengaturan``)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from pengadaan.db.models import Opd, Pengaturan, Pengguna, PeranServer
from sqlmodel import Session, select


def find(session: Session, nama: str, lock: bool = False) -> Pengguna | None:
    """The user named ``nama``; ``lock`` takes its row (``FOR UPDATE``) and reads it
    afresh, so two changes of one user extend its role record one after the other."""
    query = select(Pengguna).where(Pengguna.nama == nama)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.exec(query).first()


def active_admins(session: Session, lock: bool = False) -> int:
    """How many admins are active; ``lock`` takes their rows (``FOR UPDATE``) so two
    admins deactivating each other at once are served one after the other, and the
    second sees the first's change (SQLite's single writer already serialises them)."""
    query = sa.select(Pengguna.id).where(Pengguna.peran == "admin", Pengguna.aktif.is_(True))
    if lock:
        query = query.with_for_update()
    return len(session.execute(query).all())


def _acting(dialect: str) -> sa.Select:
    """:func:`acting_facts`' statement for one dialect. ``login`` is the server login
    when PostgreSQL checks who acts (a secured database, db/peran_server.py), and then
    the user looked up is that login, whatever name was asked for."""
    login = (sa.case((sa.exists(sa.select(PeranServer.peran)),
                      sa.literal_column("session_user::text")))
             if dialect == "postgresql" else sa.null())
    who = sa.func.coalesce(login, sa.bindparam("nama", type_=sa.String))
    return (
        sa.select(
            sa.exists().where(Pengguna.peran == "admin").label("admin_terdaftar"),
            sa.select(Pengaturan.nilai).where(Pengaturan.kunci == sa.bindparam("kunci"))
            .scalar_subquery().label("izinkan"),
            login.label("login"),
            Pengguna.nama, Pengguna.peran, Pengguna.opd_id, Pengguna.aktif,
            Opd.nama.label("opd_nama"), Opd.singkatan.label("opd_singkatan"))
        .select_from(sa.select(sa.literal(1).label("satu")).subquery())
        .outerjoin(Pengguna, Pengguna.nama == who)
        .outerjoin(Opd, Opd.id == Pengguna.opd_id))


_ACTING = {dialect: _acting(dialect) for dialect in ("sqlite", "postgresql")}


def acting_query_sqlite(nama: str, kunci: str) -> sa.Select:
    """:func:`acting_facts`' statement on SQLite, where no server checks who acts
    (``login`` is NULL), with its inputs ``nama`` and ``kunci``: for the cached read
    path (pengadaan/db/reading.py), which only ever opens SQLite files."""
    return _ACTING["sqlite"].params(nama=nama, kunci=kunci)


def acting_facts(session: Session, nama: str, izinkan_key: str) -> sa.Row:
    """Everything deciding who acts needs, in one statement built once (it opens every
    write): ``admin_terdaftar`` (an admin was ever registered: users are deactivated,
    never deleted), ``izinkan`` (the setting ``izinkan_key``), ``login`` (the verified
    server login, or None), and the user (``nama``, or the login) with its OPD
    (``peran`` None when not registered)."""
    statement = _ACTING[session.get_bind().dialect.name]
    return session.execute(statement, {"nama": nama, "kunci": izinkan_key}).one()


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
