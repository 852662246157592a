"""Tamper evidence for users' roles (issue #19): every change of a user's peran, OPD or
status appends one ``riwayat_pengguna`` entry, hash-chained per user like riwayat
(``db.history_chain``; the canonical JSON and UTC stamp come from ``db.history_text``), and the
user's row keeps the hash of its newest entry (``riwayat_hash``, the head).

``UPDATE pengguna SET peran = 'admin'`` in SQL leaves the newest entry saying
otherwise; deleting the newest entry leaves the head pointing at nothing; a row added
or deleted in SQL has no entries, or entries without a row. ``audit verifikasi``
reports each (:func:`verify`). Migration 0009_riwayat_pengguna, which started the
record with one entry per user, keeps its own frozen copy of format 1
(tests/test_user_chain.py checks its backfill equals this chain).

The writers call :func:`record` in the same transaction as the change; a flush that
changes a user without its entry is refused (:func:`_require_entry`), so a writer that
forgets fails in tests instead of leaving a gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, groupby

import sqlalchemy as sa
from pengadaan.db.history_text import json_digest, utc_stamp
from pengadaan.db.history_walk import Links, Tally, column_getter
from pengadaan.db.models import Pengguna, RiwayatPengguna
from sqlalchemy import event
from sqlalchemy.orm import Session

from pengadaan.domain.akses import AksiPengguna
from pengadaan.domain.errors import PengadaanError

# Bumped (with a migration that rehashes) if the canonical form ever changes.
FORMAT = 1
# What an entry records: the user's state after the change.
STATE = ("peran", "opd_id", "aktif")


def entry_hash(nama: str, peran: str, opd_id: int | None, aktif: bool, aksi: str,
               dicatat: datetime, oleh: str, previous: str | None) -> str:
    """Hex SHA-256 of ``["pengguna", format, nama, peran, opd_id, aktif, aksi, dicatat
    (UTC, µs), oleh, previous]``; the tag keeps it apart from a riwayat entry's."""
    return json_digest(["pengguna", FORMAT, nama, str(peran), opd_id, bool(aktif), str(aksi),
                        utc_stamp(dicatat), oleh, previous])


# The riwayat_pengguna columns :func:`entry_hash` takes before the link, in its order.
HASHED = ("nama", *STATE, "aksi", "dicatat", "oleh")


def hash_of_row(row, previous: str | None) -> str:
    """:func:`entry_hash` of anything with RiwayatPengguna's attributes."""
    return entry_hash(*(getattr(row, name) for name in HASHED), previous)


def record(session: Session, user: Pengguna, aksi: AksiPengguna, oleh: str,
           dicatat: datetime) -> RiwayatPengguna:
    """Append the entry for ``user``'s state as it now is, and make it the user's head:
    both go in with the change itself, in the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        # Hold a transaction id before the entry takes its id, as a paket writer does
        # by locking its row: ``audit jangkar`` waits for such transactions
        # (history_heads.settle), so no entry below its mark commits after it.
        # (On the connection: a session query would flush the change before its entry.)
        session.connection().exec_driver_sql("SELECT pg_current_xact_id()")
    entry = RiwayatPengguna(nama=user.nama, peran=str(user.peran), opd_id=user.opd_id,
                            aktif=user.aktif, aksi=str(aksi), dicatat=dicatat, oleh=oleh,
                            hash="", hash_sebelumnya=user.riwayat_hash)
    entry.hash = hash_of_row(entry, entry.hash_sebelumnya)
    user.riwayat_hash = entry.hash
    session.add(entry)
    return entry


# --- the safety net ---------------------------------------------------------------------------


class JejakPenggunaHilang(PengadaanError):
    """A change of a user was about to be written without its riwayat_pengguna entry:
    a bug in the writer, refused before it reaches the database."""


_WATCHED = ("nama", *STATE, "riwayat_hash")


def _changed(user: Pengguna) -> bool:
    attrs = sa.inspect(user).attrs
    return any(attrs[name].history.has_changes() for name in _WATCHED)


@event.listens_for(Session, "before_flush")
def _require_entry(session: Session, _context, _instances) -> None:
    """Every new or changed user goes with a new entry that states its new state and is
    its head. The flush's new entries are gathered only when a user changed (most
    flushes change none)."""
    new = session.new
    entries: dict[tuple[str, str], RiwayatPengguna] | None = None
    for user in chain(new, session.dirty):
        if not isinstance(user, Pengguna) or (user not in new and not _changed(user)):
            continue
        if entries is None:
            entries = {(e.nama, e.hash): e for e in new if isinstance(e, RiwayatPengguna)}
        entry = entries.get((user.nama, user.riwayat_hash))
        if entry is None or any(str(getattr(entry, k)) != str(getattr(user, k)) for k in STATE):
            raise JejakPenggunaHilang(
                f"perubahan pengguna '{user.nama}' ditolak: tidak disertai entri "
                "riwayat_pengguna (kesalahan program; tidak ada yang disimpan)")


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UserBreak:
    """The first place a user's chain does not hold, in Indonesian."""

    nama: str
    entri: int | None  # riwayat_pengguna.id; None when the problem is the user as a whole
    masalah: str


@dataclass
class UserChainReport(Tally):
    """What the walk over users found (one break per user at most)."""

    pengguna: int = 0  # users with a row or with entries
    entri: int = 0
    rusak: int = 0
    breaks: list[UserBreak] = field(default_factory=list)

    @property
    def utuh(self) -> bool:
        return self.rusak == 0


_U, _E = Pengguna.__table__, RiwayatPengguna.__table__
_ENTRY = (_E.c.id, _E.c.peran, _E.c.opd_id, _E.c.aktif, _E.c.aksi, _E.c.dicatat, _E.c.oleh,
          _E.c.hash, _E.c.hash_sebelumnya)
# The user's row beside its entries: it exists (``ada``), its head, and its STATE as
# ``<name>_kini``.
_KINI = tuple(f"{name}_kini" for name in STATE)


def _no_row(column: sa.Column, label: str | None = None) -> sa.ColumnElement:
    return sa.cast(sa.null(), column.type).label(label or column.name)


# Every user with its entries (a user without any once, entry columns NULL), then the
# entries of names no row has: one statement, so one snapshot on both databases.
WALK_QUERY = sa.union_all(
    sa.select(_U.c.nama, sa.true().label("ada"), _U.c.riwayat_hash,
              *(_U.c[name].label(kini) for name, kini in zip(STATE, _KINI, strict=True)),
              *_ENTRY)
    .select_from(_U.outerjoin(_E, _E.c.nama == _U.c.nama)),
    sa.select(_E.c.nama, sa.false().label("ada"), _no_row(_U.c.riwayat_hash),
              *(_no_row(_U.c[name], kini) for name, kini in zip(STATE, _KINI, strict=True)),
              *_ENTRY)
    .where(~sa.exists().where(_U.c.nama == _E.c.nama)),
).order_by(sa.literal_column("nama"), sa.literal_column("id"))

_NAMA = column_getter(WALK_QUERY, "nama")
_LINKS = Links.over(WALK_QUERY, entry_hash, (*HASHED, "hash_sebelumnya"),
                   content="isi entri riwayat peran", first="riwayat peran: ",
                   later="riwayat peran: ")


def kept(session: Session) -> bool:
    """Whether this database keeps the record (a copy made before migration 0009,
    opened read-only and not migrated, does not)."""
    return sa.inspect(session.connection()).has_table(RiwayatPengguna.__tablename__)


def verify(session: Session) -> UserChainReport:
    """Walk every user's chain: content, links, head, and the newest entry's state
    against the row."""
    report = UserChainReport()
    report.pengguna = report.walked(
        _check_user(nama, list(rows))
        for nama, rows in groupby(session.execute(WALK_QUERY), key=_NAMA))
    return report


def _check_user(nama: str, rows: Sequence[sa.Row]) -> tuple[int, UserBreak | None]:
    """Entries counted and the first break of one user's chain (its walk rows; a few
    per user, so read by attribute)."""
    first, newest = rows[0], rows[-1]
    if first.id is None:
        return 0, UserBreak(nama, None, f"pengguna {nama} tidak punya riwayat peran sama "
                                        "sekali (ditambahkan di luar aplikasi)")
    if not first.ada:
        return len(rows), UserBreak(nama, newest.id, (
            f"riwayat peran pengguna {nama} ada, tetapi penggunanya tidak ada lagi "
            "(dihapus di luar aplikasi)"))
    broken = _LINKS.first_break(rows)
    if broken is not None:
        row, problem = broken
        return len(rows), UserBreak(nama, row.id, problem)
    return len(rows), _head_problem(nama, newest) or _state_problem(nama, newest)


def _head_problem(nama: str, newest: sa.Row) -> UserBreak | None:
    if newest.riwayat_hash == newest.hash:
        return None
    return UserBreak(nama, newest.id, (
        f"ujung riwayat peran pengguna {nama} tidak sama dengan entri terakhirnya "
        "(entri terakhir dihapus, atau pengguna diubah di luar aplikasi)"))


_FIELD_LABEL = {"peran": "peran", "opd_id": "OPD", "aktif": "status aktif"}


def _state_problem(nama: str, newest: sa.Row) -> UserBreak | None:
    """The newest entry's state against the row's (``aktif`` compared as a truth value:
    SQLite hands back 0/1)."""
    differ = [_FIELD_LABEL[name] for name, kini in zip(STATE, _KINI, strict=True)
              if _plain(name, getattr(newest, name)) != _plain(name, getattr(newest, kini))]
    if not differ:
        return None
    return UserBreak(nama, newest.id, (
        f"{' dan '.join(differ)} pengguna {nama} berbeda dari yang tercatat (diubah di luar "
        "aplikasi)"))


def _plain(name: str, value: object) -> object:
    return bool(value) if name == "aktif" else value
