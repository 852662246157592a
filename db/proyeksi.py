"""The facts of the year-end forecast (issue #17): one row per paket, in one statement.

Set-based: the current stage's plan joined as the lateness lists join it, the report
in force on the as-of date and the one a window earlier from two ranked subqueries,
the kesempatan end from one grouped subquery, the latest stated realisasi keuangan from
a correlated seek; nothing is asked per paket.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import sqlalchemy as sa
from pengadaan.db.lateness_sql import J as stage
from pengadaan.db.models import Adendum, Opd, Paket
from pengadaan.db.progres import latest_progress_subquery
from pengadaan.db.rapor import _latest_report as latest_report
from sqlmodel import Session


def rows(session: Session, tahun: int, as_of: date, window_days: int,
         opd_id: int | None = None) -> Iterator[sa.Row]:
    """Every paket of ``tahun`` (of one OPD when given) with what
    :class:`pengadaan.domain.proyeksi.FaktaProyeksi` reads, plus kode, nama, OPD."""
    now = latest_progress_subquery(as_of)
    before = latest_progress_subquery(as_of - timedelta(days=window_days)).alias("lalu")
    kesempatan = (sa.select(Adendum.paket_id, sa.func.max(Adendum.selesai_baru).label("sampai"))
                  .where(Adendum.jenis == "kesempatan", Adendum.tanggal <= as_of)
                  .group_by(Adendum.paket_id).subquery("kesempatan"))
    query = (
        sa.select(
            Paket.id, Paket.kode, Paket.nama, Paket.opd_id, Opd.singkatan.label("opd"),
            Paket.tahap, Paket.metode, Paket.jenis, Paket.tahun, Paket.pagu,
            Paket.nilai_kontrak, Paket.tahap_sejak, stage.c.rencana_selesai,
            Paket.tgl_awal_pemilihan,
            Paket.tgl_kontrak_mulai.label("kontrak_mulai"),
            Paket.tgl_kontrak_selesai.label("kontrak_selesai"),
            kesempatan.c.sampai.label("kesempatan_sampai"),
            now.c.tanggal.label("laporan"), now.c.fisik_bp,
            latest_report("keuangan", as_of, stated=True).label("keuangan"),
            now.c.kritis.label("report_kritis"),
            before.c.tanggal.label("laporan_lalu"), before.c.fisik_bp.label("fisik_lalu_bp"),
        )
        .select_from(Paket)
        .join(Opd, Opd.id == Paket.opd_id)
        .outerjoin(stage, sa.and_(stage.c.paket_id == Paket.id, stage.c.tahap == Paket.tahap))
        .outerjoin(now, now.c.paket_id == Paket.id)
        .outerjoin(before, before.c.paket_id == Paket.id)
        .outerjoin(kesempatan, kesempatan.c.paket_id == Paket.id)
        .where(Paket.tahun == tahun)
    )
    if opd_id is not None:
        query = query.where(Paket.opd_id == opd_id)
    return iter(session.execute(query))
