"""The statements a read-only report runs, named for the SQL cache (issue #15).

Each is built in one place, with SQLAlchemy (``target``: the builder); a
:class:`pengadaan.db.reading.Statement` adds what a run needs without building it:
``shape``, what changes the SQL text, and ``params``, its named input values. This
module imports neither SQLAlchemy nor the models: a cron run reads the compiled text
from the cache (pengadaan/db/reading.py) and hands these values to the driver.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pengadaan.db.reading import Statement

from pengadaan.domain.lateness import Ambang


def ambang_parameters(a: Ambang) -> dict[str, object]:
    """The values of ``a`` the lateness conditions take by name
    (db/lateness_sql.as_of_inputs). A name is one value in a statement: ``tahun_per``
    (the as-of year) is not the ``tahun`` a list filters on (:func:`_filter_params`)."""
    return {"as_of": a.as_of, "tahun_per": a.as_of.year, "hampir_sampai": a.hampir_sampai,
            "sppbj_sebelum": a.sppbj_sebelum}


def _opd(opd_id: int | None) -> dict[str, int]:
    return {} if opd_id is None else {"opd_id": opd_id}


# The administrator's added days off between two dates (db/kalender.additions_query).
KALENDER_TAMBAHAN = Statement(
    "pengadaan.db.kalender:additions_query",
    shape=lambda first, last: (),
    params=lambda first, last: {"first": first, "last": last})

# The id of an OPD by kode or singkatan (db/repository.find_opd_query).
OPD_ID = Statement(
    "pengadaan.db.repository:find_opd_query",
    shape=lambda text: (),
    params=lambda text: {"key": text.strip().lower()})


def _kendala(target: str) -> Statement:
    return Statement(target, shape=lambda as_of, opd_id: (opd_id is not None,),
                     params=lambda as_of, opd_id: {"as_of": as_of, **_opd(opd_id)})


# The kendala open on a date, and their tindak lanjut (db/kendala.py).
KENDALA_TERBUKA = _kendala("pengadaan.db.kendala:open_kendala_query")
TINDAK_LANJUT_TERBUKA = _kendala("pengadaan.db.kendala:open_follow_up_query")


def latest_open(kendala_rows: Iterable[Any], follow_up_rows: Iterable[Any]
                ) -> dict[int, tuple[Any, Any | None]]:
    """Per paket id, its latest open kendala (rows in recording order, with ``id`` and
    ``paket_id``) and that kendala's latest tindak lanjut (rows oldest first, with
    ``kendala_id``), or None."""
    latest = {row.paket_id: row for row in kendala_rows}
    newest = {row.kendala_id: row for row in follow_up_rows}
    return {paket_id: (row, newest.get(row.id)) for paket_id, row in latest.items()}

# The alerts (db/lateness_sql.alert_query): the jenis at risk this late in the year and
# the flags asked for change the text; the dates and the OPD are inputs.
PERINGATAN = Statement(
    "pengadaan.db.lateness_sql:alert_query",
    shape=lambda a, opd_id, flags: (a.jenis_berisiko, opd_id is not None, flags),
    params=lambda a, opd_id, flags: {**ambang_parameters(a), **_opd(opd_id)})


@dataclass(frozen=True)
class PaketFilter:
    """What a list may be narrowed to; ``None`` means no narrowing."""

    opd_id: int | None = None
    tahap: Sequence[str] | None = None
    metode: str | None = None
    jenis: str | None = None
    tahun: int | None = None
    cari: str | None = None


def cari_pattern(text: str) -> str:
    """``--cari``: a piece of the kode or the name, in any case."""
    return f"%{text.lower()}%"


def _filter_params(flt: PaketFilter) -> dict[str, Any]:
    named = {"opd_id": flt.opd_id, "metode": flt.metode or None, "jenis": flt.jenis or None,
             "tahun": flt.tahun, "cari": cari_pattern(flt.cari) if flt.cari else None}
    return {name: value for name, value in named.items() if value is not None}


# A page of paket (db/repository.list_query): which filters are set and the stages
# asked for change the text; the filter values, the limit and the offset are inputs.
PAKET_DAFTAR = Statement(
    "pengadaan.db.repository:list_query",
    shape=lambda flt, limit, offset: (tuple(_filter_params(flt)), tuple(flt.tahap or ()),
                                      limit is not None),
    params=lambda flt, limit, offset: {**_filter_params(flt), "offset": offset,
                                       **({} if limit is None else {"limit": limit})})
