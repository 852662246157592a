"""Lateness use cases: the dashboard page, the summary, the alerts, one paket's flags.

Lists and one paket alike are judged in SQL (``db/lateness_sql.py``); the same rules
in Python (``pengadaan/domain/lateness.py``) are the tests' oracle.
"""

from __future__ import annotations

from datetime import date

from pengadaan.db import lateness_sql as sql
from pengadaan.db import rapor as rapor_q
from pengadaan.db.uow import Database
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.execution.denda import denda_keterlambatan
from pengadaan.domain.kalender import Kalender
from pengadaan.domain.lateness import (
    FLAGS,
    GOLONGAN,
    Ambang,
    Temuan,
    ambang,
    in_order,
)
from pengadaan.settings import Settings
from pengadaan.usecases.alerts import alert_list, alerts
from pengadaan.usecases.kalender import kalender_for
from pengadaan.usecases.lateness_results import Page, PaketStatus, Ringkasan
from pengadaan.usecases.lookup import require_paket
from pengadaan.usecases.paket import build_filter
from pengadaan.usecases.results import PaketRingkas

__all__ = ["alerts", "dashboard_page", "paket_flags", "summary"]

SORT_KEYS = ("kode", "nama", "opd", "metode", "tahap", "batas", "hari", "pagu",
             "nilai_kontrak", "severity")
_RINGKAS = tuple(PaketRingkas.__dataclass_fields__)


def _thresholds(session, as_of: date, settings: Settings) -> tuple[Ambang, Kalender]:
    kalender = kalender_for(session, as_of)
    return ambang(as_of, kalender, settings.hampir_hari_kerja), kalender


def _status(row, as_of: date) -> PaketStatus:
    flags = tuple(in_order(f for f in FLAGS if getattr(row, f"f_{f}")))
    denda = None
    if "lewat_kontrak" in flags:
        denda = denda_keterlambatan(row.nilai_kontrak or 0, row.tgl_kontrak_selesai, as_of)
    return PaketStatus(
        **{name: getattr(row, name) for name in _RINGKAS},
        batas=row.batas, hari=(as_of - row.batas).days if row.batas else None,
        flags=flags, severity=row.severity, denda=denda,
        kendala_terbuka=bool(row.kendala_terbuka),
    )


def _opd_id(session, opd: str | None) -> int | None:
    return build_filter(session, opd, None, None, None, None, None).opd_id


def dashboard_page(db: Database, as_of: date, *, opd: str | None = None,
                   tahap: str | list[str] | None = None, metode: str | None = None,
                   jenis: str | None = None, tahun: int | None = None, only_late: bool = False,
                   cari: str | None = None, sort: str = "kode",
                   descending: bool = False, offset: int = 0, limit: int | None = 50) -> Page:
    """One page of packages with their lateness; ``only_late`` keeps late ones
    (any red flag: terlambat, belum_mulai, kontrak_tertunda, lewat_kontrak)."""
    if sort not in SORT_KEYS:
        raise InvalidInput(f"urutan: '{sort}' tidak dikenal (pilihan: {', '.join(SORT_KEYS)})")
    tahap_list = [tahap] if isinstance(tahap, str) else tahap
    with db.unit_of_work() as uow:
        session = uow.session
        a, _ = _thresholds(session, as_of, db.settings)
        flt = build_filter(session, opd, tahap_list, metode, jenis, tahun, cari)
        rows = sql.status_page(session, a, flt, only_late, sort, descending, offset, limit)
        total = sql.status_count(session, a, flt, only_late)
    return Page(total, [_status(row, as_of) for row in rows])


def summary(db: Database, as_of: date, opd: str | None = None) -> Ringkasan:
    """Package count, total pagu, total nilai kontrak, realisasi keuangan, the count
    of each flag and the count of packages per golongan (terlambat, kritis, rawan)."""
    with db.unit_of_work() as uow:
        session = uow.session
        a, _ = _thresholds(session, as_of, db.settings)
        opd_id = _opd_id(session, opd)
        row = sql.summary_row(session, a, opd_id)
        realisasi = rapor_q.realisasi_sum(session, as_of, opd_id)
    return Ringkasan(row.paket, row.pagu, row.terkontrak,
                     {f: getattr(row, f) for f in FLAGS}, realisasi,
                     {g: getattr(row, f"paket_{g}") for g in GOLONGAN})


def paket_flags(db: Database, kode: str, as_of: date) -> list[Temuan]:
    """The flags of one paket on ``as_of``, most severe first: the alert statement of
    the lists, filtered to this paket, so a paket's view never disagrees with them."""
    with db.unit_of_work() as uow:
        session = uow.session
        paket = require_paket(session, kode)
        a, kalender = _thresholds(session, as_of, db.settings)
        found = alert_list(sql.paket_alert_rows(session, a, paket.id), as_of, kalender)
    by_flag = {p.peringatan: Temuan(p.peringatan, p.batas, p.hari, p.denda) for p in found}
    return [by_flag[flag] for flag in in_order(by_flag)]
