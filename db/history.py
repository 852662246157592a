"""The one way history (riwayat) rows are written: appended, never edited.

Every entry is chained to the paket's previous one (``db.history_chain``). Callers
append inside a transaction that also changes the paket row (a transition bumps
``Paket.version``, a new paket is new), so two writers racing on one paket cannot
both extend its chain from the same entry: the loser's stale version is refused.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pengadaan.db import repository as repo
from pengadaan.db.history_chain import entry_hash, latest_hashes
from pengadaan.db.models import Riwayat
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
) -> Riwayat:
    """Add one history entry in the caller's transaction, linked to the paket's newest
    (known without a query when the transaction locked the paket: repository.get_paket)."""
    newest = repo.newest_history(session, paket_id)
    previous = newest.hash if newest is not None else None
    entry = Riwayat(paket_id=paket_id, dari=dari, ke=ke, pemicu=pemicu, tanggal=tanggal,
                    dicatat=dicatat, oleh=oleh, catatan=catatan, hash_sebelumnya=previous,
                    hash=entry_hash(paket_id, dari, ke, pemicu, tanggal, dicatat, oleh,
                                    catatan, previous))
    session.add(entry)
    repo.remember_newest(session, paket_id, entry)
    return entry


def append_history_bulk(session: Session, rows: list[dict[str, Any]],
                        new_paket: bool = False) -> None:
    """Many entries at once (demo data, imports); each dict has Riwayat's content columns.

    Entries are chained in list order, after whatever each paket already has (nothing,
    when the caller has just created every paket: ``new_paket`` skips asking); the
    dicts get their ``hash`` and ``hash_sebelumnya`` filled in (no copies: the demo
    inserts millions).
    """
    heads = {} if new_paket else latest_hashes(session, (row["paket_id"] for row in rows))
    for row in rows:
        previous = heads.get(row["paket_id"])
        row["hash_sebelumnya"] = previous
        row["hash"] = heads[row["paket_id"]] = entry_hash(
            row["paket_id"], row["dari"], row["ke"], row["pemicu"], row["tanggal"],
            row["dicatat"], row["oleh"], row["catatan"], previous)
    repo.bulk_insert(session, Riwayat, rows)
    repo.forget_newest(session)
