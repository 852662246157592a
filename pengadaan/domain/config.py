"""Regulation numbers, thresholds and durations in one place, each with its source.

Values that change with new regulations are *dated*: a rule is looked up by the
date it is judged on, so a package handled in 2024 keeps the 2024 limits.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class Dated(NamedTuple):
    """A value in force from ``since`` (inclusive) until the next entry. A named tuple:
    a dataclass costs ±3 million instructions to create, on every command's start."""

    since: date
    value: int
    source: str


# Batas nilai Pengadaan Langsung per jenis (Rupiah).
# Perpres 16/2018 Pasal 38(3) as amended by Perpres 12/2021; Perpres 46/2025
# Pasal 1 angka 40a raises PL konstruksi to Rp400 juta from 30 April 2025.
PL_LIMITS: dict[str, tuple[Dated, ...]] = {
    "barang": (
        Dated(date(2018, 3, 22), 200_000_000, "Perpres 16/2018 Pasal 38(3)"),
    ),
    "jasa_lainnya": (
        Dated(date(2018, 3, 22), 200_000_000, "Perpres 16/2018 Pasal 38(3)"),
    ),
    "konstruksi": (
        Dated(date(2021, 2, 2), 200_000_000, "Perpres 12/2021 Pasal 38"),
        Dated(date(2025, 4, 30), 400_000_000, "Perpres 46/2025 Pasal 1 angka 40a"),
    ),
    # Konsultansi under Perpres 46/2025 assumed unchanged (docs/aturan.md §2, [U]).
    "konsultansi": (
        Dated(date(2018, 3, 22), 100_000_000, "Perpres 16/2018 Pasal 38(3)"),
    ),
}


def dated_value(entries: tuple[Dated, ...], on: date) -> Dated:
    """The entry in force on ``on`` (the earliest one if ``on`` predates all)."""
    current = entries[0]
    for entry in entries:
        if entry.since <= on:
            current = entry
    return current


def pl_limit(jenis: str, on: date) -> Dated:
    """Pengadaan langsung ceiling for ``jenis`` in force on ``on``."""
    return dated_value(PL_LIMITS[jenis], on)


# Penandatanganan kontrak paling lambat 14 hari kerja setelah SPPBJ
# (Peraturan LKPP 12/2021; docs/aturan.md §3.1 row 12).
KONTRAK_AFTER_SPPBJ_HARI_KERJA = 14

# Masa sanggah 5 hari kalender, jawaban 3; sanggah banding 5 + jawaban 14
# (Perpres 12/2021 Pasal 50; docs/aturan.md §3.1 row 10).
SANGGAH_HARI_KALENDER = 5
JAWABAN_SANGGAH_HARI_KALENDER = 3
SANGGAH_BANDING_HARI_KALENDER = 5
JAWABAN_SANGGAH_BANDING_HARI_KALENDER = 14

# Pemberian kesempatan paling lama 50 hari kalender (Peraturan LKPP 12/2021 7.20).
KESEMPATAN_MAKS_HARI_KALENDER = 50

# Denda keterlambatan 1‰ per hari dari nilai kontrak sebelum PPN
# (Perpres 16/2018 Pasal 79(4)-(5)), as a fraction numerator/denominator.
DENDA_PER_HARI = (1, 1000)

# Masa pemeliharaan pekerjaan konstruksi permanen paling singkat 6 bulan (SSUK).
PEMELIHARAAN_BULAN = 6

# Kudus is in WIB (UTC+7): "today" for every rule is today in WIB.
TIMEZONE = "Asia/Jakarta"

# Kontrak kritis (Permen PU 07/PRT/M/2011 SSUK, carried into Permen PUPR 14/2020;
# docs/aturan.md §5.2), in basis points (100 bp = 1%): periode I up to rencana 70%
# tolerates 10 points behind, periode II above 70% tolerates 5.
KRITIS_PERIODE_I_SAMPAI_BP = 7_000
KRITIS_DEVIASI_PERIODE_I_BP = 1_000
KRITIS_DEVIASI_PERIODE_II_BP = 500

# PPN 11% (UU 7/2021 HPP Pasal 7, from 1 April 2022): nilai kontrak includes it, denda
# is computed before PPN (Perpres 16/2018 Pasal 79(5)).
PPN_PERSEN = 11

# Retensi 5% of nilai kontrak withheld until FHO (SSUK; docs/aturan.md §5.4).
RETENSI_PERSEN = 5

# Uang muka paling tinggi, basis points of nilai kontrak (Perpres 16/2018 Pasal 53 as
# amended by Perpres 12/2021; docs/aturan.md §5.4 [C]): 30% for usaha kecil, 20% for
# usaha non-kecil and konsultansi, 15% for kontrak tahun jamak. Repaid by deduction
# from the termin payments.
UANG_MUKA_MAKS_USAHA_KECIL_BP = 3_000
UANG_MUKA_MAKS_NON_KECIL_BP = 2_000
UANG_MUKA_MAKS_TAHUN_JAMAK_BP = 1_500

# Termin by physical milestones, e.g. every 25% of fisik (usual local contract text,
# docs/aturan.md §5.4 [R]); a one-off payment after BAST is a single 100% termin.
TERMIN_TONGGAK_BP = 2_500

# Daftar hitam (Perpres 16/2018 Pasal 78 as amended; docs/aturan.md §5.3 [R]): 1 year for
# not finishing the contract, 2 years for fraud (false documents, collusion, KKN).
DAFTAR_HITAM_TAHUN = 1
DAFTAR_HITAM_TAHUN_CURANG = 2

# Peringatan "hampir jatuh tempo": the current stage ends within this many hari kerja
# (issue #3; a local policy, not a regulation). Override with PENGADAAN_HAMPIR_HARI_KERJA.
HAMPIR_HARI_KERJA = 3

# --- Rapor OPD (issue #8) -------------------------------------------------------------
# Target penyerapan bawaan (kumulatif, basis points, Januari..Desember) for an OPD
# whose RAK (Rencana Anggaran Kas) has not been entered. No regulation fixes one curve:
# this is the usual quarterly pattern of APBD kas plans and TEPRA monitoring, about
# 15% by end of TW I, 40% by TW II, 65% by TW III and 100% by 31 Desember (PP 12/2019
# anggaran kas; docs/aturan.md §6 [U: local practice]), interpolated month by month with a
# slow January (DPA and tender preparation) and the usual December rush.
TARGET_SERAPAN_BAWAAN_BP = (
    300, 800, 1_500, 2_300, 3_100, 4_000, 4_800, 5_600, 6_500, 7_500, 8_600, 10_000,
)

# TEPRA colour bands by how far realisasi is BEHIND the target (basis points), each
# bound inclusive: up to 10 points biru, up to 20 hijau, up to 30 kuning, beyond merah
# (Keppres 20/2015 TEPRA; scheme of Kab. Lebong 2023, docs/aturan.md §6 [C, local scheme]).
WARNA_BATAS_BP = (("biru", 1_000), ("hijau", 2_000), ("kuning", 3_000))
WARNA_LEWAT = "merah"

# Bobot skor peringkat OPD (a local policy; README "Rapor OPD" explains the choice):
# absorption against plan dominates, as in TEPRA; the three procurement components
# explain why absorption will lag later in the year.
BOBOT_SKOR = (
    ("capaian_serapan", 50),   # penyerapan / target, at most 100
    ("tepat_waktu", 20),       # pemilihan started by its planned date
    ("terkontrak", 15),        # contracts signed among packages that need one
    ("tertib", 15),            # open packages neither terlambat nor kritis
)
# The components' names for people (JSON keeps the keys above).
KOMPONEN_LABEL = {"capaian_serapan": "capaian serapan", "tepat_waktu": "tepat waktu",
                  "terkontrak": "terkontrak", "tertib": "tertib"}
