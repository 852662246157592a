"""Use cases that guard the record itself: verify the riwayat hash chains and users'
role records, anchor them outside the database, back up, compare with a backup and
restore one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pengadaan.db import history_heads, user_chain
from pengadaan.db.backup import (
    backup_sqlite,
    pg_dump_command,
    pg_restore_command,
    restore_sqlite,
    sqlite_file,
)
from pengadaan.db.history_chain import (
    ChainReport,
    paket_rows,
    progres_rows,
    records_plans,
    records_values,
    rencana_rows,
    verify,
    walk_rows,
)
from pengadaan.db.uow import Database, open_database
from pengadaan.domain.errors import Conflict, InvalidInput, NotFound

# ``PJ2-<newest riwayat id>-<newest riwayat_pengguna id>-<SHA-256 of every paket's and
# user's head up to them>``: short enough to paste. ``PJ1-<riwayat id>-<SHA-256>``,
# written before users' roles were chained, still checks the paket chains it covers.
ANCHOR = re.compile(r"PJ1-(\d+)-([0-9a-f]{64})|PJ2-(\d+)-(\d+)-([0-9a-f]{64})")


@dataclass(frozen=True)
class _Mark:
    """An anchor as parsed: how far it reaches, and its digest."""

    sampai: int
    sampai_pengguna: int | None  # None: a PJ1 anchor (paket chains only)
    sidik: str


def verify_history(db: Database, jangkar: str | None = None) -> ChainReport:
    """Walk every paket's chain, beside its progress reports and planned kurva S, in one
    read (one consistent snapshot): links, head, and the values it records against the
    rows; then every user's role record; with an anchor (its text, or a file holding
    it), also check the history still passes through every head it recorded."""
    wanted = _parse_anchor(jangkar) if jangkar is not None else None
    with db.unit_of_work() as uow:
        session = uow.session
        if records_values(session):
            report = verify(walk_rows(session), paket_rows(session), progres_rows(session),
                            rencana_rows(session) if records_plans(session) else None)
        else:  # a backup made before 0008_jejak_nilai: links and stages only
            report = verify(walk_rows(session, values=False))
        if user_chain.kept(session):  # a backup made before 0009 has no such record
            report.pengguna = user_chain.verify(session)
        if wanted is not None:
            found = history_heads.heads(session, wanted.sampai)
            if wanted.sampai_pengguna is None:
                sidik = history_heads.digest(found)
            else:
                sidik = history_heads.digest_with_users(found, history_heads.heads(
                    session, wanted.sampai_pengguna, history_heads.PENGGUNA))
            report.jangkar_cocok = sidik == wanted.sidik
        return report


@dataclass(frozen=True)
class Jangkar:
    """Every chain's head at one moment, as one digest to write down elsewhere."""

    dibuat: datetime
    sampai: int   # the newest riwayat id it covers
    paket: int
    entri: int
    sidik: str
    sampai_pengguna: int  # the newest riwayat_pengguna id it covers
    pengguna: int
    entri_pengguna: int

    @property
    def teks(self) -> str:
        return f"PJ2-{self.sampai}-{self.sampai_pengguna}-{self.sidik}"


def take_anchor(db: Database) -> Jangkar:
    with db.unit_of_work() as uow:
        session = uow.session
        upto = history_heads.newest_entry(session)
        upto_users = history_heads.newest_entry(session, history_heads.PENGGUNA)
        history_heads.settle(session)
        found = history_heads.heads(session, upto)
        users = history_heads.heads(session, upto_users, history_heads.PENGGUNA)
        return Jangkar(datetime.now(UTC), upto, len(found),
                       sum(n for n, _head in found.values()),
                       history_heads.digest_with_users(found, users), upto_users, len(users),
                       sum(n for n, _head in users.values()))


def _parse_anchor(jangkar: str) -> _Mark:
    text = jangkar.strip()
    path = Path(text).expanduser()
    if not ANCHOR.search(text) and path.is_file():
        text = path.read_text(encoding="utf-8", errors="replace")
    found = ANCHOR.search(text)
    if found is None:
        raise InvalidInput("jangkar: tidak ditemukan teks PJ2-… atau PJ1-… (salin baris "
                           "dari `pengadaan audit jangkar`, atau beri berkasnya)")
    if found.group(1) is not None:
        return _Mark(int(found.group(1)), None, found.group(2))
    return _Mark(int(found.group(3)), int(found.group(4)), found.group(5))


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
    return HasilCadangan(str(target), target.stat().st_size, _verify_copy(target))


def _verify_copy(path: Path) -> ChainReport:
    """The history of a copy, read without changing it (no switch to WAL)."""
    copy = _open_copy(path)
    try:
        return verify_history(copy)
    finally:
        copy.engine.dispose()


def _open_copy(path: Path) -> Database:
    if not path.is_file():
        raise NotFound(f"cadangan: berkas {path} tidak ada")
    return open_database(str(path), migrate=False, create=False, read_only=True)


@dataclass(frozen=True)
class Perbandingan:
    """The live database against a backup: what was lost or rewritten since, and
    what was added (normal), in the paket histories and in the users' role records
    (``pengguna`` None: a backup from before those were chained)."""

    cadangan: str
    hasil: history_heads.Comparison
    pengguna: history_heads.Comparison | None = None

    @property
    def utuh(self) -> bool:
        return self.hasil.utuh and (self.pengguna is None or self.pengguna.utuh)


def compare_backup(db: Database, berkas: str) -> Perbandingan:
    """Does every chain in the backup, the paket histories and the users' role
    records, still run on unchanged in the live database?"""
    path = Path(berkas).expanduser().resolve()
    copy = _open_copy(path)
    users = history_heads.PENGGUNA
    try:
        with copy.unit_of_work() as uow:
            recorded = history_heads.heads(uow.session)
            # a backup made before 0009 has no users' record
            recorded_users = (history_heads.heads(uow.session, record=users)
                              if user_chain.kept(uow.session) else None)
    finally:
        copy.engine.dispose()
    with db.unit_of_work() as uow:
        return Perbandingan(
            str(path), history_heads.compare(uow.session, recorded),
            None if recorded_users is None
            else history_heads.compare(uow.session, recorded_users, users))


@dataclass(frozen=True)
class HasilPulih:
    """A SQLite database restored from ``cadangan`` (what was live kept in
    ``sebelumnya``); for PostgreSQL, the ``pg_restore`` line to run (``perintah``)."""

    cadangan: str
    audit: ChainReport | None = None
    sebelumnya: str | None = None
    perintah: str | None = None


def restore(db: Database, berkas: str) -> HasilPulih:
    """Put a backup back in place of the live database, after checking its history;
    the live database is first copied aside, so a restore can itself be undone."""
    path = Path(berkas).expanduser().resolve()
    live = sqlite_file(db.url)
    if live is None:
        return HasilPulih(str(path), perintah=pg_restore_command(db.url, path))
    if path == live:
        raise InvalidInput(f"cadangan: {path} adalah basis data yang dipakai itu sendiri")
    report = _verify_copy(path)
    if not report.utuh:
        users = report.pengguna.rusak if report.pengguna else 0
        raise Conflict(f"cadangan {path}: riwayatnya rusak ({report.rusak} paket, {users} "
                       "pengguna); tidak "
                       "dipulihkan (lihat: pengadaan --db CADANGAN audit verifikasi)")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = live.with_name(f"{live.name}.sebelum-pulih-{stamp}")
    backup_sqlite(live, aside)
    db.engine.dispose()
    restore_sqlite(path, live)
    return HasilPulih(str(path), report, str(aside))


def _target(berkas: str, timpa: bool) -> Path:
    target = Path(berkas).expanduser().resolve()
    if target.is_dir():
        raise InvalidInput(f"berkas: {target} adalah folder, bukan berkas")
    if not target.parent.is_dir():
        raise InvalidInput(f"berkas: folder {target.parent} tidak ada")
    if target.exists() and not timpa:
        raise Conflict(f"berkas: {target} sudah ada; pakai --timpa untuk menimpanya")
    return target
