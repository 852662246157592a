"""Arguments and options many commands take, declared once so that their names and help
read the same everywhere."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

KodePaket = Annotated[str, typer.Argument(help="Kode paket")]
KodeOpd = Annotated[str, typer.Argument(help="Kode atau singkatan OPD")]

# Every write command takes the version the user read (`paket lihat`): stale → refused.
Versi = Annotated[int | None, typer.Option(
    help="Versi paket yang Anda baca; ditolak bila sudah berubah")]


class Format(StrEnum):
    tabel = "tabel"
    json = "json"
    csv = "csv"


class DetailFormat(StrEnum):
    tabel = "tabel"
    json = "json"


DetailFormatOption = Annotated[DetailFormat, typer.Option("--format", "-f")]
