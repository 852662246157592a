"""Arguments and options many commands take, declared once so that their names and help
read the same everywhere."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from pengadaan.domain import limits

# Ranges of typed numbers, from the declared limits: Typer refuses the rest in Indonesian
# before a database sees a number wider than its column.
TAHUN = {"min": limits.TAHUN_MIN, "max": limits.TAHUN_MAKS}
NOMOR = {"min": 1, "max": limits.NOMOR_MAKS}

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
