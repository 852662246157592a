"""The canonical text of history, in plain Python: what ``riwayat.nilai`` holds (the
tracked values an entry changed, db/history_values.py) and what an entry's hash covers
(db/history_chain.py). Without SQLAlchemy, so ``paket maju``'s cached path
(usecases/maju.py) writes the same entries the ORM path does (issue #15).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from hashlib import sha256
from typing import Any

# The tracked paket columns and how a report names them.
LABELS = {"pagu": "pagu", "hps": "HPS", "nilai_kontrak": "nilai kontrak",
          "penyedia": "penyedia", "tgl_kontrak_mulai": "tanggal mulai kontrak",
          "tgl_kontrak_selesai": "tanggal selesai kontrak"}
TRACKED_PAKET = tuple(LABELS)
PROGRES = "progres"  # the key of the progress digest in ``riwayat.nilai``
# The content of one progress report, in the order it is hashed.
PROGRES_FIELDS = ("tanggal", "fisik_bp", "keuangan", "rencana_bp", "kritis", "catatan",
                  "alasan_koreksi", "dicatat", "oleh")
# The key of the planned kurva S digest in ``riwayat.nilai``: the plan decides the
# deviation, hence kontrak kritis, so its changes are on the chain like the reports.
RENCANA = "rencana"
# The content of one planned point (``rencana_kurva``), in the order it is hashed.
RENCANA_FIELDS = ("tanggal", "persen_bp")

# What is encoded here is built here from row values and never refers to itself: no
# cycle check, which costs a bulk import a dict insert and delete per entry it hashes.
_ENCODE_LIST = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                                check_circular=False).encode


def in_utc(moment: datetime) -> datetime:
    """``moment`` in UTC, as the database keeps every moment; one without a time zone is
    refused (which zone it meant is unknown)."""
    if moment.tzinfo is UTC:
        return moment
    if moment.utcoffset() is None:
        raise ValueError("waktu harus bertanda zona waktu (UTC)")
    return moment.astimezone(UTC)


@lru_cache(maxsize=256)
def utc_stamp(moment: datetime) -> str:
    """``2026-01-21T02:03:04.000005+00:00``: UTC, microseconds, the same text whether
    the value came back from SQLite (text) or PostgreSQL (timestamptz). Cached: a bulk
    write stamps one moment on every entry it hashes."""
    return in_utc(moment).isoformat(timespec="microseconds")


def plain(value: Any) -> Any:
    """A tracked value as JSON holds it: dates as ISO text, moments in UTC."""
    if isinstance(value, date):  # one check for the amounts and names (most values)
        return utc_stamp(value) if isinstance(value, datetime) else value.isoformat()
    return value


def _plain_or_refuse(value: Any) -> Any:
    """What the encoder of :func:`encode` calls for a value JSON has no form for."""
    if isinstance(value, date):
        return plain(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# :func:`encode`'s encoder: dates reach :func:`plain` from inside the C encoder, so the
# amounts and names (most values) are not visited in Python first (issue #15: a bulk
# import encodes one per new paket).
_ENCODE_VALUES = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                                  check_circular=False, default=_plain_or_refuse).encode


def encode(values: Mapping[str, Any]) -> str:
    """``riwayat.nilai``: compact JSON, keys sorted (the hash covers this text), each
    value as :func:`plain` gives it."""
    return _ENCODE_VALUES(values if type(values) is dict else dict(values))


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


def _list_digest(lines: list[list[Any]]) -> str | None:
    """SHA-256 of ``lines`` as compact JSON; None for no lines."""
    return sha256(_ENCODE_LIST(lines).encode("utf-8")).hexdigest() if lines else None


def digest_of_lines(fields: Iterable[Sequence[Any]]) -> str | None:
    """SHA-256 of the JSON list of reports (each its :data:`PROGRES_FIELDS` in order,
    the reports in id order); None when there are none."""
    return _list_digest([_report_line(f) for f in fields])


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


# --- the planned kurva S digest -------------------------------------------------------


def rencana_digest(points: Iterable[Sequence[Any]]) -> str | None:
    """SHA-256 of the JSON list of a paket's planned points, each ``[tanggal (ISO),
    persen_bp]`` (:data:`RENCANA_FIELDS`), by date; None for none (the standard curve),
    so a paket that never had a plan needs no entry saying so."""
    return _list_digest([[tanggal.isoformat(), persen_bp] for tanggal, persen_bp in points])


# --- an entry's hash ------------------------------------------------------------------

# Bumped (with a migration that rehashes) if the canonical form ever changes.
FORMAT = 1


def json_digest(values: Sequence) -> str:
    """Hex SHA-256 of ``values`` as compact UTF-8 JSON (non-ASCII kept): the form every
    chain in the database hashes (riwayat here, users' roles in ``db.user_chain``)."""
    return sha256(_ENCODE_LIST(list(values)).encode("utf-8")).hexdigest()


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
    return _ENCODE_LIST(fields).encode("utf-8")


def entry_hash(paket_id: int, dari: str | None, ke: str, pemicu: str, tanggal: date,
               dicatat: datetime, oleh: str, catatan: str | None,
               previous: str | None, nilai: str | None = None) -> str:
    """Hex SHA-256 of :func:`canonical`; a pure function of the entry and its link."""
    return sha256(canonical(paket_id, dari, ke, pemicu, tanggal, dicatat, oleh, catatan,
                            previous, nilai)).hexdigest()


# The riwayat columns :func:`entry_hash` takes before the link (``hash_sebelumnya``),
# in its order; ``nilai`` comes after the link.
HASHED = ("paket_id", "dari", "ke", "pemicu", "tanggal", "dicatat", "oleh", "catatan")


def hash_of_row(row, previous: str | None) -> str:
    """:func:`entry_hash` of anything with Riwayat's attributes (a row or a model)."""
    return entry_hash(*(getattr(row, name) for name in HASHED), previous,
                      getattr(row, "nilai", None))
