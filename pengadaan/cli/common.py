"""What every command shares: the opened database, the acting user (both set up in
session.py), output helpers (the arguments and options they share are in params.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from pengadaan.cli.params import DetailFormat
from pengadaan.cli.session import (  # noqa: F401  (re-exported: every command uses them)
    Context,
    console,
    ctx_obj,
    err_console,
    os_login,
)
from pengadaan.lazy import module

if TYPE_CHECKING:
    from pengadaan.presentation.fit import Fitted
    from pengadaan.presentation.table_columns import Column, Row

T = TypeVar("T")
# Loaded when a command works, not for its --help (pengadaan/lazy.py).
formatting = module("pengadaan.domain.formatting")
json_output = module("pengadaan.presentation.json_output")
fit = module("pengadaan.presentation.fit")

def rupiah_option(value: str | None, field: str) -> int | None:
    return None if value is None else formatting.parse_rupiah(value, field)


def date_option(value: str | None, field: str, default_today: bool = True) -> date | None:
    if value is None:
        return formatting.today_wib() if default_today else None
    return formatting.parse_tanggal(value, field)


def print_json(value: Any, shape: Any = None) -> None:
    """``--format json``: see :func:`pengadaan.presentation.json_output.json_text`."""
    sys.stdout.write(json_output.json_text(value, shape))


def print_as(format: DetailFormat, value: T, draw: Callable[[T], None],
             shape: Any = None) -> None:
    """A ``--format`` command's output: ``value`` as JSON (``shape`` as in
    :func:`print_json`), or drawn for the terminal by ``draw``."""
    if format == DetailFormat.json:
        print_json(value, shape)
    else:
        draw(value)


def print_rows(format: DetailFormat, rows: list[T], title: str, columns: Sequence[Column],
               cells: Callable[[T], Iterable[Any]]) -> None:
    """A listing command's output: the rows as JSON, or a :func:`listing` of their cells."""
    print_as(format, rows,
             lambda rows: print_fitted(listing(title, columns, (cells(row) for row in rows))))


def print_csv(rows: list[dict[str, Any]]) -> None:
    """Rows as CSV on stdout: formula-like text neutralised (exports/cells.py), control
    characters shown, not sent to the terminal (presentation/safe_text.py)."""
    if not rows:
        return
    import csv

    from pengadaan.exports.cells import csv_value
    from pengadaan.presentation.safe_text import printable

    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows({k: printable(csv_value(v)) if isinstance(v, str) else v
                      for k, v in row.items()} for row in rows)


def listing(title: str | None, columns: Sequence[Column],
            rows: Iterable[Row | Iterable[Any]] = (), markup: bool = True) -> Fitted:
    """A table as the listings print it (title on the left), fitted to the console."""
    return fitted(columns, rows, title=title, title_justify="left", markup=markup)


def fitted(columns: Sequence[Column], rows: Iterable[Row | Iterable[Any]],
           **options: Any) -> Fitted:
    """``rows`` fitted to the console's width (see :mod:`pengadaan.presentation.fit`)."""
    return fit.fit(columns, rows, console.width, **options)


def print_fitted(table: Fitted | str, hint: str | None = "--format json") -> None:
    """A fitted table, then the one line naming the columns it had to hide (``hint``:
    the ``--format`` that shows them, ``None`` for a command without one)."""
    if isinstance(table, str):
        console.print(table)
        return
    console.print(table.table)
    note = table.note(hint)
    if note:
        console.print(note, markup=False, soft_wrap=True)
