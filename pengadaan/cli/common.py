"""What every command shares: the opened database, the acting user, output helpers
(the arguments and options they share are in params.py)."""

from __future__ import annotations

import csv
import getpass
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import typer
from rich.console import Console

from pengadaan.cli.params import DetailFormat
from pengadaan.db.uow import Database, open_database
from pengadaan.domain.akses import Identitas
from pengadaan.domain.formatting import parse_rupiah, parse_tanggal, today_wib
from pengadaan.presentation.fit import Column, Fitted, Row, fit
from pengadaan.presentation.json_output import json_text
from pengadaan.settings import Settings

T = TypeVar("T")

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
# Piped output (not a terminal, no COLUMNS): a table row is one line, never wrapped at 80.
PIPE_WIDTH = 1000


def size_console() -> None:
    """The output's width: ``COLUMNS`` when set, else the terminal's; piped, wide enough
    that no row wraps (a script reads whole lines)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        console.width = int(columns)
    elif not console.is_terminal:
        console.width = PIPE_WIDTH


@dataclass
class Context:
    """Global options, resolved lazily so ``--help`` never touches a database."""

    location: str | None
    pengguna: str | None
    _db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(self.location, settings=Settings.from_env())
        return self._db

    @property
    def actor(self) -> Identitas:
        """``--pengguna`` (if given) and the OS login; the use cases decide who may act."""
        login = os_login()
        return Identitas((self.pengguna or login).strip(), login)


def os_login() -> str:
    """The login of the process's user (its uid, not $USER, where the OS has one)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # Windows, or a uid without a passwd entry
        return getpass.getuser()


def ctx_obj(ctx: typer.Context) -> Context:
    return ctx.find_root().obj


def rupiah_option(value: str | None, field: str) -> int | None:
    return None if value is None else parse_rupiah(value, field)


def date_option(value: str | None, field: str, default_today: bool = True) -> date | None:
    if value is None:
        return today_wib() if default_today else None
    return parse_tanggal(value, field)


def print_json(value: Any, shape: Any = None) -> None:
    """``--format json``: see :func:`pengadaan.presentation.json_output.json_text`."""
    sys.stdout.write(json_text(value, shape))


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
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)


def listing(title: str | None, columns: Sequence[Column],
            rows: Iterable[Row | Iterable[Any]] = (), markup: bool = True) -> Fitted:
    """A table as the listings print it (title on the left), fitted to the console."""
    return fitted(columns, rows, title=title, title_justify="left", markup=markup)


def fitted(columns: Sequence[Column], rows: Iterable[Row | Iterable[Any]],
           **options: Any) -> Fitted:
    """``rows`` fitted to the console's width (see :mod:`pengadaan.presentation.fit`)."""
    return fit(columns, rows, console.width, **options)


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
