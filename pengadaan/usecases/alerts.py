"""``peringatan``: every (paket, flag) that holds on a date, with the kendala that
explains it. Reads through ``db.reading()`` (pengadaan/db/reading.py), so a cron run
is answered from cached SQL without importing SQLAlchemy; the ORM database runs the
same statements (pengadaan/db/statements.py)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from pengadaan.db import statements
from pengadaan.domain.alert_kinds import (
    BERISIKO_SEVERITY,
    BERISIKO_TIDAK_TERSERAP,
    check_flag,
)
from pengadaan.domain.kalender import Kalender
from pengadaan.domain.lateness import Temuan, ambang, temuan
from pengadaan.usecases.alert_results import KendalaRef, Peringatan, TindakLanjutRef
from pengadaan.usecases.gc_pause import gc_paused
from pengadaan.usecases.reads import as_date, kalender_read, opd_id_read

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from pengadaan.db.reading import CachedDatabase, Statement
    from pengadaan.db.uow import Database


def alerts(db: Database | CachedDatabase, as_of: date, opd: str | None = None,
           flag: str | None = None, with_kendala: bool = True,
           forecast: bool = True) -> list[Peringatan]:
    """Every (paket, flag) that holds, by OPD, then most severe, then most late; each
    with the paket's open kendala and its latest tindak lanjut (issue #13), unless the
    caller does not show them (``with_kendala=False``: the rapor's late list). With
    ``forecast`` (issue #17), also berisiko_tidak_terserap, read in the same
    transaction; without it, only the kinds the dashboard counts. The one-line summary
    builds no alert: usecases/alert_counts.py."""
    with gc_paused(), streamed(db, as_of, opd, flag, with_kendala, forecast) as found:
        return list(found)


class Form(NamedTuple):
    """What the alerts come out as, from the same reads and the same order: the
    :class:`Peringatan` of :data:`OBJECTS`, or each alert's JSON text
    (usecases/alert_texts.py). ``reasons`` reads the kendala per paket id, ``listed``
    makes the alert statement's rows into items, ``forecast`` the at-risk paket;
    ``placed`` gives an item's (opd, severity), ``kode`` its kode, and ``given`` what
    the caller receives of it; ``rows``: the alert statement (its dates as text for a
    form that only writes them, db/reading.Statement.as_text)."""

    reasons: Callable[[Callable, date, int | None], dict[int, Any]]
    listed: Callable[[Iterable[tuple], date, Kalender, dict[int, Any] | None], Iterator[Any]]
    forecast: Callable[[Iterator[tuple], date, dict[int, Any]], list[Any]]
    placed: Callable[[Any], tuple[str, int]]
    kode: Callable[[Any], str]
    given: Callable[[Iterator[Any]], Iterator[Any]]
    rows: Statement = statements.PERINGATAN


@contextmanager
def streamed(db: Database | CachedDatabase, as_of: date, opd: str | None = None,
             flag: str | None = None, with_kendala: bool = True,
             forecast: bool = True, form: Form | None = None) -> Iterator[Iterator[Any]]:
    """:func:`alerts` one at a time while the read is open, for a writer that prints
    each and lets it go (``peringatan --format json``: 90,000 alerts at 100k never alive
    together), as ``form`` makes them (bawaan :data:`OBJECTS`). Every statement has run
    when the block starts (the alert rows are fetched as they are written), so an
    unusable database is known before anything is written."""
    form = form or OBJECTS
    check_flag(flag)
    with db.reading() as read:
        kalender = kalender_read(read, as_of)
        a = ambang(as_of, kalender, db.settings.hampir_hari_kerja)
        opd_id = opd_id_read(read, opd)
        reasons = form.reasons(read, as_of, opd_id) if with_kendala else None
        at_risk = []
        if forecast and flag in (None, BERISIKO_TIDAK_TERSERAP):
            from pengadaan.usecases import proyeksi_paket  # only when alerts list

            at_risk = form.forecast(proyeksi_paket.at_risk(read, as_of, opd_id), as_of,
                                    {} if reasons is None else reasons)
        found: Iterator[Any] = iter(())
        if flag != BERISIKO_TIDAK_TERSERAP:
            rows = read(form.rows, a=a, opd_id=opd_id, flags=(flag,) if flag else None)
            found = form.listed(rows, as_of, kalender, reasons)
        yield form.given(with_forecast(found, at_risk, form.placed, form.kode))


def _forecast_alerts(found: Iterator[tuple], as_of: date,
                     reasons: dict[int, tuple]) -> list[Peringatan]:
    """berisiko_tidak_terserap (issue #17): the packages whose money the year-end forecast
    expects not to be absorbed (``proyeksi_paket.at_risk``), with the amount; batas by
    :func:`year_end`."""
    result = []
    for f, p, (paket_id, kode, nama, _opd_id, opd) in found:
        batas, hari = year_end(f.tahun, as_of)
        result.append(Peringatan(kode, nama, opd, f.tahap, BERISIKO_TIDAK_TERSERAP, batas,
                                 hari, None, BERISIKO_SEVERITY,
                                 *reasons.get(paket_id, _NO_KENDALA), berisiko=p.berisiko))
    return result


@lru_cache(maxsize=16)  # a few years, one as-of date: no TUI session grows it
def year_end(tahun: int, as_of: date) -> tuple[date, int]:
    """berisiko_tidak_terserap's batas, 31 December of the paket's year, and its days."""
    batas = date(tahun, 12, 31)
    return batas, (as_of - batas).days


# A Peringatan's (opd, severity), and its kode: where with_forecast places it.
_PLACED, _KODE = attrgetter("opd", "severity"), attrgetter("kode")


def with_forecast(alerts: Iterable[Any], forecast: list[Any],
                  placed: Callable[[Any], tuple[str, int]] = _PLACED,
                  kode: Callable[[Any], str] = _KODE) -> Iterator[Any]:
    """The forecast's alerts placed in the SQL order (by OPD, most severe first): after
    the alerts of their OPD at least as severe, by kode; an OPD without other alerts
    where its name sorts. The SQL order of the rest is kept as it came (streamed).
    ``placed``: an alert's (opd, severity); ``kode``: its kode."""
    if not forecast:
        yield from alerts
        return
    by_opd: dict[str, list[Any]] = {}
    for a in sorted(forecast, key=kode):
        by_opd.setdefault(placed(a)[0], []).append(a)
    opd = None  # the OPD whose alerts are being passed on
    for a in alerts:
        its_opd, severity = placed(a)
        if its_opd != opd:
            if opd is not None:  # its alerts were all at least as severe
                yield from by_opd.pop(opd, ())
            opd = its_opd
            for other in sorted(k for k in by_opd if k < opd):  # OPDs with no SQL alert
                yield from by_opd.pop(other)
        if severity < BERISIKO_SEVERITY and opd in by_opd:
            yield from by_opd.pop(opd)
        yield a
    if opd is not None:
        yield from by_opd.pop(opd, ())
    for other in sorted(by_opd):
        yield from by_opd[other]


def _open_kendala(read, as_of: date, opd_id: int | None
                  ) -> dict[int, tuple[KendalaRef, TindakLanjutRef | None]]:
    """Per paket id, its latest kendala open on ``as_of`` and that kendala's latest
    tindak lanjut (two queries for every paket, as db/kendala.open_on)."""
    result = {}
    found = statements.latest_open(read(statements.KENDALA_TERBUKA, as_of=as_of, opd_id=opd_id),
                        read(statements.TINDAK_LANJUT_TERBUKA, as_of=as_of, opd_id=opd_id))
    for paket_id, (k, t) in found.items():
        follow = None if t is None else TindakLanjutRef(t.uraian, t.pelaksana, t.batas,
                                                        t.status)
        result[paket_id] = (KendalaRef(k.id, k.kategori, k.uraian, k.tanggal), follow)
    return result


_NO_KENDALA = (None, None)


def alert_list(rows: Iterable[tuple], as_of: date, kalender: Kalender,
               reasons: dict[int, tuple] | None = None) -> Iterator[Peringatan]:
    """One alert per row of the alert statement (streamed), judged by :func:`judged`."""
    reason = (reasons or {}).get
    for (kode, nama, opd, tahap, flag, sev, _tgl, _tahun, _nilai, paket_id), t in judged(
            rows, as_of, kalender):
        yield Peringatan(kode, nama, opd, tahap, flag, t.batas, t.hari, t.denda, sev,
                         *reason(paket_id, _NO_KENDALA))


def judged(rows: Iterable[tuple], as_of: date, kalender: Kalender
           ) -> Iterator[tuple[tuple, Temuan]]:
    """Each row of the alert statement with its deadline, days and denda from
    ``domain/lateness.temuan``: deadlines repeat, so one working-day count per (flag,
    date, year); only lewat_kontrak's denda depends on the contract value. The date
    comes as ISO text from the cached read (converted only when first met), as a date
    from the ORM."""
    known: dict[tuple, Temuan] = {}
    for row in rows:
        flag, tgl, tahun = row[4], row[6], row[7]
        if flag == "lewat_kontrak":
            t = temuan(flag, as_date(tgl), tahun, row[8], as_of, kalender)
        else:
            t = known.get((flag, tgl, tahun))
            if t is None:
                t = known[flag, tgl, tahun] = temuan(flag, as_date(tgl), tahun, None, as_of,
                                                     kalender)
        yield row, t



OBJECTS = Form(_open_kendala, alert_list, _forecast_alerts, _PLACED, _KODE,
               lambda found: found)
