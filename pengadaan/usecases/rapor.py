"""Rapor OPD use cases: the per-OPD rekap with TEPRA colours and ranking, and one OPD's
report card (late packages, monthly absorption against target).

Counting happens in SQL (db/rapor.py, four GROUP BY per OPD); this module adds the targets,
the colour band and the score (pengadaan/kinerja.py) to the ~30 OPD rows.
Packages are those of the as-of date's fiscal year; stages are their current ones.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date

from pengadaan.db import kendala as kendala_q
from pengadaan.db import rapor as q
from pengadaan.db import repository as repo
from pengadaan.db.uow import Database
from pengadaan.domain.execution.kritis import kritis_reason
from pengadaan.domain.formatting import rupiah, tanggal
from pengadaan.domain.kendala import lateness_reason
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
from pengadaan.domain.lateness import (
    FLAG_LABEL,
    LATE_MIN_SEVERITY,
    Ambang,
    ambang,
)
from pengadaan.domain.schedule import first_deadline
from pengadaan.domain.vocabulary import tahap_label
from pengadaan.settings import Settings
from pengadaan.usecases import lateness
from pengadaan.usecases.kalender import kalender_for
from pengadaan.usecases.lookup import require_opd

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


def _ambang(session, as_of: date, settings: Settings) -> Ambang:
    """The lateness thresholds of ``as_of`` (working days from the calendar)."""
    return ambang(as_of, kalender_for(session, as_of), settings.hampir_hari_kerja)


def _rank(rows: list[BarisRekap]) -> list[BarisRekap]:
    """Highest score first; ties by deviasi, then larger pagu, then kode. OPDs without
    packages this year are listed last, unranked."""
    scored = sorted((r for r in rows if r.skor_bp is not None),
                    key=lambda r: (-r.skor_bp, -(r.deviasi_bp or 0), -r.pagu, r.opd))
    rest = sorted((r for r in rows if r.skor_bp is None), key=lambda r: r.opd)
    return [replace(r, peringkat=i) for i, r in enumerate(scored, start=1)] + rest


def rekap(db: Database, as_of: date, forecast: bool = True) -> Rekap:
    """One row per OPD plus the kabupaten total, as of ``as_of``; with ``forecast``,
    the year-end forecast's columns (issue #17; a second pass over the year's packages,
    which the TUI's rekap, not showing them, skips)."""
    tahun = as_of.year
    with db.unit_of_work() as uow:
        counts = q.rekap_per_opd(uow.session, tahun, _ambang(uow.session, as_of, db.settings))
        opds = [(o.id, o.singkatan, o.nama) for o in repo.list_opd(uow.session)]
        targets = q.targets(uow.session, tahun)
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
        from pengadaan.usecases.proyeksi import per_opd  # it names the total as we do

        found = per_opd(db, as_of)
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


# --- one OPD ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PaketBermasalah:
    """A late or kritis package of the rapor, with why."""

    kode: str
    nama: str
    tahap: str
    peringatan: str
    batas: date | None
    hari: int | None  # calendar days past ``batas``
    alasan: str
    # Why, in the OPD's words (domain/kendala.lateness_reason): the open kendala and its
    # tindak lanjut, else the latest progress note marked as such.
    kendala: str | None = None
    tindak_lanjut: str | None = None
    # The first plan of ``batas`` and how often it moved (docs/aturan.md §3.5); lateness
    # is judged against ``batas``, the current plan.
    batas_awal: date | None = None
    diubah: int = 0


@dataclass(frozen=True)
class BulanSerapan:
    bulan: int
    sampai: date  # month end, or the as-of date in the current month
    target_bp: int  # at ``sampai`` (the month-end target except in the current month)
    target_akhir_bulan_bp: int
    realisasi: int
    penyerapan_bp: int | None
    deviasi_bp: int | None
    warna: str | None


@dataclass(frozen=True)
class RaporOpd:
    per: date
    tahun: int
    baris: BarisRekap
    dinilai: int  # how many OPDs are ranked
    bermasalah: list[PaketBermasalah]
    bulanan: list[BulanSerapan]


def rapor(db: Database, opd: str, as_of: date) -> RaporOpd:
    """One OPD's report card as of ``as_of``."""
    whole = rekap(db, as_of)
    with db.unit_of_work() as uow:
        found = require_opd(uow.session, opd)
        opd_id, singkatan = found.id, found.singkatan
        row = next(r for r in whole.baris if r.opd == singkatan)
        kritis = _kritis_packages(uow.session, opd_id, whole.tahun, as_of)
        reasons = _reasons(uow.session, opd_id, as_of)
        curve = effective_curve(q.targets(uow.session, whole.tahun, opd_id).get(opd_id, {}))
        bulanan = []
        for month in range(1, as_of.month + 1):
            end = date(whole.tahun, month, calendar.monthrange(whole.tahun, month)[1])
            sampai = min(end, as_of)
            realisasi = q.realisasi_sum(uow.session, sampai, opd_id, whole.tahun)
            serapan = ratio_bp(realisasi, row.pagu)
            target_bp, akhir_bulan_bp = _targets(curve, sampai)
            deviasi = None if serapan is None else serapan - target_bp
            bulanan.append(BulanSerapan(month, sampai, target_bp, akhir_bulan_bp, realisasi,
                                        serapan, deviasi, warna(deviasi)))
    late = _late_packages(db, singkatan, whole.tahun, as_of)
    dinilai = sum(1 for r in whole.baris if r.peringkat is not None)
    bermasalah = sorted((replace(p, **reasons.get(p.kode, {})) for p in late + kritis),
                        key=lambda p: (-(p.hari or 0), p.kode))
    return RaporOpd(as_of, whole.tahun, row, dinilai, bermasalah, bulanan)


def _reasons(session, opd_id: int, as_of: date) -> dict[str, dict[str, str | None]]:
    """Per paket kode of the OPD, its Kendala and Tindak Lanjut texts (when any)."""
    found = kendala_q.open_on(session, as_of, opd_id)
    result = {}
    for paket_id, (kode, note) in kendala_q.progress_notes(session, as_of, opd_id).items():
        kendala, tindak_lanjut = lateness_reason(*found.get(paket_id, (None, None)), note)
        if kendala is not None:
            result[kode] = {"kendala": kendala, "tindak_lanjut": tindak_lanjut}
    return result


def _late_packages(db: Database, opd: str, tahun: int, as_of: date) -> list[PaketBermasalah]:
    """The OPD's red lateness alerts (issue #3) on packages of ``tahun``."""
    alerts = [a for a in lateness.alerts(db, as_of, opd=opd)
              if a.severity >= LATE_MIN_SEVERITY]
    with db.unit_of_work() as uow:
        this_year = q.in_year(uow.session, sorted({a.kode for a in alerts}), tahun)
        changed = q.changed_plans(uow.session, sorted(this_year))
    result = []
    for a in alerts:
        if a.kode not in this_year:
            continue
        reason = f"{FLAG_LABEL[a.peringatan]}: {tahap_label(a.tahap)}, batas {tanggal(a.batas)}"
        if a.denda:
            reason += f", denda {rupiah(a.denda)}"
        awal, diubah = first_deadline(a.batas, a.tahap, changed.get(a.kode, {}))
        result.append(PaketBermasalah(a.kode, a.nama, a.tahap, a.peringatan, a.batas, a.hari,
                                      reason, batas_awal=awal if diubah else None,
                                      diubah=diubah))
    return result


def _kritis_packages(session, opd_id: int, tahun: int, as_of: date) -> list[PaketBermasalah]:
    """Kontrak kritis (issue #5): the report in force, or the SCM/SP escalation."""
    result = []
    for r in q.kritis_paket(session, opd_id, tahun, as_of):
        reason = None
        if r.rencana_bp is not None and r.fisik_bp is not None:
            reason = kritis_reason(r.rencana_bp, r.fisik_bp, r.tgl_kontrak_selesai, tahun)
        if reason is None:
            reason = f"dalam penanganan kontrak kritis ({tahap_label(r.tahap)})"
        elif r.tanggal is not None:
            reason = f"laporan {tanggal(r.tanggal)}: {reason}"
        result.append(PaketBermasalah(r.kode, r.nama, r.tahap, "kritis", None, None, reason))
    return result
