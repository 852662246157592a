"""What a riwayat entry says a paket's values became (``riwayat.nilai``), so the hash
chain covers the money, the penyedia, the contract dates and the progress reports too.

A paket's tracked values are declared once here: its columns :data:`TRACKED_PAKET` and
:data:`PROGRES`, a SHA-256 digest over its progress reports (content, in id order). An
entry that changes any of them stores the new values as canonical JSON text; the
entry hash covers that text (``db.history_chain``). Folding a chain's ``nilai`` in
order gives what the paket should hold now, and ``audit verifikasi`` compares it with
the rows. A flush that changes a tracked value without such an entry is refused
(:func:`_before_flush`): no writer can forget.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from hashlib import sha256
from typing import Any

import sqlalchemy as sa
from pengadaan.db.models import Paket, Progres, Riwayat
from sqlalchemy import event
from sqlalchemy.orm import Session

# The tracked paket columns and how a report names them.
LABELS = {"pagu": "pagu", "hps": "HPS", "nilai_kontrak": "nilai kontrak",
          "penyedia": "penyedia", "tgl_kontrak_mulai": "tanggal mulai kontrak",
          "tgl_kontrak_selesai": "tanggal selesai kontrak"}
TRACKED_PAKET = tuple(LABELS)
PROGRES = "progres"  # the key of the progress digest in ``riwayat.nilai``
# The content of one progress report, in the order it is hashed.
PROGRES_FIELDS = ("tanggal", "fisik_bp", "keuangan", "rencana_bp", "kritis", "catatan",
                  "alasan_koreksi", "dicatat", "oleh")

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


@lru_cache(maxsize=256)
def utc_stamp(moment: datetime) -> str:
    """``2026-01-21T02:03:04.000005+00:00``: UTC, microseconds, the same text whether
    the value came back from SQLite (text) or PostgreSQL (timestamptz). Cached: a bulk
    write stamps one moment on every entry it hashes."""
    if moment.tzinfo is not UTC:
        if moment.utcoffset() is None:
            raise ValueError("dicatat harus bertanda zona waktu (UTC)")
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


def plain(value: Any) -> Any:
    """A tracked value as JSON holds it: dates as ISO text, moments in UTC."""
    if isinstance(value, date):  # one check for the amounts and names (most values)
        return utc_stamp(value) if isinstance(value, datetime) else value.isoformat()
    return value


def encode(values: Mapping[str, Any]) -> str:
    """``riwayat.nilai``: compact JSON, keys sorted (the hash covers this text)."""
    return _ENCODE({name: plain(value) for name, value in values.items()})


def paket_values(paket: Any) -> dict[str, Any]:
    """The tracked columns of a paket (a model, a row, or a dict of its columns)."""
    if isinstance(paket, Mapping):
        return {name: paket[name] for name in TRACKED_PAKET}
    return {name: getattr(paket, name) for name in TRACKED_PAKET}


def snapshot(paket: Any, progres: str | None = None) -> dict[str, Any]:
    """Every tracked value of a paket, its progress digest included."""
    return {**paket_values(paket), PROGRES: progres}


def changed(values: Mapping[str, Any]) -> dict[str, Any]:
    """The tracked ones among changed paket attributes (``PaketCase.changes``)."""
    return {name: value for name, value in values.items() if name in TRACKED_PAKET}


def nilai_of(values: Mapping[str, Any]) -> str | None:
    """``riwayat.nilai`` of an entry that changed ``values`` (None: it changed none)."""
    return encode(values) if values else None


# --- the progress digest -----------------------------------------------------------


def _report_line(fields: Sequence[Any]) -> list[Any]:
    """One report's :data:`PROGRES_FIELDS` (in that order) as JSON holds them; written
    out by position, as the verifier calls it for every report in the database."""
    (tanggal, fisik_bp, keuangan, rencana_bp, kritis, catatan, alasan_koreksi, dicatat,
     oleh) = fields
    return [tanggal.isoformat(), fisik_bp, keuangan, rencana_bp, bool(kritis), catatan,
            alasan_koreksi, utc_stamp(dicatat), oleh]


def digest_of_lines(fields: Iterable[Sequence[Any]]) -> str | None:
    """SHA-256 of the JSON list of reports (each its :data:`PROGRES_FIELDS` in order,
    the reports in id order); None when there are none."""
    lines = [_report_line(f) for f in fields]
    return sha256(_ENCODE(lines).encode("utf-8")).hexdigest() if lines else None


def progres_digests(reports: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """Per paket id, the digest of report dicts listed in the order they are inserted."""
    by_paket: dict[int, list[tuple]] = {}
    for report in reports:
        by_paket.setdefault(report["paket_id"], []).append(
            tuple(report[name] for name in PROGRES_FIELDS))
    return {paket_id: digest_of_lines(fields) for paket_id, fields in by_paket.items()}


def progres_digest(reports: Iterable[Any]) -> str | None:
    """The digest of report objects (a paket's, in id order)."""
    return digest_of_lines(tuple(getattr(r, name) for name in PROGRES_FIELDS)
                           for r in reports)


def progres_rows_query() -> sa.Select:
    """Every progress report: paket_id then :data:`PROGRES_FIELDS`, by paket then id."""
    p = Progres.__table__.c
    return (sa.select(p.paket_id, *(p[name] for name in PROGRES_FIELDS))
            .order_by(p.paket_id, p.id))


# --- the safety net ----------------------------------------------------------------


class JejakHilang(RuntimeError):
    """A writer changed a tracked value without a riwayat entry that records it."""


def _recorded(session: Session) -> dict[int, dict[str, Any]]:
    """Per paket id, what the entries added in this flush record (later ones win)."""
    found: dict[int, dict[str, Any]] = {}
    for obj in session.new:
        if isinstance(obj, Riwayat) and obj.nilai is not None:
            found.setdefault(obj.paket_id, {}).update(json.loads(obj.nilai))
    return found


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    """Refuse a flush in which a paket's tracked value changes (or a progress report is
    added) without a new riwayat entry carrying the new value."""
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
