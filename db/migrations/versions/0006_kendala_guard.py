"""kendala, tindak_lanjut, tindak_lanjut_riwayat: triggers that keep them append-only

Issue #13: kendala and tindak lanjut are records like riwayat. The database itself
refuses, whoever connects (TRUNCATE and DROP are left to the owner):

- DELETE on all three tables;
- UPDATE of ``tindak_lanjut_riwayat``;
- UPDATE of ``kendala`` except writing a resolution field (``selesai_*``) that is
  still NULL (``kendala selesai``: once, never again);
- UPDATE of ``tindak_lanjut`` except its ``status`` (``tindak-lanjut perbarui``, which
  appends the change to ``tindak_lanjut_riwayat``).

A frozen snapshot: the columns are listed as they are at this revision. A later
migration that adds a column to these tables recreates the triggers from its own copy
(saying whether the new column may change); one that recreates a table (SQLite batch
mode copies it) drops its triggers with it and must create them again.

Revision ID: 0006_kendala_guard
Revises: 0005_jadwal_awal
Create Date: 2026-12-01
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006_kendala_guard'
down_revision: str | None = '0005_jadwal_awal'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (columns an UPDATE must leave as they are, columns it may write once from
# NULL, refusal); None instead of the columns: every UPDATE is refused. No "%" and no
# quote in a refusal: the driver may read "%" as a placeholder.
GUARDED = {
    "kendala": (
        ("id", "paket_id", "tanggal", "kategori", "uraian", "oleh", "dicatat"),
        ("selesai_tanggal", "selesai_catatan", "selesai_oleh"),
        "kendala hanya boleh ditambah dan diselesaikan sekali; mengubah atau menghapusnya "
        "ditolak"),
    "tindak_lanjut": (
        ("id", "kendala_id", "uraian", "pelaksana", "batas", "rekomendasi", "oleh", "dicatat"),
        (),
        "tindak lanjut hanya boleh ditambah dan diperbarui statusnya; mengubah atau "
        "menghapusnya ditolak"),
    "tindak_lanjut_riwayat": (
        None, (),
        "riwayat tindak lanjut hanya boleh ditambah; mengubah atau menghapus entri ditolak"),
}


def _allowed(frozen: tuple[str, ...], once: tuple[str, ...], same: str) -> str:
    """The UPDATE that is allowed, as SQL on OLD and NEW (``same``: null-safe equal)."""
    kept = [f"NEW.{c} {same} OLD.{c}" for c in frozen]
    kept += [f"(OLD.{c} IS NULL OR NEW.{c} {same} OLD.{c})" for c in once]
    return " AND ".join(kept)


def _sqlite(table: str, frozen: tuple[str, ...] | None, once: tuple[str, ...],
            refusal: str, create: bool) -> list[str]:
    if not create:
        return [f"DROP TRIGGER IF EXISTS {table}_tolak_hapus",
                f"DROP TRIGGER IF EXISTS {table}_tolak_ubah"]
    raise_ = f"BEGIN SELECT RAISE(ABORT, '{refusal}'); END"
    when = "" if frozen is None else f"WHEN NOT ({_allowed(frozen, once, 'IS')}) "
    return [f"CREATE TRIGGER {table}_tolak_hapus BEFORE DELETE ON {table} {raise_}",
            f"CREATE TRIGGER {table}_tolak_ubah BEFORE UPDATE ON {table} {when}{raise_}"]


def _postgresql(table: str, frozen: tuple[str, ...] | None, once: tuple[str, ...],
                refusal: str, create: bool) -> list[str]:
    name = f"{table}_tolak_perubahan"
    if not create:
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
    allow = "" if frozen is None else (
        f"  IF TG_OP = 'UPDATE' AND {_allowed(frozen, once, 'IS NOT DISTINCT FROM')} THEN\n"
        "    RETURN NEW;\n  END IF;\n")
    return [f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{allow}  RAISE EXCEPTION USING MESSAGE =
    '{refusal} (' || TG_OP || ' {table} id ' || OLD.id || ')';
END $$""",
            f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()"]


def _guard(connection: sa.Connection, create: bool) -> None:
    build = _sqlite if connection.dialect.name == "sqlite" else _postgresql
    for table, spec in GUARDED.items():
        for statement in build(table, *spec, create):
            connection.exec_driver_sql(statement)


def upgrade() -> None:
    _guard(op.get_bind(), create=True)


def downgrade() -> None:
    _guard(op.get_bind(), create=False)
