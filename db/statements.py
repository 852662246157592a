"""The statements a read-only report runs, named for the SQL cache (issue #15).

Each is built in one place, with SQLAlchemy (``target``: the builder); a
:class:`pengadaan.db.reading.Statement` adds what a run needs without building it:
``shape``, what changes the SQL text, and ``params``, its named input values. This
module imports neither SQLAlchemy nor the models: a cron run reads the compiled text
from the cache (pengadaan/db/reading.py) and hands these values to the driver.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from pengadaan.db.reading import Statement

from pengadaan.domain.vocabulary import FINAL_TAHAP, PLANNING, SELECTION, Kelompok, tahap_in

if TYPE_CHECKING:  # the lateness rules (and the calendar) load only where they judge
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

# The reference date and nilai kontrak of the lewat_kontrak alerts, for their denda
# (db/lateness_sql.lewat_kontrak_query), the dates as text: they are only grouped on.
LEWAT_KONTRAK = Statement(
    "pengadaan.db.lateness_sql:lewat_kontrak_query",
    shape=lambda a, opd_id: (opd_id is not None,),
    params=lambda a, opd_id: {**ambang_parameters(a), **_opd(opd_id)},
    text_dates=True)

# The alerts (db/lateness_sql.alert_query): the jenis at risk this late in the year and
# the flags asked for change the text; the dates and the OPD are inputs.
PERINGATAN = Statement(
    "pengadaan.db.lateness_sql:alert_query",
    shape=lambda a, opd_id, flags: (a.jenis_berisiko, opd_id is not None, flags),
    params=lambda a, opd_id, flags: {**ambang_parameters(a), **_opd(opd_id)})


# The year-end forecast (db/proyeksi.py, issue #17): the signed contracts of the year,
# and every paket's facts; the facts asked for, the OPD filter and the stages skipped
# change the text; the year, the as-of date and the start of the pace window are inputs.
PROYEKSI_KONTRAK = Statement(
    "pengadaan.db.proyeksi:contract_ratio_query", shape=lambda tahun: (),
    params=lambda tahun: {"tahun": tahun})
PROYEKSI = Statement(
    "pengadaan.db.proyeksi:rows_query",
    shape=lambda tahun, as_of, before, fields, opd_id, skip: (
        tuple(fields), opd_id is not None, tuple(skip)),
    params=lambda tahun, as_of, before, fields, opd_id, skip: {
        "tahun": tahun, "as_of": as_of, "sebelum": before, **_opd(opd_id)})
# The paket whose forecast is what they paid, summed per OPD: the stages change the text.
PROYEKSI_DIBAYAR = Statement(
    "pengadaan.db.proyeksi:paid_query",
    shape=lambda tahun, as_of, tahap, opd_id: (tuple(tahap), opd_id is not None),
    params=lambda tahun, as_of, tahap, opd_id: {"tahun": tahun, "as_of": as_of,
                                                 **_opd(opd_id)})


class PaketFilter(NamedTuple):
    """What a list may be narrowed to; ``None`` means no narrowing. A named tuple: a
    dataclass costs ±3 million instructions to create, on every listing's start."""

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


# Coarse stages of the rekap (issue #8); serah terima/pemeliharaan still runs a contract.
KELOMPOK_REKAP: dict[str, tuple[str, ...]] = {
    "rencana": PLANNING,
    "pemilihan": SELECTION,
    "kontrak_pelaksanaan": tahap_in(Kelompok.KONTRAK, Kelompok.PELAKSANAAN,
                                    Kelompok.SERAH_TERIMA),
    "selesai": tahap_in(Kelompok.SELESAI),
    "gagal_batal": tahap_in(Kelompok.GAGAL, Kelompok.BATAL),
}
# A contract was signed: kontrak and everything after it (putus kontrak included).
TERKONTRAK = ("kontrak", *tahap_in(Kelompok.PELAKSANAAN, Kelompok.SERAH_TERIMA,
                                   Kelompok.SELESAI), "putus_kontrak")
TERBUKA_KECUALI = tuple(FINAL_TAHAP)
COUNTS = ("paket", "pagu", *KELOMPOK_REKAP, "pemilihan_jatuh_tempo", "pemilihan_tepat",
          "perlu_kontrak", "terkontrak", "terbuka", "terlambat", "terlambat_tanpa_kendala",
          "kritis", "nilai_kontrak", "realisasi")

# The rekap (db/rapor.py): counts per OPD and stage, on-time starts, realisasi; the year
# and the as-of dates are inputs, the jenis at risk this late in the year change the text.
REKAP_TAHAP = Statement(
    "pengadaan.db.rapor:stage_query", shape=lambda tahun, a: (a.jenis_berisiko,),
    params=lambda tahun, a: {**ambang_parameters(a), "tahun": tahun})
REKAP_TEPAT = Statement(
    "pengadaan.db.rapor:tepat_query", shape=lambda tahun, as_of: (),
    params=lambda tahun, as_of: {"tahun": tahun, "as_of": as_of})
REKAP_REALISASI = Statement(
    "pengadaan.db.rapor:realisasi_query", shape=lambda tahun, as_of: (),
    params=lambda tahun, as_of: {"tahun": tahun, "as_of": as_of})
# Every OPD (db/repository.opd_rows_query), and the absorption targets of a year.
OPD_SEMUA = Statement("pengadaan.db.repository:opd_rows_query", shape=lambda: (),
                      params=lambda: {})
TARGET = Statement(
    "pengadaan.db.rapor:targets_query", shape=lambda tahun, opd_id: (opd_id is not None,),
    params=lambda tahun, opd_id: {"tahun": tahun, **_opd(opd_id)})


def rekap_counts(stage_rows: Iterable[Any], tepat_rows: Iterable[Any],
                 realisasi_rows: Iterable[Any]) -> dict[int, dict[str, int]]:
    """The rekap's counts and sums per opd_id from the rows of :data:`REKAP_TAHAP` (per
    OPD, tahap and swakelola), :data:`REKAP_TEPAT` and :data:`REKAP_REALISASI`
    (``opd_id``, ``n``): what depends on the stage alone is folded here."""
    result: dict[int, dict[str, int]] = {}
    for row in stage_rows:
        n = result.setdefault(row.opd_id, dict.fromkeys(COUNTS, 0))
        count = int(row.paket)
        for key in ("paket", "pagu", "nilai_kontrak", "terlambat", "terlambat_tanpa_kendala",
                    "kritis"):
            n[key] += int(getattr(row, key))
        for name, stages in KELOMPOK_REKAP.items():
            if row.tahap in stages:
                n[name] += count
        if row.tahap not in TERBUKA_KECUALI:
            n["terbuka"] += count
        if not row.swakelola and row.tahap != "batal":
            n["perlu_kontrak"] += count
            n["pemilihan_jatuh_tempo"] += int(row.jatuh_tempo)
            if row.tahap in TERKONTRAK:
                n["terkontrak"] += count
    for rows, key in ((tepat_rows, "pemilihan_tepat"), (realisasi_rows, "realisasi")):
        for row in rows:
            result[row.opd_id][key] += int(row.n or 0)
    return result


def target_map(rows: Iterable[Any]) -> dict[int, dict[int, int]]:
    """Rows of :data:`TARGET` as ``{opd_id: {bulan: persen_bp}}``."""
    result: dict[int, dict[int, int]] = {}
    for row in rows:
        result.setdefault(row.opd_id, {})[row.bulan] = row.persen_bp
    return result


# -- The TUI's first paint (issue #15): the dashboard's page, its count and summary, and
# who acts, read from cached SQL; the ORM is imported once the screen is drawn.

def _page_filter_shape(flt: PaketFilter) -> tuple:
    return tuple(_filter_params(flt)), tuple(flt.tahap or ())


# One page of the dashboard (db/lateness_sql.status_page_query): the filters set, the
# order and the jenis at risk change the text; the values, offset and limit are inputs.
DASBOR_HALAMAN = Statement(
    "pengadaan.db.lateness_sql:status_page_query",
    shape=lambda a, flt, only_late, sort, descending, offset, limit: (
        a.jenis_berisiko, _page_filter_shape(flt), only_late, sort, descending,
        limit is not None),
    params=lambda a, flt, only_late, sort, descending, offset, limit: {
        **ambang_parameters(a), **_filter_params(flt), "offset": offset,
        **({} if limit is None else {"limit": limit})})
# How many paket that filter keeps (db/lateness_sql.status_count_query).
DASBOR_JUMLAH = Statement(
    "pengadaan.db.lateness_sql:status_count_query",
    shape=lambda a, flt, only_late: (a.jenis_berisiko if only_late else None,
                                     _page_filter_shape(flt), only_late),
    params=lambda a, flt, only_late: {**(ambang_parameters(a) if only_late else {}),
                                      **_filter_params(flt)})
# The dashboard's summary (db/lateness_sql.summary_query) and realisasi keuangan
# (db/rapor.realisasi_sum_query).
DASBOR_RINGKASAN = Statement(
    "pengadaan.db.lateness_sql:summary_query",
    shape=lambda a, opd_id: (a.jenis_berisiko, opd_id is not None),
    params=lambda a, opd_id: {**ambang_parameters(a), **_opd(opd_id)})
REALISASI_TOTAL = Statement(
    "pengadaan.db.rapor:realisasi_sum_query",
    shape=lambda on, opd_id: (opd_id is not None,),
    params=lambda on, opd_id: {"as_of": on, **_opd(opd_id)})
# Who acts (db/pengguna.acting_query_sqlite): SQLite only, as the cached path itself.
PELAKU_SQLITE = Statement(
    "pengadaan.db.pengguna:acting_query_sqlite", shape=lambda nama, kunci: (),
    params=lambda nama, kunci: {"nama": nama, "kunci": kunci})
