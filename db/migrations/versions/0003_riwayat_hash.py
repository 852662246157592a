"""riwayat: hash chain per paket, and triggers that refuse UPDATE and DELETE

Adds ``hash`` and ``hash_sebelumnya``, fills them in for the entries already there (in
id order per paket, the order the product wrote them), then makes history
append-only in the database itself. Issue #7.

A later migration that recreates ``riwayat`` (SQLite batch mode copies the table)
drops these triggers with it and must call ``create_guard`` again.

Revision ID: 0003_riwayat_hash
Revises: 0002_pengguna
Create Date: 2026-11-25
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op
from pengadaan.db.history_chain import hash_of_row
from pengadaan.db.history_guard import create_guard, drop_guard

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
    create_guard(op.get_bind())


def downgrade() -> None:
    drop_guard(op.get_bind())
    with op.batch_alter_table('riwayat', schema=None) as batch_op:
        batch_op.drop_column('hash_sebelumnya')
        batch_op.drop_column('hash')
