"""riwayat: hash chain per paket, and triggers that refuse UPDATE and DELETE

Adds ``hash`` and ``hash_sebelumnya``, fills them in for the entries already there (in
id order per paket, the order the product wrote them), then makes history
append-only in the database itself. Issue #7.

A frozen snapshot: the hash (format 1) and the trigger statements are copied here
from pengadaan/db/history_chain.py and history_guard.py as they were at this
revision, so later changes to that code cannot change what this migration does. A
later migration that recreates ``riwayat`` (SQLite batch mode copies the table) drops
these triggers with it and must create them again from its own copy.

Revision ID: 0003_riwayat_hash
Revises: 0002_pengguna
Create Date: 2026-11-25
"""
import json
from collections.abc import Sequence
from datetime import UTC
from hashlib import sha256

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0003_riwayat_hash'
down_revision: str | None = '0002_pengguna'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 20_000

# The columns as they are at this revision (not the live model, which may move on).
_riwayat = sa.table(
    "riwayat",
    sa.column("id", sa.Integer), sa.column("paket_id", sa.Integer),
    sa.column("dari", sa.String), sa.column("ke", sa.String), sa.column("pemicu", sa.String),
    sa.column("tanggal", sa.Date), sa.column("dicatat", sqlmodel.sql.sqltypes.UTCDateTime()),
    sa.column("oleh", sa.String), sa.column("catatan", sa.String),
    sa.column("hash", sa.String), sa.column("hash_sebelumnya", sa.String),
)


# --- the hash chain, format 1 (frozen copy of history_chain.entry_hash) ---------------------

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def hash_of_row(row, previous: str | None) -> str:
    """Hex SHA-256 of ``[1, paket_id, dari, ke, pemicu, tanggal, dicatat (UTC, µs),
    oleh, catatan, previous]`` as compact UTF-8 JSON."""
    if row.dicatat.utcoffset() is None:
        raise ValueError("dicatat harus bertanda zona waktu (UTC)")
    stamp = row.dicatat.astimezone(UTC).isoformat(timespec="microseconds")
    canonical = _ENCODE([1, row.paket_id, row.dari, row.ke, row.pemicu,
                         row.tanggal.isoformat(), stamp, row.oleh, row.catatan, previous])
    return sha256(canonical.encode("utf-8")).hexdigest()


# --- the append-only triggers (frozen copy of history_guard) --------------------------------

REFUSAL = "riwayat hanya boleh ditambah; mengubah atau menghapus entri ditolak"
_SQLITE = {"riwayat_tolak_ubah": "UPDATE", "riwayat_tolak_hapus": "DELETE"}
# No "%" in these: the driver may read it as a placeholder.
_PG_CREATE = (
    f"""CREATE FUNCTION riwayat_tolak_perubahan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE =
    '{REFUSAL} (' || TG_OP || ' riwayat id ' || OLD.id || ')';
END $$""",
    "CREATE TRIGGER riwayat_tolak_perubahan BEFORE UPDATE OR DELETE ON riwayat "
    "FOR EACH ROW EXECUTE FUNCTION riwayat_tolak_perubahan()",
)
_PG_DROP = (
    "DROP TRIGGER IF EXISTS riwayat_tolak_perubahan ON riwayat",
    "DROP FUNCTION IF EXISTS riwayat_tolak_perubahan()",
)


def _guard_statements(connection: sa.Connection, create: bool) -> tuple[str, ...]:
    if connection.dialect.name == "sqlite":
        if create:
            return tuple(f"CREATE TRIGGER {name} BEFORE {event} ON riwayat "
                         f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
                         for name, event in _SQLITE.items())
        return tuple(f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE)
    return _PG_CREATE if create else _PG_DROP


def _guard(connection: sa.Connection, create: bool) -> None:
    for statement in _guard_statements(connection, create):
        connection.exec_driver_sql(statement)


# --- the migration --------------------------------------------------------------------------


def _backfill(connection: sa.Connection) -> None:
    """Chain the existing entries, a page at a time in (paket_id, id) order."""
    r = _riwayat.c
    update = (sa.update(_riwayat).where(r.id == sa.bindparam("_id"))
              .values(hash=sa.bindparam("_hash"), hash_sebelumnya=sa.bindparam("_prev")))
    after = (0, 0)
    head: tuple[int, str | None] = (0, None)  # (paket_id, its newest hash so far)
    while True:
        page = connection.execute(
            sa.select(_riwayat).where(sa.or_(
                r.paket_id > after[0], sa.and_(r.paket_id == after[0], r.id > after[1])))
            .order_by(r.paket_id, r.id).limit(BATCH)).all()
        if not page:
            return
        changes = []
        for row in page:
            previous = head[1] if head[0] == row.paket_id else None
            digest = hash_of_row(row, previous)
            changes.append({"_id": row.id, "_hash": digest, "_prev": previous})
            head = (row.paket_id, digest)
        connection.execute(update, changes)
        after = (page[-1].paket_id, page[-1].id)


def upgrade() -> None:
    with op.batch_alter_table('riwayat', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column(
            'hash_sebelumnya', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    _backfill(op.get_bind())
    with op.batch_alter_table('riwayat', schema=None) as batch_op:
        batch_op.alter_column('hash', existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
                              nullable=False)
    _guard(op.get_bind(), create=True)


def downgrade() -> None:
    _guard(op.get_bind(), create=False)
    with op.batch_alter_table('riwayat', schema=None) as batch_op:
        batch_op.drop_column('hash_sebelumnya')
        batch_op.drop_column('hash')
