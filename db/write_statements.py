"""The statements a transition writes, named (issue #15): built once with SQLAlchemy
Core in pengadaan/db/transition_sql.py, run through ``run(statement, **args)`` on the
ORM unit of work's connection. Like pengadaan/db/statements.py this module imports
neither SQLAlchemy nor the models: a :class:`Statement` says what of its arguments
changes the SQL text (``shape``) and its named input values (``params``)."""

from __future__ import annotations

from typing import Any

from pengadaan.db.reading import Statement

_SQL = "pengadaan.db.transition_sql"

# What names the input that writes a column (``v_tahap``); the row a statement targets
# is named ``b_…``. pengadaan/db/transition_sql.py binds by these names.
VALUE = "v_"


def value_inputs(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` (by column) as the named inputs that write them."""
    return {VALUE + name: value for name, value in values.items()}


# What the writes below write, by column: transition_sql binds these, their params
# name them.
def paket_written(version: int, values: dict[str, Any]) -> dict[str, Any]:
    """A paket row's new values and its next version."""
    return {**values, "version": version + 1}


def jadwal_written(paket_id: int, tahap: str, urutan: int, values: dict[str, Any]
                   ) -> dict[str, Any]:
    """A new schedule row: its paket, stage, place and ``values`` (its dates)."""
    return {"paket_id": paket_id, "tahap": tahap, "urutan": urutan, **values}


def plan_written(mulai: Any, selesai: Any) -> dict[str, Any]:
    """A stage's plan."""
    return {"rencana_mulai": mulai, "rencana_selesai": selesai}


def _paket_params(paket_id, version, values) -> dict:
    return {"b_id": paket_id, "b_version": version,
            **value_inputs(paket_written(version, values))}


# The paket row's new values and version, if still at the version read (else 0 rows).
PAKET_UBAH = Statement(f"{_SQL}:update_paket",
                       shape=lambda paket_id, version, values: tuple(sorted(values)),
                       params=_paket_params)

# One riwayat entry with its hash.
RIWAYAT_TAMBAH = Statement(f"{_SQL}:insert_riwayat", shape=lambda entry: (),
                           params=lambda entry: value_inputs(entry))

# The stage left closes and the stage entered opens in the schedule (RETURNING tahap).
JADWAL_TUTUP_BUKA = Statement(
    f"{_SQL}:close_and_open_stage", shape=lambda paket_id, left, entered, when: (),
    params=lambda paket_id, left, entered, when: {"b_paket_id": paket_id, "left": left,
                                                  "entered": entered, "when": when})

# A schedule row for a stage that had none (the stage entered, a contract's
# pelaksanaan), with its dates.
JADWAL_TAMBAH = Statement(
    f"{_SQL}:insert_jadwal", shape=lambda paket_id, tahap, urutan, values: tuple(values),
    params=lambda paket_id, tahap, urutan, values: value_inputs(
        jadwal_written(paket_id, tahap, urutan, values)))

# A stage's plan as a signed contract fixes it (RETURNING tahap: none, no row yet).
JADWAL_RENCANA = Statement(
    f"{_SQL}:plan_stage", shape=lambda paket_id, tahap, mulai, selesai: (),
    params=lambda paket_id, tahap, mulai, selesai: {
        "b_paket_id": paket_id, "b_tahap": tahap,
        **value_inputs(plan_written(mulai, selesai))})

# The paket to transition, locked, with its OPD's name and its newest step.
PAKET_KUNCI = Statement(f"{_SQL}:locked_row", shape=lambda kode: (),
                        params=lambda kode: {"kode": kode})

# The facts a trigger's guards judge (usecases/execution_facts.py).
PROGRES_BERLAKU = Statement(
    f"{_SQL}:latest_progress",
    shape=lambda paket_id, on, since: (on is not None, since is not None),
    params=lambda paket_id, on, since: {
        "paket_id": paket_id, **({} if on is None else {"on": on}),
        **({} if since is None else {"since": since})})
SCM_TERAKHIR = Statement(f"{_SQL}:latest_scm", shape=lambda paket_id: (),
                         params=lambda paket_id: {"paket_id": paket_id})
DAFTAR_HITAM_BERLAKU = Statement(f"{_SQL}:blacklisted", shape=lambda on: (),
                                 params=lambda on: {"on": on})

# After the transition: the paket and its schedule, for how late the rest of it is
# (usecases/sisa_jadwal.py).
SISA_JADWAL = Statement(f"{_SQL}:rest_rows", shape=lambda kode: (),
                        params=lambda kode: {"kode": kode})
