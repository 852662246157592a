"""Where each paket's riwayat chain stood: its entry count and newest hash (the head).

The hash chain (``db.history_chain``) catches an edit, unless whoever made it owns the
database and recomputed every later hash. A head written down outside the database
catches that too: an **anchor** (one digest over every head, pasted into the Rapim
minutes) or a **backup** (a whole earlier copy). Either way the check is the same:
the live chain of every paket must still pass through the head recorded then —
same number of entries up to it, same hash at it. Users' role records
(``db.user_chain``) have heads too, keyed by user name, read the same way
(:data:`PENGGUNA`): an anchor of format PJ2 covers both (:func:`digest_with_users`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from hashlib import sha256
from itertools import groupby
from operator import itemgetter

import sqlalchemy as sa
from pengadaan.db.history_text import json_digest
from pengadaan.db.models import Paket, Riwayat, RiwayatPengguna
from sqlmodel import Session

# kode (or user name) -> (entries, hash of the newest of them)
Heads = dict[str, tuple[int, str]]


@dataclass(frozen=True)
class Record:
    """One hash-chained record: its entries' table, and every entry's ``(name of its
    chain, id, hash)`` with each chain's entries together, oldest first."""

    entries: sa.Table
    chains: sa.Select


_R, _P, _U = Riwayat.__table__, Paket.__table__, RiwayatPengguna.__table__
# riwayat, a chain per paket, known by the paket's kode.
PAKET = Record(_R, sa.select(_P.c.kode, _R.c.id, _R.c.hash)
               .select_from(_P.join(_R, _R.c.paket_id == _P.c.id))
               .order_by(_P.c.id, _R.c.id))
# riwayat_pengguna, a chain per user, known by name.
PENGGUNA = Record(_U, sa.select(_U.c.nama, _U.c.id, _U.c.hash).order_by(_U.c.nama, _U.c.id))


def _chains(session: Session, upto: int | None = None, record: Record = PAKET
            ) -> Iterator[tuple[str, list[str]]]:
    """Every chain's name and the hashes of its entries, oldest first, streamed."""
    query = record.chains if upto is None else record.chains.where(record.entries.c.id <= upto)
    rows = session.execute(query, execution_options={"yield_per": 5000})
    for name, chain in groupby(rows, key=itemgetter(0)):
        yield name, [entry_hash for _name, _id, entry_hash in chain]


def heads(session: Session, upto: int | None = None, record: Record = PAKET) -> Heads:
    """Each chain's head (a paket's by kode, or with ``record=PENGGUNA`` a user's by
    name), counting only entries up to id ``upto`` if given."""
    return {name: (len(hashes), hashes[-1]) for name, hashes in _chains(session, upto, record)}


def newest_entry(session: Session, record: Record = PAKET) -> int:
    """The id of the record's newest entry (0 before the first): how far an anchor
    reaches."""
    newest = sa.func.coalesce(sa.func.max(record.entries.c.id), 0)
    return session.execute(sa.select(newest)).scalar_one()


def digest_with_users(paket: Heads, pengguna: Heads) -> str:
    """One value over both kinds of head (an anchor of format PJ2)."""
    return json_digest(["PJ2", digest(paket), digest(pengguna)])


def digest(found: Heads) -> str:
    """SHA-256 over every head in kode order: one value to write down."""
    canonical = json.dumps(sorted((kode, n, head) for kode, (n, head) in found.items()),
                           ensure_ascii=False, separators=(",", ":"))
    return sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class Comparison:
    """How the live chains (a paket's, or a user's) stand against heads recorded
    earlier, by the chain's name (kode or user name)."""

    hilang: list[str] = field(default_factory=list)        # chain gone from the database
    diubah: list[str] = field(default_factory=list)        # chain no longer passes the head
    berkurang: list[str] = field(default_factory=list)     # fewer entries than recorded
    baru: int = 0                                          # chains begun since
    entri_baru: int = 0

    @property
    def utuh(self) -> bool:
        return not (self.hilang or self.diubah or self.berkurang)


def compare(session: Session, recorded: Heads, record: Record = PAKET) -> Comparison:
    """Does every live chain of ``record`` still pass through its recorded head?
    Entries and chains added since are counted, not blamed."""
    result = Comparison()
    seen = set()
    for kode, chain in _chains(session, record=record):
        seen.add(kode)
        if kode not in recorded:
            result.baru += 1
            result.entri_baru += len(chain)
            continue
        count, head = recorded[kode]
        if len(chain) < count:
            result.berkurang.append(kode)
        elif chain[count - 1] != head:
            result.diubah.append(kode)
        else:
            result.entri_baru += len(chain) - count
    result.hilang = sorted(set(recorded) - seen)
    return result


def settle(session: Session) -> None:
    """Wait until no transaction that was already writing can still commit an entry
    with a lower id than one already visible (PostgreSQL hands out ids before commit;
    SQLite's single writer commits them in order). Every writer locks its paket row
    before it appends, so it holds a transaction id by then."""
    if session.get_bind().dialect.name != "postgresql":
        return
    horizon = session.execute(sa.text(
        "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")).scalar_one()
    oldest = sa.text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    while session.execute(oldest).scalar_one() < horizon:
        time.sleep(0.02)
