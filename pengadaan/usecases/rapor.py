"""Rapor OPD use cases: one OPD's report card (late packages, monthly absorption against
target), beside the per-OPD rekap with TEPRA colours and ranking (usecases/rekap.py).

Counting happens in SQL (db/rapor.py, four GROUP BY per OPD); this module adds the targets,
the colour band and the score (pengadaan/kinerja.py) to the ~30 OPD rows.
Packages are those of the as-of date's fiscal year; stages are their current ones.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date

from pengadaan.db import kendala as kendala_q
from pengadaan.db import rapor as q
from pengadaan.db.uow import Database
from pengadaan.domain.alert_kinds import FLAG_LABEL, LATE_MIN_SEVERITY
from pengadaan.domain.execution.kritis import kritis_reason
from pengadaan.domain.formatting import rupiah, tanggal
from pengadaan.domain.kendala import lateness_reason
from pengadaan.domain.kinerja import effective_curve, ratio_bp, warna
from pengadaan.domain.schedule import first_deadline
from pengadaan.domain.vocabulary import tahap_label
from pengadaan.usecases import alerts as alerts_uc
from pengadaan.usecases.lookup import require_opd
from pengadaan.usecases.rekap import (  # noqa: F401  (the rekap's types re-exported)
    TOTAL_OPD,
    BarisRekap,
    Rekap,
    _targets,
    rekap,
)

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
    bermasalah = [t.paket for t in _bermasalah(db, whole.tahun, as_of, opd_id, singkatan)]
    dinilai = sum(1 for r in whole.baris if r.peringkat is not None)
    return RaporOpd(as_of, whole.tahun, row, dinilai, bermasalah, bulanan)


@dataclass(frozen=True)
class PaketTerburuk:
    """A late or kritis package of the kabupaten, with its OPD (the Rapim's list)."""

    opd: str
    paket: PaketBermasalah


def terburuk(db: Database, as_of: date, n: int) -> list[PaketTerburuk]:
    """The kabupaten's ``n`` worst packages as of ``as_of``, in the rapor's order (the
    longest late first, then kritis), each with its kendala and tindak lanjut; a package
    with two flags has two rows, as in the rapor."""
    found = _bermasalah(db, as_of.year, as_of, None, None)
    worst = list(dict.fromkeys(t.paket.kode for t in found))[:n]
    return [t for t in found if t.paket.kode in set(worst)]


def _bermasalah(db: Database, tahun: int, as_of: date, opd_id: int | None,
                opd: str | None) -> list[PaketTerburuk]:
    """Late and kritis packages of one OPD (None: all), the longest late first."""
    with db.unit_of_work() as uow:
        kritis = _kritis_packages(uow.session, opd_id, tahun, as_of)
        reasons = _reasons(uow.session, opd_id, as_of)
    late = _late_packages(db, opd, tahun, as_of)
    found = (PaketTerburuk(t.opd, replace(t.paket, **reasons.get(t.paket.kode, {})))
             for t in late + kritis)
    return sorted(found, key=lambda t: (-(t.paket.hari or 0), t.paket.kode))


def _reasons(session, opd_id: int | None, as_of: date) -> dict[str, dict[str, str | None]]:
    """Per paket kode of the OPD (None: all), its Kendala and Tindak Lanjut texts."""
    found = kendala_q.open_on(session, as_of, opd_id)
    result = {}
    for paket_id, (kode, note) in kendala_q.progress_notes(session, as_of, opd_id).items():
        kendala, tindak_lanjut = lateness_reason(*found.get(paket_id, (None, None)), note)
        if kendala is not None:
            result[kode] = {"kendala": kendala, "tindak_lanjut": tindak_lanjut}
    return result


def _late_packages(db: Database, opd: str | None, tahun: int, as_of: date
                   ) -> list[PaketTerburuk]:
    """The OPD's (None: every OPD's) red lateness alerts (issue #3) on packages of
    ``tahun``."""
    alerts = [a for a in alerts_uc.alerts(db, as_of, opd=opd, with_kendala=False, forecast=False)
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
        result.append(PaketTerburuk(a.opd, PaketBermasalah(
            a.kode, a.nama, a.tahap, a.peringatan, a.batas, a.hari, reason,
            batas_awal=awal if diubah else None, diubah=diubah)))
    return result


def _kritis_packages(session, opd_id: int | None, tahun: int, as_of: date
                     ) -> list[PaketTerburuk]:
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
        result.append(PaketTerburuk(r.opd, PaketBermasalah(
            r.kode, r.nama, r.tahap, "kritis", None, None, reason)))
    return result
