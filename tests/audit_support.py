"""What the history tests share: raw SQL as the database owner would run it, the
verifier's verdict, and where each paket's chain ends (its head entry)."""

from __future__ import annotations

import sqlalchemy as sa

from pengadaan.usecases.audit import verify_history


def sql(db, *statements: str, **params) -> None:
    """Run ``statements`` in one transaction, as an owner editing the database by hand."""
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement), params)


def assert_whole(db) -> None:
    """``audit verifikasi`` finds nothing: the starting point is sound."""
    report = verify_history(db)
    assert report.utuh, report.breaks


def only_break(db):
    """The one problem ``audit verifikasi`` reports (exactly one)."""
    report = verify_history(db)
    assert report.rusak == len(report.breaks) == 1, report.breaks
    return report.breaks[0]


def heads(db, also: str) -> list[tuple]:
    """Per paket (by kode) its head entry's pemicu and oleh, and ``also`` (an SQL
    expression over ``p`` the paket and ``r`` the entry)."""
    with db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(sa.text(
            f"SELECT p.kode, r.pemicu, r.oleh, {also} FROM paket p JOIN riwayat r "
            "ON r.hash = p.riwayat_hash ORDER BY p.kode"))]
