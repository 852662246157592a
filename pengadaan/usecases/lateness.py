"""Lateness use cases: the dashboard page, the summary, the alerts, one paket's flags.

Lists and one paket alike are judged in SQL (``db/lateness_sql.py``); the same rules
in Python (``pengadaan/domain/lateness.py``) are the tests' oracle.
"""

from __future__ import annotations

from datetime import date

from pengadaan.db import kendala as kendala_q
from pengadaan.db import lateness_sql as sql
from pengadaan.db import rapor as rapor_q
from pengadaan.db.uow import Database
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.execution.denda import denda_keterlambatan
from pengadaan.domain.kalender import Kalender
from pengadaan.domain.lateness import (
    ALERT_KINDS,
    BERISIKO_SEVERITY,
    BERISIKO_TIDAK_TERSERAP,
    FLAGS,
    GOLONGAN,
    Ambang,
    Temuan,
    ambang,
    in_order,
    temuan,
)
from pengadaan.settings import Settings
from pengadaan.usecases.gc_pause import gc_paused
from pengadaan.usecases.kalender import kalender_for
from pengadaan.usecases.lateness_results import (
    KendalaRef,
    Page,
    PaketStatus,
    Peringatan,
    Ringkasan,
    TindakLanjutRef,
)
from pengadaan.usecases.lookup import require_paket
from pengadaan.usecases.paket import build_filter
from pengadaan.usecases.results import PaketRingkas

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


def check_flag(flag: str | None) -> str | None:
    if flag is not None and flag not in ALERT_KINDS:
        raise InvalidInput(f"jenis peringatan: '{flag}' tidak dikenal (pilihan: "
                           f"{', '.join(ALERT_KINDS)})")
    return flag


def alerts(db: Database, as_of: date, opd: str | None = None,
           flag: str | None = None, with_kendala: bool = True,
           forecast: bool = True) -> list[Peringatan]:
    """Every (paket, flag) that holds, by OPD, then most severe, then most late; each
    with the paket's open kendala and its latest tindak lanjut (issue #13), unless the
    caller only counts them (``with_kendala=False``: the login banner, cron). With
    ``forecast`` (issue #17), also berisiko_tidak_terserap; without it, only the kinds
    the dashboard counts (the one-line summary keeps the dashboard's numbers)."""
    check_flag(flag)
    with db.unit_of_work() as uow, gc_paused():
        session = uow.session
        a, kalender = _thresholds(session, as_of, db.settings)
        opd_id = _opd_id(session, opd)
        reasons = _open_kendala(session, as_of, opd_id) if with_kendala else None
        found = []
        if flag != BERISIKO_TIDAK_TERSERAP:
            rows = sql.alert_rows(session, a, opd_id, [flag] if flag else None)
            found = _alerts(rows, as_of, kalender, reasons)
    if forecast and flag in (None, BERISIKO_TIDAK_TERSERAP):
        found = with_forecast(found, _forecast_alerts(db, as_of, opd_id, reasons or {}))
    return found


def _forecast_alerts(db: Database, as_of: date, opd_id: int | None,
                     reasons: dict[int, tuple]) -> list[Peringatan]:
    """berisiko_tidak_terserap (issue #17): the packages whose money the year-end forecast
    expects not to be absorbed, with the amount; batas is 31 December."""
    from pengadaan.usecases.proyeksi import at_risk  # the forecast only when alerts list

    result = []
    for d in at_risk(db, as_of, opd_id):
        batas = date(d.fakta.tahun, 12, 31)
        result.append(Peringatan(d.kode, d.nama, d.opd, d.fakta.tahap, BERISIKO_TIDAK_TERSERAP,
                                 batas, (as_of - batas).days, None, BERISIKO_SEVERITY,
                                 *reasons.get(d.id, _NO_KENDALA), berisiko=d.proyeksi.berisiko))
    return result


def with_forecast(alerts: list[Peringatan], forecast: list[Peringatan]) -> list[Peringatan]:
    """The forecast's alerts placed in the SQL order (by OPD, most severe first): after
    the alerts of their OPD at least as severe, by kode; an OPD without other alerts
    where its name sorts. The SQL order of the rest is kept as it came."""
    if not forecast:
        return alerts
    by_opd: dict[str, list[Peringatan]] = {}
    for a in sorted(forecast, key=lambda a: a.kode):
        by_opd.setdefault(a.opd, []).append(a)
    result: list[Peringatan] = []
    i = 0
    while i < len(alerts):
        opd = alerts[i].opd
        j = i
        while j < len(alerts) and alerts[j].opd == opd:
            j += 1
        for other in sorted(k for k in by_opd if k < opd):  # OPDs with no SQL alert
            result += by_opd.pop(other)
        run = alerts[i:j]
        cut = sum(1 for a in run if a.severity >= BERISIKO_SEVERITY)
        result += [*run[:cut], *by_opd.pop(opd, []), *run[cut:]]
        i = j
    for other in sorted(by_opd):
        result += by_opd[other]
    return result


def _open_kendala(session, as_of: date, opd_id: int | None
                  ) -> dict[int, tuple[KendalaRef, TindakLanjutRef | None]]:
    """Per paket id, its latest kendala open on ``as_of`` and that kendala's latest
    tindak lanjut (db/kendala.open_on: two queries for every paket)."""
    result = {}
    for paket_id, (k, t) in kendala_q.open_on(session, as_of, opd_id).items():
        follow = None if t is None else TindakLanjutRef(t.uraian, t.pelaksana, t.batas,
                                                        t.status)
        result[paket_id] = (KendalaRef(k.id, k.kategori, k.uraian, k.tanggal), follow)
    return result


_NO_KENDALA = (None, None)


def _alerts(rows, as_of: date, kalender: Kalender,
            reasons: dict[int, tuple] | None = None) -> list[Peringatan]:
    result = []
    reasons = reasons or {}
    known: dict[tuple, Temuan] = {}  # deadlines repeat: one working-day count per date
    for kode, nama, opd, tahap, flag, sev, tgl, tahun, nilai, paket_id in rows:
        if flag == "lewat_kontrak":  # the denda depends on the contract value
            t = temuan(flag, tgl, tahun, nilai, as_of, kalender)
        else:
            t = known.get((flag, tgl, tahun))
            if t is None:
                t = known[flag, tgl, tahun] = temuan(flag, tgl, tahun, None, as_of, kalender)
        result.append(Peringatan(kode, nama, opd, tahap, flag, t.batas, t.hari, t.denda, sev,
                                 *reasons.get(paket_id, _NO_KENDALA)))
    return result


def paket_flags(db: Database, kode: str, as_of: date) -> list[Temuan]:
    """The flags of one paket on ``as_of``, most severe first: the alert statement of
    the lists, filtered to this paket, so a paket's view never disagrees with them."""
    with db.unit_of_work() as uow:
        session = uow.session
        paket = require_paket(session, kode)
        a, kalender = _thresholds(session, as_of, db.settings)
        found = _alerts(sql.paket_alert_rows(session, a, paket.id), as_of, kalender)
    by_flag = {p.peringatan: Temuan(p.peringatan, p.batas, p.hari, p.denda) for p in found}
    return [by_flag[flag] for flag in in_order(by_flag)]
