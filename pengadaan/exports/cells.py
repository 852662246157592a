"""Cells of the files officers open in a spreadsheet: a name is never a formula.

A paket or OPD name such as ``=HYPERLINK("http://…","Klik")`` would run in every
workbook it reaches. So every text cell of an XLSX file is written as text (openpyxl
would otherwise store a string starting with ``=`` as a formula), with Excel's quote
prefix when it starts like one (the cell stays text when edited); and, after the OWASP
CSV-injection guidance, a CSV text cell starting with ``=``, ``+``, ``-``, ``@``, tab or
CR gets a leading apostrophe. Numbers stay numbers, negative ones included.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_value(value: Any) -> Any:
    """A CSV cell: formula-like text behind an apostrophe; anything else as is."""
    return "'" + value if looks_like_formula(value) else value


def as_text(cell: Any) -> Any:
    """An openpyxl cell holding a string, made a text cell whatever its first character;
    returns the cell."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if looks_like_formula(cell.value):
            cell.quotePrefix = True
    return cell
