"""The dashboard's reads: one page of packages with their lateness, and the summary.

Read through ``db.reading()`` (pengadaan/db/reading.py), so the TUI's first paint is
answered from cached SQL without importing SQLAlchemy (issue #15); the ORM database
runs the same statements (pengadaan/db/statements.py). Imports no SQLAlchemy.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pengadaan.db import statements
from pengadaan.domain.alert_kinds import FLAGS, in_order
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.execution.denda import denda_keterlambatan
from pengadaan.domain.lateness import ambang
from pengadaan.usecases.daftar import PaketRingkas, paket_filter
from pengadaan.usecases.lateness_results import Page, PaketStatus, Ringkasan
from pengadaan.usecases.reads import kalender_read, opd_id_read, summary_counts, summary_row

if TYPE_CHECKING:
    from pengadaan.db.reading import CachedDatabase
    from pengadaan.db.uow import Database

SORT_KEYS = ("kode", "nama", "opd", "metode", "tahap", "batas", "hari", "pagu",
             "nilai_kontrak", "severity")
_RINGKAS = tuple(PaketRingkas.__dataclass_fields__)


def _status(row, as_of: date) -> PaketStatus:
    flags = tuple(in_order(f for f in FLAGS if getattr(row, f"f_{f}")))
    denda = None
    if "lewat_kontrak" in flags:
        denda = denda_keterlambatan(row.nilai_kontrak or 0, row.tgl_kontrak_selesai, as_of)
    return PaketStatus(
        **{name: getattr(row, name) for name in _RINGKAS},
        batas=row.batas, hari=(as_of - row.batas).days if row.batas else None,
        flags=flags, severity=row.severity, denda=denda,
        kendala_terbuka=bool(row.kendala_terbuka),
    )


def dashboard_page(db: Database | CachedDatabase, as_of: date, *, opd: str | None = None,
                   tahap: str | list[str] | None = None, metode: str | None = None,
                   jenis: str | None = None, tahun: int | None = None, only_late: bool = False,
                   cari: str | None = None, sort: str = "kode",
                   descending: bool = False, offset: int = 0, limit: int | None = 50) -> Page:
    """One page of packages with their lateness; ``only_late`` keeps late ones
    (any red flag: terlambat, belum_mulai, kontrak_tertunda, lewat_kontrak)."""
    if sort not in SORT_KEYS:
        raise InvalidInput(f"urutan: '{sort}' tidak dikenal (pilihan: {', '.join(SORT_KEYS)})")
    tahap_list = [tahap] if isinstance(tahap, str) else tahap
    with db.reading() as read:
        a = ambang(as_of, kalender_read(read, as_of), db.settings.hampir_hari_kerja)
        flt = paket_filter(opd_id_read(read, opd), tahap_list, metode, jenis, tahun, cari)
        rows = [_status(row, as_of) for row in read(
            statements.DASBOR_HALAMAN, a=a, flt=flt, only_late=only_late, sort=sort,
            descending=descending, offset=offset, limit=limit)]
        total = next(iter(read(statements.DASBOR_JUMLAH, a=a, flt=flt, only_late=only_late))).n
    return Page(total, rows)


def summary(db: Database | CachedDatabase, as_of: date, opd: str | None = None) -> Ringkasan:
    """Package count, total pagu, total nilai kontrak, realisasi keuangan, the count
    of each flag and the count of packages per golongan (terlambat, kritis, rawan)."""
    with db.reading() as read:
        a = ambang(as_of, kalender_read(read, as_of), db.settings.hampir_hari_kerja)
        opd_id = opd_id_read(read, opd)
        row = summary_row(read, a, opd_id)
        realisasi = next(iter(read(statements.REALISASI_TOTAL, on=as_of, opd_id=opd_id))).n
    per_flag, per_golongan = summary_counts(row)
    return Ringkasan(row.paket, row.pagu, row.terkontrak, per_flag, realisasi, per_golongan)

