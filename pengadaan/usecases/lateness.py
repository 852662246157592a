"""Lateness of one paket: its flags, judged by the alert statement of the lists.

Lists and one paket alike are judged in SQL (``db/lateness_sql.py``); the same rules
in Python (``pengadaan/domain/lateness.py``) are the tests' oracle.
"""

from __future__ import annotations

from datetime import date

from pengadaan.db import lateness_sql as sql
from pengadaan.db.uow import Database
from pengadaan.domain.alert_kinds import in_order
from pengadaan.domain.kalender import Kalender
from pengadaan.domain.lateness import Ambang, Temuan, ambang
from pengadaan.settings import Settings
from pengadaan.usecases.alerts import alert_list
from pengadaan.usecases.kalender import kalender_for
from pengadaan.usecases.lookup import require_paket


def _thresholds(session, as_of: date, settings: Settings) -> tuple[Ambang, Kalender]:
    kalender = kalender_for(session, as_of)
    return ambang(as_of, kalender, settings.hampir_hari_kerja), kalender


def paket_flags(db: Database, kode: str, as_of: date) -> list[Temuan]:
    """The flags of one paket on ``as_of``, most severe first: the alert statement of
    the lists, filtered to this paket, so a paket's view never disagrees with them."""
    with db.unit_of_work() as uow:
        session = uow.session
        paket = require_paket(session, kode)
        a, kalender = _thresholds(session, as_of, db.settings)
        found = list(alert_list(sql.paket_alert_rows(session, a, paket.id), as_of, kalender))
    by_flag = {p.peringatan: Temuan(p.peringatan, p.batas, p.hari, p.denda) for p in found}
    return [by_flag[flag] for flag in in_order(by_flag)]
