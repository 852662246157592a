"""The facts of the year-end forecast (issue #17): one row per paket, in one statement.

Set-based: the current stage's plan joined as the lateness lists join it, the report
in force on the as-of date and the one a window earlier from two ranked subqueries,
the kesempatan end from one grouped subquery, the latest stated realisasi keuangan from
a correlated seek; nothing is asked per paket.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from pengadaan.db.inputs import named
from pengadaan.db.lateness_sql import J as stage
from pengadaan.db.models import Adendum, Jadwal, Opd, Paket, Progres
from pengadaan.db.rapor import latest_report
from sqlalchemy.orm import aliased
from sqlmodel import Session


def contract_ratio_query(tahun: int) -> sa.Select:
    """Over the signed contracts of ``tahun``: ``nilai`` and ``pagu`` summed, ``n``."""
    signed = Paket.nilai_kontrak.is_not(None)
    return (sa.select(sa.func.coalesce(sa.func.sum(Paket.nilai_kontrak), 0).label("nilai"),
                      sa.func.coalesce(sa.func.sum(Paket.pagu), 0).label("pagu"),
                      sa.func.count(Paket.id).label("n"))
            .where(Paket.tahun == named("tahun", tahun), signed))


def contract_ratio(session: Session, tahun: int) -> sa.Row:
    """:func:`contract_ratio_query`'s one row."""
    return session.execute(contract_ratio_query(tahun)).one()


def rows_query(tahun: int, as_of: date, before: date, fields: Sequence[str],
               opd_id: int | None = None, skip: Sequence[str] = ()) -> sa.Select:
    """Every paket of ``tahun`` (of one OPD when given; none in a tahap of ``skip``):
    the facts named in ``fields`` (:class:`pengadaan.domain.proyeksi.FaktaProyeksi`'s,
    in its order), then ``id, kode, nama, opd_id, opd``; the pace is measured since the
    report in force on ``before``. Plain rows, read by position: at 100,000 packages the
    ORM's row handling and attribute lookup cost more than the query. The year, the
    dates and the OPD are named inputs; ``fields`` and ``skip`` shape the text."""
    as_of_in, before_in = named("as_of", as_of), named("sebelum", before)
    kesempatan = (sa.select(Adendum.paket_id, sa.func.max(Adendum.selesai_baru).label("sampai"))
                  .where(Adendum.jenis == "kesempatan", Adendum.tanggal <= as_of_in)
                  .group_by(Adendum.paket_id).subquery("kesempatan"))
    now, then = aliased(Progres, name="sekarang"), aliased(Progres, name="lalu")
    columns = {
        "tahap": Paket.tahap, "metode": Paket.metode, "jenis": Paket.jenis,
        "tahun": Paket.tahun, "pagu": Paket.pagu, "nilai_kontrak": Paket.nilai_kontrak,
        "tahap_sejak": Paket.tahap_sejak, "rencana_selesai": stage.c.rencana_selesai,
        "tgl_awal_pemilihan": Paket.tgl_awal_pemilihan,
        "kontrak_mulai": Paket.tgl_kontrak_mulai, "kontrak_selesai": Paket.tgl_kontrak_selesai,
        "kesempatan_sampai": kesempatan.c.sampai,
        "laporan": now.tanggal, "fisik_bp": now.fisik_bp,
        "keuangan": latest_report("keuangan", as_of_in, stated=True),
        "report_kritis": now.kritis,
        "laporan_lalu": then.tanggal, "fisik_lalu_bp": then.fisik_bp,
    }
    query = (
        sa.select(*(columns[name].label(name) for name in fields),
                  Paket.id, Paket.kode, Paket.nama, Paket.opd_id, Opd.singkatan.label("opd"))
        .select_from(Paket)
        .join(Opd, Opd.id == Paket.opd_id)
        .outerjoin(stage, sa.and_(stage.c.paket_id == Paket.id, stage.c.tahap == Paket.tahap))
        .outerjoin(kesempatan, kesempatan.c.paket_id == Paket.id)
        # The report in force on each date: one index seek for its id, then its row.
        .outerjoin(now, now.id == latest_report("id", as_of_in))
        .outerjoin(then, then.id == latest_report("id", before_in))
        .where(Paket.tahun == named("tahun", tahun))
    )
    if opd_id is not None:
        query = query.where(Paket.opd_id == named("opd_id", opd_id))
    if skip:
        query = query.where(Paket.tahap.not_in(tuple(skip)))
    return query


def paid_query(tahun: int, as_of: date, tahap: Sequence[str], opd_id: int | None = None
               ) -> sa.Select:
    """Per OPD, over the paket of ``tahun`` in a tahap of ``tahap`` (those whose forecast
    is what they paid, pengadaan.domain.proyeksi.HANYA_DIBAYAR): ``opd_id, paket, pagu,
    keuangan`` (the latest stated realisasi keuangan, summed as the rows would be)."""
    keuangan = sa.func.coalesce(latest_report("keuangan", named("as_of", as_of), stated=True), 0)
    query = (sa.select(Paket.opd_id, sa.func.count(Paket.id).label("paket"),
                       sa.func.coalesce(sa.func.sum(Paket.pagu), 0).label("pagu"),
                       sa.func.coalesce(sa.func.sum(keuangan), 0).label("keuangan"))
             .where(Paket.tahun == named("tahun", tahun), Paket.tahap.in_(tuple(tahap)))
             .group_by(Paket.opd_id))
    if opd_id is not None:
        query = query.where(Paket.opd_id == named("opd_id", opd_id))
    return query


def _pelaksanaan():
    return aliased(Jadwal, name="pelaksanaan")


def planned_rows(session: Session, tahun: int, opd_id: int | None = None) -> sa.CursorResult:
    """Uji potensi: every paket of ``tahun`` with ``opd_id, pagu, nilai_kontrak, jenis,
    tahap, mulai, selesai`` (its planned pelaksanaan in the jadwal; NULL without one)."""
    plan = _pelaksanaan()
    query = (sa.select(Paket.opd_id, Paket.pagu, Paket.nilai_kontrak, Paket.jenis, Paket.tahap,
                       plan.rencana_mulai.label("mulai"), plan.rencana_selesai.label("selesai"))
             .outerjoin(plan, sa.and_(plan.paket_id == Paket.id, plan.tahap == "pelaksanaan"))
             .where(Paket.tahun == tahun))
    if opd_id is not None:
        query = query.where(Paket.opd_id == opd_id)
    return session.connection().execute(query)


def slippage_rows(session: Session, before_year: int, opd_id: int | None = None
                  ) -> sa.CursorResult:
    """Uji potensi: the finished pelaksanaan of earlier years: ``opd_id, rencana``
    (its first plan) ``, realisasi`` (when it ended)."""
    plan = _pelaksanaan()
    query = (sa.select(Paket.opd_id,
                       sa.func.coalesce(plan.rencana_awal_selesai, plan.rencana_selesai)
                       .label("rencana"), plan.realisasi_selesai.label("realisasi"))
             .join(plan, sa.and_(plan.paket_id == Paket.id, plan.tahap == "pelaksanaan"))
             .where(Paket.tahun < before_year, plan.realisasi_selesai.is_not(None),
                    sa.func.coalesce(plan.rencana_awal_selesai, plan.rencana_selesai)
                    .is_not(None)))
    if opd_id is not None:
        query = query.where(Paket.opd_id == opd_id)
    return session.connection().execute(query)
