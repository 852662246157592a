"""``pengadaan ekspor …``: OCDS, XLSX and CSV files of the tracker's data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.common import console, ctx_obj, date_option
from pengadaan.domain.formatting import tanggal
from pengadaan.lazy import module

# What the commands' work needs, loaded when one runs (pengadaan/lazy.py).
uc = module("pengadaan.usecases.ekspor")

app = IndonesianTyper(no_args_is_help=True)

Berkas = Annotated[Path, typer.Argument(help="Berkas tujuan")]
Per = Annotated[str | None, typer.Option(
    "--per", help="Keadaan per tanggal (YYYY-MM-DD); bawaan hari ini (WIB)")]
OpdOption = Annotated[str | None, typer.Option("--opd", help="Hanya OPD ini")]


def _done(result: uc.ExportResult, what: str) -> None:
    console.print(f"{what}: {result.paket} paket per {tanggal(result.as_of)} ditulis ke "
                  f"{result.path}.", markup=False)


@app.command("ocds")
def ocds(
    ctx: typer.Context,
    berkas: Berkas,
    per: Per = None,
    skema: Annotated[Path | None, typer.Option(
        "--skema", help="Folder skema OCDS 1.1.5: periksa hasil sebelum ditulis")] = None,
) -> None:
    """Paket rilis OCDS 1.1 (perencanaan, tender, pemenang, kontrak, pelaksanaan)."""
    _done(uc.export_ocds(ctx_obj(ctx).existing_db, berkas, date_option(per, "per"), skema), "OCDS")


@app.command("xlsx")
def xlsx(ctx: typer.Context, berkas: Berkas, per: Per = None, opd: OpdOption = None) -> None:
    """Buku kerja rapat monitoring: rekap per OPD dan daftar semua paket."""
    _done(uc.export_xlsx(ctx_obj(ctx).existing_db, berkas, date_option(per, "per"), opd), "XLSX")


@app.command("csv")
def csv(ctx: typer.Context, berkas: Berkas, per: Per = None, opd: OpdOption = None) -> None:
    """Daftar paket (kolom laporan monitoring) sebagai CSV."""
    _done(uc.export_csv(ctx_obj(ctx).existing_db, berkas, date_option(per, "per"), opd), "CSV")
