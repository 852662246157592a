"""Planned schedule (jadwal) of a paket from its metode's template.

Anchored on the planned selection start (``tgl_awal_pemilihan`` from the RUP);
every stage ends on a working day (docs/aturan.md §3: stages end on a working day).
When the RUP gives no selection start the anchor is :func:`default_anchor`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pengadaan.domain.kalender import ONE_DAY, Kalender
from pengadaan.domain.schedule_templates import (
    AFTER_CONTRACT,
    PELAKSANAAN,
    PERSIAPAN,
    SELEKSI,
    Durasi,
)
from pengadaan.domain.vocabulary import Jenis, Metode
from pengadaan.domain.workflow import stages_of


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


def _planned_path(metode: Metode, jenis: Jenis) -> list[tuple[str, Durasi]]:
    """The stages a paket meets when nothing goes wrong, with their lengths."""
    used = set(stages_of(metode))
    path = [(t, d) for t, d in SELEKSI[metode] if t in used]
    if jenis != Jenis.KONSTRUKSI:
        path = [(t, d) for t, d in path if t != "sanggah_banding"]
    pelaksanaan = ("pelaksanaan", PELAKSANAAN[jenis])
    if metode == Metode.SWAKELOLA:
        return [pelaksanaan, ("serah_terima", dict(AFTER_CONTRACT)["serah_terima"])]
    after = dict(AFTER_CONTRACT)
    handover = "pemeliharaan" if jenis == Jenis.KONSTRUKSI else "serah_terima"
    return [*path, ("kontrak", after["kontrak"]), pelaksanaan, (handover, after[handover])]


def generate(metode: str, jenis: str, anchor: date, kalender: Kalender) -> list[RencanaTahap]:
    """Planned start/end of every stage on the normal path of ``metode``."""
    metode, jenis = Metode(metode), Jenis(jenis)
    order = {stage: i for i, stage in enumerate(stages_of(metode))}
    start = kalender.on_or_after(anchor)
    persiapan_mulai = kalender.sub_working_days(start, PERSIAPAN.panjang)
    rows = [
        RencanaTahap("rencana", order["rencana"], None,
                     kalender.on_or_before(persiapan_mulai - ONE_DAY)),
        RencanaTahap("persiapan", order["persiapan"], persiapan_mulai,
                     kalender.on_or_before(start - ONE_DAY), PERSIAPAN),
    ]
    for tahap, durasi in _planned_path(metode, jenis):
        end = kalender.end_of(start, durasi.panjang, durasi.satuan)
        rows.append(RencanaTahap(tahap, order[tahap], start, end, durasi))
        start = end + ONE_DAY
    return rows


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
