"""The one way history (riwayat) rows are written: appended, never edited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from . import repository as repo
from .models import Riwayat


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
    """Add one history entry in the caller's transaction."""
    entry = Riwayat(paket_id=paket_id, dari=dari, ke=ke, pemicu=pemicu, tanggal=tanggal,
                    dicatat=dicatat, oleh=oleh, catatan=catatan)
    session.add(entry)
    return entry


def append_history_bulk(session: Session, rows: list[dict[str, Any]]) -> None:
    """Many entries at once (demo data, imports); each dict has Riwayat's columns."""
    repo.bulk_insert(session, Riwayat, rows)
