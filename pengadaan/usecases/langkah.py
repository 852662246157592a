"""One transition's rules and writes on a plain paket row (issue #15): the role check,
the effective date, the workflow's guards, the trigger's own checks and note, then the
paket row, its history entry (chained and carrying the values it changed) and the
schedule through named statements (pengadaan/db/write_statements.py).

``run(statement, **args)`` executes them: on the ORM unit of work's connection
(pengadaan/db/writing.py), or as cached SQLite text (``CachedDatabase.writing``,
pengadaan/db/reading.py). A Core statement is invisible to the ORM's ``before_flush``
safety nets, so what they guaranteed is built in here: the version check rides in the
UPDATE, the entry's hash links to the row's head and becomes the new head, and the
entry records the tracked values it changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pengadaan.db import history_text as tracked
from pengadaan.db import write_statements as w
from pengadaan.domain.akses import Pelaku, refusal_to_fire, require
from pengadaan.domain.errors import LOST_RACE, Conflict, InvalidInput
from pengadaan.domain.formatting import tanggal as fmt_tanggal
from pengadaan.domain.workflow import PaketCase, fire, require_inputs, stages_of
from pengadaan.domain.workflow import guards as g
from pengadaan.usecases.hari import require_past


@dataclass(frozen=True)
class TahapBaru:
    """The stage a transition entered and since when (the answer of ``paket maju``)."""

    tahap: str
    sejak: date


@dataclass(frozen=True)
class Langkah:
    """What firing a trigger decided, before anything is written."""

    left: str
    entered: str
    changed: dict[str, Any]
    note: str | None


@dataclass(frozen=True)
class Ditulis:
    """What the write left on the paket row, for callers holding it as an object."""

    values: dict[str, Any]
    version: int
    entry: dict[str, Any]


def check_effective_date(when: date, today: date, newest: Any) -> None:
    """A step is dated on a day that has happened, not before the paket's last step
    (``newest``: its ``pemicu`` and ``tanggal``, None before the first)."""
    require_past(when, today)
    if newest is not None and when < newest.tanggal:
        raise InvalidInput(
            f"tanggal: {fmt_tanggal(when)} sebelum langkah terakhir paket "
            f"({newest.pemicu}, {fmt_tanggal(newest.tanggal)})"
        )


def decide(paket: Any, opd_nama: str, newest: Any, pemicu: str, pelaku: Pelaku, when: date,
           today: date, catatan: str | None, facts: dict[str, Any], inputs: dict[str, Any],
           records: Any) -> Langkah:
    """The rules of firing ``pemicu`` on ``paket`` (a row or an object with the paket's
    columns), in the order the user meets them; nothing written."""
    require(refusal_to_fire(pelaku, pemicu, paket.opd_id, opd_nama))
    check_effective_date(when, today, newest)
    before = PaketCase.of(paket)
    after = fire(before, pemicu, when, **{**facts, **inputs, "catatan": catatan})
    require_inputs(before, pemicu, inputs)
    note = g.history_note(catatan, inputs.get("persetujuan"))
    if records:  # the report behind kritis, the SCM target, the kesempatan end, …
        if records.check:
            records.check(paket, when, {**inputs, "catatan": catatan})
        note = records.note(paket, before.state, {**facts, **inputs}, note)
    return Langkah(before.state, after.state, after.changes(paket), note)


def write(run, paket: Any, step: Langkah, pemicu: str, when: date, oleh: str) -> Ditulis:
    """The paket row (if still at the version read: else :class:`Conflict`) and its
    chained history entry."""
    now = datetime.now(UTC)
    nilai = tracked.nilai_of(tracked.changed(step.changed))
    entry = {"paket_id": paket.id, "dari": step.left, "ke": step.entered, "pemicu": pemicu,
             "tanggal": when, "dicatat": now, "oleh": oleh, "catatan": step.note,
             "hash_sebelumnya": paket.riwayat_hash, "nilai": nilai}
    entry["hash"] = tracked.entry_hash(paket.id, step.left, step.entered, pemicu, when, now, oleh,
                               step.note, paket.riwayat_hash, nilai)
    values = {**step.changed, "tahap_sejak": when, "diubah": now, "riwayat_hash": entry["hash"]}
    if run(w.PAKET_UBAH, paket_id=paket.id, version=paket.version, values=values).rowcount != 1:
        raise Conflict(LOST_RACE)
    run(w.RIWAYAT_TAMBAH, entry=entry)
    return Ditulis(values, paket.version + 1, entry)


def record_actual_dates(run, paket: Any, step: Langkah, when: date) -> None:
    """Close the stage left and open the stage entered in the schedule (a row for the
    stage entered when it had none)."""
    touched = run(w.JADWAL_TUTUP_BUKA, paket_id=paket.id, left=step.left,
                  entered=step.entered, when=when)
    if step.entered not in [row[0] for row in touched]:
        order = stages_of(paket.metode)
        urutan = order.index(step.entered) if step.entered in order else len(order)
        run(w.JADWAL_TAMBAH, paket_id=paket.id, tahap=step.entered, urutan=urutan, when=when)
