"""A Textual DataTable whose columns fit its width (issue #14): the Rekap OPD and the
Peringatan screens.

The columns are :class:`~pengadaan.tui.columns.Kolom` declarations laid out by
:func:`~pengadaan.tui.columns.fit`, the one width decision of every table
(pengadaan/presentation/column_widths.py): Nama shrinks with an ellipsis first, then
columns leave in their declared order, and a kode, date, amount or percentage is
never cut. Every resize lays the table out again and posts
:class:`FittedTable.Refitted` so the screen can say which columns are hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pengadaan.tui.columns import GAP, Kolom, Tata, cut, fit
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import DataTable, Static


class FittedTable(DataTable):
    """Rows of any kind, drawn through ``columns``; the cursor stays on its row."""

    class Refitted(Message):
        """The columns shown changed (the rows arrived, or the terminal was resized)."""

    def __init__(self, columns: Sequence[Kolom], *, id: str | None = None) -> None:
        # No padding: the gap between columns is tui/columns.GAP, as on the dashboard.
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=0)
        self.kolom = tuple(columns)
        self.items: list[Any] = []
        self.keys: list[str] | None = None
        self.tata: Tata = fit(0, self.kolom)

    def show(self, items: Sequence[Any], keys: Sequence[str] | None = None,
             columns: Sequence[Kolom] | None = None) -> None:
        """Draw ``items`` (``keys``: their row keys, for RowSelected)."""
        self.items = list(items)
        self.keys = None if keys is None else list(keys)
        if columns is not None:
            self.kolom = tuple(columns)
        self.refit(force=True)

    @property
    def hidden(self) -> tuple[Kolom, ...]:
        return self.tata.hidden

    def hidden_text(self) -> str:
        """``tersembunyi: Pagu, Paket`` for the screen's line; empty when all show."""
        if not self.tata.hidden:
            return ""
        return "tersembunyi: " + ", ".join(c.header for c in self.tata.hidden)

    def text_at(self, row: int, key: str) -> str:
        """The cell of column ``key`` in ``row`` as drawn, without its padding."""
        return str(self.get_cell(self.coordinate_to_cell_key((row, 0)).row_key, key)).strip()

    def _room(self) -> int:
        """The cells the columns may use: the width less a vertical scrollbar when the
        rows will not all fit (the last column's gap is drawn too)."""
        width = self.size.width
        if len(self.items) + 1 > self.size.height:
            width -= self.styles.scrollbar_size_vertical
        return width - GAP

    def _widest(self) -> dict[str, int]:
        """Each never-cut column's longest cell, its header included."""
        return {c.key: max([len(c.header), *(len(c.text(i)) for i in self.items)])
                for c in self.kolom if c.kind.whole}

    def refit(self, force: bool = False) -> None:
        tata = fit(self._room(), self.kolom, widest=self._widest())
        if tata == self.tata and not force:
            return
        self.tata = tata
        row = self.cursor_row
        self.clear(columns=True)
        for col, width in tata.shown:
            header = cut(col.header, width)
            self.add_column(Text(_pad(header, width, col.right)), width=width + GAP,
                            key=col.key)
        for n, item in enumerate(self.items):
            self.add_row(*(self._cell(col, width, item) for col, width in tata.shown),
                         key=None if self.keys is None else self.keys[n])
        if self.items:
            self.move_cursor(row=min(row, len(self.items) - 1))
        self.post_message(self.Refitted())

    @staticmethod
    def _cell(col: Kolom, width: int, item: Any) -> Text:
        text = col.fit(col.text(item), width)
        style = col.style(item) if col.style else ""
        pad = " " * (width - len(text))
        inner = Text.assemble(pad, (text, style)) if col.right else Text.assemble(
            (text, style), pad)
        return inner + " " * GAP

    def on_resize(self, event: events.Resize) -> None:
        self.refit()


def _pad(text: str, width: int, right: bool) -> str:
    return (text.rjust(width) if right else text.ljust(width)) + " " * GAP


def hidden_line(table: FittedTable, line: Static) -> None:
    """Show which of ``table``'s columns the width hides on ``line`` (gone when none,
    and while the rows are still being read)."""
    line.update(table.hidden_text())
    line.display = bool(table.items and table.hidden)
