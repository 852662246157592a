"""The per-package monitoring table (docs/aturan.md §6) shared by the XLSX and CSV exports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from pengadaan.domain.alert_kinds import GOLONGAN_LABEL
from pengadaan.domain.lateness import deadline_of
from pengadaan.domain.schedule import first_deadline
from pengadaan.domain.vocabulary import (
    JENIS_LABEL,
    METODE_LABEL,
    Jenis,
    Kelompok,
    Metode,
    kelompok_of,
    tahap_label,
)

# The Status cell names the paket's golongan (domain/lateness.golongan), or "normal";
# the fill follows: red for terlambat or kritis, yellow for rawan.
TERLAMBAT, RAWAN, NORMAL = "terlambat", "rawan", "normal"


def status_text(words: tuple[str, ...]) -> str:
    return ", ".join(GOLONGAN_LABEL[w] for w in words) or NORMAL


def fill_of(status: str) -> str | None:
    """The fill key of a Status cell: TERLAMBAT (red), RAWAN (yellow) or None."""
    words = set(status.split(", "))
    if words & {"terlambat", "kritis"}:
        return TERLAMBAT
    return RAWAN if RAWAN in words else None

# (header, key, kind) — kind drives the XLSX number format.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("No", "no", "int"),
    ("OPD", "opd", "text"),
    ("Kode RUP", "kode_rup", "text"),
    ("Kode Paket", "kode", "text"),
    ("Nama Paket", "nama", "text"),
    ("Jenis Pengadaan", "jenis", "text"),
    ("Metode", "metode", "text"),
    ("Sumber Dana", "sumber_dana", "text"),
    ("Pagu", "pagu", "rupiah"),
    ("HPS", "hps", "rupiah"),
    ("Nilai Kontrak", "nilai_kontrak", "rupiah"),
    ("Penyedia", "penyedia", "text"),
    ("Tgl Kontrak", "tgl_kontrak", "date"),
    ("Tgl SPMK", "tgl_spmk", "date"),
    ("Jangka Waktu (hari kalender)", "jangka_waktu", "int"),
    ("Tgl Selesai Kontrak", "tgl_selesai", "date"),
    ("Tahapan Saat Ini", "tahapan", "text"),
    # The stage's deadline (current plan), its first plan and how often it moved.
    ("Batas Tahap", "batas", "date"),
    ("Batas Awal", "batas_awal", "date"),
    ("Diubah", "diubah", "int"),
    ("Progres Fisik Rencana", "rencana", "percent"),
    ("Progres Fisik Realisasi", "realisasi", "percent"),
    ("Deviasi", "deviasi", "percent"),
    ("Status", "status", "text"),
    ("Kendala", "kendala", "text"),
    ("Tindak Lanjut", "tindak_lanjut", "text"),
    ("PPK", "ppk", "text"),
)

KELOMPOK_HEADERS = (
    (Kelompok.PERENCANAAN, "Perencanaan"), (Kelompok.PEMILIHAN, "Pemilihan"),
    (Kelompok.KONTRAK, "Kontrak"), (Kelompok.PELAKSANAAN, "Pelaksanaan"),
    (Kelompok.SERAH_TERIMA, "Serah Terima"), (Kelompok.SELESAI, "Selesai"),
    (Kelompok.GAGAL, "Gagal"), (Kelompok.BATAL, "Batal"),
)


@dataclass
class RekapOpd:
    """One line of the per-OPD summary sheet."""

    opd: str
    paket: int = 0
    pagu: int = 0
    nilai_kontrak: int = 0
    terlambat: int = 0
    terlambat_tanpa_kendala: int = 0  # no kendala open on the as-of date (issue #13)
    kritis: int = 0
    rawan: int = 0
    per_kelompok: dict[str, int] | None = None


def _fraction(bp: int | None) -> float | None:
    return None if bp is None else bp / 10_000


def package_rows(rows: list[Any], jadwal: dict[int, list[Any]], flags: dict[int, str],
                 reasons: dict[int, tuple[str | None, str | None]] | None = None,
                 open_kendala: set[int] | None = None) -> list[dict[str, Any]]:
    """One dict per paket with the keys of :data:`COLUMNS` (money in Rupiah, dates as
    dates, percentages as fractions); ``reasons`` holds per paket id its Kendala and
    Tindak Lanjut texts (domain/kendala.lateness_reason), ``open_kendala`` the ids of
    the paket with a kendala open (a progress note standing in for one is not)."""
    reasons = reasons or {}
    open_kendala = open_kendala or set()
    result = []
    for number, row in enumerate(rows, start=1):
        kendala, tindak_lanjut = reasons.get(row.id, (None, None))
        actual = {j.tahap: j for j in jadwal.get(row.id, [])}
        start = getattr(row, "tgl_kontrak_mulai", None)
        end = getattr(row, "tgl_kontrak_selesai", None)
        rencana, realisasi = _fraction(row.rencana_bp), _fraction(row.fisik_bp)
        plan = actual.get(row.tahap_per)
        batas = deadline_of(row.tahap_per, end, plan.rencana_selesai if plan else None)
        batas_awal, diubah = first_deadline(batas, row.tahap_per, actual)
        result.append({
            "no": number, "id": row.id, "opd": row.opd_singkatan,
            "kode_rup": row.kode_rup, "kode": row.kode, "nama": row.nama,
            "jenis": JENIS_LABEL.get(Jenis(row.jenis), row.jenis),
            "metode": METODE_LABEL.get(Metode(row.metode), row.metode),
            "sumber_dana": row.sumber_dana, "pagu": row.pagu, "hps": row.hps,
            "nilai_kontrak": row.nilai_kontrak, "penyedia": row.penyedia,
            "tgl_kontrak": actual["kontrak"].realisasi_mulai if "kontrak" in actual else None,
            "tgl_spmk": (actual["pelaksanaan"].realisasi_mulai
                         if "pelaksanaan" in actual else None),
            "jangka_waktu": (end - start).days + 1 if start and end else None,
            "tgl_selesai": end, "tahapan": tahap_label(row.tahap_per), "tahap": row.tahap_per,
            "batas": batas, "batas_awal": batas_awal, "diubah": diubah,
            "rencana": rencana, "realisasi": realisasi,
            "deviasi": None if rencana is None or realisasi is None else realisasi - rencana,
            "status": flags.get(row.id, NORMAL), "kendala": kendala,
            "tindak_lanjut": tindak_lanjut, "kendala_terbuka": row.id in open_kendala,
            "ppk": row.ppk,
        })
    return result


def rekap(rows: list[dict[str, Any]], opd_names: dict[str, str]) -> list[RekapOpd]:
    """Totals per OPD, in OPD order."""
    by_opd: dict[str, RekapOpd] = {}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        line = by_opd.setdefault(row["opd"], RekapOpd(opd_names.get(row["opd"], row["opd"])))
        line.paket += 1
        line.pagu += row["pagu"] or 0
        line.nilai_kontrak += row["nilai_kontrak"] or 0
        words = row["status"].split(", ")
        line.terlambat += "terlambat" in words
        line.terlambat_tanpa_kendala += "terlambat" in words and not row["kendala_terbuka"]
        line.kritis += "kritis" in words
        line.rawan += "rawan" in words
        counts[row["opd"]][kelompok_of(row["tahap"])] += 1
    for key, line in by_opd.items():
        line.per_kelompok = dict(counts[key])
    return list(by_opd.values())


def as_of_title(as_of: date) -> str:
    from pengadaan.domain.formatting import tanggal_panjang

    return f"Laporan Kemajuan Pengadaan Barang/Jasa per {tanggal_panjang(as_of)}"
