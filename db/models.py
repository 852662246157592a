"""SQLModel tables. Money is integer Rupiah (BIGINT), never float.

The schema is created and changed only by the Alembic migrations in
``db/migrations``; a test checks that the migrations and these classes agree.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from pengadaan.db.limits_check import BATAS
from sqlmodel import Field, SQLModel

from pengadaan.domain import limits
from pengadaan.domain.limits import Teks


def _text(teks: Teks, **options):
    """A column a user fills: its length and checks are the declared limit's."""
    return Field(max_length=teks.panjang, sa_column_kwargs={"info": {BATAS: teks}}, **options)


def _money(nullable: bool = True):
    return Field(default=None, sa_type=sa.BigInteger, nullable=nullable)


class Opd(SQLModel, table=True):
    """Organisasi Perangkat Daerah (a regional agency)."""

    __tablename__ = "opd"

    id: int | None = Field(default=None, primary_key=True)
    kode: str = _text(limits.KODE_OPD, unique=True, index=True)
    nama: str = _text(limits.NAMA_OPD)
    singkatan: str = _text(limits.SINGKATAN_OPD, index=True)


# Shared with __mapper_args__ so SQLAlchemy bumps it on every UPDATE and refuses a
# stale write (docs/arsitektur.md, "Unit of work, versions and locking").
_paket_version = sa.Column("version", sa.Integer, nullable=False, server_default="1")


class Paket(SQLModel, table=True):
    """A procurement package and the stage (tahap) its workflow is in."""

    __tablename__ = "paket"
    # Every index is a price on every write (an import inserts tens of thousands of
    # paket): only the ones a query plan needs (migration 0010_indeks_paket,
    # tests/test_query_plans.py). kode: lookups and the kode order of lists; kode_rup:
    # imports match by it; tahap: the lateness branches and stage filters; (opd_id,
    # tahap): an OPD's paket in one stage; opd_id: all of an OPD's paket in table
    # order (its summary reads them 25% faster than through the pair); tahun: the
    # year's reports read the table in order through it (rekap 10% faster at 100k,
    # one year). jenis, metode: filtered only with one of those, or over most of the
    # table.
    __table_args__ = (
        sa.Index("ix_paket_opd_tahap", "opd_id", "tahap"),
        sa.CheckConstraint("pagu >= 0", name="ck_paket_pagu"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kode: str = _text(limits.KODE_PAKET, unique=True, index=True)
    kode_rup: str | None = _text(limits.KODE_RUP, default=None, index=True)
    nama: str = _text(limits.NAMA_PAKET)
    opd_id: int = Field(foreign_key="opd.id", index=True)
    tahun: int = Field(index=True)
    jenis: str = Field(max_length=20)
    metode: str = Field(max_length=30)
    sumber_dana: str | None = _text(limits.SUMBER_DANA, default=None)
    pagu: int = Field(sa_type=sa.BigInteger)
    hps: int | None = _money()
    nilai_kontrak: int | None = _money()
    penyedia: str | None = _text(limits.PENYEDIA, default=None)
    ppk: str | None = _text(limits.PPK, default=None)
    tahap: str = Field(default="rencana", max_length=30, index=True)
    ulang: int = Field(default=0)
    tgl_awal_pemilihan: date | None = None
    tahap_sejak: date | None = None
    # Contract period, set when the contract is signed (issue #3; denda and lateness).
    tgl_kontrak_mulai: date | None = None
    tgl_kontrak_selesai: date | None = None
    dibuat: datetime
    diubah: datetime
    version: int | None = Field(default=None, sa_column=_paket_version)
    # Hash of the newest riwayat entry (the head of its chain, db/history.py): a deleted
    # newest entry no longer matches it.
    riwayat_hash: str | None = Field(default=None, max_length=64)

    __mapper_args__ = {"version_id_col": _paket_version}


class Jadwal(SQLModel, table=True):
    """Planned and actual dates of one stage of one paket, and its first plan."""

    __tablename__ = "jadwal"
    __table_args__ = (sa.UniqueConstraint("paket_id", "tahap", name="uq_jadwal_paket_tahap"),)

    id: int | None = Field(default=None, primary_key=True)
    # Indexed although a prefix of the unique (paket_id, tahap): PostgreSQL joins a
    # stage's row through this narrower index, and scans the table without it
    # (the alerts of one OPD; migration 0010_indeks_paket).
    paket_id: int = Field(foreign_key="paket.id", index=True)
    tahap: str = Field(max_length=30)
    urutan: int
    rencana_mulai: date | None = None
    rencana_selesai: date | None = None
    realisasi_mulai: date | None = None
    realisasi_selesai: date | None = None
    # The plan before its first change, kept whatever follows (docs/aturan.md §3.5);
    # empty while the stage still has its first plan.
    rencana_awal_mulai: date | None = None
    rencana_awal_selesai: date | None = None
    jumlah_perubahan: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Riwayat(SQLModel, table=True):
    """One append-only history entry: a transition (or a recorded event) of a paket.

    ``hash`` chains it to the paket's previous entry (``db.history_chain``); database
    triggers refuse UPDATE and DELETE (migration 0003_riwayat_hash).
    """

    __tablename__ = "riwayat"
    __table_args__ = (sa.Index("ix_riwayat_paket_id_id", "paket_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    paket_id: int = Field(foreign_key="paket.id")
    dari: str | None = Field(default=None, max_length=30)
    ke: str = Field(max_length=30)
    pemicu: str = Field(max_length=40)
    tanggal: date
    dicatat: datetime
    oleh: str = _text(limits.NAMA_PENGGUNA)
    catatan: str | None = None
    hash: str = Field(max_length=64)
    hash_sebelumnya: str | None = Field(default=None, max_length=64)
    # The tracked values this entry changed, canonical JSON (db/history_values.py).
    nilai: str | None = None


class Progres(SQLModel, table=True):
    """One progress report of a contract (cumulative); corrections are new rows.

    Percentages are integer basis points (100 bp = 1%). ``rencana_bp`` and ``kritis``
    are what the report stated when it was filed (the planned curve at its date).
    """

    __tablename__ = "progres"
    __table_args__ = (
        sa.Index("ix_progres_paket_tanggal", "paket_id", "tanggal"),
        sa.CheckConstraint("fisik_bp BETWEEN 0 AND 10000", name="ck_progres_fisik"),
    )

    id: int | None = Field(default=None, primary_key=True)
    paket_id: int = Field(foreign_key="paket.id")
    tanggal: date
    fisik_bp: int
    keuangan: int | None = _money()
    rencana_bp: int | None = None
    kritis: bool = Field(default=False)
    catatan: str | None = None
    alasan_koreksi: str | None = None
    dicatat: datetime
    oleh: str = _text(limits.NAMA_PENGGUNA)


class RencanaKurva(SQLModel, table=True):
    """One entered point of a contract's planned kurva S (cumulative, basis points)."""

    __tablename__ = "rencana_kurva"
    __table_args__ = (
        sa.UniqueConstraint("paket_id", "tanggal", name="uq_rencana_kurva_paket_tanggal"),
    )

    id: int | None = Field(default=None, primary_key=True)
    paket_id: int = Field(foreign_key="paket.id", index=True)
    tanggal: date
    persen_bp: int


class Adendum(SQLModel, table=True):
    """A contract change: perpanjangan waktu, nilai, or pemberian kesempatan."""

    __tablename__ = "adendum"

    id: int | None = Field(default=None, primary_key=True)
    paket_id: int = Field(foreign_key="paket.id", index=True)
    jenis: str = Field(max_length=20)
    tanggal: date
    selesai_lama: date | None = None
    selesai_baru: date | None = None
    nilai_lama: int | None = _money()
    nilai_baru: int | None = _money()
    alasan: str
    dicatat: datetime
    oleh: str = _text(limits.NAMA_PENGGUNA)


class DaftarHitam(SQLModel, table=True):
    """A penyedia barred after a terminated contract (1 year, 2 for fraud)."""

    __tablename__ = "daftar_hitam"

    id: int | None = Field(default=None, primary_key=True)
    penyedia: str = _text(limits.PENYEDIA, index=True)
    mulai: date
    selesai: date
    alasan: str
    curang: bool = Field(default=False)
    paket_id: int | None = Field(default=None, foreign_key="paket.id")


class Scm(SQLModel, table=True):
    """A Show Cause Meeting and its uji coba: target progress by a date."""

    __tablename__ = "scm"

    id: int | None = Field(default=None, primary_key=True)
    paket_id: int = Field(foreign_key="paket.id", index=True)
    tahap: int
    tanggal: date
    target_bp: int
    uji_coba: date


class Kalender(SQLModel, table=True):
    """A non-working day added by an administrator (cuti bersama not yet shipped, a
    local holiday); national holidays and shipped cuti bersama are not stored."""

    __tablename__ = "kalender"

    id: int | None = Field(default=None, primary_key=True)
    tanggal: date = Field(unique=True, index=True)
    keterangan: str = _text(limits.KETERANGAN_LIBUR)
    dicatat: datetime
    oleh: str = _text(limits.NAMA_PENGGUNA)


class TargetSerapan(SQLModel, table=True):
    """Target penyerapan anggaran kumulatif satu OPD per bulan (RAK), basis points."""

    __tablename__ = "target_serapan"
    __table_args__ = (
        sa.UniqueConstraint("opd_id", "tahun", "bulan", name="uq_target_serapan_opd_bulan"),
        sa.CheckConstraint("bulan BETWEEN 1 AND 12", name="ck_target_serapan_bulan"),
        sa.CheckConstraint("persen_bp BETWEEN 0 AND 10000", name="ck_target_serapan_persen"),
    )

    id: int | None = Field(default=None, primary_key=True)
    opd_id: int = Field(foreign_key="opd.id")
    tahun: int
    bulan: int
    persen_bp: int
    diubah: datetime
    oleh: str = _text(limits.NAMA_PENGGUNA)


class Pengguna(SQLModel, table=True):
    """A registered user: the OS login (or ``--pengguna``) name, a role and, for a PPK
    (optionally a pengawas), the OPD it answers for (issue #7)."""

    __tablename__ = "pengguna"
    __table_args__ = (
        sa.CheckConstraint("peran IN ('admin', 'ukpbj', 'ppk', 'pengawas')",
                           name="ck_pengguna_peran"),
        sa.CheckConstraint("peran <> 'ppk' OR opd_id IS NOT NULL", name="ck_pengguna_ppk_opd"),
    )

    id: int | None = Field(default=None, primary_key=True)
    nama: str = _text(limits.NAMA_PENGGUNA, unique=True, index=True)
    peran: str = Field(max_length=20)
    opd_id: int | None = Field(default=None, foreign_key="opd.id")
    aktif: bool = Field(default=True)
    dibuat: datetime
    oleh: str = _text(limits.NAMA_PENGGUNA)
    # The hash of the user's newest riwayat_pengguna entry (db/user_chain.py).
    riwayat_hash: str | None = Field(default=None, max_length=64)


class RiwayatPengguna(SQLModel, table=True):
    """One append-only entry of a user's record: the role, OPD and status *after* a
    change, chained per user like riwayat (db/user_chain.py; database triggers refuse
    UPDATE and DELETE, migration 0009_riwayat_pengguna).

    Keyed on the user's name, not its row id: the name is who the user is (the OS or
    server login), users are never renamed or deleted by the application, and an
    entry outlives a row deleted in SQL, which the audit then reports.
    """

    __tablename__ = "riwayat_pengguna"
    __table_args__ = (sa.Index("ix_riwayat_pengguna_nama_id", "nama", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    nama: str = _text(limits.NAMA_PENGGUNA)
    peran: str = Field(max_length=20)
    opd_id: int | None = None
    aktif: bool
    aksi: str = Field(max_length=20)
    dicatat: datetime
    oleh: str = _text(limits.NAMA_PENGGUNA)
    hash: str = Field(max_length=64)
    hash_sebelumnya: str | None = Field(default=None, max_length=64)


class Pengaturan(SQLModel, table=True):
    """Settings an administrator changes at run time (key → text value)."""

    __tablename__ = "pengaturan"

    kunci: str = Field(primary_key=True, max_length=60)
    nilai: str = _text(limits.NILAI_PENGATURAN)
    diubah: datetime
    oleh: str = _text(limits.NAMA_PENGGUNA)


class Kendala(SQLModel, table=True):
    """An obstacle on a paket (issue #13): open until resolved, never deleted.

    The ``selesai_*`` fields are set once, when it is resolved; database triggers
    refuse any other UPDATE and every DELETE (migration 0006_kendala_guard).
    """

    __tablename__ = "kendala"

    id: int | None = Field(default=None, primary_key=True)
    paket_id: int = Field(foreign_key="paket.id", index=True)
    tanggal: date
    kategori: str = Field(max_length=30)
    uraian: str
    oleh: str = _text(limits.NAMA_PENGGUNA)
    dicatat: datetime
    selesai_tanggal: date | None = None
    selesai_catatan: str | None = None
    selesai_oleh: str | None = _text(limits.NAMA_PENGGUNA, default=None)


class TindakLanjut(SQLModel, table=True):
    """What will be done about a kendala, by whom and by when; ``rekomendasi`` marks one
    a pengawas gave. Its status changes are kept in :class:`TindakLanjutRiwayat`; only
    ``status`` may be updated, never deleted (triggers, migration 0006_kendala_guard)."""

    __tablename__ = "tindak_lanjut"

    id: int | None = Field(default=None, primary_key=True)
    kendala_id: int = Field(foreign_key="kendala.id", index=True)
    uraian: str
    pelaksana: str = _text(limits.PELAKSANA)
    batas: date
    status: str = Field(max_length=20)
    rekomendasi: bool = Field(default=False)
    oleh: str = _text(limits.NAMA_PENGGUNA)
    dicatat: datetime


class TindakLanjutRiwayat(SQLModel, table=True):
    """One append-only status entry of a tindak lanjut (the first is its recording);
    triggers refuse UPDATE and DELETE (migration 0006_kendala_guard)."""

    __tablename__ = "tindak_lanjut_riwayat"

    id: int | None = Field(default=None, primary_key=True)
    tindak_lanjut_id: int = Field(foreign_key="tindak_lanjut.id", index=True)
    status: str = Field(max_length=20)
    catatan: str | None = None
    oleh: str = _text(limits.NAMA_PENGGUNA)
    dicatat: datetime


class PeranServer(SQLModel, table=True):
    """Which PostgreSQL role plays each part (``pemilik``, ``admin``, ``ukpbj``, ``ppk``,
    ``pengawas``), written by ``pengguna amankan``; empty: not secured (issue #16)."""

    __tablename__ = "peran_server"

    peran: str = Field(primary_key=True, max_length=20)
    nama_role: str = Field(max_length=63)


class TransisiPeran(SQLModel, table=True):
    """A (dari, ke) stage change and the role owning it, generated from the workflow
    definitions (db/peran_server.py); the PostgreSQL trigger on paket reads it."""

    __tablename__ = "transisi_peran"

    dari: str = Field(primary_key=True, max_length=30)
    ke: str = Field(primary_key=True, max_length=30)
    peran: str = Field(primary_key=True, max_length=20)
