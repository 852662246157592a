"""``paket daftar``, apart from the other ``paket`` commands: a script's or cron's
``--format json`` listing imports none of their inputs, columns or use cases (issue
#15). The ``paket`` group is declared here too, each command where it lives
(pengadaan/cli/lazy.py, as the root declares its own): running one imports only its
module.

No ``from __future__ import annotations``: Typer reads a command's annotations as
objects, and strings it would compile again on every run (±0,3 million instructions
each, issue #15)."""

import sys
from typing import Annotated

import typer

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.lazy import Declared, LazyGroup
from pengadaan.cli.params import NOMOR, TAHUN, Format
from pengadaan.cli.session import ctx_obj
from pengadaan.lazy import module

# What the listing needs, loaded when it runs: JSON needs only the first two.
daftar_uc = module("pengadaan.usecases.daftar")
json_lines = module("pengadaan.presentation.json_lines")
common = module("pengadaan.cli.common")
json_output = module("pengadaan.presentation.json_output")
lateness_cli = module("pengadaan.cli.lateness_cli")
paket_cli = module("pengadaan.cli.paket")


class Paket(LazyGroup):
    """``paket``'s commands in ``--help`` order; each lists its docstring's line."""

    declared = (
        Declared("tambah", "pengadaan.cli.paket:tambah"),
        Declared("daftar", "pengadaan.cli.paket_daftar:daftar"),
        Declared("lihat", "pengadaan.cli.paket:lihat"),
        Declared("maju", "pengadaan.cli.paket:maju"),
        Declared("jadwal", "pengadaan.cli.jadwal:jadwal"),
    )


app = IndonesianTyper(cls=Paket, no_args_is_help=True)


def daftar(
    ctx: typer.Context,
    opd: Annotated[str | None, typer.Option(help="Kode atau singkatan OPD")] = None,
    tahap: Annotated[list[str] | None, typer.Option(help="Tahap (boleh berulang)")] = None,
    metode: Annotated[str | None, typer.Option()] = None,
    jenis: Annotated[str | None, typer.Option()] = None,
    tahun: Annotated[int | None, typer.Option(**TAHUN)] = None,
    cari: Annotated[str | None, typer.Option(help="Cari pada kode atau nama")] = None,
    batas: Annotated[int | None, typer.Option(help="Paling banyak sekian baris", **NOMOR)] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.tabel,
    terlambat: Annotated[bool, typer.Option(
        "--terlambat", help="Hanya paket yang terlambat (bertanda peringatan merah)")] = False,
    per: Annotated[str | None, typer.Option(
        help="Peringatan dinilai per tanggal ini; bawaan hari ini (WIB)")] = None,
) -> None:
    """Daftar paket dengan saringan dan peringatannya."""
    if terlambat or per or format == Format.tabel:  # with lateness (issue #3)
        rows = lateness_cli.status_rows(ctx, common.date_option(per, "per"), terlambat,
                                        opd=opd, tahap=tahap, metode=metode, jenis=jenis,
                                        tahun=tahun, cari=cari, limit=batas)
    else:  # a plain listing: answered from cached SQL when it can be (issue #15)
        filters = dict(opd=opd, tahap=tahap, metode=metode, jenis=jenis, tahun=tahun,
                       cari=cari, limit=batas)
        if format == Format.json:  # the rows as read, with the listing's fields
            found = ctx_obj(ctx).read_only(
                lambda db: daftar_uc.paket_rows(db, **filters, dates_as_text=True))
            sys.stdout.write(json_lines.plain_rows_json(found, daftar_uc.PaketRingkas))
            return
        rows = ctx_obj(ctx).read_only(lambda db: daftar_uc.list_paket(db, **filters))
    if format == Format.json:
        common.print_json(rows)
    elif format == Format.csv:
        common.print_csv(json_output.jsonable(rows))
    else:
        paket_cli.print_daftar(rows)
