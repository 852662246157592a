"""Queries of the Rapor OPD: counts and sums per OPD (GROUP BY), absorption, targets.

Every count and sum happens in SQL; Python only folds a few hundred (OPD, tahap) rows
and scores the ~30 OPDs.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from pengadaan.db import lateness_sql as late
from pengadaan.db.inputs import named
from pengadaan.db.models import Jadwal, Opd, Paket, Progres, TargetSerapan
from pengadaan.db.progres import latest_progress_subquery
from pengadaan.db.statements import rekap_counts, target_map
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from pengadaan.domain.lateness import Ambang
from pengadaan.domain.vocabulary import SELECTION


def _count(condition) -> sa.ColumnElement:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _with_stage(query):
    """Join the current stage's schedule row, as the lateness conditions expect."""
    return query.outerjoin(late.J, sa.and_(late.J.c.paket_id == Paket.id,
                                           late.J.c.tahap == Paket.tahap))


def stage_query(tahun: int, a: Ambang) -> sa.Select:
    """Counts per (OPD, tahap, swakelola?): what depends on the stage alone is folded
    in Python from these few hundred rows, so each package costs only the date
    comparisons and the lateness module's own conditions (late, kontrak kritis)."""
    swakelola = Paket.metode == "swakelola"
    as_of = late.as_of_inputs(a)["as_of"]
    conds = late.conditions(a)
    golongan = late.golongan_conditions(conds)
    return (
        _with_stage(sa.select(
            Paket.opd_id, Paket.tahap, swakelola.label("swakelola"),
            sa.func.count(Paket.id).label("paket"),
            sa.func.coalesce(sa.func.sum(Paket.pagu), 0).label("pagu"),
            sa.func.coalesce(sa.func.sum(Paket.nilai_kontrak), 0).label("nilai_kontrak"),
            _count(Paket.tgl_awal_pemilihan <= as_of).label("jatuh_tempo"),
            _count(golongan["terlambat"]).label("terlambat"),
            _count(golongan["kritis"]).label("kritis"),
            # Issue #13: late and nobody recorded why (no kendala open on the as-of date).
            _count(sa.and_(golongan["terlambat"], sa.not_(late.kendala_terbuka(as_of)))
                   ).label("terlambat_tanpa_kendala"),
        ).select_from(Paket))
        .where(Paket.tahun == named("tahun", tahun))
        .group_by(Paket.opd_id, Paket.tahap, swakelola)
    )


def tepat_query(tahun: int, as_of: date) -> sa.Select:
    """Per OPD, packages due to start pemilihan by ``as_of`` whose first pemilihan
    stage started by their planned date (earliest actual start over those stages)."""
    mulai = (sa.select(Jadwal.paket_id, sa.func.min(Jadwal.realisasi_mulai).label("mulai"))
             .where(Jadwal.tahap.in_(SELECTION)).group_by(Jadwal.paket_id).subquery())
    return (
        sa.select(Paket.opd_id, sa.func.count(Paket.id).label("n"))
        .join(mulai, mulai.c.paket_id == Paket.id)
        .where(Paket.tahun == named("tahun", tahun), Paket.metode != "swakelola",
               Paket.tahap != "batal", Paket.tgl_awal_pemilihan <= named("as_of", as_of),
               mulai.c.mulai <= Paket.tgl_awal_pemilihan)
        .group_by(Paket.opd_id)
    )


def latest_report(column: str, as_of: date | sa.ColumnElement[date], stated: bool = False
                  ) -> sa.ScalarSelect:
    """``column`` of the paket's report in force on ``as_of`` (latest date, then latest
    entry; with ``stated``, the latest one where ``column`` is not null), as a correlated
    subquery: one index seek per package, several times faster than ranking every
    report with a window function."""
    r = aliased(Progres)
    value = getattr(r, column)
    where = [r.paket_id == Paket.id, r.tanggal <= as_of]
    if stated:
        where.append(value.is_not(None))
    return (sa.select(value).where(*where)
            .order_by(r.tanggal.desc(), r.id.desc()).limit(1).scalar_subquery())


def realisasi_query(tahun: int, as_of: date) -> sa.Select:
    """Per OPD, the sum of each package's latest cumulative realisasi keuangan (a report
    without keuangan does not reset it)."""
    keuangan = latest_report("keuangan", named("as_of", as_of), stated=True)
    return (sa.select(Paket.opd_id, sa.func.sum(keuangan).label("n"))
            .where(Paket.tahun == named("tahun", tahun)).group_by(Paket.opd_id))


def rekap_per_opd(session: Session, tahun: int, a: Ambang) -> dict[int, dict[str, int]]:
    """The rekap's counts and sums per opd_id (OPDs with packages in ``tahun``).

    Three GROUP BY statements, each over its own table, merged by
    :func:`pengadaan.db.statements.rekap_counts`: joining the progress and schedule
    aggregates to every package row costs several times more.
    """
    return rekap_counts(session.execute(stage_query(tahun, a)),
                        session.execute(tepat_query(tahun, a.as_of)),
                        session.execute(realisasi_query(tahun, a.as_of)))


def realisasi_sum_query(on: date, opd_id: int | None = None,
                        tahun: int | None = None) -> sa.Select:
    """Sum of cumulative realisasi keuangan on ``on`` (``n``): of one OPD and/or one
    fiscal year when given, else of every package; inputs named ``as_of``, ``opd_id``,
    ``tahun``."""
    keuangan = latest_report("keuangan", named("as_of", on), stated=True)
    # select_from: without a filter on Paket the subquery would not be correlated.
    query = sa.select(sa.func.coalesce(sa.func.sum(keuangan), 0).label("n")).select_from(Paket)
    if opd_id is not None:
        query = query.where(Paket.opd_id == named("opd_id", opd_id))
    if tahun is not None:
        query = query.where(Paket.tahun == named("tahun", tahun))
    return query


def realisasi_sum(session: Session, on: date, opd_id: int | None = None,
                  tahun: int | None = None) -> int:
    """:func:`realisasi_sum_query`'s sum."""
    return session.execute(realisasi_sum_query(on, opd_id, tahun)).scalar_one()


def in_year(session: Session, kodes: list[str], tahun: int) -> set[str]:
    """Which of ``kodes`` are packages of ``tahun``."""
    if not kodes:
        return set()
    query = sa.select(Paket.kode).where(Paket.kode.in_(kodes), Paket.tahun == tahun)
    return set(session.execute(query).scalars())


def changed_plans(session: Session, kodes: list[str]) -> dict[str, dict[str, sa.Row]]:
    """Per paket kode, its stages whose plan was changed (first plan, count)."""
    if not kodes:
        return {}
    query = (sa.select(Paket.kode, Jadwal.tahap, Jadwal.rencana_selesai,
                       Jadwal.rencana_awal_selesai, Jadwal.jumlah_perubahan)
             .join(Jadwal, Jadwal.paket_id == Paket.id)
             .where(Paket.kode.in_(kodes), Jadwal.jumlah_perubahan > 0))
    found: dict[str, dict[str, sa.Row]] = {}
    for row in session.execute(query):
        found.setdefault(row.kode, {})[row.tahap] = row
    return found


def kritis_paket(session: Session, opd_id: int | None, tahun: int, as_of: date
                 ) -> list[sa.Row]:
    """The OPD's (None: every OPD's) kritis packages with their report in force (if any)
    and the OPD's singkatan."""
    latest = latest_progress_subquery(as_of)
    query = (
        sa.select(Paket.kode, Paket.nama, Paket.tahap, Paket.tgl_kontrak_selesai,
                  latest.c.fisik_bp, latest.c.rencana_bp, latest.c.tanggal,
                  Opd.singkatan.label("opd"))
        .join(Opd, Opd.id == Paket.opd_id)
        .outerjoin(latest, latest.c.paket_id == Paket.id)
        .where(Paket.tahun == tahun, late.kritis_condition(Paket.tahap, latest.c.kritis))
        .order_by(Paket.kode)
    )
    if opd_id is not None:
        query = query.where(Paket.opd_id == opd_id)
    return list(session.execute(query))


# --- targets ---------------------------------------------------------------------------


def targets_query(tahun: int, opd_id: int | None = None) -> sa.Select:
    """Entered targets of ``tahun`` (of one OPD when given): inputs ``tahun``, ``opd_id``."""
    query = sa.select(TargetSerapan.opd_id, TargetSerapan.bulan, TargetSerapan.persen_bp).where(
        TargetSerapan.tahun == named("tahun", tahun))
    if opd_id is not None:
        query = query.where(TargetSerapan.opd_id == named("opd_id", opd_id))
    return query


def targets(session: Session, tahun: int, opd_id: int | None = None) -> dict[int, dict[int, int]]:
    """Entered targets of ``tahun``: ``{opd_id: {bulan: persen_bp}}``."""
    return target_map(session.execute(targets_query(tahun, opd_id)))


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

