"""What every command shares: the opened database, the acting user, output helpers."""

from __future__ import annotations

import csv
import getpass
import os
import sys
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console

from pengadaan.db.uow import Database, open_database
from pengadaan.domain.akses import Identitas
from pengadaan.domain.formatting import parse_rupiah, parse_tanggal, today_wib
from pengadaan.presentation.json_output import json_text
from pengadaan.settings import Settings

# Every write command takes the version the user read (`paket lihat`): stale → refused.
Versi = Annotated[int | None, typer.Option(
    help="Versi paket yang Anda baca; ditolak bila sudah berubah")]

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class Format(StrEnum):
    tabel = "tabel"
    json = "json"
    csv = "csv"


class DetailFormat(StrEnum):
    tabel = "tabel"
    json = "json"


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


def print_csv(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
