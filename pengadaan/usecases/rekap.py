"""The rekap per OPD (``rekap``): counts per OPD with targets, TEPRA colour, score and
rank (pengadaan/domain/kinerja.py). Reads through ``db.reading()``
(pengadaan/db/reading.py), so a ``rekap --format json`` run is answered from cached SQL
without importing SQLAlchemy; the ORM database runs the same statements
(pengadaan/db/statements.py). Packages are those of the as-of date's fiscal year."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from pengadaan.db import statements
from pengadaan.domain.kinerja import (
    Capaian,
    div_half_up,
    effective_curve,
    komponen,
    month_end_target,
    ratio_bp,
    skor_bp,
    target_on,
    warna,
)
from pengadaan.domain.lateness import ambang
from pengadaan.usecases.reads import kalender_read

if TYPE_CHECKING:
    from pengadaan.db.reading import CachedDatabase
    from pengadaan.db.uow import Database

TOTAL_OPD = "KABUPATEN"


@dataclass(frozen=True)
class BarisRekap:
    """One OPD (or the kabupaten total) as of a date. Percentages in basis points.

    The fields are in the order ``rekap --format json`` shows them (json_output.py
    derives its document from them); ``peringkat`` is set after ranking."""

    peringkat: int | None = field(default=None, kw_only=True)
    opd: str
    nama: str
    paket: int
    pagu: int
    rencana: int
    pemilihan: int
    kontrak_pelaksanaan: int
    selesai: int
    gagal_batal: int
    tepat_waktu_bp: int | None
    terkontrak_bp: int | None
    terlambat: int
    # Terlambat packages without a kendala open on the as-of date: late and nobody said
    # why, what the Sekda asks about first (issue #13).
    terlambat_tanpa_kendala: int
    kritis: int
    nilai_kontrak: int
    realisasi_keuangan: int
    penyerapan_bp: int | None
    target_bp: int  # at the as-of date (kinerja.target_on): deviasi, warna, skor use it
    target_akhir_bulan_bp: int  # the month-end target, shown beside it
    deviasi_bp: int | None
    warna: str | None
    skor_bp: int | None
    komponen: dict[str, int] | None
    # Issue #17 (docs/proyeksi.md): expected absorption on 31 December, and the money the
    # forecast expects lost this year.
    proyeksi_akhir_tahun_bp: int | None = None
    dana_berisiko: int = 0


@dataclass(frozen=True)
class Rekap:
    per: date
    tahun: int
    baris: list[BarisRekap]  # ranked first, then OPDs without packages
    total: BarisRekap


_COUNTS = ("paket", "pagu", "rencana", "pemilihan", "kontrak_pelaksanaan", "selesai",
           "gagal_batal", "pemilihan_jatuh_tempo", "pemilihan_tepat", "perlu_kontrak",
           "terkontrak", "terbuka", "terlambat", "terlambat_tanpa_kendala", "kritis",
           "nilai_kontrak", "realisasi")


def _baris(kode: str, nama: str, n: dict[str, int], target_bp: int,
           akhir_bulan_bp: int) -> BarisRekap:
    """Score one set of counts (an OPD's, or the kabupaten's summed ones) against the
    target at the as-of date."""
    scored = n["paket"] > 0
    penyerapan = ratio_bp(n["realisasi"], n["pagu"]) if scored else None
    deviasi = None if penyerapan is None else penyerapan - target_bp
    parts = None
    if scored:
        parts = komponen(Capaian(
            n["paket"], n["realisasi"], n["pagu"], target_bp, n["pemilihan_jatuh_tempo"],
            n["pemilihan_tepat"], n["perlu_kontrak"], n["terkontrak"], n["terbuka"],
            n["terlambat"], n["kritis"]))
    return BarisRekap(
        kode, nama, n["paket"], n["pagu"], n["rencana"], n["pemilihan"],
        n["kontrak_pelaksanaan"], n["selesai"], n["gagal_batal"],
        ratio_bp(n["pemilihan_tepat"], n["pemilihan_jatuh_tempo"]),
        ratio_bp(n["terkontrak"], n["perlu_kontrak"]), n["terlambat"],
        n["terlambat_tanpa_kendala"], n["kritis"], n["nilai_kontrak"], n["realisasi"],
        penyerapan, target_bp, akhir_bulan_bp, deviasi, warna(deviasi),
        None if parts is None else skor_bp(parts), parts)


def _rank(rows: list[BarisRekap]) -> list[BarisRekap]:
    """Highest score first; ties by deviasi, then larger pagu, then kode. OPDs without
    packages this year are listed last, unranked."""
    scored = sorted((r for r in rows if r.skor_bp is not None),
                    key=lambda r: (-r.skor_bp, -(r.deviasi_bp or 0), -r.pagu, r.opd))
    rest = sorted((r for r in rows if r.skor_bp is None), key=lambda r: r.opd)
    return [replace(r, peringkat=i) for i, r in enumerate(scored, start=1)] + rest


def rekap(db: Database | CachedDatabase, as_of: date, forecast: bool = True) -> Rekap:
    """One row per OPD plus the kabupaten total, as of ``as_of``; with ``forecast``,
    the year-end forecast's columns (issue #17; a second pass over the year's packages,
    which the TUI's rekap, not showing them, skips)."""
    tahun = as_of.year
    with db.reading() as read:
        a = ambang(as_of, kalender_read(read, as_of), db.settings.hampir_hari_kerja)
        counts = statements.rekap_counts(
            read(statements.REKAP_TAHAP, tahun=tahun, a=a),
            read(statements.REKAP_TEPAT, tahun=tahun, as_of=as_of),
            read(statements.REKAP_REALISASI, tahun=tahun, as_of=as_of))
        opds = [(o.id, o.singkatan, o.nama) for o in read(statements.OPD_SEMUA)]
        targets = statements.target_map(read(statements.TARGET, tahun=tahun, opd_id=None))
        if forecast:
            from pengadaan.usecases.proyeksi import per_opd  # it names the total as we do

            found = per_opd(read, as_of)
    rows, total = [], dict.fromkeys(_COUNTS, 0)
    weighted = [0, 0]  # Σ target × pagu: at the date, at month end
    for opd_id, singkatan, nama in opds:
        row = counts.get(opd_id)
        n = row if row is not None else dict.fromkeys(_COUNTS, 0)
        pair = _targets(effective_curve(targets.get(opd_id, {})), as_of)
        rows.append(_baris(singkatan, nama, n, *pair))
        for k in _COUNTS:
            total[k] += n[k]
        weighted = [w + t * n["pagu"] for w, t in zip(weighted, pair, strict=True)]
    # The kabupaten target is the OPD targets weighted by pagu (what the plan adds up to).
    total_pair = ([div_half_up(w, total["pagu"]) for w in weighted] if total["pagu"]
                  else _targets(effective_curve({}), as_of))
    whole = _baris(TOTAL_OPD, "Total kabupaten", total, *total_pair)
    if forecast:
        rows = [_with_forecast(r, found.get(opd_id)) for r, (opd_id, _s, _n) in zip(
            rows, opds, strict=True)]
        whole = _with_forecast(whole, found.get(None))
    return Rekap(as_of, tahun, _rank(rows), whole)


def _with_forecast(row: BarisRekap, forecast: tuple[int, int] | None) -> BarisRekap:
    """The row with the year-end forecast's absorption and dana berisiko (issue #17)."""
    if forecast is None:
        return row
    terserap, berisiko = forecast
    return replace(row, proyeksi_akhir_tahun_bp=ratio_bp(terserap, row.pagu),
                   dana_berisiko=berisiko)


def _targets(curve: list[int], day: date) -> tuple[int, int]:
    """The target at ``day`` and at its month end."""
    return target_on(curve, day), month_end_target(curve, day)
