"""Planned schedule (jadwal) of a paket from its metode's template.

Anchored on the planned selection start (``tgl_awal_pemilihan`` from the RUP);
every stage ends on a working day (docs/aturan.md §3: stages end on a working day).
When the RUP gives no selection start the anchor is :func:`default_anchor`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pengadaan.domain.kalender import ONE_DAY, Kalender
from pengadaan.domain.schedule_templates import (
    AFTER_CONTRACT,
    PELAKSANAAN,
    PERSIAPAN,
    SELEKSI,
    Durasi,
)
from pengadaan.domain.vocabulary import Jenis, Metode
from pengadaan.domain.workflow import stage_order, stage_place


@dataclass(frozen=True)
class RencanaTahap:
    """One planned stage: dates and the template duration it came from."""

    tahap: str
    urutan: int
    mulai: date | None
    selesai: date
    durasi: Durasi | None = None


def default_anchor(created: date, tahun: int, kalender: Kalender) -> date:
    """Selection start when the RUP has none: after a full persiapan counted from the
    day the paket is registered, and not before the fiscal year's first working day."""
    after_persiapan = kalender.add_working_days(created, PERSIAPAN.panjang)
    return kalender.on_or_after(max(after_persiapan, date(tahun, 1, 1)))


def _planned_path(metode: Metode, jenis: Jenis, banding: bool = False,
                  ) -> list[tuple[str, Durasi]]:
    """The stages a paket meets when nothing goes wrong, with their lengths (sanggah
    banding only for konstruksi, or when the paket is in it all the same)."""
    used = stage_order(metode)
    path = [(t, d) for t, d in SELEKSI[metode] if t in used]
    if jenis != Jenis.KONSTRUKSI and not banding:
        path = [(t, d) for t, d in path if t != "sanggah_banding"]
    pelaksanaan = ("pelaksanaan", PELAKSANAAN[jenis])
    if metode == Metode.SWAKELOLA:
        return [pelaksanaan, ("serah_terima", dict(AFTER_CONTRACT)["serah_terima"])]
    after = dict(AFTER_CONTRACT)
    handover = "pemeliharaan" if jenis == Jenis.KONSTRUKSI else "serah_terima"
    return [*path, ("kontrak", after["kontrak"]), pelaksanaan, (handover, after[handover])]


def _lay_out(path: Sequence[tuple[str, Durasi]], start: date, metode: Metode,
             kalender: Kalender, fixed: Mapping[str, tuple[date, date]] | None = None,
             ) -> list[RencanaTahap]:
    """One stage after another from ``start``, each its template length in its own unit
    and ending on a working day; a ``fixed`` stage (the contract period) keeps its dates
    and the next one starts the day after it."""
    order = stage_order(metode)
    rows = []
    for tahap, durasi in path:
        if fixed and tahap in fixed:
            mulai, end = fixed[tahap]
        else:
            mulai, end = start, kalender.end_of(start, durasi.panjang, durasi.satuan)
        rows.append(RencanaTahap(tahap, order[tahap], mulai, end, durasi))
        start = end + ONE_DAY
    return rows


def generate(metode: str, jenis: str, anchor: date, kalender: Kalender) -> list[RencanaTahap]:
    """Planned start/end of every stage on the normal path of ``metode``."""
    metode, jenis = Metode(metode), Jenis(jenis)
    order = stage_order(metode)
    start = kalender.on_or_after(anchor)
    persiapan_mulai = kalender.sub_working_days(start, PERSIAPAN.panjang)
    rows = [
        RencanaTahap("rencana", order["rencana"], None,
                     kalender.on_or_before(persiapan_mulai - ONE_DAY)),
        RencanaTahap("persiapan", order["persiapan"], persiapan_mulai,
                     kalender.on_or_before(start - ONE_DAY), PERSIAPAN),
    ]
    return rows + _lay_out(_planned_path(metode, jenis), start, metode, kalender)


def replan(metode: str, jenis: str, tahap: str, mulai: date, kalender: Kalender,
           fixed: Mapping[str, tuple[date, date]] | None = None) -> list[RencanaTahap]:
    """The rest of the plan once the current stage ``tahap`` began on ``mulai``: it and
    every later stage of the normal path, each its template length (docs/aturan.md
    §3.5); ``fixed`` stages (:func:`contract_plan`) stay. Empty for a stage without a
    template length (rencana, gagal, the kritis/SCM/SP/kesempatan stages, the end)."""
    metode, jenis = Metode(metode), Jenis(jenis)
    path = [("persiapan", PERSIAPAN),
            *_planned_path(metode, jenis, banding=tahap == "sanggah_banding")]
    names = [t for t, _d in path]
    if tahap not in names:
        return []
    return _lay_out(path[names.index(tahap):], mulai, metode, kalender, fixed)


def rest_delay(planned_end: Mapping[str, date | None], replanned: Sequence[RencanaTahap],
               current: str, today: date) -> int:
    """How many days late the rest of the current plan is: the most a remaining stage's
    re-planned end falls after its planned end, or the days since the current stage's
    planned end passed, whichever is more; 0 when the plan still holds."""
    shifts = [(r.selesai - end).days for r in replanned
              if (end := planned_end.get(r.tahap)) is not None]
    end = planned_end.get(current)
    overdue = (today - end).days if end is not None else 0
    return max(0, overdue, *shifts)


def first_deadline(batas: date | None, tahap: str,
                   rows: Mapping[str, Any]) -> tuple[date | None, int]:
    """The first plan of the deadline ``batas`` of stage ``tahap`` and how often it
    moved, from the schedule ``rows`` by stage (``rencana_selesai``,
    ``rencana_awal_selesai``, ``jumlah_perubahan``): the stage's own plan, or the
    contract period's (pelaksanaan, moved by an adendum perpanjangan) when that is the
    deadline. ``(batas, 0)`` when it never moved."""
    for name in (tahap, "pelaksanaan"):
        row = rows.get(name)
        if (batas is not None and row is not None and row.jumlah_perubahan
                and row.rencana_selesai == batas):
            return row.rencana_awal_selesai, row.jumlah_perubahan
    return batas, 0


def contract_plan(mulai: date | None, selesai: date | None) -> dict[str, tuple[date, date]]:
    """The stages a contract fixes: pelaksanaan runs over the contract period.

    The current period, after any adendum perpanjangan waktu; a pemberian kesempatan
    does not move the contract end (docs/aturan.md §5.3), so it leaves this alone.
    Empty until both ends are known. Every writer of the schedule applies this, so the
    plan never disagrees with the contract the alerts are measured against.
    """
    if mulai is None or selesai is None:
        return {}
    return {"pelaksanaan": (mulai, selesai)}


def lay_contract(metode: str, mulai: date | None, selesai: date | None,
                 replan: Callable[[str, date, date], bool],
                 add: Callable[[str, int, dict[str, Any]], Any]) -> None:
    """Write :func:`contract_plan` into a paket's schedule, however the caller stores it
    (a signed contract through the transition's statements, an adendum through the ORM,
    which counts it as a change): ``replan(tahap, mulai, selesai)`` a stage's row, False
    when it has none; ``add(tahap, urutan, values)`` the row at its place in the
    workflow."""
    for tahap, (start, end) in contract_plan(mulai, selesai).items():
        if not replan(tahap, start, end):
            add(tahap, stage_place(metode, tahap),
                {"rencana_mulai": start, "rencana_selesai": end})
