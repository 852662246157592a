"""riwayat_pengguna: a hash-chained record of every user's role, OPD and status

Issue #19: ``UPDATE pengguna SET peran = 'admin'`` was invisible to ``audit
verifikasi``. Creates ``riwayat_pengguna`` (append-only: triggers refuse UPDATE and
DELETE, whoever connects; TRUNCATE and DROP are left to the owner) and
``pengguna.riwayat_hash`` (the hash of the user's newest entry), then starts the
record with one entry per existing user: its state now, ``aksi`` ``awal``, signed
``migrasi``. On a secured PostgreSQL database (migration 0007_peran_server) the admin
group may add entries right away (INSERT and the id sequence), as ``pengguna amankan``
grants: without it no admin could change a user until the DBA secured it again.

A frozen snapshot: the hash (format 1 of db/user_chain.py, with the canonical JSON and
UTC stamp of db/history_chain.py) and the trigger statements are copied here as they
are at this revision. A later migration that recreates ``riwayat_pengguna`` (SQLite
batch mode copies the table) drops the triggers with it and must create them again.

Revision ID: 0009_riwayat_pengguna
Revises: 0008_jejak_nilai
Create Date: 2026-12-02
"""
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from hashlib import sha256

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0009_riwayat_pengguna'
down_revision: str | None = '0008_jejak_nilai'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The columns as they are at this revision (not the live models, which may move on).
_pengguna = sa.table(
    "pengguna",
    sa.column("id", sa.Integer), sa.column("nama", sa.String), sa.column("peran", sa.String),
    sa.column("opd_id", sa.Integer), sa.column("aktif", sa.Boolean),
    sa.column("riwayat_hash", sa.String),
)
_entries = sa.table(
    "riwayat_pengguna",
    sa.column("nama", sa.String), sa.column("peran", sa.String),
    sa.column("opd_id", sa.Integer), sa.column("aktif", sa.Boolean),
    sa.column("aksi", sa.String), sa.column("dicatat", sqlmodel.sql.sqltypes.UTCDateTime()),
    sa.column("oleh", sa.String), sa.column("hash", sa.String),
    sa.column("hash_sebelumnya", sa.String),
)


# --- the hash, format 1 (frozen copy of user_chain.entry_hash) -----------------------------

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _hash(nama: str, peran: str, opd_id: int | None, aktif: bool, aksi: str,
          dicatat: datetime, oleh: str, previous: str | None) -> str:
    """Hex SHA-256 of ``["pengguna", 1, nama, peran, opd_id, aktif, aksi, dicatat (UTC,
    µs), oleh, previous]`` as compact UTF-8 JSON."""
    stamp = dicatat.astimezone(UTC).isoformat(timespec="microseconds")
    canonical = _ENCODE(["pengguna", 1, nama, peran, opd_id, bool(aktif), aksi, stamp, oleh,
                         previous])
    return sha256(canonical.encode("utf-8")).hexdigest()


# --- the append-only triggers (frozen) -------------------------------------------------------

REFUSAL = "riwayat peran pengguna hanya boleh ditambah; mengubah atau menghapus entri ditolak"
_SQLITE = {"riwayat_pengguna_tolak_ubah": "UPDATE", "riwayat_pengguna_tolak_hapus": "DELETE"}
# No "%" in these: the driver may read it as a placeholder.
_PG_CREATE = (
    f"""CREATE FUNCTION riwayat_pengguna_tolak_perubahan() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE =
    '{REFUSAL} (' || TG_OP || ' riwayat_pengguna id ' || OLD.id || ')';
END $$""",
    "CREATE TRIGGER riwayat_pengguna_tolak_perubahan BEFORE UPDATE OR DELETE "
    "ON riwayat_pengguna FOR EACH ROW EXECUTE FUNCTION riwayat_pengguna_tolak_perubahan()",
)
_PG_DROP = (
    "DROP TRIGGER IF EXISTS riwayat_pengguna_tolak_perubahan ON riwayat_pengguna",
    "DROP FUNCTION IF EXISTS riwayat_pengguna_tolak_perubahan()",
)


def _guard(connection: sa.Connection, create: bool) -> None:
    if connection.dialect.name == "sqlite":
        statements = (
            tuple(f"CREATE TRIGGER {name} BEFORE {event} ON riwayat_pengguna "
                  f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
                  for name, event in _SQLITE.items())
            if create else tuple(f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE))
    else:
        statements = _PG_CREATE if create else _PG_DROP
    for statement in statements:
        connection.exec_driver_sql(statement)


def _grant_admin(connection: sa.Connection) -> None:
    """INSERT for the admin group of a secured database (SELECT comes from the owner's
    default privileges; UPDATE and DELETE stay the owner's)."""
    if connection.dialect.name != "postgresql":
        return
    admin = connection.exec_driver_sql(
        "SELECT nama_role FROM peran_server WHERE peran = 'admin'").scalar()
    if admin is None:
        return
    quoted = connection.dialect.identifier_preparer.quote_identifier(admin)
    connection.exec_driver_sql(f"GRANT INSERT ON riwayat_pengguna TO {quoted}")
    connection.exec_driver_sql(f"GRANT USAGE ON SEQUENCE riwayat_pengguna_id_seq TO {quoted}")


# --- the migration --------------------------------------------------------------------------


def _backfill(connection: sa.Connection) -> None:
    """One ``awal`` entry per user, its current state; the user's head points at it."""
    now = datetime.now(UTC)
    users = connection.execute(sa.select(_pengguna).order_by(_pengguna.c.nama)).all()
    entries, heads = [], []
    for user in users:
        digest = _hash(user.nama, user.peran, user.opd_id, user.aktif, "awal", now,
                       "migrasi", None)
        entries.append({"nama": user.nama, "peran": user.peran, "opd_id": user.opd_id,
                        "aktif": user.aktif, "aksi": "awal", "dicatat": now,
                        "oleh": "migrasi", "hash": digest, "hash_sebelumnya": None})
        heads.append({"_id": user.id, "_hash": digest})
    if entries:
        connection.execute(sa.insert(_entries), entries)
        connection.execute(sa.update(_pengguna).where(_pengguna.c.id == sa.bindparam("_id"))
                           .values(riwayat_hash=sa.bindparam("_hash")), heads)


def upgrade() -> None:
    op.create_table('riwayat_pengguna',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nama', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('peran', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('opd_id', sa.Integer(), nullable=True),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('aksi', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('dicatat', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('oleh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('hash_sebelumnya', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_riwayat_pengguna_nama_id', 'riwayat_pengguna', ['nama', 'id'],
                    unique=False)
    with op.batch_alter_table('pengguna', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'riwayat_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    _backfill(op.get_bind())
    _guard(op.get_bind(), create=True)
    _grant_admin(op.get_bind())


def downgrade() -> None:
    _guard(op.get_bind(), create=False)
    with op.batch_alter_table('pengguna', schema=None) as batch_op:
        batch_op.drop_column('riwayat_hash')
    op.drop_index('ix_riwayat_pengguna_nama_id', table_name='riwayat_pengguna')
    op.drop_table('riwayat_pengguna')
