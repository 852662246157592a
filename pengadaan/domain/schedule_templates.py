"""Planned stage lengths per metode, each with its unit and where it comes from.

Legal durations (docs/aturan.md §3.1): sanggah 5 + jawaban 3 hari kalender, sanggah
banding 5 + jawaban 14 hari kalender, kontrak ≤ 14 hari kerja after SPPBJ. The
other lengths are defaults from LPSE practice (docs/aturan.md §3.1 [R]); the regulation
minimums are not confirmed (docs/aturan.md "Not confirmed" 1), so they are configuration.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from pengadaan.domain import config
from pengadaan.domain.kalender import Satuan
from pengadaan.domain.vocabulary import Jenis, Metode

KAL, KERJA = Satuan.KALENDER, Satuan.KERJA
PRAKTIK = "praktik LPSE (docs/aturan.md §3.1 [R]), bukan ketentuan"


class Durasi(NamedTuple):
    """A stage length with its unit and source (a named tuple: a frozen dataclass costs
    every command that judges lateness ±3 million instructions to create, issue #15)."""

    panjang: int
    satuan: Satuan
    sumber: str


# Persiapan (HPS, spesifikasi, rancangan kontrak, reviu Pokja) before the selection
# start; the rencana stage ends when persiapan is planned to begin.
PERSIAPAN = Durasi(14, KERJA, "kebiasaan UKPBJ (reviu dokumen persiapan) [U]")

_SANGGAH = Durasi(
    config.SANGGAH_HARI_KALENDER + config.JAWABAN_SANGGAH_HARI_KALENDER, KAL,
    "Perpres 12/2021 Pasal 50: sanggah 5 + jawaban 3 hari kalender")
_SANGGAH_BANDING = Durasi(
    config.SANGGAH_BANDING_HARI_KALENDER + config.JAWABAN_SANGGAH_BANDING_HARI_KALENDER, KAL,
    "Perpres 12/2021 Pasal 50(2): sanggah banding 5 + jawaban 14 hari kalender")
_SPPBJ = Durasi(config.KONTRAK_AFTER_SPPBJ_HARI_KERJA, KERJA,
                "Peraturan LKPP 12/2021: kontrak paling lambat 14 hari kerja setelah SPPBJ")
_KONTRAK = Durasi(7, KAL, "SPMK setelah tanda tangan kontrak (batas belum dipastikan [U])")
_SERAH_TERIMA = Durasi(14, KAL, "pemeriksaan hasil dan BAST, kebiasaan PPK [U]")
_PEMELIHARAAN = Durasi(config.PEMELIHARAAN_BULAN * 30, KAL,
                       "SSUK: masa pemeliharaan paling singkat 6 bulan")

# Selection stages in the order the workflow meets them (anchor = first of them).
SELEKSI: dict[Metode, tuple[tuple[str, Durasi], ...]] = {
    Metode.TENDER: (
        ("pengumuman", Durasi(7, KAL, PRAKTIK + ": pengumuman dan unduh dokumen")),
        ("penjelasan", Durasi(3, KAL, PRAKTIK)),
        ("penawaran", Durasi(7, KAL, PRAKTIK)),
        ("evaluasi", Durasi(5, KAL, PRAKTIK)),
        ("pembuktian", Durasi(3, KAL, PRAKTIK)),
        ("penetapan", Durasi(2, KAL, PRAKTIK)),
        ("sanggah", _SANGGAH),
        ("sanggah_banding", _SANGGAH_BANDING),
        ("sppbj", _SPPBJ),
    ),
    Metode.TENDER_CEPAT: (
        ("pengumuman", Durasi(3, KAL, PRAKTIK + ": tender cepat")),
        ("penawaran", Durasi(3, KAL, PRAKTIK)),
        ("evaluasi", Durasi(3, KAL, PRAKTIK)),
        ("penetapan", Durasi(1, KAL, PRAKTIK)),
        ("sanggah", _SANGGAH),
        ("sppbj", _SPPBJ),
    ),
    Metode.PENGADAAN_LANGSUNG: (
        ("penawaran", Durasi(3, KERJA, PRAKTIK + ": non-tender")),
        ("evaluasi", Durasi(2, KERJA, PRAKTIK)),
        ("negosiasi", Durasi(2, KERJA, PRAKTIK)),
    ),
    Metode.E_PURCHASING: (
        ("pemesanan", Durasi(10, KERJA, "pemesanan dan konfirmasi e-katalog, kebiasaan [U]")),
    ),
    Metode.SWAKELOLA: (),
}
SELEKSI[Metode.SELEKSI] = SELEKSI[Metode.TENDER]
SELEKSI[Metode.PENUNJUKAN_LANGSUNG] = SELEKSI[Metode.PENGADAAN_LANGSUNG]

# Planned execution length (hari kalender) per jenis: the default contract period
# when a contract is signed without --selesai-kontrak, and the yardstick of the
# lewat_tahun_anggaran flag. Must stay below one year (the SQL rule relies on it).
PELAKSANAAN: dict[Jenis, Durasi] = {
    Jenis.KONSTRUKSI: Durasi(150, KAL, "masa pelaksanaan konstruksi tipikal APBD [U]"),
    Jenis.BARANG: Durasi(60, KAL, "pengiriman barang tipikal [U]"),
    Jenis.KONSULTANSI: Durasi(90, KAL, "jasa konsultansi tipikal [U]"),
    Jenis.JASA_LAINNYA: Durasi(90, KAL, "jasa lainnya tipikal [U]"),
}

AFTER_CONTRACT: tuple[tuple[str, Durasi], ...] = (
    ("kontrak", _KONTRAK),
    ("serah_terima", _SERAH_TERIMA),
    ("pemeliharaan", _PEMELIHARAAN),
)


def pelaksanaan_hari(jenis: str) -> int:
    """Planned execution length in hari kalender for ``jenis``."""
    return PELAKSANAAN[Jenis(jenis)].panjang


def contract_end(mulai: date, jenis: str) -> date:
    """Default contract end: the planned execution length in hari kalender, first day
    counted (a 150-day contract from 1 March ends 28 July)."""
    return mulai + timedelta(days=pelaksanaan_hari(jenis) - 1)
