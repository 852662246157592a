"""Payment terms of a contract (docs/aturan.md §5.4): what the PPK has paid the provider
for a given physical progress.

Realisasi keuangan lags the work: an uang muka comes first and is recovered from the
later payments, each termin pays the work certified up to a milestone, and for
konstruksi the retensi stays with the PPK until FHO. One pure rule, so the demo's
realisasi and a year-end forecast reckon payments the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from pengadaan.domain import config
from pengadaan.domain.execution.persen import PENUH
from pengadaan.domain.execution.serah_terima import retensi

# Termin steps, in basis points of fisik.
SEKALIGUS = PENUH  # one payment after BAST/PHO (typical for barang)
PER_SERTIFIKAT = 1  # monthly certificates: whatever the certificate states is paid
TONGGAK = config.TERMIN_TONGGAK_BP  # milestones, e.g. 25%, 50%, 75%, 100%


@dataclass(frozen=True)
class SyaratBayar:
    """A contract's payment terms."""

    uang_muka_bp: int = 0  # advance, share of nilai kontrak (0: none taken)
    termin_bp: int = SEKALIGUS  # a termin falls due each time fisik passes a multiple
    retensi: bool = False  # konstruksi: RETENSI_PERSEN of each payment held until FHO

    def __post_init__(self) -> None:
        if not 0 <= self.uang_muka_bp <= config.UANG_MUKA_MAKS_USAHA_KECIL_BP:
            raise ValueError(f"uang muka {self.uang_muka_bp} bp outside 0..the ceiling")
        if not 0 < self.termin_bp <= PENUH:
            raise ValueError(f"termin step {self.termin_bp} bp outside 1..{PENUH}")


def uang_muka_maks_bp(*, usaha_kecil: bool, tahun_jamak: bool = False) -> int:
    """The highest uang muka the PPK may grant (konsultansi counts as non-kecil)."""
    if tahun_jamak:
        return config.UANG_MUKA_MAKS_TAHUN_JAMAK_BP
    if usaha_kecil:
        return config.UANG_MUKA_MAKS_USAHA_KECIL_BP
    return config.UANG_MUKA_MAKS_NON_KECIL_BP


def tertagih_bp(fisik_bp: int, termin_bp: int) -> int:
    """The fisik the termins have paid for: the last milestone reached (100% at 100%)."""
    return min(fisik_bp, PENUH) // termin_bp * termin_bp


def dibayar(nilai: int, fisik_bp: int, syarat: SyaratBayar, *, fho: bool = False) -> int:
    """Cumulative Rupiah paid from SPMK on at ``fisik_bp``: the termins certified so far,
    less the retensi still held, plus what is left of the uang muka (recovered in
    proportion to the termins, nothing left at 100%)."""
    tertagih = tertagih_bp(fisik_bp, syarat.termin_bp)
    gross = nilai * tertagih // PENUH
    held = retensi(gross) if syarat.retensi and not fho else 0
    uang_muka = nilai * syarat.uang_muka_bp // PENUH
    return gross - held + uang_muka * (PENUH - tertagih) // PENUH
