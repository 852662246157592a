"""The Rapor OPD rekap as an Excel workbook: exact values, number formats, TEPRA fills.

Laid out with the monitoring workbook's helpers (:mod:`pengadaan.exports.xlsx`): the
same Rupiah and percent formats, title, bold header, frozen panes and autofilter.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import BULAN, tanggal
from pengadaan.exports.xlsx import (
    BOLD,
    PERCENT_FORMAT,
    RUPIAH_FORMAT,
    SIGNED_PERCENT_FORMAT,
    save_write_only,
    start_sheet,
    styled_cell,
)
from pengadaan.presentation.lateness_text import TANPA_KENDALA

if TYPE_CHECKING:
    from pengadaan.usecases.rapor import BarisRekap, Rekap

WARNA_FILL = {"biru": "5B9BD5", "hijau": "70AD47", "kuning": "FFD966", "merah": "FF6B6B"}
_FILLS = {name: PatternFill("solid", start_color=rgb, end_color=rgb)
          for name, rgb in WARNA_FILL.items()}

COLUMNS = (  # header, attribute, format ("_bp" attributes are basis points)
    ("Peringkat", "peringkat", None), ("OPD", "opd", None), ("Nama OPD", "nama", None),
    ("Paket", "paket", "0"), ("Pagu", "pagu", RUPIAH_FORMAT), ("Rencana", "rencana", "0"),
    ("Pemilihan", "pemilihan", "0"), ("Kontrak/Pelaksanaan", "kontrak_pelaksanaan", "0"),
    ("Selesai", "selesai", "0"), ("Gagal/Batal", "gagal_batal", "0"),
    ("Pemilihan tepat waktu", "tepat_waktu_bp", PERCENT_FORMAT),
    ("Terkontrak", "terkontrak_bp", PERCENT_FORMAT),
    ("Terlambat", "terlambat", "0"), (TANPA_KENDALA, "terlambat_tanpa_kendala", "0"),
    ("Kritis", "kritis", "0"),
    ("Nilai kontrak", "nilai_kontrak", RUPIAH_FORMAT),
    ("Realisasi keuangan", "realisasi_keuangan", RUPIAH_FORMAT),
    ("Penyerapan", "penyerapan_bp", PERCENT_FORMAT), ("Target", "target_bp", PERCENT_FORMAT),
    ("Target akhir bulan", "target_akhir_bulan_bp", PERCENT_FORMAT),
    ("Deviasi", "deviasi_bp", SIGNED_PERCENT_FORMAT), ("Warna", "warna", None),
    ("Skor", "skor_bp", "0.00"),
    ("Proyeksi 31 Desember", "proyeksi_akhir_tahun_bp", PERCENT_FORMAT),
    ("Dana berisiko", "dana_berisiko", RUPIAH_FORMAT),
)
_FILLED = ("warna", "deviasi_bp")  # the cells that carry the TEPRA colour
_WIDE = {"nama": 45}


def _value(b: BarisRekap, attr: str, fmt: str | None) -> Any:
    """Basis points as the fraction a percent format shows, or as points (skor)."""
    value = getattr(b, attr)
    if value is None or not attr.endswith("_bp"):
        return value
    return value / 10_000 if fmt in (PERCENT_FORMAT, SIGNED_PERCENT_FORMAT) else value / 100


def write_rekap(r: Rekap, path: Path) -> None:
    """One sheet "Rekap OPD": a title row, a header row, the ranked OPDs, the total.

    An unwritable path is one :class:`InvalidInput` line and leaves no file behind."""
    def fill(book: Workbook) -> None:
        sheet = book.create_sheet("Rekap OPD")
        widths = [_WIDE.get(attr, max(10, len(header) + 2)) for header, attr, _f in COLUMNS]
        start_sheet(sheet, f"Rekap OPD per {tanggal(r.per)}, tahun anggaran {r.tahun}; "
                           f"target per tanggal, target akhir bulan {BULAN[r.per.month - 1]}",
                    None,
                    [header for header, _a, _f in COLUMNS], widths, len(r.baris),
                    frozen_columns=3)
        for b in (*r.baris, r.total):
            font = BOLD if b is r.total else None
            sheet.append([
                styled_cell(sheet, _value(b, attr, fmt), fmt,
                            _FILLS[b.warna] if attr in _FILLED and b.warna else None, font)
                for _h, attr, fmt in COLUMNS])

    try:
        save_write_only(path, fill)
    except OSError as err:
        raise InvalidInput(f"tidak dapat menulis {path}: {err.strerror or err}") from None
