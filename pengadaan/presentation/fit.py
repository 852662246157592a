"""Fitting a table to the terminal's width (issue #14), drawn by Rich: every CLI table
declares its columns once, as :class:`Column` tuples beside its command (docs/cli.md,
"Lebar terminal", lists the orders), and :func:`fit` measures the cells, takes the one
width decision every table shares (pengadaan/presentation/column_widths.py, also the
TUI's) and lays the cells out in it.

A kode, a date, a Rupiah amount, a percentage or a number is never cut or wrapped. A
name shrinks with an ellipsis (down to :data:`NAME_MIN`), a label wraps between words
and free text wraps (down to its minimum); whole columns leave in their declared order.
The caller prints :meth:`Fitted.note`, the one line naming what left."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pengadaan.presentation.column_widths import Need, Spacing, decide, leaving_order, need
from pengadaan.presentation.table_columns import (
    NAME_MIN,
    TEXT_MIN,
    Column,
    Kind,
    Row,
)


class Phrases(tuple):
    """A cell of phrases that are never split (e.g. the flags of a paket): packed as
    many to a line as the column holds, ``, ``-separated."""

    def __new__(cls, items: Iterable[Text | str]):
        return super().__new__(cls, (i if isinstance(i, Text) else Text(i) for i in items))


@dataclass(frozen=True)
class Fitted:
    table: Table
    hidden: list[str] = field(default_factory=list)

    def note(self, hint: str | None = "--format json") -> str | None:
        """The one line saying which columns left (``None`` when none did); ``hint``: the
        output format that has them all, when the command has one."""
        if not self.hidden:
            return None
        other = f" atau pakai {hint}" if hint else ""
        return f"kolom disembunyikan: {', '.join(self.hidden)} — perlebar terminal{other}"


class FitWhereDrawn:
    """A table fitted to the width it is drawn at (a TUI pane that may be 80 or 240
    columns wide), with the line naming the columns that left under it."""

    def __init__(self, make: Callable[[int], Fitted | str]) -> None:
        self.make = make

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fitted = self.make(options.max_width)
        if isinstance(fitted, str):
            yield fitted
            return
        yield fitted.table
        if note := fitted.note(hint=None):
            yield Text(note, style="dim")


def fit(columns: Sequence[Column], rows: Iterable[Row | Sequence[Any]], width: int | None,
        markup: bool = True, **table_options: Any) -> Fitted:
    """``rows`` laid out in a Rich table no wider than ``width`` (``table_options`` go to
    :class:`rich.table.Table`: title, box, padding …). ``width=None``: every column, laid
    out by Rich where the table is drawn (the TUI's panes)."""
    rows = [r if isinstance(r, Row) else Row(tuple(r)) for r in rows]
    if width is None:
        return Fitted(_natural(columns, rows, table_options))
    cells = [[_as_text(c, markup) for c in r.cells] for r in rows]
    needs = [_need(col, [row[i] for row in cells]) for i, col in enumerate(columns)]
    layout = decide(columns, needs, width, _spacing(Table(**table_options)))
    shown, widths = layout.shown, layout.widths
    table = Table(**table_options)
    for i, w in zip(shown, widths, strict=True):
        col = columns[i]
        table.add_column(col.header, justify=col.align, width=w,
                         no_wrap=col.kind.whole or col.kind == Kind.NAME,
                         overflow="ellipsis" if col.kind == Kind.NAME else "fold")
    for row, texts in zip(rows, cells, strict=True):
        if row.section:
            table.add_section()
        table.add_row(*(_laid_out(texts[i], columns[i].kind, w)
                        for i, w in zip(shown, widths, strict=True)),
                      style=row.style)
    return Fitted(table, [columns[i].header for i in layout.hidden])


def _natural(columns, rows, table_options) -> Table:
    """Every column, the cells as given: Rich lays them out where the table is drawn."""
    table = Table(**table_options)
    for col in columns:
        table.add_column(col.header, justify=col.align, no_wrap=col.kind.whole)
    for row in rows:
        if row.section:
            table.add_section()
        table.add_row(*(_packed(c, None) for c in row.cells), style=row.style)
    return table


def _as_text(cell: Any, markup: bool) -> Text | Phrases:
    if isinstance(cell, Text | Phrases):
        return cell
    text = "" if cell is None else str(cell)
    return Text.from_markup(text) if markup else Text(text)


def _widest(cell: Text | Phrases) -> int:
    """The cell's width on as few lines as it has (a Phrases cell on one line)."""
    if isinstance(cell, Phrases):
        return sum(cell_len(p.plain) for p in cell) + 2 * max(0, len(cell) - 1)
    return max((cell_len(line) for line in cell.plain.split("\n")), default=0)


# A wrapped line breaks between these, never inside one: "Rp 1.250.000" and "Rp 1,2 M"
# are one token, like any other run of non-spaces.
_TOKEN = re.compile(r"Rp -?\d[\d.,]*(?: (?:jt|M|T)\b)?|\S+")


def _unbreakable(cell: Text | Phrases, values_only: bool = False) -> int:
    """Its widest part that never breaks: a phrase, else a token (``values_only``: only
    the tokens with a digit, a date, an amount, a percentage, a kode)."""
    if isinstance(cell, Phrases):
        parts = [p.plain for p in cell]
    else:
        parts = [t for t in _TOKEN.findall(cell.plain)
                 if not values_only or any(ch.isdigit() for ch in t)]
    return max((cell_len(part) for part in parts), default=0)


def _need(col: Column, cells: list[Text | Phrases]) -> Need:
    """The narrowest and the widest the column may be: a label never splits a word or
    a phrase, a name no shorter than its floor, free text keeps a date or an amount in
    it whole."""
    widest = max([cell_len(col.header), *(_widest(c) for c in cells)])
    if col.kind == Kind.LABEL:
        least = max([*(_unbreakable(c) for c in cells),
                     *(cell_len(w) for w in col.header.split())])
    elif col.kind.whole:
        least = 0
    else:
        least = col.min_width or (NAME_MIN if col.kind == Kind.NAME else TEXT_MIN)
        if col.kind == Kind.TEXT:
            least = max([least, *(_unbreakable(c, values_only=True) for c in cells)])
        least = max(least, cell_len(col.header))
    return need(col.kind, widest, least)


def _spacing(table: Table) -> Spacing:
    """What the box and the padding add to the columns' widths (as Rich lays them out)."""
    _top, right, _bottom, left = Padding.unpack(table.padding)
    rule = 1 if table.box else 0
    return Spacing(between=left + right + rule,
                   edges=(left + right if table.pad_edge else 0)
                   + (2 if table.box and table.show_edge else 0))


def _laid_out(cell: Text | Phrases, kind: Kind, width: int) -> Text:
    """The cell as it is drawn ``width`` wide: phrases packed, labels and text wrapped by
    :func:`wrap`, everything else as it is."""
    if isinstance(cell, Phrases):
        return _packed(cell, width)
    return wrap(cell, width) if kind in (Kind.LABEL, Kind.TEXT) else cell


def wrap(text: Text, width: int, indent: str = "") -> Text:
    """``text`` in lines no wider than ``width``, broken between tokens only (Rich would
    break "Rp" from its amount); lines after the first of each paragraph start with
    ``indent``."""
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        start = end = None
        room = width
        for token in _TOKEN.finditer(line.plain):
            if start is not None and cell_len(line.plain[start:token.end()]) <= room:
                end = token.end()
                continue
            if start is not None:
                lines.append(line[start:end] if room == width
                             else Text.assemble(indent, line[start:end]))
                room = width - cell_len(indent)
            # a paragraph keeps its leading spaces; a continuation starts at its token
            start, end = token.start() if start is not None else 0, token.end()
        if start is None:
            lines.append(line)
        else:
            lines.append(line[start:end] if room == width
                         else Text.assemble(indent, line[start:end]))
    return Text("\n").join(lines)


def _packed(cell: Any, width: int | None) -> Any:
    """A Phrases cell as lines of whole phrases no wider than ``width``."""
    if not isinstance(cell, Phrases):
        return cell
    lines = [Text(", ").join(cell[i] for i in line)
             for line in _lines_of([cell_len(p.plain) for p in cell], width)]
    return Text("\n").join(lines)


def pack(phrases: Sequence[str], width: int | None) -> list[str]:
    """``phrases`` joined by ``, `` into lines no wider than ``width`` (a phrase wider
    than that alone on its line), never breaking a phrase."""
    return [", ".join(phrases[i] for i in line)
            for line in _lines_of([cell_len(p) for p in phrases], width)]


def _lines_of(sizes: list[int], width: int | None) -> list[list[int]]:
    lines: list[list[int]] = []
    used = 0
    for i, size in enumerate(sizes):
        if lines and (width is None or used + 2 + size <= width):
            lines[-1].append(i)
            used += 2 + size
        else:
            lines.append([i])
            used = size
    return lines


def priorities(columns: Sequence[Column]) -> tuple[list[str], list[str]]:
    """The columns in the order they leave a narrow terminal, and those that never do."""
    return ([columns[i].header for i in leaving_order(columns)],
            [c.header for c in columns if not c.drop])
