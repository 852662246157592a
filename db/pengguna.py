"""Queries on registered users (``pengguna``) and run-time settings (``pengaturan``)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from pengadaan.db.models import Opd, Pengaturan, Pengguna
from sqlmodel import Session, select


def find(session: Session, nama: str) -> Pengguna | None:
    return session.exec(select(Pengguna).where(Pengguna.nama == nama)).first()


def active_admins(session: Session) -> int:
    query = sa.select(sa.func.count(Pengguna.id)).where(
        Pengguna.peran == "admin", Pengguna.aktif.is_(True))
    return session.execute(query).scalar_one()


_ACTING = (
    sa.select(
        sa.exists().where(Pengguna.peran == "admin").label("admin_terdaftar"),
        sa.select(Pengaturan.nilai).where(Pengaturan.kunci == sa.bindparam("kunci"))
        .scalar_subquery().label("izinkan"),
        Pengguna.nama, Pengguna.peran, Pengguna.opd_id, Pengguna.aktif,
        Opd.nama.label("opd_nama"), Opd.singkatan.label("opd_singkatan"))
    .select_from(sa.select(sa.literal(1).label("satu")).subquery())
    .outerjoin(Pengguna, Pengguna.nama == sa.bindparam("nama"))
    .outerjoin(Opd, Opd.id == Pengguna.opd_id))


def acting_facts(session: Session, nama: str, izinkan_key: str) -> sa.Row:
    """Everything deciding who acts needs, in one statement built once (it opens every
    write): ``admin_terdaftar`` (an admin was ever registered: users are deactivated,
    never deleted), ``izinkan`` (the setting ``izinkan_key``), and the user ``nama``
    with its OPD (``peran`` None when not registered)."""
    return session.execute(_ACTING, {"nama": nama, "kunci": izinkan_key}).one()


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
