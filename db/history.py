"""The one way history (riwayat) rows are written: appended, never edited.

Every entry is chained to the paket's previous one (``db.history_chain``), whose hash
the paket row keeps as the head of its chain (``paket.riwayat_hash``), and records the
tracked values it changed (``nilai``, db/history_text.py). Callers append inside a
transaction that also changes the paket row (a transition bumps ``Paket.version``, a
new paket is new), so two writers racing on one paket cannot both extend its chain
from the same entry: the loser's stale version is refused. The head rides in that
same UPDATE.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from itertools import repeat
from typing import Any

import sqlalchemy as sa
from pengadaan.db import repository as repo
from pengadaan.db.bulk import insert_columns, run_many
from pengadaan.db.history_chain import latest_hashes
from pengadaan.db.history_text import HASHED, entry_hash, nilai_of
from pengadaan.db.models import Paket, Riwayat
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session


def append_history(
    session: Session,
    paket_id: int,
    dari: str | None,
    ke: str,
    pemicu: str,
    tanggal: date,
    dicatat: datetime,
    oleh: str,
    catatan: str | None = None,
    nilai: Mapping[str, Any] | None = None,
) -> Riwayat:
    """Add one history entry in the caller's transaction, linked to the paket's head;
    ``nilai`` are the tracked values it changed (none: it changed none of them)."""
    paket = session.get(Paket, paket_id)  # loaded by the caller: no query
    previous = paket.riwayat_hash
    text = nilai_of(nilai or {})
    entry = Riwayat(paket_id=paket_id, dari=dari, ke=ke, pemicu=pemicu, tanggal=tanggal,
                    dicatat=dicatat, oleh=oleh, catatan=catatan, hash_sebelumnya=previous,
                    nilai=text, hash=entry_hash(paket_id, dari, ke, pemicu, tanggal, dicatat,
                                                oleh, catatan, previous, text))
    session.add(entry)
    if previous is None:  # a paket just inserted: its version stays the one it got
        session.execute(sa.update(Paket.__table__).where(Paket.__table__.c.id == paket_id)
                        .values(riwayat_hash=entry.hash))
        set_committed_value(paket, "riwayat_hash", entry.hash)
    else:  # rides in the UPDATE that bumps the version
        paket.riwayat_hash = entry.hash
    if repo.is_step(dari, ke):
        repo.remember_newest(session, paket_id, entry)
    return entry


def chain_rows(rows: Iterable[dict[str, Any]], heads: dict[int, str | None]) -> None:
    """Fill ``hash`` and ``hash_sebelumnya`` of entry dicts in list order, each after its
    paket's head in ``heads`` (updated as it goes); ``nilai`` is optional text."""
    for row in rows:
        previous = heads.get(row["paket_id"])
        row["hash_sebelumnya"] = previous
        row.setdefault("nilai", None)
        row["hash"] = heads[row["paket_id"]] = entry_hash(
            row["paket_id"], row["dari"], row["ke"], row["pemicu"], row["tanggal"],
            row["dicatat"], row["oleh"], row["catatan"], previous, row["nilai"])


def insert_chained(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert entries :func:`chain_rows` filled; the caller writes the paket heads."""
    repo.bulk_insert(session, Riwayat, rows)
    repo.forget_newest(session)


def first_hashes(columns: Mapping[str, list[Any]]) -> list[str]:
    """The hashes of new paket's first entries (nothing before them), the entries given
    column by column as :func:`insert_first` takes them: each its paket's head."""
    return list(map(entry_hash, *(columns[name] for name in HASHED), repeat(None),
                    columns["nilai"]))


def insert_first(session: Session, columns: dict[str, list[Any]], hashes: list[str]) -> None:
    """Insert new paket's first entries given column by column (a bulk import builds no
    dict per entry) with their :func:`first_hashes`."""
    insert_columns(session, Riwayat, {**columns, "hash": hashes}, len(hashes),
                   {"hash_sebelumnya": None})
    repo.forget_newest(session)


def append_history_bulk(session: Session, rows: list[dict[str, Any]]) -> dict[int, str]:
    """Many entries at once (the demo loader); each dict has Riwayat's content columns
    (``nilai`` optional). Returns the new head of every paket touched, already written
    to its row (one executemany; a load is one act, the version is left alone).

    Entries are chained in list order, after whatever each paket already has; the
    dicts get their ``hash`` and ``hash_sebelumnya`` filled in (no copies: the demo
    inserts millions).
    """
    heads: dict[int, str | None] = latest_hashes(session, (row["paket_id"] for row in rows))
    chain_rows(rows, heads)
    insert_chained(session, rows)
    set_heads(session, heads)
    return heads


def set_heads(session: Session, heads: Mapping[int, str]) -> None:
    """``paket.riwayat_hash`` of many paket at once (bulk paths only)."""
    if not heads:
        return
    table = Paket.__table__
    statement = (sa.update(table).where(table.c.id == sa.bindparam("_id"))
                 .values(riwayat_hash=sa.bindparam("_head")))
    run_many(session, statement, [{"_id": paket_id, "_head": head}
                                  for paket_id, head in heads.items()])
