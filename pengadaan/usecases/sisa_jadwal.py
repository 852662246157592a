"""How late the rest of a paket's plan is, and what a re-plan from the current stage's
actual start would make of it (docs/aturan.md §3.5): shown after every transition
(``paket maju``) and before a re-plan (usecases/jadwal.replan_rest). Reads through
``db.reading()``, so after ``paket maju``'s cached write (usecases/maju.py) the cached
database answers it without SQLAlchemy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pengadaan.db import write_statements as w
from pengadaan.domain.formatting import today_wib
from pengadaan.domain.kalender import Kalender
from pengadaan.domain.schedule import contract_plan, replan, rest_delay
from pengadaan.domain.vocabulary import FINAL_TAHAP
from pengadaan.usecases.reads import kalender_read, paket_not_found


@dataclass(frozen=True)
class GeserTahap:
    """One remaining stage of a re-plan: its plan now and the re-planned one."""

    tahap: str
    lama_mulai: date | None
    lama_selesai: date | None
    baru_mulai: date | None
    baru_selesai: date
    bukan_wewenang: str | None = None  # why this user may not move it (left as it is)

    @property
    def berubah(self) -> bool:
        return (self.lama_mulai, self.lama_selesai) != (self.baru_mulai, self.baru_selesai)


@dataclass(frozen=True)
class SisaJadwal:
    """The rest of a paket's plan against its re-plan from the current stage's start
    (docs/aturan.md §3.5): ``terlambat_hari`` > 0 when the plan no longer holds."""

    kode: str
    tahap: str
    mulai: date
    terlambat_hari: int
    tahapan: list[GeserTahap]
    akhir_tahun_anggaran: date  # 31 December of the paket's fiscal year

    @property
    def pelaksanaan_selesai(self) -> date | None:
        """Where the re-planned work ends (pelaksanaan's new end; the pemeliharaan after
        it runs into next year by design), None when pelaksanaan is not in the rest."""
        return next((m.baru_selesai for m in self.tahapan if m.tahap == "pelaksanaan"), None)


def plan_rest(paket: Any, rows: dict[str, Any], kalender_around: Callable[..., Kalender],
              today: date) -> SisaJadwal | None:
    """The re-plan of the rest from the current stage's actual start (the date of the
    last transition); None when the current stage has no template length to re-plan
    from. ``rows``: the schedule by tahap (``rencana_mulai``, ``rencana_selesai``,
    ``realisasi_mulai``); ``kalender_around(*days)``: the calendar around those days."""
    current = rows.get(paket.tahap)
    mulai = (current.realisasi_mulai if current is not None else None) or paket.tahap_sejak
    if paket.tahap in FINAL_TAHAP or mulai is None:
        return None
    kalender = kalender_around(mulai, today)
    fixed = contract_plan(paket.tgl_kontrak_mulai, paket.tgl_kontrak_selesai)
    new = replan(paket.metode, paket.jenis, paket.tahap, mulai, kalender, fixed)
    if not new:
        return None
    old = {r.tahap: rows.get(r.tahap) for r in new}
    # The contract period is not the plan's to move (an adendum or denda answers a late
    # contract, docs/aturan.md §5.3): it does not make the rest "late" here.
    late = rest_delay({t: j.rencana_selesai for t, j in old.items()
                       if j is not None and t not in fixed}, new, paket.tahap, today)
    moves = [GeserTahap(r.tahap, getattr(old[r.tahap], "rencana_mulai", None),
                        getattr(old[r.tahap], "rencana_selesai", None), r.mulai, r.selesai)
             for r in new]
    return SisaJadwal(paket.kode, paket.tahap, mulai, late, moves, date(paket.tahun, 12, 31))


def rest_of_plan(db: Any, kode: str, today: date | None = None) -> SisaJadwal | None:
    """:func:`plan_rest` of the paket ``kode`` today (``db``: the ORM database or the
    cached one)."""
    with db.reading() as read:
        found = list(read(w.SISA_JADWAL, kode=kode))
        if not found:
            raise paket_not_found(kode)
        rows = {row.jadwal_tahap: row for row in found if row.jadwal_tahap is not None}
        return plan_rest(found[0], rows, lambda *days: kalender_read(read, *days),
                         today or today_wib())
