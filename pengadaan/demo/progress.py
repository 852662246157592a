"""Deterministic progress reports for the demo's contracts (issue #5).

Fortnightly reports from SPMK: realisasi = the standard kurva S × a pace drawn per
paket (seeded by its kode, so the same demo always gets the same numbers). Packages
in the kritis/SCM/SP escalation run far behind; about one in six of the others is
behind enough to be kritis without anyone having declared it yet (the alert shows
it); handed-over packages end with a 100% report on their PHO/BAST date.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from pengadaan.domain.execution.kritis import is_kritis
from pengadaan.domain.execution.persen import PENUH
from pengadaan.domain.execution.scurve import smoothstep_bp
from pengadaan.domain.vocabulary import ESCALATION, EXECUTION

INTERVAL_DAYS = 14


@dataclass(frozen=True)
class DemoReport:
    tanggal: date
    fisik_bp: int
    rencana_bp: int
    kritis: bool
    keuangan: int


def _pace(rng: random.Random, state: str, handed_over: bool) -> float:
    if handed_over:
        return rng.uniform(0.95, 1.05)
    if state in ESCALATION:
        return rng.uniform(0.45, 0.7)
    if rng.random() < 0.17:
        return rng.uniform(0.6, 0.8)  # behind, not yet declared kritis
    return rng.uniform(0.9, 1.08)


def demo_reports(
    kode: str, seed: int, state: str, tahun: int, nilai: int, spmk: date, selesai: date,
    per: date, handed_over: date | None = None,
) -> Iterator[DemoReport]:
    """The reports of one demo contract up to ``per`` (or its hand-over date)."""
    if state not in EXECUTION and handed_over is None:
        return
    rng = random.Random(f"{seed}-{kode}-progres")
    pace = _pace(rng, state, handed_over is not None)
    until = min(per, handed_over) if handed_over else per
    day = spmk + timedelta(days=INTERVAL_DAYS)
    while day <= until:
        if handed_over and day + timedelta(days=INTERVAL_DAYS) > until:
            break  # the hand-over report closes the series
        rencana = smoothstep_bp(spmk, selesai, day)
        fisik = min(int(rencana * pace), PENUH - 1)
        yield DemoReport(day, fisik, rencana, is_kritis(rencana, fisik, selesai, tahun),
                         nilai * fisik // PENUH * 9 // 10 // 1000 * 1000)
        day += timedelta(days=INTERVAL_DAYS)
    if handed_over:
        rencana = smoothstep_bp(spmk, selesai, handed_over)
        yield DemoReport(handed_over, PENUH, rencana, False, nilai * 95 // 100 // 1000 * 1000)
