"""riwayat: the chain covers the planned kurva S (one entry per paket that has a plan)

The planned kurva S (``rencana_kurva``) decides the deviation, hence kontrak kritis;
from this revision every change of it appends a riwayat entry whose ``nilai`` carries
``rencana``, a digest of the plan (db/history_text.py), and ``audit verifikasi``
compares the plan with it. A paket without plan points needs nothing: no digest
recorded means the standard curve. A paket that already has points gets one entry
sealing the plan it holds now (pemicu ``kurva_rencana``, oleh ``migrasi``, at its
current stage, after its chain's head), and the head moves to it: from here on a plan
changed outside the application no longer matches. Nothing else changes (no column,
no grant: on a secured PostgreSQL database the migration runs as the owner, and the
PPK group may already add riwayat entries and plan points).

A frozen snapshot: the entry hash (format 1, ``nilai`` appended), the JSON form of the
values and the plan digest are copied here from db/history_text.py as they are at this
revision, so later changes to that code cannot change what this migration does
(tests/test_kurva_jejak.py checks its entries verify with the application's code).

Revision ID: 0011_jejak_rencana
Revises: 0010_indeks_paket
Create Date: 2026-12-02
"""
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from hashlib import sha256
from itertools import groupby
from operator import itemgetter

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0011_jejak_rencana'
down_revision: str | None = '0010_indeks_paket'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000
PEMICU = "kurva_rencana"
OLEH = "migrasi"
CATATAN = "kurva S rencana saat pembaruan skema dicatat sebagai awal jejak"

# The tables as they are at this revision (not the live models, which may move on).
_stamp = sqlmodel.sql.sqltypes.UTCDateTime
_paket = sa.table("paket", sa.column("id", sa.Integer), sa.column("tahap", sa.String),
                  sa.column("riwayat_hash", sa.String))
_rencana = sa.table("rencana_kurva", sa.column("paket_id", sa.Integer),
                    sa.column("tanggal", sa.Date), sa.column("persen_bp", sa.Integer))
_riwayat = sa.table(
    "riwayat",
    sa.column("paket_id", sa.Integer), sa.column("dari", sa.String), sa.column("ke", sa.String),
    sa.column("pemicu", sa.String), sa.column("tanggal", sa.Date),
    sa.column("dicatat", _stamp()), sa.column("oleh", sa.String),
    sa.column("catatan", sa.String), sa.column("hash", sa.String),
    sa.column("hash_sebelumnya", sa.String), sa.column("nilai", sa.Text),
)

# --- frozen copies: the plan digest, the values' JSON, the entry hash -----------------------

_KEYED = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _digest(points) -> str:
    """SHA-256 of the JSON list, by date, of ``[tanggal (ISO), persen_bp]``."""
    lines = [[tanggal.isoformat(), persen_bp] for _paket_id, tanggal, persen_bp in points]
    return sha256(_ENCODE(lines).encode("utf-8")).hexdigest()


def _entry_hash(row: dict) -> str:
    """Hex SHA-256 of ``[1, paket_id, dari, ke, pemicu, tanggal, dicatat (UTC, µs), oleh,
    catatan, previous, nilai]`` as compact UTF-8 JSON."""
    canonical = _ENCODE([1, row["paket_id"], row["dari"], row["ke"], row["pemicu"],
                         row["tanggal"].isoformat(),
                         row["dicatat"].astimezone(UTC).isoformat(timespec="microseconds"),
                         row["oleh"], row["catatan"], row["hash_sebelumnya"], row["nilai"]])
    return sha256(canonical.encode("utf-8")).hexdigest()


# --- the migration --------------------------------------------------------------------------


def _seal(connection: sa.Connection) -> None:
    """One entry per paket with plan points, chained after its head; the head set to it."""
    now = datetime.now(UTC)
    r = _rencana.c
    after = 0
    while True:
        ids = connection.execute(
            sa.select(r.paket_id).distinct().where(r.paket_id > after)
            .order_by(r.paket_id).limit(BATCH)).scalars().all()
        if not ids:
            return
        points = connection.execute(
            sa.select(r.paket_id, r.tanggal, r.persen_bp).where(r.paket_id.in_(ids))
            .order_by(r.paket_id, r.tanggal))
        digests = {paket_id: _digest(rows) for paket_id, rows in groupby(points, itemgetter(0))}
        pakets = connection.execute(sa.select(_paket).where(_paket.c.id.in_(ids))
                                    .order_by(_paket.c.id))
        entries = []
        for p in pakets:
            entry = dict(paket_id=p.id, dari=p.tahap, ke=p.tahap, pemicu=PEMICU,
                         tanggal=now.date(), dicatat=now, oleh=OLEH, catatan=CATATAN,
                         hash_sebelumnya=p.riwayat_hash,
                         nilai=_KEYED({"rencana": digests[p.id]}))
            entry["hash"] = _entry_hash(entry)
            entries.append(entry)
        connection.execute(sa.insert(_riwayat), entries)
        connection.execute(
            sa.update(_paket).where(_paket.c.id == sa.bindparam("_id"))
            .values(riwayat_hash=sa.bindparam("_head")),
            [{"_id": e["paket_id"], "_head": e["hash"]} for e in entries])
        after = ids[-1]


def upgrade() -> None:
    _seal(op.get_bind())


def downgrade() -> None:
    """Nothing to undo: history is append-only, and the entries stay valid at 0010
    (its verifier folds only the values it knows)."""
