"""paket: drop the two indexes no query plan needs (issue #15, import speed)

Every index is maintained on every insert; an OCDS import writes tens of thousands of
paket rows. Dropped: ``ix_paket_jenis`` and ``ix_paket_metode``, a handful of values
each. A page filtered by one reads the table in kode order and stops at its last row
(faster than through the index, then sorted); a count reads the table once; other
filters come with an OPD (``ix_paket_opd_id``, ``ix_paket_opd_tahap``) or a stage
(``ix_paket_tahap``).

Kept although they look redundant (measured at 100.000 paket, bench/README.md):
``ix_paket_opd_id``, a prefix of (opd_id, tahap), hands an OPD's paket over in table
order, so its summary and page read them faster than through the pair;
``ix_paket_tahun``, which the year's reports read in table order (without it SQLite
groups them through (opd_id, tahap) and reads rows out of order); and
``ix_jadwal_paket_id``, a prefix of the unique (paket_id, tahap), without which
PostgreSQL reads the whole jadwal table for the alerts of one OPD.

A frozen snapshot: the index names as they are at this revision.

Revision ID: 0010_indeks_paket
Revises: 0009_riwayat_pengguna
Create Date: 2026-12-02
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0010_indeks_paket'
down_revision: str | None = '0009_riwayat_pengguna'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, index, column): what downgrade() builds again.
DROPPED = (
    ('paket', 'ix_paket_jenis', 'jenis'),
    ('paket', 'ix_paket_metode', 'metode'),
)


def upgrade() -> None:
    for table, name, _column in DROPPED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for table, name, column in DROPPED:
        op.create_index(name, table, [column], unique=False)
