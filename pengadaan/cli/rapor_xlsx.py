"""The rekap as an Excel workbook: exact values, Indonesian formats, TEPRA colour fills."""

from __future__ import annotations

from pathlib import Path

from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import tanggal
from pengadaan.domain.kinerja import BULAN
from pengadaan.usecases import rapor as uc

# [$Rp-421]: the Rupiah symbol with the Indonesian locale id (0x421), so Excel in any
# language shows "Rp"; separators follow the reader's regional settings.
RUPIAH = '[$Rp-421] #,##0'
PERSEN = '0.00%'
DEVIASI = '+0.00%;-0.00%;0.00%'
FILL = {"biru": "5B9BD5", "hijau": "70AD47", "kuning": "FFD966", "merah": "FF6B6B"}

COLUMNS = (  # header, attribute, format ("bp" = basis points shown as percent)
    ("Peringkat", "peringkat", None), ("OPD", "opd", None), ("Nama OPD", "nama", None),
    ("Paket", "paket", "0"), ("Pagu", "pagu", RUPIAH), ("Rencana", "rencana", "0"),
    ("Pemilihan", "pemilihan", "0"), ("Kontrak/Pelaksanaan", "kontrak_pelaksanaan", "0"),
    ("Selesai", "selesai", "0"), ("Gagal/Batal", "gagal_batal", "0"),
    ("Pemilihan tepat waktu", "tepat_waktu_bp", PERSEN), ("Terkontrak", "terkontrak_bp", PERSEN),
    ("Terlambat", "terlambat", "0"), ("Kritis", "kritis", "0"),
    ("Nilai kontrak", "nilai_kontrak", RUPIAH),
    ("Realisasi keuangan", "realisasi_keuangan", RUPIAH),
    ("Penyerapan", "penyerapan_bp", PERSEN), ("Target", "target_bp", PERSEN),
    ("Deviasi", "deviasi_bp", DEVIASI), ("Warna", "warna", None), ("Skor", "skor_bp", "0.00"),
)


def _value(b: uc.BarisRekap, attr: str, fmt: str | None):
    value = getattr(b, attr)
    if value is None or not attr.endswith("_bp"):
        return value
    return value / 10_000 if fmt in (PERSEN, DEVIASI) else value / 100


def write_rekap(r: uc.Rekap, path: Path) -> None:
    """Write one sheet "Rekap OPD"; a title row, a header row, OPD rows, the total."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Rekap OPD"
    sheet.append([f"Rekap OPD per {tanggal(r.per)}, tahun anggaran {r.tahun}, target "
                  f"kumulatif {BULAN[r.per.month - 1]}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([c[0] for c in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for b in (*r.baris, r.total):
        sheet.append([_value(b, attr, fmt) for _h, attr, fmt in COLUMNS])
        row = sheet.max_row
        for col, (_h, attr, fmt) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row, col)
            if fmt:
                cell.number_format = fmt
            if attr in ("warna", "deviasi_bp") and b.warna:
                cell.fill = PatternFill("solid", fgColor=FILL[b.warna])
            if b is r.total:
                cell.font = Font(bold=True)
    for col, (header, _a, _f) in enumerate(COLUMNS, start=1):
        letter = sheet.cell(2, col).column_letter
        sheet.column_dimensions[letter].width = max(10, len(header) + 2)
    sheet.column_dimensions["C"].width = 45
    sheet.freeze_panes = "D3"
    try:
        book.save(path)
    except OSError as err:
        raise InvalidInput(f"tidak dapat menulis {path}: {err.strerror or err}") from None
