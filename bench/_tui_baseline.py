"""The baseline of issue #15's TUI target: a minimal textual-fastdatatable app that opens
the same SQLite file and shows the same first page of rows as the dashboard (kode
order, one page), with nothing else. Run as a whole process by bench/tui.py."""

from __future__ import annotations

import sqlite3
import sys

from textual.app import App, ComposeResult
from textual_fastdatatable import DataTable

PAGE = 100  # the dashboard's page (tui/widgets/paket_table.PAGE)
FIRST_PAGE = f"""
SELECT p.kode, p.nama, o.singkatan, p.metode, p.tahap, p.pagu, p.nilai_kontrak
FROM paket p JOIN opd o ON o.id = p.opd_id ORDER BY p.kode LIMIT {PAGE}
"""
LABELS = ["Kode", "Nama", "OPD", "Metode", "Tahap", "Pagu", "Nilai Kontrak"]


class Baseline(App):
    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        rows = sqlite3.connect(self.path).execute(FIRST_PAGE).fetchall()
        yield DataTable(data=rows, column_labels=LABELS, cursor_type="row")


if __name__ == "__main__":
    Baseline(sys.argv[1]).run()
