"""Database triggers that make riwayat append-only: UPDATE and DELETE are refused by
the database itself, whoever connects (TRUNCATE and DROP are left to the owner).

Created by migration 0003_riwayat_hash from its own frozen copy of these statements
(migrations import nothing from pengadaan). A later migration that recreates
``riwayat`` (SQLite batch mode copies the table and drops its triggers) must create
them again, from a copy of its own. The tests use this module to lift and restore
the guard.
"""

from __future__ import annotations

import sqlalchemy as sa

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


def _statements(connection: sa.Connection, create: bool) -> tuple[str, ...]:
    if connection.dialect.name == "sqlite":
        if create:
            return tuple(f"CREATE TRIGGER {name} BEFORE {event} ON riwayat "
                         f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
                         for name, event in _SQLITE.items())
        return tuple(f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE)
    return _PG_CREATE if create else _PG_DROP


def create_guard(connection: sa.Connection) -> None:
    for statement in _statements(connection, create=True):
        connection.exec_driver_sql(statement)


def drop_guard(connection: sa.Connection) -> None:
    for statement in _statements(connection, create=False):
        connection.exec_driver_sql(statement)
