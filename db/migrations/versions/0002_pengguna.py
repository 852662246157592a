"""users and roles (issue #7): pengguna, pengaturan

Revision ID: 0002_pengguna
Revises: 0001
Create Date: 2026-11-25
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0002_pengguna'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('pengguna',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nama', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('peran', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('opd_id', sa.Integer(), nullable=True),
    sa.Column('aktif', sa.Boolean(), nullable=False),
    sa.Column('dibuat', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('oleh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.CheckConstraint("peran IN ('admin', 'ukpbj', 'ppk', 'pengawas')",
                       name='ck_pengguna_peran'),
    sa.CheckConstraint("peran <> 'ppk' OR opd_id IS NOT NULL", name='ck_pengguna_ppk_opd'),
    sa.ForeignKeyConstraint(['opd_id'], ['opd.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pengguna', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pengguna_nama'), ['nama'], unique=True)

    op.create_table('pengaturan',
    sa.Column('kunci', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('nilai', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('diubah', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('oleh', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.PrimaryKeyConstraint('kunci')
    )


def downgrade() -> None:
    op.drop_table('pengaturan')
    op.drop_table('pengguna')  # its index goes with it
