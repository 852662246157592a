"""Tamper evidence for riwayat: the hash chain and its verification, in one place so
the writer (``db.history``) and the verifier (``pengadaan audit verifikasi``) cannot
drift apart. Migration 0003_riwayat_hash, which backfilled old rows, keeps its own
frozen copy of format 1 (tests/test_audit.py checks its backfill equals this chain).

Each entry stores ``hash`` = SHA-256 over its content and ``hash_sebelumnya``, the
hash of the entry before it of the same paket (none for a paket's first entry). A
chain per paket, not one global chain: appending rides on the paket's optimistic lock
(``Paket.version``) instead of serialising every writer on one row.

An edit made outside the product changes the content, so the stored hash no longer
matches; a deleted, inserted or reordered entry breaks the link to the previous
one; a deleted newest entry no longer matches the head kept on the paket row
(``paket.riwayat_hash``). Entries also record the tracked values they changed
(``riwayat.nilai``, db/history_text.py), so money, penyedia, contract dates,
progress reports and the planned kurva S changed in SQL no longer match what the
chain says. Someone who can write SQL *and* recompute every later hash (and the head)
is not stopped: the database triggers (migration 0003_riwayat_hash), anchors and backups
(``db.history_heads``) are the other half of the defence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

import sqlalchemy as sa
from pengadaan.db.history_text import (
    HASHED,
    LABELS,
    PROGRES,
    RENCANA,
    TRACKED_PAKET,
    digest_of_lines,
    entry_hash,
    plain,
    rencana_digest,
)
from pengadaan.db.history_values import progres_rows_query, rencana_rows_query
from pengadaan.db.history_walk import Links, Tally, column_getter
from pengadaan.db.migrate import stored_revision
from pengadaan.db.models import Paket, Riwayat
from sqlmodel import Session

if TYPE_CHECKING:
    from pengadaan.db.user_chain import UserChainReport


# --- reading the heads of chains ------------------------------------------------------------


def latest_hashes(session: Session, paket_ids: Iterable[int], chunk: int = 900
                  ) -> dict[int, str]:
    """The hash of each paket's newest entry (none before its first), a few hundred
    pakets per query."""
    ids = sorted(set(paket_ids))
    found: dict[int, str] = {}
    for start in range(0, len(ids), chunk):
        newest = (sa.select(sa.func.max(Riwayat.id))
                  .where(Riwayat.paket_id.in_(ids[start:start + chunk]))
                  .group_by(Riwayat.paket_id))
        query = sa.select(Riwayat.paket_id, Riwayat.hash).where(Riwayat.id.in_(newest))
        found.update(dict(session.execute(query).all()))
    return found


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """The first place a paket's chain does not hold, in Indonesian."""

    kode: str
    entri: int | None  # riwayat.id; None when the problem is the paket as a whole
    tanggal: date | None
    masalah: str


@dataclass
class ChainReport(Tally):
    """What a walk found: totals, and the breaks (one per paket at most)."""

    entri: int = 0
    paket: int = 0
    rusak: int = 0  # pakets with a broken chain (all of them, not only those listed)
    breaks: list[Break] = field(default_factory=list)
    # Checked against an anchor (``audit verifikasi --jangkar``): does the history up
    # to it still hash to the anchored digest? None when no anchor was given.
    jangkar_cocok: bool | None = None
    # Users' role records (db/user_chain.py), walked by the same audit; None when
    # only the paket chains were walked.
    pengguna: UserChainReport | None = None

    @property
    def utuh(self) -> bool:
        return (self.rusak == 0 and self.jangkar_cocok is not False
                and (self.pengguna is None or self.pengguna.utuh))


# One row per entry, pakets without any entry once with id NULL; ordered so every
# chain is read in one pass, oldest entry first. What the paket holds (its head and
# tracked values), its progress reports and its planned kurva S come beside it, in
# three more streams in the same paket order (read once per paket, not once per entry).
_R, _P = Riwayat.__table__, Paket.__table__


def _walk(values: bool) -> sa.Select:
    """The walk; without ``values`` (a database from before migration 0008_jejak_nilai,
    e.g. an old backup opened as it is) ``nilai`` is read as NULL."""
    nilai = _R.c.nilai if values else sa.null().label("nilai")
    return (sa.select(_P.c.id.label("paket_id"), _P.c.kode, _P.c.tahap.label("tahap_paket"),
                      _R.c.id, _R.c.dari, _R.c.ke, _R.c.pemicu, _R.c.tanggal, _R.c.dicatat,
                      _R.c.oleh, _R.c.catatan, _R.c.hash, _R.c.hash_sebelumnya, nilai)
            .select_from(_P.outerjoin(_R, _R.c.paket_id == _P.c.id))
            .order_by(_P.c.id, _R.c.id))


WALK_QUERY = _walk(values=True)
_OLD_WALK = _walk(values=False)
# Each paket's head and tracked values, in the walk's order.
PAKET_QUERY = (sa.select(_P.c.id, _P.c.riwayat_hash, *(_P.c[name] for name in TRACKED_PAKET))
               .order_by(_P.c.id))


def records_values(session: Session) -> bool:
    """Whether this database's chain records values and heads (migration 0008)."""
    return any(c["name"] == "nilai" for c in sa.inspect(session.connection())
               .get_columns(Riwayat.__tablename__))


# The revision from which every change of the planned kurva S is recorded. Revision
# ids begin with their number in the chain ("0011_…"), so they compare in order.
_PLANS_FROM = "0011"


def records_plans(session: Session) -> bool:
    """Whether this database's chain records its planned kurva S (migration 0011): a
    backup made before it, opened as it is, holds plans no entry recorded."""
    revision = stored_revision(session.connection())
    return revision is not None and revision >= _PLANS_FROM


def _stream(session: Session, query: sa.Select, batch: int) -> Iterator[sa.Row]:
    """A query streamed (a server-side cursor on PostgreSQL)."""
    return iter(session.execute(query, execution_options={"yield_per": batch}))


def walk_rows(session: Session, batch: int = 5000, values: bool = True) -> Iterator[sa.Row]:
    """Stream :data:`WALK_QUERY`."""
    return _stream(session, WALK_QUERY if values else _OLD_WALK, batch)


def paket_rows(session: Session, batch: int = 5000) -> Iterator[sa.Row]:
    """Stream :data:`PAKET_QUERY` (a second cursor beside the walk)."""
    return _stream(session, PAKET_QUERY, batch)


def progres_rows(session: Session, batch: int = 5000) -> Iterator[sa.Row]:
    """Stream every progress report, in the walk's paket order (a third cursor)."""
    return _stream(session, progres_rows_query(), batch)


def rencana_rows(session: Session, batch: int = 5000) -> Iterator[sa.Row]:
    """Stream every planned kurva S point, in the walk's paket order (a fourth cursor)."""
    return _stream(session, rencana_rows_query(), batch)


def verify(rows: Iterable[Sequence], pakets: Iterable[Sequence] | None = None,
           progres: Iterable[Sequence] = (), rencana: Iterable[Sequence] | None = ()
           ) -> ChainReport:
    """Walk rows of :data:`WALK_QUERY`'s columns, in its order, beside the paket rows of
    :func:`paket_rows`, the progress reports of :func:`progres_rows` and the planned
    points of :func:`rencana_rows`, and report the first break per paket. Without
    ``pakets`` (a chain from before values were recorded) only the links and stages are
    checked; with ``rencana`` None (one from before plans were, :func:`records_plans`)
    the plans are not."""
    report = ChainReport()
    report.paket = report.walked(_checked(rows, pakets, progres, rencana))
    return report


def _checked(rows: Iterable[Sequence], pakets: Iterable[Sequence] | None,
             progres: Iterable[Sequence], rencana: Iterable[Sequence] | None
             ) -> Iterator[tuple[int, Break | None]]:
    """Each paket's chain checked, with what the paket holds when ``pakets`` is given."""
    held, reports, plans = _ByPaket(pakets or ()), _ByPaket(progres), _ByPaket(rencana or ())
    for paket_id, chain in groupby(rows, key=_PAKET_ID):
        values = None
        if pakets is not None:
            row = held.take(paket_id)
            values = (row[0][1:] if row else (None,) * (1 + len(TRACKED_PAKET)),
                      digest_of_lines(r[1:] for r in reports.take(paket_id)),
                      _UNCHECKED if rencana is None
                      else rencana_digest(r[1:] for r in plans.take(paket_id)))
        yield _check_chain(list(chain), values)


class _ByPaket:
    """Rows of a stream ordered by paket id (its first column), taken paket by paket
    in that order."""

    def __init__(self, rows: Iterable[Sequence]) -> None:
        self._groups = groupby(rows, key=itemgetter(0))
        self._next = next(self._groups, None)

    def take(self, paket_id: int) -> list[Sequence]:
        while self._next is not None and self._next[0] < paket_id:
            self._next = next(self._groups, None)
        if self._next is None or self._next[0] != paket_id:
            return []
        rows = list(self._next[1])
        self._next = next(self._groups, None)
        return rows


# In place of a plan digest: the plans are not checked (:func:`records_plans`).
_UNCHECKED = object()
# A walk row's columns by name (both walks name them alike).
_PAKET_ID = column_getter(WALK_QUERY, "paket_id")
_FIRST = column_getter(WALK_QUERY, "kode", "id")  # an id of None: the paket has no entry
_AT = column_getter(WALK_QUERY, "id", "tanggal")
_NEWEST = column_getter(WALK_QUERY, "id", "hash", "ke", "tanggal", "tahap_paket")
_NILAI = column_getter(WALK_QUERY, "nilai")
_LINKS = Links.over(WALK_QUERY, entry_hash, (*HASHED, "hash_sebelumnya", "nilai"),
                   content="isi entri", first="entri pertama paket ", later="")


def _check_chain(entries: Sequence[Sequence],
                 values: tuple[Sequence, str | None, str | object | None] | None
                 ) -> tuple[int, Break | None]:
    """Entries counted and the first break of one paket's chain (its walk rows).

    Besides the links: the newest entry must lead to the paket's current tahap, and a
    paket must have at least one entry; with ``values`` (the paket's head and tracked
    values, and its progress digest) the newest entry must be that head (a deleted newest
    entry, which the links alone cannot see) and the values the entries recorded, folded
    in order, must be those.
    """
    kode, first_id = _FIRST(entries[0])
    if first_id is None:
        return 0, Break(kode, None, None, "paket tidak punya riwayat sama sekali")
    broken = _LINKS.first_break(entries)
    if broken is not None:
        row, problem = broken
        return len(entries), Break(kode, *_AT(row), problem)
    head_id, head, ke, tanggal, tahap = _NEWEST(entries[-1])
    problem = None
    if ke != tahap:
        problem = (f"tahap paket '{tahap}' tidak sama dengan langkah terakhir riwayat '{ke}' "
                   "(entri terakhir dihapus, atau tahap paket diubah di luar aplikasi)")
    elif values is not None:
        recorded: dict = {}
        for nilai in map(_NILAI, entries):
            if nilai is not None:
                recorded.update(json.loads(nilai))
        problem = _values_problem(*values, head, recorded)
    return len(entries), None if problem is None else Break(kode, head_id, tanggal, problem)


def _values_problem(held: Sequence, progres: str | None, rencana: str | object | None,
                    head: str, recorded: dict) -> str | None:
    """The paket's head and tracked values (as :data:`PAKET_QUERY` reads them, without
    its id), its progress digest and its plan digest against what its chain recorded
    (no plan digest recorded: the standard curve, as every paket starts)."""
    kepala, *current = held
    if kepala != head:
        return ("kepala rantai pada paket tidak sama dengan hash entri terakhir riwayat "
                "(entri terakhir dihapus, atau paket diubah di luar aplikasi)")
    differ = [LABELS[name] for name, value in zip(TRACKED_PAKET, current, strict=True)
              if plain(value) != recorded.get(name)]
    if differ:
        return (f"{'/'.join(differ)} berbeda dari yang tercatat di riwayat (diubah di luar "
                "aplikasi)")
    if progres != recorded.get(PROGRES):
        return ("laporan progres berbeda dari yang tercatat di riwayat (diubah, ditambah "
                "atau dihapus di luar aplikasi)")
    if rencana is not _UNCHECKED and rencana != recorded.get(RENCANA):
        return ("kurva S rencana berbeda dari yang tercatat di riwayat (diubah, ditambah "
                "atau dihapus di luar aplikasi)")
    return None
