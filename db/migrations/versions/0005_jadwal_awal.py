"""jadwal: the first plan of a stage and how often it changed (issue #13, re-plan)

``rencana_awal_mulai``/``rencana_awal_selesai`` keep the plan a stage had before its
first change (empty until then); ``jumlah_perubahan`` counts the changes (0 for the
rows already there: nothing recorded their changes before this revision).

A frozen snapshot: the columns as they are at this revision.

Revision ID: 0005_jadwal_awal
Revises: 0004_kendala
Create Date: 2026-12-01
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005_jadwal_awal'
down_revision: str | None = '0004_kendala'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('jadwal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rencana_awal_mulai', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('rencana_awal_selesai', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('jumlah_perubahan', sa.Integer(), nullable=False,
                                      server_default=sa.text('0')))


def downgrade() -> None:
    with op.batch_alter_table('jadwal', schema=None) as batch_op:
        batch_op.drop_column('jumlah_perubahan')
        batch_op.drop_column('rencana_awal_selesai')
        batch_op.drop_column('rencana_awal_mulai')
