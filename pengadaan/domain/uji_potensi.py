"""Uji potensi (issue #17, docs/proyeksi.md §8): a monthly cumulative absorption target
built from an OPD's own packages instead of a pattern, to say where the set target (RAK)
is "terlalu tinggi" or "terlalu rendah".

Each package pays its expected value over its planned pelaksanaan (the jadwal), moved by
the OPD's own historical slippage, along the standard kurva S under the assumed payment
terms of the forecast (:data:`pengadaan.domain.proyeksi.SYARAT_ANGGAPAN`): barang once at
the end, konstruksi by certificate with the retensi held, and so on. The month-end sums
over the OPD's pagu give a curve that never decreases and ends at what is payable by
31 December.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pengadaan.domain import config
from pengadaan.domain.config import Dated, dated_value
from pengadaan.domain.execution.pembayaran import dibayar
from pengadaan.domain.execution.persen import PENUH
from pengadaan.domain.execution.scurve import smoothstep_bp
from pengadaan.domain.kinerja import ratio_bp
from pengadaan.domain.proyeksi import ANGGAPAN_SEJAK, SYARAT_ANGGAPAN
from pengadaan.domain.vocabulary import Jenis

# A set target further than this from the proposal, either way, is flagged (the width
# of one TEPRA colour band, config.WARNA_BATAS_BP; docs/proyeksi.md §8).
SELISIH_BATAS_BP = (Dated(ANGGAPAN_SEJAK, config.WARNA_BATAS_BP[0][1],
                          "anggapan uji potensi [U]: selebar satu pita warna TEPRA"),)
TERLALU_TINGGI = "terlalu tinggi"
TERLALU_RENDAH = "terlalu rendah"


@dataclass(frozen=True)
class RencanaBayar:
    """One package's planned pelaksanaan and what it is expected to be worth."""

    jenis: str
    nilai: int
    mulai: date
    selesai: date


def month_ends(tahun: int) -> list[date]:
    return [date(tahun + (m == 12), m % 12 + 1, 1) - timedelta(days=1) for m in range(1, 13)]


def paid_by(r: RencanaBayar, on: date, geser_hari: int = 0) -> int:
    """Paid for ``r`` by ``on`` when its pelaksanaan runs ``geser_hari`` later than planned."""
    shift = timedelta(days=geser_hari)
    fisik = smoothstep_bp(r.mulai + shift, r.selesai + shift, on)
    return dibayar(r.nilai, fisik, SYARAT_ANGGAPAN[Jenis(r.jenis)])


def kurva_usulan(rencana: Sequence[RencanaBayar], pagu: int, tahun: int,
                 geser_hari: int = 0) -> list[int]:
    """The 12 cumulative month-end targets (basis points of ``pagu``), never decreasing,
    at most 100%."""
    curve, last = [], 0
    for end in month_ends(tahun):
        paid = sum(paid_by(r, end, geser_hari) for r in rencana)
        last = max(last, min(ratio_bp(paid, pagu) or 0, PENUH))
        curve.append(last)
    return curve


def geser(delays: Sequence[int]) -> int:
    """The OPD's slippage: the mean days its earlier pelaksanaan ended after plan (0
    without history; an OPD that finishes early is not moved earlier)."""
    if not delays:
        return 0
    return max(sum(delays) // len(delays), 0)


def tanda(target_bp: int, usul_bp: int, on: date) -> str | None:
    """Whether the set target is out of reach or trivially met, by SELISIH_BATAS_BP."""
    limit = dated_value(SELISIH_BATAS_BP, on).value
    if target_bp - usul_bp > limit:
        return TERLALU_TINGGI
    if usul_bp - target_bp > limit:
        return TERLALU_RENDAH
    return None
