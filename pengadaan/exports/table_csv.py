"""The package table as CSV: Indonesian headers, machine-readable values (whole Rupiah,
ISO dates, percentages as numbers with a decimal point) so other tools can read it;
formula-like text neutralised (:mod:`pengadaan.exports.cells`)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from pengadaan.exports.cells import csv_value
from pengadaan.exports.report import COLUMNS


def _plain(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == "text":
        return csv_value(value)
    if kind == "percent":
        return f"{value * 100:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_csv(path: Path, packages: list[dict[str, Any]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([header for header, _k, _kind in COLUMNS])
        for package in packages:
            writer.writerow([_plain(package[key], kind) for _h, key, kind in COLUMNS])
