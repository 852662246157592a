"""``peringatan --format json`` written straight from the rows: each alert's JSON text
(usecases/alert_results.alert_json, the document declared once) from the alert
statement's row, the forecast's paket and the kendala's rows, without building a
:class:`~pengadaan.usecases.alert_results.Peringatan`, a kendala object or a date
per row (issue #15: at 100k, 90,000 alerts took a third of the command's time as
objects). The same reads, rules and order as the objects (usecases/alerts.streamed);
tests hold the text equal to the serializer's."""

from __future__ import annotations

from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING

from pengadaan.db import statements
from pengadaan.domain.alert_kinds import BERISIKO_SEVERITY, BERISIKO_TIDAK_TERSERAP
from pengadaan.usecases.alert_results import (
    NO_REASONS,
    alert_json,
    kendala_json,
    reasons_json,
    tindak_lanjut_json,
)
from pengadaan.usecases.alerts import Form, judged, streamed, year_end

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from contextlib import AbstractContextManager

    from pengadaan.db.reading import CachedDatabase
    from pengadaan.db.uow import Database
    from pengadaan.domain.kalender import Kalender

# An item: (opd, severity, kode, text), placed in order as the alerts are.
_PLACED, _KODE, _TEXT = itemgetter(0, 1), itemgetter(2), itemgetter(3)


def streamed_json(db: Database | CachedDatabase, as_of: date, opd: str | None = None,
                  flag: str | None = None) -> AbstractContextManager[Iterator[str]]:
    """Each alert's JSON text, as ``alerts.streamed`` gives the alerts (one at a time,
    every statement run when the block starts)."""
    return streamed(db, as_of, opd, flag, form=TEXTS)


def _reasons(read: Callable, as_of: date, opd_id: int | None) -> _Reasons:
    """Per paket id, the alert's reason keys as text (``alerts._open_kendala``'s pair)."""
    return _Reasons(statements.latest_open(
        read(_KENDALA, as_of=as_of, opd_id=opd_id),
        read(_TINDAK_LANJUT, as_of=as_of, opd_id=opd_id)))


class _Reasons(dict):
    """Per paket id its reason keys' text, written when its first alert asks (once per
    paket; a paket with an open kendala and no alert is never written)."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: dict[int, tuple]) -> None:
        super().__init__()
        self.pairs = pairs

    def __missing__(self, paket_id: int) -> str:
        pair = self.pairs.get(paket_id)
        if pair is None:
            text = NO_REASONS
        else:
            k, t = pair
            text = reasons_json(kendala_json(k.id, k.kategori, k.uraian, k.tanggal),
                                "null" if t is None else tindak_lanjut_json(
                                    t.uraian, t.pelaksana, t.batas, t.status))
        self[paket_id] = text
        return text


def _reason_of(reasons: _Reasons | dict | None) -> Callable[[int], str]:
    if isinstance(reasons, _Reasons):
        return reasons.__getitem__
    return lambda _paket_id: NO_REASONS  # the kendala not asked for


def _listed(rows: Iterable[tuple], as_of: date, kalender: Kalender,
            reasons: dict[int, str] | None) -> Iterator[tuple]:
    """The alert statement's rows as items (``alerts.alert_list``'s alerts, as text)."""
    reason = _reason_of(reasons)
    iso = _IsoDates()
    for (kode, nama, opd, tahap, flag, sev, _tgl, _tahun, _nilai, paket_id), t in judged(
            rows, as_of, kalender):
        yield opd, sev, kode, alert_json(kode, nama, opd, tahap, flag, iso[t.batas], t.hari,
                                         t.denda, reason(paket_id), None)


def _forecast(found: Iterator[tuple], as_of: date, reasons: _Reasons | dict) -> list[tuple]:
    """The at-risk paket as items (``alerts._forecast_alerts``' alerts, as text)."""
    reason = _reason_of(reasons)
    iso = _IsoDates()
    result = []
    for f, p, (paket_id, kode, nama, _opd_id, opd) in found:
        batas, hari = year_end(f.tahun, as_of)
        result.append((opd, BERISIKO_SEVERITY, kode, alert_json(
            kode, nama, opd, f.tahap, BERISIKO_TIDAK_TERSERAP, iso[batas], hari, None,
            reason(paket_id), p.berisiko)))
    return result


class _IsoDates(dict):
    """A date's ISO text, written once per date: most alerts share their deadline (a
    date written per alert took a tenth of the text's time)."""

    def __missing__(self, day: date) -> str:
        text = self[day] = day.isoformat()
        return text


# Their dates only written: left as the stored ISO text on the cached read.
_KENDALA = statements.KENDALA_TERBUKA.as_text()
_TINDAK_LANJUT = statements.TINDAK_LANJUT_TERBUKA.as_text()
TEXTS = Form(_reasons, _listed, _forecast, _PLACED, _KODE, lambda found: map(_TEXT, found),
             statements.PERINGATAN.as_text())
