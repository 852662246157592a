"""paket: drop the indexes no query plan needs (issue #15, import speed)

Every index is maintained on every insert; an OCDS import writes tens of thousands of
paket rows. Dropped, each with what serves its queries instead:

- ``ix_paket_tahun``, ``ix_paket_jenis``, ``ix_paket_metode``: a handful of values
  each; their filters come with an OPD (``ix_paket_opd_id``, ``ix_paket_opd_tahap``),
  a stage (``ix_paket_tahap``) or read most of the table anyway (a page in kode order
  stops at its last row; a count reads the table once).

Kept although they look redundant (measured at 100.000 paket, bench/README.md):
``ix_paket_opd_id``, a prefix of (opd_id, tahap), hands an OPD's paket over in table
order, so its summary and page read them faster than through the pair; and
``ix_jadwal_paket_id``, a prefix of the unique (paket_id, tahap), without which
PostgreSQL reads the whole jadwal table for the alerts of one OPD.

A frozen snapshot: the index names as they are at this revision.

Revision ID: 0010_indeks_paket
Revises: 0007_peran_server
Create Date: 2026-12-02
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0010_indeks_paket'
down_revision: str | None = '0007_peran_server'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, index, column): what downgrade() builds again.
DROPPED = (
    ('paket', 'ix_paket_tahun', 'tahun'),
    ('paket', 'ix_paket_jenis', 'jenis'),
    ('paket', 'ix_paket_metode', 'metode'),
)


def upgrade() -> None:
    for table, name, _column in DROPPED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for table, name, column in DROPPED:
        op.create_index(name, table, [column], unique=False)
