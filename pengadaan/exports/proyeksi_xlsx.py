"""The year-end forecast as an Excel workbook: the OPD rows, then the packages at risk.

Laid out with the monitoring workbook's helpers (:mod:`pengadaan.exports.xlsx`), exact
Rupiah and percent values; an unwritable path is one Indonesian line, no file behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook

from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import tanggal
from pengadaan.exports.xlsx import (
    BOLD,
    DATE_FORMAT,
    PERCENT_FORMAT,
    RUPIAH_FORMAT,
    SIGNED_PERCENT_FORMAT,
    save_write_only,
    start_sheet,
    styled_cell,
)

if TYPE_CHECKING:
    from pengadaan.usecases.proyeksi import HasilProyeksi

OPD_COLUMNS = (  # header, attribute, format ("_bp" attributes are basis points)
    ("OPD", "opd", None), ("Paket", "paket", "0"), ("Pagu", "pagu", RUPIAH_FORMAT),
    ("Realisasi", "realisasi", RUPIAH_FORMAT), ("Serapan", "penyerapan_bp", PERCENT_FORMAT),
    ("Proyeksi 31 Des", "proyeksi", RUPIAH_FORMAT),
    ("Proyeksi serapan", "proyeksi_bp", PERCENT_FORMAT),
    ("Target akhir tahun", "target_akhir_bp", PERCENT_FORMAT),
    ("Selisih", "selisih_bp", SIGNED_PERCENT_FORMAT), ("Dana berisiko", "berisiko", RUPIAH_FORMAT),
    ("Paket berisiko", "paket_berisiko", "0"),
)
PAKET_COLUMNS = (
    ("Kode", "kode", None), ("Nama", "nama", None), ("OPD", "opd", None),
    ("Tahap", "tahap", None), ("Pagu", "pagu", RUPIAH_FORMAT),
    ("Realisasi", "realisasi", RUPIAH_FORMAT), ("Proyeksi 31 Des", "proyeksi", RUPIAH_FORMAT),
    ("Dana berisiko", "berisiko", RUPIAH_FORMAT), ("Alasan", "alasan_label", None),
    ("Fisik 31 Des", "fisik_akhir_bp", PERCENT_FORMAT),
    ("Perkiraan selesai", "selesai_perkiraan", DATE_FORMAT),
    ("Kendala", "kendala", None), ("Tindak lanjut", "tindak_lanjut", None),
)
_WIDE = {"nama": 45, "alasan_label": 40, "kendala": 40, "tindak_lanjut": 40}


def _value(row: Any, attr: str) -> Any:
    value = getattr(row, attr)
    return value / 10_000 if value is not None and attr.endswith("_bp") else value


def _sheet(book: Workbook, name: str, title: str, columns, rows, bold_last: bool) -> None:
    sheet = book.create_sheet(name)
    widths = [_WIDE.get(attr, max(10, len(header) + 2)) for header, attr, _f in columns]
    start_sheet(sheet, title, None, [h for h, _a, _f in columns], widths, len(rows),
                frozen_columns=1)
    for i, row in enumerate(rows):
        font = BOLD if bold_last and i == len(rows) - 1 else None
        sheet.append([styled_cell(sheet, _value(row, attr), fmt, None, font)
                      for _h, attr, fmt in columns])


def write_proyeksi(h: HasilProyeksi, path: Path) -> None:
    """Sheets "Proyeksi OPD" (with the kabupaten total) and "Paket berisiko"."""
    def fill(book: Workbook) -> None:
        per = f"per {tanggal(h.per)}, tahun anggaran {h.tahun}"
        _sheet(book, "Proyeksi OPD", f"Proyeksi serapan 31 Desember {h.tahun} {per}",
               OPD_COLUMNS, [*h.baris, h.total], bold_last=True)
        _sheet(book, "Paket berisiko", f"Paket berisiko tidak terserap {per}", PAKET_COLUMNS,
               h.berisiko, bold_last=False)

    try:
        save_write_only(path, fill)
    except OSError as err:
        raise InvalidInput(f"tidak dapat menulis {path}: {err.strerror or err}") from None
