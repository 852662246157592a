"""Use cases that guard the record itself: verify the riwayat hash chains, back up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pengadaan.db.backup import backup_sqlite, pg_dump_command, sqlite_file
from pengadaan.db.history_chain import ChainReport, verify, walk_rows
from pengadaan.db.uow import Database, open_database
from pengadaan.domain.errors import Conflict, InvalidInput


def verify_history(db: Database) -> ChainReport:
    """Walk every paket's chain in one read (one consistent snapshot)."""
    with db.unit_of_work() as uow:
        return verify(walk_rows(uow.session))


@dataclass(frozen=True)
class HasilCadangan:
    """A SQLite copy made and checked (``ukuran``, ``audit``), or, for PostgreSQL,
    the ``pg_dump`` line to run (``perintah``)."""

    berkas: str
    ukuran: int | None = None
    audit: ChainReport | None = None
    perintah: str | None = None


def backup(db: Database, berkas: str, timpa: bool = False) -> HasilCadangan:
    """Copy the database to ``berkas`` and verify the copy's history."""
    target = _target(berkas, timpa)
    source = sqlite_file(db.url)
    if source is None:
        return HasilCadangan(str(target), perintah=pg_dump_command(db.url, target))
    if target == source:
        raise InvalidInput(f"berkas: {target} adalah basis data yang dicadangkan itu sendiri")
    backup_sqlite(source, target)
    copy = open_database(str(target), migrate=False)
    try:
        report = verify_history(copy)
    finally:
        copy.engine.dispose()
    return HasilCadangan(str(target), target.stat().st_size, report)


def _target(berkas: str, timpa: bool) -> Path:
    target = Path(berkas).expanduser().resolve()
    if target.is_dir():
        raise InvalidInput(f"berkas: {target} adalah folder, bukan berkas")
    if not target.parent.is_dir():
        raise InvalidInput(f"berkas: folder {target.parent} tidak ada")
    if target.exists() and not timpa:
        raise Conflict(f"berkas: {target} sudah ada; pakai --timpa untuk menimpanya")
    return target
