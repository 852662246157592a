"""Denda keterlambatan (Perpres 16/2018 Pasal 79(4)–(5); docs/aturan.md §5.3).

1‰ per calendar day late of the contract value — or of the late *bagian kontrak* —
**before PPN**. Nilai kontrak includes PPN, so the base is ``nilai × 100 / (100 + PPN)``.
Rounding: base and denda are each rounded **down** to whole Rupiah, once, on the
total (never per day), so the state never charges a fraction the law did not set.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pengadaan.domain import config


def dasar_denda(nilai_termasuk_ppn: int, ppn_persen: int = config.PPN_PERSEN) -> int:
    """The contract value (or late part) before PPN, rounded down to whole Rupiah."""
    return nilai_termasuk_ppn * 100 // (100 + ppn_persen)


def hari_terlambat(selesai: date, on: date) -> int:
    """Calendar days after the contract end; the end day itself is not late."""
    return max((on - selesai).days, 0)


def denda(dasar: int, hari: int) -> int:
    """Accrued denda in whole Rupiah: ``dasar × hari × 1/1000``, rounded down."""
    if dasar < 0 or hari < 0:
        raise ValueError("dasar dan hari tidak boleh negatif")
    num, den = config.DENDA_PER_HARI
    return dasar * hari * num // den


def denda_keterlambatan(
    nilai_kontrak: int, selesai: date, on: date, dasar: int | None = None
) -> int:
    """Denda accrued on ``on`` for a contract that should have ended on ``selesai``.

    ``dasar`` is the late part before PPN when the PPK set one; otherwise the whole
    nilai kontrak before PPN.
    """
    base = dasar if dasar is not None else dasar_denda(nilai_kontrak)
    return denda(base, hari_terlambat(selesai, on))


def denda_bersama(nilai_kontrak: Iterable[int], selesai: date, on: date) -> int:
    """Σ :func:`denda_keterlambatan` of contracts that should all have ended on
    ``selesai``: the days late counted once, each contract's denda rounded down on its
    own, as each is charged (``peringatan --ringkas`` sums 11,512 at 100,000 paket)."""
    hari = hari_terlambat(selesai, on)
    return sum(denda(dasar_denda(nilai), hari) for nilai in nilai_kontrak)
