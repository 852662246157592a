"""riwayat.nilai and paket.riwayat_hash: the chain covers a paket's values and its head

Issue #19. ``riwayat.nilai`` holds the tracked values an entry changed (canonical
JSON: pagu, hps, nilai_kontrak, penyedia, the contract dates, and ``progres``, a digest
of the paket's progress reports); ``paket.riwayat_hash`` is the hash of the paket's
newest entry. For the paket already there, one entry per paket seals what it holds
now (pemicu ``segel_awal``, oleh ``migrasi``, at its current stage) and the head is
set to it: from here on a change made outside the application no longer matches.

A frozen snapshot: the hash (format 1, ``nilai`` appended), the JSON form of the
values and the progress digest are copied here from pengadaan/db/history_chain.py and
history_values.py as they were at this revision, so later changes to that code cannot
change what this migration does (tests/test_audit_jejak.py checks its seal verifies).
On a secured PostgreSQL database (peran_server filled) the UKPBJ and PPK groups may
update the new column, as they may every column of a paket they write.

Revision ID: 0008_jejak_nilai
Revises: 0007_peran_server
Create Date: 2026-12-02
"""
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from hashlib import sha256
from itertools import groupby
from operator import itemgetter

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0008_jejak_nilai'
down_revision: str | None = '0007_peran_server'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000
PEMICU = "segel_awal"
OLEH = "migrasi"
CATATAN = ("nilai, penyedia, tanggal kontrak dan laporan progres saat pembaruan skema "
           "dicatat sebagai awal jejak")

# The columns as they are at this revision (not the live model, which may move on).
_TRACKED = ("pagu", "hps", "nilai_kontrak", "penyedia", "tgl_kontrak_mulai",
            "tgl_kontrak_selesai")
_PROGRES = ("tanggal", "fisik_bp", "keuangan", "rencana_bp", "kritis", "catatan",
            "alasan_koreksi", "dicatat", "oleh")
_stamp = sqlmodel.sql.sqltypes.UTCDateTime
_paket = sa.table(
    "paket", sa.column("id", sa.Integer), sa.column("tahap", sa.String),
    sa.column("pagu", sa.BigInteger), sa.column("hps", sa.BigInteger),
    sa.column("nilai_kontrak", sa.BigInteger), sa.column("penyedia", sa.String),
    sa.column("tgl_kontrak_mulai", sa.Date), sa.column("tgl_kontrak_selesai", sa.Date),
    sa.column("riwayat_hash", sa.String),
)
_riwayat = sa.table(
    "riwayat",
    sa.column("id", sa.Integer), sa.column("paket_id", sa.Integer),
    sa.column("dari", sa.String), sa.column("ke", sa.String), sa.column("pemicu", sa.String),
    sa.column("tanggal", sa.Date), sa.column("dicatat", _stamp()),
    sa.column("oleh", sa.String), sa.column("catatan", sa.String),
    sa.column("hash", sa.String), sa.column("hash_sebelumnya", sa.String),
    sa.column("nilai", sa.Text),
)
_progres = sa.table(
    "progres", sa.column("id", sa.Integer), sa.column("paket_id", sa.Integer),
    sa.column("tanggal", sa.Date), sa.column("fisik_bp", sa.Integer),
    sa.column("keuangan", sa.BigInteger), sa.column("rencana_bp", sa.Integer),
    sa.column("kritis", sa.Boolean), sa.column("catatan", sa.String),
    sa.column("alasan_koreksi", sa.String), sa.column("dicatat", _stamp()),
    sa.column("oleh", sa.String),
)


# --- frozen copies: the values' JSON, the progress digest, the entry hash -------------------

_KEYED = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _utc(moment: datetime) -> str:
    if moment.utcoffset() is None:
        raise ValueError("dicatat harus bertanda zona waktu (UTC)")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _plain(value):
    if isinstance(value, datetime):
        return _utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _digest(reports) -> str | None:
    """SHA-256 of the JSON list, in id order, of ``[tanggal, fisik_bp, keuangan,
    rencana_bp, kritis, catatan, alasan_koreksi, dicatat (UTC, µs), oleh]``."""
    lines = []
    for report in reports:
        line = [_plain(getattr(report, name)) for name in _PROGRES]
        line[4] = bool(line[4])
        lines.append(line)
    return sha256(_ENCODE(lines).encode("utf-8")).hexdigest() if lines else None


def _entry_hash(row: dict) -> str:
    """Hex SHA-256 of ``[1, paket_id, dari, ke, pemicu, tanggal, dicatat (UTC, µs), oleh,
    catatan, previous, nilai]`` as compact UTF-8 JSON (``nilai`` given here always)."""
    canonical = _ENCODE([1, row["paket_id"], row["dari"], row["ke"], row["pemicu"],
                         row["tanggal"].isoformat(), _utc(row["dicatat"]), row["oleh"],
                         row["catatan"], row["hash_sebelumnya"], row["nilai"]])
    return sha256(canonical.encode("utf-8")).hexdigest()


# --- the migration --------------------------------------------------------------------------


def _heads(connection: sa.Connection, ids: list[int]) -> dict[int, str]:
    r = _riwayat.c
    newest = (sa.select(sa.func.max(r.id)).where(r.paket_id.in_(ids)).group_by(r.paket_id))
    return dict(connection.execute(sa.select(r.paket_id, r.hash).where(r.id.in_(newest))).all())


def _digests(connection: sa.Connection, ids: list[int]) -> dict[int, str | None]:
    p = _progres.c
    rows = connection.execute(sa.select(_progres).where(p.paket_id.in_(ids))
                              .order_by(p.paket_id, p.id))
    return {paket_id: _digest(reports) for paket_id, reports in
            groupby(rows, key=itemgetter(1))}


def _seal(connection: sa.Connection) -> None:
    """One entry per paket with what it holds now, and the head set to it."""
    today = datetime.now(UTC)
    after = 0
    while True:
        pakets = connection.execute(
            sa.select(_paket).where(_paket.c.id > after).order_by(_paket.c.id).limit(BATCH)
        ).all()
        if not pakets:
            return
        ids = [p.id for p in pakets]
        heads, digests = _heads(connection, ids), _digests(connection, ids)
        entries = []
        for p in pakets:
            values = {name: _plain(getattr(p, name)) for name in _TRACKED}
            values["progres"] = digests.get(p.id)
            entry = dict(paket_id=p.id, dari=p.tahap, ke=p.tahap, pemicu=PEMICU,
                         tanggal=today.date(), dicatat=today, oleh=OLEH, catatan=CATATAN,
                         hash_sebelumnya=heads.get(p.id), nilai=_KEYED(values))
            entry["hash"] = _entry_hash(entry)
            entries.append(entry)
        connection.execute(sa.insert(_riwayat), entries)
        connection.execute(
            sa.update(_paket).where(_paket.c.id == sa.bindparam("_id"))
            .values(riwayat_hash=sa.bindparam("_head")),
            [{"_id": e["paket_id"], "_head": e["hash"]} for e in entries])
        after = ids[-1]


def _grant(connection: sa.Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    roles = connection.execute(sa.text(
        "SELECT nama_role FROM peran_server WHERE peran IN ('ukpbj', 'ppk')")).scalars()
    for role in roles:
        quoted = connection.dialect.identifier_preparer.quote(role)
        connection.exec_driver_sql(f"GRANT UPDATE (riwayat_hash) ON paket TO {quoted}")


def upgrade() -> None:
    op.add_column('riwayat', sa.Column('nilai', sqlmodel.sql.sqltypes.AutoString(),
                                       nullable=True))
    op.add_column('paket', sa.Column('riwayat_hash', sqlmodel.sql.sqltypes.AutoString(length=64),
                                     nullable=True))
    _seal(op.get_bind())
    _grant(op.get_bind())


def downgrade() -> None:
    """The columns go (plain ALTER TABLE on both databases: SQLite's batch copy would drop
    the riwayat triggers). History is append-only, so the entries stay; those that
    carried ``nilai`` no longer match their hash at 0007: a downgrade is for development,
    not for a database in use."""
    op.execute("ALTER TABLE paket DROP COLUMN riwayat_hash")
    op.execute("ALTER TABLE riwayat DROP COLUMN nilai")
