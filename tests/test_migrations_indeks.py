"""Migration 0010_indeks_paket drops the paket indexes no plan needs, and its
downgrade builds them again (issue #15), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from pengadaan.db.migrate import current_revision, downgrade, revision_before, upgrade

pytestmark = pytest.mark.both_databases

DROPPED = {("paket", "ix_paket_jenis"), ("paket", "ix_paket_metode")}
KEPT = {("paket", "ix_paket_kode"), ("paket", "ix_paket_kode_rup"), ("paket", "ix_paket_tahap"),
        ("paket", "ix_paket_opd_id"), ("paket", "ix_paket_opd_tahap"), ("paket", "ix_paket_tahun"),
        ("jadwal", "ix_jadwal_paket_id")}


def _indexes(engine) -> set[tuple[str, str]]:
    inspector = sa.inspect(engine)
    return {(table, ix["name"]) for table in ("paket", "jadwal")
            for ix in inspector.get_indexes(table)}


def test_upgrade_drops_the_unneeded_indexes_and_downgrade_restores_them(db):
    engine = db.engine
    assert not _indexes(engine) & DROPPED
    assert _indexes(engine) >= KEPT
    before = revision_before("0010_indeks_paket.py")
    downgrade(engine, before)  # back across 0010_indeks_paket (and what came after it)
    try:
        assert current_revision(engine) == before
        assert _indexes(engine) >= DROPPED | KEPT
    finally:
        upgrade(engine)
    assert not _indexes(engine) & DROPPED
    assert _indexes(engine) >= KEPT
