"""Queries of contract execution: progress reports, planned curve, adendum, SCM, blacklist."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from pengadaan.db.models import Adendum, DaftarHitam, Paket, Progres, RencanaKurva, Riwayat, Scm
from sqlmodel import Session, select


def progress(session: Session, paket_id: int) -> list[Progres]:
    """Every report of a paket, oldest first (corrections after what they correct)."""
    query = select(Progres).where(Progres.paket_id == paket_id)
    return list(session.exec(query.order_by(Progres.tanggal, Progres.id)))


def latest_progress(
    session: Session, paket_id: int, on: date | None = None, since: date | None = None
) -> Progres | None:
    """The report in force on ``on``: latest date, then latest entry (a correction)."""
    query = select(Progres).where(Progres.paket_id == paket_id)
    if on is not None:
        query = query.where(Progres.tanggal <= on)
    if since is not None:
        query = query.where(Progres.tanggal >= since)
    query = query.order_by(Progres.tanggal.desc(), Progres.id.desc()).limit(1)
    return session.exec(query).first()


def latest_progress_subquery(as_of: date):
    """Per paket, the report in force on ``as_of``: ``paket_id, fisik_bp, rencana_bp,
    kritis, tanggal, catatan`` — a subquery lateness and alert lists can join on
    ``paket_id`` (the exports explain lateness with its ``catatan``)."""
    ranked = (
        sa.select(
            Progres.paket_id, Progres.fisik_bp, Progres.rencana_bp, Progres.kritis,
            Progres.tanggal, Progres.catatan,
            sa.func.row_number().over(
                partition_by=Progres.paket_id,
                order_by=(Progres.tanggal.desc(), Progres.id.desc()),
            ).label("urut"),
        )
        .where(Progres.tanggal <= as_of)
        .subquery()
    )
    return (
        sa.select(ranked.c.paket_id, ranked.c.fisik_bp, ranked.c.rencana_bp, ranked.c.kritis,
                  ranked.c.tanggal, ranked.c.catatan)
        .where(ranked.c.urut == 1)
        .subquery("progres_terakhir")
    )


def report_kritis_in_force(as_of: date) -> sa.ScalarSelect:
    """Correlated on ``paket.id``: whether the report in force on ``as_of`` is kritis
    (NULL without a report). Usable in any WHERE/CASE over paket, with no join."""
    return (
        sa.select(Progres.kritis)
        .where(Progres.paket_id == Paket.id, Progres.tanggal <= as_of)
        .order_by(Progres.tanggal.desc(), Progres.id.desc())
        .limit(1)
        .correlate(Paket)
        .scalar_subquery()
    )


def kritis_paket_ids(session: Session, as_of: date, stages: tuple[str, ...]) -> list[int]:
    """Paket in ``stages`` whose report in force on ``as_of`` is kritis (in SQL)."""
    latest = latest_progress_subquery(as_of)
    query = (
        sa.select(Paket.id)
        .join(latest, latest.c.paket_id == Paket.id)
        .where(latest.c.kritis.is_(True), Paket.tahap.in_(stages))
        .order_by(Paket.kode)
    )
    return list(session.execute(query).scalars())


def planned_points(session: Session, paket_id: int) -> list[RencanaKurva]:
    query = select(RencanaKurva).where(RencanaKurva.paket_id == paket_id)
    return list(session.exec(query.order_by(RencanaKurva.tanggal)))


def replace_planned_points(session: Session, paket_id: int, rows: list[RencanaKurva]) -> None:
    """Replace a paket's planned points through the unit of work, so the history's
    safety net (db/history_values.py) sees both halves: the old points go in a flush of
    their own before the new ones come (the unit of work inserts before it deletes, and
    a date kept would clash with its unique constraint)."""
    old = planned_points(session, paket_id)
    for row in old:
        session.delete(row)
    if old:
        session.flush()
    session.add_all(rows)


def adendum(session: Session, paket_id: int) -> list[Adendum]:
    query = select(Adendum).where(Adendum.paket_id == paket_id)
    return list(session.exec(query.order_by(Adendum.tanggal, Adendum.id)))


def scm_rows(session: Session, paket_id: int) -> list[Scm]:
    return list(session.exec(select(Scm).where(Scm.paket_id == paket_id).order_by(Scm.id)))


def first_step_date(session: Session, paket_id: int, pemicu: tuple[str, ...]) -> date | None:
    """The first date one of ``pemicu`` fired (e.g. SPMK: terbitkan_spmk / laksanakan)."""
    query = sa.select(sa.func.min(Riwayat.tanggal)).where(
        Riwayat.paket_id == paket_id, Riwayat.pemicu.in_(pemicu)
    )
    return session.execute(query).scalar_one()


def last_step_date(session: Session, paket_id: int, pemicu: tuple[str, ...]) -> date | None:
    query = sa.select(sa.func.max(Riwayat.tanggal)).where(
        Riwayat.paket_id == paket_id, Riwayat.pemicu.in_(pemicu)
    )
    return session.execute(query).scalar_one()


def blacklist(session: Session, penyedia: str | None = None,
              on: date | None = None) -> list[DaftarHitam]:
    """Daftar hitam entries, optionally for one penyedia and/or in force on ``on``."""
    query = select(DaftarHitam)
    if penyedia:
        query = query.where(sa.func.lower(DaftarHitam.penyedia) == penyedia.strip().lower())
    if on is not None:
        query = query.where(DaftarHitam.mulai <= on, DaftarHitam.selesai > on)
    return list(session.exec(query.order_by(DaftarHitam.mulai, DaftarHitam.id)))
