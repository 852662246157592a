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
(``riwayat.nilai``, db/history_values.py), so money, penyedia, contract dates and
progress reports changed in SQL no longer match what the chain says. Someone who
can write SQL *and* recompute every later hash (and the head) is not stopped: the
database triggers (migration 0003_riwayat_hash), anchors and backups
(``db.history_heads``) are the other half of the defence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from hashlib import sha256
from itertools import groupby
from operator import itemgetter

import sqlalchemy as sa
from pengadaan.db.history_values import (
    LABELS,
    PROGRES,
    TRACKED_PAKET,
    digest_of_lines,
    plain,
    progres_rows_query,
    utc_stamp,
)
from pengadaan.db.models import Paket, Riwayat
from sqlmodel import Session

# Bumped (with a migration that rehashes) if the canonical form ever changes.
FORMAT = 1
# Enough to show and to act on; the count of all problems is kept separately.
MAX_PROBLEMS = 100


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def canonical(paket_id: int, dari: str | None, ke: str, pemicu: str, tanggal: date,
              dicatat: datetime, oleh: str, catatan: str | None,
              previous: str | None, nilai: str | None = None) -> bytes:
    """The bytes hashed for one entry: a JSON array in a fixed field order; ``nilai``
    (the values it changed, db/history_values.py) is appended only when given, so every
    entry written before it existed keeps its hash."""
    fields = [FORMAT, paket_id, dari, ke, pemicu, tanggal.isoformat(), utc_stamp(dicatat),
              oleh, catatan, previous]
    if nilai is not None:
        fields.append(nilai)
    return _ENCODE(fields).encode("utf-8")


def entry_hash(paket_id: int, dari: str | None, ke: str, pemicu: str, tanggal: date,
               dicatat: datetime, oleh: str, catatan: str | None,
               previous: str | None, nilai: str | None = None) -> str:
    """Hex SHA-256 of :func:`canonical`; a pure function of the entry and its link."""
    return sha256(canonical(paket_id, dari, ke, pemicu, tanggal, dicatat, oleh, catatan,
                            previous, nilai)).hexdigest()


def hash_of_row(row, previous: str | None) -> str:
    """:func:`entry_hash` of anything with Riwayat's attributes (a row or a model)."""
    return entry_hash(row.paket_id, row.dari, row.ke, row.pemicu, row.tanggal, row.dicatat,
                      row.oleh, row.catatan, previous, getattr(row, "nilai", None))


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
class ChainReport:
    """What a walk found: totals, and the breaks (one per paket at most)."""

    entri: int = 0
    paket: int = 0
    rusak: int = 0  # pakets with a broken chain (all of them, not only those listed)
    breaks: list[Break] = field(default_factory=list)
    # Checked against an anchor (``audit verifikasi --jangkar``): does the history up
    # to it still hash to the anchored digest? None when no anchor was given.
    jangkar_cocok: bool | None = None

    @property
    def utuh(self) -> bool:
        return self.rusak == 0 and self.jangkar_cocok is not False


# One row per entry, pakets without any entry once with id NULL; ordered so every
# chain is read in one pass, oldest entry first. The entry's columns come first, then
# the paket's (its head and tracked values, read once per chain).
_R, _P = Riwayat.__table__, Paket.__table__
_ENTRY = (_P.c.id.label("paket_id"), _R.c.id, _R.c.dari, _R.c.ke, _R.c.pemicu, _R.c.tanggal,
          _R.c.dicatat, _R.c.oleh, _R.c.catatan, _R.c.hash, _R.c.hash_sebelumnya)


def _walk(values: bool) -> sa.Select:
    """The walk; without ``values`` (a database from before migration 0008_jejak_nilai,
    e.g. an old backup opened as it is) the value columns are read as NULL."""
    if values:
        extra = (_R.c.nilai, _P.c.kode, _P.c.tahap.label("tahap_paket"),
                 _P.c.riwayat_hash.label("kepala"), *(_P.c[name] for name in TRACKED_PAKET))
    else:
        extra = (sa.null().label("nilai"), _P.c.kode, _P.c.tahap.label("tahap_paket"))
    return (sa.select(*_ENTRY, *extra)
            .select_from(_P.outerjoin(_R, _R.c.paket_id == _P.c.id))
            .order_by(_P.c.id, _R.c.id))


WALK_QUERY = _walk(values=True)
_OLD_WALK = _walk(values=False)
_N = len(_ENTRY) + 1  # the entry's columns, its nilai included


def records_values(session: Session) -> bool:
    """Whether this database's chain records values and heads (migration 0008)."""
    return any(c["name"] == "nilai" for c in sa.inspect(session.connection())
               .get_columns(Riwayat.__tablename__))


def walk_rows(session: Session, batch: int = 5000, values: bool = True) -> Iterator[sa.Row]:
    """Stream :data:`WALK_QUERY` (a server-side cursor on PostgreSQL)."""
    query = WALK_QUERY if values else _OLD_WALK
    return iter(session.execute(query, execution_options={"yield_per": batch}))


def progres_rows(session: Session, batch: int = 5000) -> Iterator[sa.Row]:
    """Stream every progress report, in the walk's paket order (a second cursor)."""
    return iter(session.execute(progres_rows_query(), execution_options={"yield_per": batch}))


def verify(rows: Iterable[Sequence], progres: Iterable[Sequence] | None = ()) -> ChainReport:
    """Walk rows of :data:`WALK_QUERY`'s columns, in its order, beside the progress
    reports of :func:`progres_rows`, and report the first break per paket (rows are
    unpacked by position: attribute access on 800,000 rows costs seconds). ``progres``
    None: a chain from before values were recorded (links and stages only)."""
    report = ChainReport()
    reports = None if progres is None else _ReportsByPaket(progres)
    for paket_id, chain in groupby(rows, key=itemgetter(0)):
        entries, found = _check_chain(chain, reports and reports.digest(paket_id),
                                      reports is not None)
        report.paket += 1
        report.entri += entries
        if found is not None:
            _broke(report, found)
    return report


class _ReportsByPaket:
    """The progress digest of each paket, read from one stream ordered by paket id."""

    def __init__(self, rows: Iterable[Sequence]) -> None:
        self._groups = groupby(rows, key=itemgetter(0))
        self._next = next(self._groups, None)

    def digest(self, paket_id: int) -> str | None:
        while self._next is not None and self._next[0] < paket_id:
            self._next = next(self._groups, None)
        if self._next is None or self._next[0] != paket_id:
            return None
        digest = digest_of_lines(row[1:] for row in self._next[1])
        self._next = next(self._groups, None)
        return digest


def _check_chain(chain: Iterable[Sequence], progres: str | None, values: bool = True
                 ) -> tuple[int, Break | None]:
    """Entries counted and the first break of one paket's chain.

    Besides the links: the newest entry must lead to the paket's current tahap, be the
    head the paket row names, and a paket must have at least one entry (a deleted newest
    entry, which the links alone cannot see); the values the entries recorded, folded in
    order, must be the paket's and its progress reports' now.
    """
    count, found = 0, None
    head = head_id = None
    recorded: dict = {}
    for row in chain:
        (_paket_id, entry_id, dari, ke, pemicu, tanggal, dicatat, oleh, catatan, stored,
         previous, nilai) = row[:_N]
        if entry_id is None:
            return 0, Break(row[_N], None, None, "paket tidak punya riwayat sama sekali")
        count += 1
        if found is None:
            if entry_hash(_paket_id, dari, ke, pemicu, tanggal, dicatat, oleh, catatan,
                          previous, nilai) != stored:
                found = Break(row[_N], entry_id, tanggal,
                              "isi entri tidak cocok dengan hash-nya (diubah di luar aplikasi)")
            elif previous != head:
                found = Break(row[_N], entry_id, tanggal, _link_problem(head_id))
        if nilai is not None:
            recorded.update(json.loads(nilai))
        head, head_id, newest = stored, entry_id, (ke, tanggal)
    if found is not None:
        return count, found
    kode, tahap, *paket_values = row[_N:]
    ke, tanggal = newest
    problem = None
    if ke != tahap:
        problem = (f"tahap paket '{tahap}' tidak sama dengan langkah terakhir riwayat '{ke}' "
                   "(entri terakhir dihapus, atau tahap paket diubah di luar aplikasi)")
    elif values:
        problem = _values_problem(paket_values, head, recorded, progres)
    return count, None if problem is None else Break(kode, head_id, tanggal, problem)


def _values_problem(paket_values: Sequence, head: str, recorded: dict,
                    progres: str | None) -> str | None:
    """The paket's head and tracked values (``kepala`` and :data:`TRACKED_PAKET`, as the
    walk reads them) and its progress digest against what its chain recorded."""
    kepala, *current = paket_values
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
    return None


def _link_problem(previous_id: int | None) -> str:
    if previous_id is None:
        return "entri pertama paket merujuk entri sebelumnya yang tidak ada (entri awal dihapus)"
    return (f"tidak tersambung ke entri sebelumnya #{previous_id} (ada entri yang diubah, "
            "dihapus, disisipkan, atau urutannya ditukar)")


def _broke(report: ChainReport, found: Break) -> None:
    report.rusak += 1
    if len(report.breaks) < MAX_PROBLEMS:
        report.breaks.append(found)
