"""The monitoring-meeting workbook: a rekap sheet per OPD and a sheet of all packages.

Money has a Rupiah number format and percentages a percent format (real numbers, so
the meeting can sum and sort); headers are frozen with an autofilter; late rows are
filled red and at-risk rows yellow.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .report import COLUMNS, KELOMPOK_HEADERS, RAWAN, TERLAMBAT, RekapOpd, as_of_title

RUPIAH_FORMAT = '"Rp "#,##0'
PERCENT_FORMAT = "0.00%"
DATE_FORMAT = "DD/MM/YYYY"
RED = "FFC7CE"
YELLOW = "FFEB9C"
FILLS = {TERLAMBAT: PatternFill("solid", start_color=RED, end_color=RED),
         RAWAN: PatternFill("solid", start_color=YELLOW, end_color=YELLOW)}
FORMATS = {"rupiah": RUPIAH_FORMAT, "percent": PERCENT_FORMAT, "date": DATE_FORMAT}
HEADER_ROW = 3
WIDTHS = {"text": 18, "rupiah": 18, "percent": 12, "date": 12, "int": 8}


def _title(sheet, text: str, subtitle: str) -> None:
    sheet["A1"] = text
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = subtitle


def _header(sheet, headers: list[str]) -> None:
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)


def _finish(sheet, columns: int, rows: int) -> None:
    last = get_column_letter(columns)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(rows, 1)}"


def write_workbook(path: Path, as_of: date, packages: list[dict[str, Any]],
                   rekap: list[RekapOpd], scope: str) -> None:
    book = Workbook()
    _rekap_sheet(book.active, as_of, rekap, scope)
    _package_sheet(book.create_sheet("Paket"), as_of, packages, scope)
    book.save(path)


def _rekap_sheet(sheet, as_of: date, lines: list[RekapOpd], scope: str) -> None:
    sheet.title = "Rekap OPD"
    _title(sheet, as_of_title(as_of), f"Rekapitulasi per OPD — {scope}")
    headers = ["OPD", "Jumlah Paket", "Pagu", "Nilai Kontrak",
               *[label for _k, label in KELOMPOK_HEADERS], "Terlambat", "Rawan"]
    _header(sheet, headers)
    for r, line in enumerate(lines, start=HEADER_ROW + 1):
        values = [line.opd, line.paket, line.pagu, line.nilai_kontrak,
                  *[(line.per_kelompok or {}).get(k, 0) for k, _l in KELOMPOK_HEADERS],
                  line.terlambat, line.rawan]
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if c in (3, 4):
                cell.number_format = RUPIAH_FORMAT
        if line.terlambat:
            sheet.cell(row=r, column=len(headers) - 1).fill = FILLS[TERLAMBAT]
        if line.rawan:
            sheet.cell(row=r, column=len(headers)).fill = FILLS[RAWAN]
    total_row = HEADER_ROW + len(lines) + 1
    sheet.cell(row=total_row, column=1, value="Jumlah").font = Font(bold=True)
    for c in range(2, len(headers) + 1):
        letter = get_column_letter(c)
        cell = sheet.cell(row=total_row, column=c,
                          value=f"=SUM({letter}{HEADER_ROW + 1}:{letter}{total_row - 1})")
        cell.font = Font(bold=True)
        if c in (3, 4):
            cell.number_format = RUPIAH_FORMAT
    sheet.column_dimensions["A"].width = 45
    for c in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 18 if c in (3, 4) else 12
    _finish(sheet, len(headers), len(lines))


def _package_sheet(sheet, as_of: date, packages: list[dict[str, Any]], scope: str) -> None:
    _title(sheet, as_of_title(as_of), f"Daftar paket — {scope}; merah = terlambat, "
                                      "kuning = rawan terlambat")
    _header(sheet, [header for header, _k, _kind in COLUMNS])
    for r, package in enumerate(packages, start=HEADER_ROW + 1):
        fill = FILLS.get(package["status"])
        for c, (_h, key, kind) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=r, column=c, value=package[key])
            if kind in FORMATS:
                cell.number_format = FORMATS[kind]
            if fill is not None:
                cell.fill = fill
    for c, (_h, key, kind) in enumerate(COLUMNS, start=1):
        width = 40 if key == "nama" else WIDTHS[kind]
        sheet.column_dimensions[get_column_letter(c)].width = width
    _finish(sheet, len(COLUMNS), len(packages))
