"""``peringatan --ringkas``: the dashboard's counts and the denda of lewat_kontrak,
without the alerts' types (usecases/alerts.py): a login banner or a cron run loads
neither the alert and kendala dataclasses nor builds one alert per row (issue #15)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from pengadaan.db import statements
from pengadaan.domain.alert_kinds import GOLONGAN, check_flag, golongan
from pengadaan.domain.lateness import ambang, denda_lewat_kontrak
from pengadaan.usecases.reads import (
    as_date,
    kalender_read,
    opd_id_read,
    summary_counts,
    summary_row,
)

if TYPE_CHECKING:
    from pengadaan.db.reading import CachedDatabase
    from pengadaan.db.uow import Database


class AlertCounts(NamedTuple):
    """What ``peringatan --ringkas`` prints: packages per golongan, alerts per kind and
    the denda of lewat_kontrak (:func:`counted`). A named tuple: a dataclass costs
    ±3 million instructions to create, on every ``--ringkas`` (issue #15)."""

    per_golongan: dict[str, int]
    per_flag: dict[str, int]
    denda: int

    def __bool__(self) -> bool:
        """Whether any alert holds (``--gagal-jika-ada`` exits 1)."""
        return any(self.per_flag.values())


def counted(db: Database | CachedDatabase, as_of: date, opd: str | None = None,
            flag: str | None = None) -> AlertCounts:
    """What ``peringatan --ringkas`` says: the dashboard's counts (``dasbor.summary``'s
    statement, no alert built to count it) and the denda of the lewat_kontrak alerts
    (only their reference dates and nilai kontrak, summed by
    ``domain/lateness.denda_lewat_kontrak`` as ``temuan`` judges each), in one read. With ``flag``,
    only that kind: its count, under the golongan it gives (the forecast's kind is not
    counted here, as on the dashboard)."""
    check_flag(flag)
    with db.reading() as read:
        kalender = kalender_read(read, as_of)
        a = ambang(as_of, kalender, db.settings.hampir_hari_kerja)
        opd_id = opd_id_read(read, opd)
        per_flag, per_golongan = summary_counts(summary_row(read, a, opd_id))
        denda = 0
        if flag in (None, "lewat_kontrak") and per_flag["lewat_kontrak"]:
            # Grouped by their reference date, read as text: 11,512 rows at 100k, about
            # 1,200 dates, each parsed and judged once.
            per_tgl: dict[str | date | None, list[int | None]] = {}
            for tgl, nilai in read(statements.LEWAT_KONTRAK, a=a, opd_id=opd_id):
                per_tgl.setdefault(tgl, []).append(nilai)
            denda = denda_lewat_kontrak({as_date(tgl): values
                                         for tgl, values in per_tgl.items()}, as_of)
    if flag is not None:
        n = per_flag.get(flag, 0)
        per_flag = {flag: n}
        per_golongan = {g: n if g in golongan((flag,)) else 0 for g in GOLONGAN}
    return AlertCounts(per_golongan, per_flag, denda)

