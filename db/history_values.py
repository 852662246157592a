"""What a riwayat entry says a paket's values became (``riwayat.nilai``), so the hash
chain covers the money, the penyedia, the contract dates and the progress reports too.

A paket's tracked values are declared once (db/history_text.py, plain Python): its
columns ``TRACKED_PAKET``, ``PROGRES``, a SHA-256 digest over its progress reports
(content, in id order), and ``RENCANA``, one over its planned kurva S (by date). An
entry that changes any of them stores the new values as canonical JSON text; the
entry hash covers that text (``db.history_chain``). Folding a chain's ``nilai`` in
order gives what the paket should hold now, and ``audit verifikasi`` compares it with
the rows. A flush that changes a tracked value without such an entry is refused
(:func:`_before_flush`): no writer can forget.
"""

from __future__ import annotations

import json
from itertools import chain
from typing import Any

import sqlalchemy as sa
from pengadaan.db.history_text import (
    PROGRES,
    PROGRES_FIELDS,
    RENCANA,
    RENCANA_FIELDS,
    TRACKED_PAKET,
    plain,
)
from pengadaan.db.models import Paket, Progres, RencanaKurva, Riwayat
from sqlalchemy import event
from sqlalchemy.orm import Session

from pengadaan.domain.errors import PengadaanError


def progres_rows_query() -> sa.Select:
    """Every progress report: paket_id then :data:`PROGRES_FIELDS`, by paket then id."""
    p = Progres.__table__.c
    return (sa.select(p.paket_id, *(p[name] for name in PROGRES_FIELDS))
            .order_by(p.paket_id, p.id))


def rencana_rows_query() -> sa.Select:
    """Every planned kurva S point: paket_id then :data:`RENCANA_FIELDS`, by paket then
    date (the order the digest covers)."""
    r = RencanaKurva.__table__.c
    return (sa.select(r.paket_id, *(r[name] for name in RENCANA_FIELDS))
            .order_by(r.paket_id, r.tanggal))


# --- the safety net ----------------------------------------------------------------


class JejakHilang(PengadaanError):
    """A writer changed a tracked value without a riwayat entry that records it: a bug
    in the writer, refused before it reaches the database (and worded, like
    :class:`pengadaan.db.user_chain.JejakPenggunaHilang`, not a traceback)."""


def _recorded(session: Session) -> dict[int, dict[str, Any]]:
    """Per paket id, what the entries added in this flush record (later ones win)."""
    found: dict[int, dict[str, Any]] = {}
    for obj in session.new:
        if isinstance(obj, Riwayat) and obj.nilai is not None:
            found.setdefault(obj.paket_id, {}).update(json.loads(obj.nilai))
    return found


# Per session, the paket whose planned kurva S an entry added in the open transaction
# recorded: replacing a plan flushes twice (the old points go before the new ones come,
# or their unique date would clash), and the entry may come with either flush.
_PLANS = "pengadaan_rencana_dicatat"


@event.listens_for(Session, "after_transaction_end")
def _forget_plans(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PLANS, None)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    """Refuse a flush in which a paket's tracked value changes (or a progress report is
    added, or a planned point added or removed) without a riwayat entry carrying the
    new value (for the plan: in this transaction)."""
    recorded: dict[int, dict[str, Any]] | None = None
    for obj in session.dirty:
        if not isinstance(obj, Paket):
            continue
        state = sa.inspect(obj)
        for name in TRACKED_PAKET:
            history = state.attrs[name].history
            if not history.added or history.added == history.deleted:
                continue
            recorded = _recorded(session) if recorded is None else recorded
            entry = recorded.get(obj.id, {})
            if name not in entry or entry[name] != plain(history.added[0]):
                raise JejakHilang(f"paket {obj.kode}: {name} diubah tanpa entri riwayat yang "
                                  "mencatatnya")
    for obj in session.new:
        if isinstance(obj, Progres):
            recorded = _recorded(session) if recorded is None else recorded
            if PROGRES not in recorded.get(obj.paket_id, {}):
                raise JejakHilang(f"laporan progres paket #{obj.paket_id} tanpa entri riwayat "
                                  "yang mencatatnya")
        elif (isinstance(obj, Riwayat) and obj.nilai is not None
              and f'"{RENCANA}"' in obj.nilai  # parsed only when it may name the plan
              and RENCANA in json.loads(obj.nilai)):
            session.info.setdefault(_PLANS, set()).add(obj.paket_id)
    plans = session.info.get(_PLANS, ())
    for obj in chain(session.new, session.deleted):
        if isinstance(obj, RencanaKurva) and obj.paket_id not in plans:
            raise JejakHilang(f"kurva S rencana paket #{obj.paket_id} diubah tanpa entri "
                              "riwayat yang mencatatnya")
