"""SQLModel tables. Money is integer Rupiah (BIGINT), never float.

The schema is created and changed only by the Alembic migrations in
``db/migrations``; a test checks that the migrations and these classes agree.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def _money(nullable: bool = True):
    return Field(default=None, sa_type=sa.BigInteger, nullable=nullable)


class Opd(SQLModel, table=True):
    """Organisasi Perangkat Daerah (a regional agency)."""

    __tablename__ = "opd"

    id: int | None = Field(default=None, primary_key=True)
    kode: str = Field(max_length=40, unique=True, index=True)
    nama: str = Field(max_length=200)
    singkatan: str = Field(max_length=60, index=True)


# Shared with __mapper_args__ so SQLAlchemy bumps it on every UPDATE and refuses a
# stale write (architecture.md, "Multi-user").
_paket_version = sa.Column("version", sa.Integer, nullable=False, server_default="1")


class Paket(SQLModel, table=True):
    """A procurement package and the stage (tahap) its workflow is in."""

    __tablename__ = "paket"
    __table_args__ = (
        sa.Index("ix_paket_opd_tahap", "opd_id", "tahap"),
        sa.CheckConstraint("pagu >= 0", name="ck_paket_pagu"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kode: str = Field(max_length=60, unique=True, index=True)
    kode_rup: str | None = Field(default=None, max_length=60, index=True)
    nama: str = Field(max_length=500)
    opd_id: int = Field(foreign_key="opd.id", index=True)
    tahun: int = Field(index=True)
    jenis: str = Field(max_length=20, index=True)
    metode: str = Field(max_length=30, index=True)
    sumber_dana: str | None = Field(default=None, max_length=60)
    pagu: int = Field(sa_type=sa.BigInteger)
    hps: int | None = _money()
    nilai_kontrak: int | None = _money()
    penyedia: str | None = Field(default=None, max_length=200)
    ppk: str | None = Field(default=None, max_length=200)
    tahap: str = Field(default="rencana", max_length=30, index=True)
    ulang: int = Field(default=0)
    tgl_awal_pemilihan: date | None = None
    tahap_sejak: date | None = None
    dibuat: datetime
    diubah: datetime
    version: int | None = Field(default=None, sa_column=_paket_version)

    __mapper_args__ = {"version_id_col": _paket_version}


class Jadwal(SQLModel, table=True):
    """Planned and actual dates of one stage of one paket."""

    __tablename__ = "jadwal"
    __table_args__ = (sa.UniqueConstraint("paket_id", "tahap", name="uq_jadwal_paket_tahap"),)

    id: int | None = Field(default=None, primary_key=True)
    paket_id: int = Field(foreign_key="paket.id", index=True)
    tahap: str = Field(max_length=30)
    urutan: int
    rencana_mulai: date | None = None
    rencana_selesai: date | None = None
    realisasi_mulai: date | None = None
    realisasi_selesai: date | None = None


class Riwayat(SQLModel, table=True):
    """One append-only history entry: a transition (or a recorded event) of a paket."""

    __tablename__ = "riwayat"
    __table_args__ = (sa.Index("ix_riwayat_paket_id_id", "paket_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    paket_id: int = Field(foreign_key="paket.id")
    dari: str | None = Field(default=None, max_length=30)
    ke: str = Field(max_length=30)
    pemicu: str = Field(max_length=40)
    tanggal: date
    dicatat: datetime
    oleh: str = Field(max_length=100)
    catatan: str | None = None
