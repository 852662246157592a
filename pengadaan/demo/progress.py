"""Deterministic progress reports for the demo's contracts and swakelola (issues #5, #13).

Fortnightly reports from SPMK (swakelola: from the start of pelaksanaan): realisasi
fisik = the standard kurva S × a pace drawn per paket (seeded by its kode, so the same
demo always gets the same numbers). Packages in the kritis/SCM/SP escalation run far
behind; about one in six of the others is behind enough to be kritis without anyone
having declared it yet (the alert shows it); handed-over packages end with a 100%
report on their PHO/BAST date.

Realisasi keuangan is what the contract's payment terms (domain/execution/pembayaran.py)
pay for that fisik; swakelola spends its budget as the work goes (docs/dasar.md, "Data
contoh", says what the demo's absorption aims at and why).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from pengadaan.demo.year import HANDOVER, DemoPaket
from pengadaan.domain.execution.kritis import is_kritis
from pengadaan.domain.execution.pembayaran import (
    PER_SERTIFIKAT,
    SEKALIGUS,
    TONGGAK,
    SyaratBayar,
    dibayar,
)
from pengadaan.domain.execution.persen import PENUH
from pengadaan.domain.execution.scurve import smoothstep_bp
from pengadaan.domain.vocabulary import ESCALATION, EXECUTION, Jenis, Metode
from pengadaan.usecases.progres import SPMK_TRIGGERS

INTERVAL_DAYS = 14

# How the demo's PPKs pay, per jenis: konstruksi and jasa lainnya by the progress each
# report certifies (monthly certificates), konsultansi at milestones (its reports),
# barang once after BAST.
TERMIN_BY_JENIS = {Jenis.KONSTRUKSI: PER_SERTIFIKAT, Jenis.KONSULTANSI: TONGGAK,
                   Jenis.JASA_LAINNYA: PER_SERTIFIKAT, Jenis.BARANG: SEKALIGUS}
# The uang muka a konstruksi or konsultansi contract takes, drawn evenly: half take
# none, the others 10% or 20% (within every ceiling of config.UANG_MUKA_MAKS_*).
UANG_MUKA_CHOICES_BP = (0, 0, 1_000, 2_000)
# A swakelola spends this share of its pagu by the end of the work (the rest is sisa
# anggaran: honoraria and materials come in under budget).
SWAKELOLA_SPEND = (0.88, 0.98)
# Swakelola has no contract end: the demo's team plans this many days of work.
SWAKELOLA_DAYS = (60, 150)


@dataclass(frozen=True)
class DemoReport:
    tanggal: date
    fisik_bp: int
    rencana_bp: int | None  # None for swakelola: no contract end to plan against
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


def syarat_bayar(rng: random.Random, metode: Metode, jenis: Jenis) -> SyaratBayar:
    """The payment terms the demo's PPK wrote into the contract."""
    if metode == Metode.SWAKELOLA:
        return SyaratBayar(termin_bp=PER_SERTIFIKAT)
    uang_muka = (rng.choice(UANG_MUKA_CHOICES_BP)
                 if jenis in (Jenis.KONSTRUKSI, Jenis.KONSULTANSI) else 0)
    return SyaratBayar(uang_muka, TERMIN_BY_JENIS[jenis], retensi=jenis == Jenis.KONSTRUKSI)


def _paid(nilai: int, fisik_bp: int, syarat: SyaratBayar) -> int:
    return dibayar(nilai, fisik_bp, syarat) // 1000 * 1000


def demo_reports(paket: DemoPaket, seed: int, per: date) -> Iterator[DemoReport]:
    """The reports of one demo contract or swakelola up to ``per`` (or its hand-over)."""
    case = paket.final
    when = {pemicu: day for _dari, _ke, pemicu, day, _note in paket.steps}
    start = next((when[t] for t in SPMK_TRIGGERS if t in when), None)
    handed_over = next((when[t] for t in HANDOVER if t in when), None)
    if start is None or (case.state not in EXECUTION and handed_over is None):
        return
    rng = random.Random(f"{seed}-{paket.kode}-progres")
    pace = _pace(rng, case.state, handed_over is not None)
    syarat = syarat_bayar(rng, paket.metode, paket.jenis)
    swakelola = paket.metode == Metode.SWAKELOLA
    if swakelola:
        nilai = int(paket.pagu * rng.uniform(*SWAKELOLA_SPEND))
        selesai = handed_over or start + timedelta(days=rng.randint(*SWAKELOLA_DAYS))
    else:
        nilai, selesai = case.nilai_kontrak, case.tgl_kontrak_selesai
    until = min(per, handed_over) if handed_over else per
    day = start + timedelta(days=INTERVAL_DAYS)
    while day <= until:
        if handed_over and day + timedelta(days=INTERVAL_DAYS) > until:
            break  # the hand-over report closes the series
        rencana = smoothstep_bp(start, selesai, day)
        fisik = min(int(rencana * pace), PENUH - 1)
        kritis = not swakelola and is_kritis(rencana, fisik, selesai, paket.tahun)
        yield DemoReport(day, fisik, None if swakelola else rencana, kritis,
                         _paid(nilai, fisik, syarat))
        day += timedelta(days=INTERVAL_DAYS)
    if handed_over:
        rencana = None if swakelola else smoothstep_bp(start, selesai, handed_over)
        yield DemoReport(handed_over, PENUH, rencana, False, _paid(nilai, PENUH, syarat))
