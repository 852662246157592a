"""A cheap marker that moves whenever anyone commits a change, for live screens to poll."""

from __future__ import annotations

import sqlalchemy as sa
from pengadaan.db.models import Paket, Progres, Riwayat
from sqlmodel import Session


def change_marker(session: Session) -> tuple:
    """(packages, last change stamp, last history id, last progress report id).

    Every use case that changes a paket stamps ``diubah`` or appends history; progress
    reports only add a row of their own.
    """
    paket = session.execute(
        sa.select(sa.func.count(Paket.id), sa.func.max(Paket.diubah))).one()
    last_step = session.execute(sa.select(sa.func.max(Riwayat.id))).scalar_one()
    last_report = session.execute(sa.select(sa.func.max(Progres.id))).scalar_one()
    return (paket[0], paket[1], last_step, last_report)
