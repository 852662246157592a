"""Queries of the Rapor OPD: one GROUP BY per OPD, absorption, absorption targets.

Every count and sum happens in SQL (one pass over the year's packages); Python only
merges the ~30 OPD rows with their targets and scores them.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from pengadaan.lateness_rules import LATE_MIN_SEVERITY, Ambang
from pengadaan.vocabulary import FINAL_TAHAP, TAHAP, Kelompok

from . import lateness_sql as late
from .models import Jadwal, Paket, Progres, TargetSerapan
from .progres import latest_progress_subquery


def _tahap(*groups: Kelompok) -> tuple[str, ...]:
    return tuple(code for code, (_label, group) in TAHAP.items() if group in groups)


# Coarse stages of the rekap (issue #8); serah terima/pemeliharaan still runs a contract.
KELOMPOK_REKAP: dict[str, tuple[str, ...]] = {
    "rencana": _tahap(Kelompok.PERENCANAAN),
    "pemilihan": _tahap(Kelompok.PEMILIHAN),
    "kontrak_pelaksanaan": _tahap(Kelompok.KONTRAK, Kelompok.PELAKSANAAN,
                                  Kelompok.SERAH_TERIMA),
    "selesai": _tahap(Kelompok.SELESAI),
    "gagal_batal": _tahap(Kelompok.GAGAL, Kelompok.BATAL),
}
PEMILIHAN = _tahap(Kelompok.PEMILIHAN)
# A contract was signed: kontrak and everything after it (putus kontrak included).
TERKONTRAK = ("kontrak", *_tahap(Kelompok.PELAKSANAAN, Kelompok.SERAH_TERIMA,
                                 Kelompok.SELESAI), "putus_kontrak")
EKSEKUSI = _tahap(Kelompok.PELAKSANAAN)
# Stages of the kontrak kritis escalation (issue #5): kritis whatever the last report.
ESKALASI_KRITIS = ("kritis", "scm_1", "scm_2", "scm_3", "sp_1", "sp_2", "sp_3")
TERBUKA_KECUALI = tuple(FINAL_TAHAP)


def _count(condition) -> sa.ColumnElement:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def terlambat_condition(a: Ambang) -> sa.ColumnElement[bool]:
    """Late (issue #3): at least one red lateness flag (terlambat, belum mulai, kontrak
    tertunda, lewat kontrak), the lateness module's own SQL; needs the join of
    :func:`_with_stage`."""
    return late.severity(late.conditions(a)) >= LATE_MIN_SEVERITY


def _with_stage(query):
    """Join the current stage's schedule row, as the lateness conditions expect."""
    return query.outerjoin(late.J, sa.and_(late.J.c.paket_id == Paket.id,
                                           late.J.c.tahap == Paket.tahap))


def kritis_condition(latest) -> sa.ColumnElement[bool]:
    """Kontrak kritis (issue #5): a contract under way whose report in force is kritis,
    or which is in the SCM / surat peringatan escalation."""
    return sa.and_(Paket.tahap.in_(EKSEKUSI), sa.or_(
        latest.c.kritis.is_(True), Paket.tahap.in_(ESKALASI_KRITIS)))


def keuangan_subquery(as_of: date, opd_id: int | None = None):
    """Per paket, the cumulative realisasi keuangan of the latest report on or before
    ``as_of`` that states one (a report without keuangan does not reset it)."""
    ranked = sa.select(
        Progres.paket_id, Progres.keuangan,
        sa.func.row_number().over(
            partition_by=Progres.paket_id,
            order_by=(Progres.tanggal.desc(), Progres.id.desc())).label("urut"),
    ).where(Progres.tanggal <= as_of, Progres.keuangan.is_not(None))
    if opd_id is not None:
        ranked = ranked.join(Paket, Paket.id == Progres.paket_id).where(Paket.opd_id == opd_id)
    ranked = ranked.subquery()
    return (sa.select(ranked.c.paket_id, ranked.c.keuangan)
            .where(ranked.c.urut == 1).subquery("keuangan_terakhir"))


def rekap_query(tahun: int, a: Ambang, opd_id: int | None = None) -> sa.Select:
    """One row per OPD that has packages in ``tahun``: counts and sums as of ``a.as_of``."""
    as_of = a.as_of
    keuangan = keuangan_subquery(as_of, opd_id)
    latest = latest_progress_subquery(as_of)
    j = aliased(Jadwal)
    tanpa_swakelola = sa.and_(Paket.metode != "swakelola", Paket.tahap != "batal")
    jatuh_tempo = sa.and_(tanpa_swakelola, Paket.tgl_awal_pemilihan <= as_of)
    tepat = sa.and_(jatuh_tempo, sa.exists().where(
        j.paket_id == Paket.id, j.tahap.in_(PEMILIHAN),
        j.realisasi_mulai <= Paket.tgl_awal_pemilihan))
    columns = [
        Paket.opd_id.label("opd_id"),
        sa.func.count(Paket.id).label("paket"),
        sa.func.coalesce(sa.func.sum(Paket.pagu), 0).label("pagu"),
        *(_count(Paket.tahap.in_(stages)).label(name)
          for name, stages in KELOMPOK_REKAP.items()),
        _count(jatuh_tempo).label("pemilihan_jatuh_tempo"),
        _count(tepat).label("pemilihan_tepat"),
        _count(tanpa_swakelola).label("perlu_kontrak"),
        _count(sa.and_(tanpa_swakelola, Paket.tahap.in_(TERKONTRAK))).label("terkontrak"),
        _count(Paket.tahap.notin_(TERBUKA_KECUALI)).label("terbuka"),
        _count(terlambat_condition(a)).label("terlambat"),
        _count(kritis_condition(latest)).label("kritis"),
        sa.func.coalesce(sa.func.sum(Paket.nilai_kontrak), 0).label("nilai_kontrak"),
        sa.func.coalesce(sa.func.sum(keuangan.c.keuangan), 0).label("realisasi"),
    ]
    query = (
        _with_stage(sa.select(*columns).select_from(Paket))
        .outerjoin(keuangan, keuangan.c.paket_id == Paket.id)
        .outerjoin(latest, latest.c.paket_id == Paket.id)
        .where(Paket.tahun == tahun)
        .group_by(Paket.opd_id)
    )
    if opd_id is not None:
        query = query.where(Paket.opd_id == opd_id)
    return query


def rekap_per_opd(session: Session, tahun: int, a: Ambang) -> dict[int, sa.Row]:
    """:func:`rekap_query` rows by opd_id."""
    return {row.opd_id: row for row in session.execute(rekap_query(tahun, a))}


def realisasi_opd(session: Session, opd_id: int, tahun: int, on: date) -> int:
    """Sum of the OPD's cumulative realisasi keuangan on ``on`` (packages of ``tahun``)."""
    keuangan = keuangan_subquery(on, opd_id)
    query = (sa.select(sa.func.coalesce(sa.func.sum(keuangan.c.keuangan), 0))
             .select_from(keuangan).join(Paket, Paket.id == keuangan.c.paket_id)
             .where(Paket.tahun == tahun))
    return session.execute(query).scalar_one()


def in_year(session: Session, kodes: list[str], tahun: int) -> set[str]:
    """Which of ``kodes`` are packages of ``tahun``."""
    if not kodes:
        return set()
    query = sa.select(Paket.kode).where(Paket.kode.in_(kodes), Paket.tahun == tahun)
    return set(session.execute(query).scalars())


def kritis_paket(session: Session, opd_id: int, tahun: int, as_of: date) -> list[sa.Row]:
    """The OPD's kritis packages with their report in force (if any)."""
    latest = latest_progress_subquery(as_of)
    query = (
        sa.select(Paket.kode, Paket.nama, Paket.tahap, Paket.tgl_kontrak_selesai,
                  latest.c.fisik_bp, latest.c.rencana_bp, latest.c.tanggal)
        .outerjoin(latest, latest.c.paket_id == Paket.id)
        .where(Paket.opd_id == opd_id, Paket.tahun == tahun, kritis_condition(latest))
        .order_by(Paket.kode)
    )
    return list(session.execute(query))


# --- targets ---------------------------------------------------------------------------


def targets(session: Session, tahun: int, opd_id: int | None = None) -> dict[int, dict[int, int]]:
    """Entered targets of ``tahun``: ``{opd_id: {bulan: persen_bp}}``."""
    query = sa.select(TargetSerapan.opd_id, TargetSerapan.bulan, TargetSerapan.persen_bp).where(
        TargetSerapan.tahun == tahun)
    if opd_id is not None:
        query = query.where(TargetSerapan.opd_id == opd_id)
    result: dict[int, dict[int, int]] = {}
    for row in session.execute(query):
        result.setdefault(row.opd_id, {})[row.bulan] = row.persen_bp
    return result


def upsert_target(session: Session, opd_id: int, tahun: int, bulan: int, persen_bp: int,
                  when, oleh: str) -> None:
    """Insert or overwrite one month's target (inside the caller's unit of work)."""
    row = session.exec(select(TargetSerapan).where(
        TargetSerapan.opd_id == opd_id, TargetSerapan.tahun == tahun,
        TargetSerapan.bulan == bulan)).first()
    if row is None:
        row = TargetSerapan(opd_id=opd_id, tahun=tahun, bulan=bulan, persen_bp=persen_bp,
                            diubah=when, oleh=oleh)
    else:
        row.persen_bp, row.diubah, row.oleh = persen_bp, when, oleh
    session.add(row)

