"""kendala and tindak lanjut (issue #13): kendala, tindak_lanjut, tindak_lanjut_riwayat

A frozen snapshot: the tables as they are at this revision.

Revision ID: 0004_kendala
Revises: 0003_riwayat_hash
Create Date: 2026-12-01
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0004_kendala'
down_revision: str | None = '0003_riwayat_hash'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('kendala',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paket_id', sa.Integer(), nullable=False),
    sa.Column('tanggal', sa.Date(), nullable=False),
    sa.Column('kategori', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('uraian', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('oleh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('dicatat', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('selesai_tanggal', sa.Date(), nullable=True),
    sa.Column('selesai_catatan', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('selesai_oleh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.ForeignKeyConstraint(['paket_id'], ['paket.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('kendala', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kendala_paket_id'), ['paket_id'], unique=False)

    op.create_table('tindak_lanjut',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kendala_id', sa.Integer(), nullable=False),
    sa.Column('uraian', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pelaksana', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('batas', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('rekomendasi', sa.Boolean(), nullable=False),
    sa.Column('oleh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('dicatat', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['kendala_id'], ['kendala.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tindak_lanjut', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tindak_lanjut_kendala_id'), ['kendala_id'],
                              unique=False)

    op.create_table('tindak_lanjut_riwayat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tindak_lanjut_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('catatan', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('oleh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('dicatat', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tindak_lanjut_id'], ['tindak_lanjut.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tindak_lanjut_riwayat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tindak_lanjut_riwayat_tindak_lanjut_id'),
                              ['tindak_lanjut_id'], unique=False)


def downgrade() -> None:
    op.drop_table('tindak_lanjut_riwayat')  # indexes go with their tables
    op.drop_table('tindak_lanjut')
    op.drop_table('kendala')
