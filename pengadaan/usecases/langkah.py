"""Every step of one transition, declared once in :func:`take` (issue #15): the facts
its guards judge, the rules (:func:`decide`: the inputs' limits, the role, the
effective date, the workflow's guards, the trigger's own checks and note), then the
paket row, its history entry (chained and carrying the values it changed) and the
schedule through named statements (pengadaan/db/write_statements.py), then what only
the ORM writes. Both ways of firing a trigger follow it: ``paket maju`` and the TUI
(usecases/maju.fire, on a paket row it reads) and the contract use cases
(usecases/paket.apply_trigger, on a loaded paket object); a step added here is added
to both.

``run(statement, **args)`` executes the statements: on the ORM unit of work's
connection (pengadaan/db/writing.py), or as cached SQLite text
(``CachedDatabase.writing``, pengadaan/db/reading.py). A Core statement is invisible
to the ORM's ``before_flush`` safety nets, so what they guaranteed is built in here:
the version check rides in the UPDATE, the entry's hash links to the row's head and
becomes the new head, the entry records the tracked values it changed, and a text
input stored in a column is within the column's declared limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from pengadaan.db import history_text as tracked
from pengadaan.db import write_statements as w
from pengadaan.db.reading import Unusable
from pengadaan.domain.akses import Pelaku, refusal_to_fire, require
from pengadaan.domain.errors import LOST_RACE, Conflict, InvalidInput
from pengadaan.domain.formatting import tanggal as fmt_tanggal
from pengadaan.domain.workflow import PaketCase, fire, require_inputs, stage_place
from pengadaan.domain.workflow import guards as g
from pengadaan.domain.workflow.isian import ISIAN
from pengadaan.settings import Settings
from pengadaan.usecases.execution_facts import execution_facts
from pengadaan.usecases.execution_records import RECORDS
from pengadaan.usecases.hari import require_past

# Changed by signing a contract: its planned pelaksanaan follows (plan_contract).
CONTRACT_DATES = ("tgl_kontrak_mulai", "tgl_kontrak_selesai")


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


class OrmSide(Protocol):
    """What only the ORM does once the row and the schedule are written
    (usecases/paket.py): the caller's loaded paket object follows its row, and the
    trigger's records are written."""

    def follow(self, written: Ditulis) -> None: ...

    def records(self, paket_id: int, step: Langkah) -> None: ...


def take(run, paket: Any, opd_nama: str, newest: Any, pemicu: str, pelaku: Pelaku,
         when: date, today: date, catatan: str | None, inputs: dict[str, Any],
         settings: Settings, orm: OrmSide | None = None) -> Langkah:
    """Fire ``pemicu`` on ``paket`` (a row or an object with the paket's columns, locked
    by the caller; ``newest``: its newest step) inside the caller's write transaction,
    every step in order. Without ``orm`` (the cached SQLite path) a trigger with
    records is :class:`Unusable` before anything is written."""
    records = RECORDS.get(pemicu)
    by_orm = bool(records and records.write)  # the trigger's rows (execution_records.py)
    if by_orm and orm is None:  # first: the ORM database judges and writes it all
        raise Unusable("catatan pemicu ini ditulis lewat ORM")
    facts = execution_facts(run, paket, pemicu, when, settings)
    step = decide(paket, opd_nama, newest, pemicu, pelaku, when, today, catatan, facts,
                  inputs, records)
    written = write(run, paket, step, pemicu, when, pelaku.nama)
    record_actual_dates(run, paket, step, when)
    plan_contract(run, paket, step)
    if orm is not None:
        orm.follow(written)
        if by_orm:
            orm.records(paket.id, step)
    return step


def check_limits(inputs: dict[str, Any]) -> None:
    """A text input stored in a column (its isian declares the column's limit, e.g. the
    penyedia) within that limit: refused alike on SQLite, which would store it, and
    PostgreSQL, which would fail in English."""
    for name, value in inputs.items():
        isian = ISIAN.get(name)
        if isian is not None and isian.batas is not None and isinstance(value, str):
            isian.batas.periksa(value)


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
    check_limits(inputs)
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
        run(w.JADWAL_TAMBAH, paket_id=paket.id, tahap=step.entered,
            urutan=stage_place(paket.metode, step.entered), values={"realisasi_mulai": when})


def plan_contract(run, paket: Any, step: Langkah) -> None:
    """A contract signed (its dates changed): the planned pelaksanaan is its period, so
    ``paket jadwal`` and the timeline show what it says. Signing fixes the plan, it does
    not change it (an adendum does: jadwal.follow_contract)."""
    if not any(name in step.changed for name in CONTRACT_DATES):
        return
    from pengadaan.domain.schedule import lay_contract  # only when a contract is signed

    lay_contract(paket.metode, *(step.changed.get(name, getattr(paket, name))
                                 for name in CONTRACT_DATES),
                 replan=lambda tahap, mulai, selesai: bool(list(run(
                     w.JADWAL_RENCANA, paket_id=paket.id, tahap=tahap, mulai=mulai,
                     selesai=selesai))),
                 add=lambda tahap, urutan, values: run(
                     w.JADWAL_TAMBAH, paket_id=paket.id, tahap=tahap, urutan=urutan,
                     values=values))
