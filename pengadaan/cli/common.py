"""What every command shares: the opened database, the acting user, output helpers
(the arguments and options they share are in params.py)."""

from __future__ import annotations

import csv
import getpass
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from pengadaan.cli.params import DetailFormat
from pengadaan.db.uow import Database, open_database
from pengadaan.domain.akses import Identitas
from pengadaan.domain.formatting import parse_rupiah, parse_tanggal, today_wib
from pengadaan.presentation.json_output import json_text
from pengadaan.settings import Settings

T = TypeVar("T")

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


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


def print_rows(format: DetailFormat, rows: list[T], title: str, headers: Iterable[str],
               cells: Callable[[T], Iterable[str]]) -> None:
    """A listing command's output: the rows as JSON, or a :func:`listing` of their cells."""
    print_as(format, rows,
             lambda rows: console.print(listing(title, headers, (cells(row) for row in rows))))


def print_csv(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)


def listing(title: str | None, headers: Iterable[str],
            rows: Iterable[Iterable[str]] = ()) -> Table:
    """A table as the listings print it: title on the left, one plain column a header."""
    table = Table(title=title, title_justify="left")
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*row)
    return table
