"""Commands around the database and the product itself: init, demo, alur, opd (the TUI:
pengadaan/cli/terminal.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.common import (
    console,
    ctx_obj,
    date_option,
    print_rows,
)
from pengadaan.cli.params import DetailFormat, DetailFormatOption
from pengadaan.domain.formatting import tanggal
from pengadaan.domain.vocabulary import Metode, parse_choice, tahap_label
from pengadaan.domain.workflow.diagram import workflow_graph
from pengadaan.lazy import module
from pengadaan.presentation.alur import workflow_lines
from pengadaan.presentation.table_columns import Column, Kind

# What the commands' work needs, loaded when one runs (pengadaan/lazy.py).
migrate = module("pengadaan.db.migrate")
demo_load = module("pengadaan.demo.load")
opd_uc = module("pengadaan.usecases.opd")

opd_app = IndonesianTyper(no_args_is_help=True)


def init(ctx: typer.Context) -> None:
    """Buat atau perbarui skema basis data (migrasi Alembic)."""
    db = ctx_obj(ctx).db
    console.print(f"Basis data siap (revisi skema {migrate.current_revision(db.engine)}): {db.url}")


def demo(
    ctx: typer.Context,
    paket: Annotated[int, typer.Option("--paket", min=1, max=2_000_000,
                                       help="Jumlah paket")] = 400,
    per: Annotated[str | None, typer.Option(help="Keadaan per tanggal (YYYY-MM-DD)")] = None,
    seed: Annotated[int, typer.Option(help="Benih acak (hasil sama untuk benih sama)")] = 2026,
) -> None:
    """Isi basis data kosong dengan satu tahun anggaran contoh (kabupaten seperti Kudus)."""
    as_of: date = date_option(per, "per")
    obj = ctx_obj(ctx)
    summary = demo_load.load_demo(obj.db, paket, as_of, seed, actor=obj.actor)
    console.print(
        f"Data contoh per {tanggal(as_of)}: {summary.opd} OPD, {summary.paket} paket, "
        f"{summary.riwayat} langkah riwayat."
    )
    for tahap, count in sorted(summary.per_tahap.items(), key=lambda kv: -kv[1]):
        console.print(f"  {tahap_label(tahap):<45} {count:>6}")


def alur(
    metode: Annotated[str, typer.Argument(help="Metode pemilihan")] = "tender",
    format: Annotated[str, typer.Option(
        "--format", "-f", help="teks (langkah, peran, syarat), atau sumber diagram mermaid "
                               "atau dot")] = "teks",
) -> None:
    """Langkah alur kerja satu metode: tahap, pemicu, siapa yang menjalankan, syaratnya."""
    if format not in ("teks", "mermaid", "dot"):
        raise typer.BadParameter("pilih teks, mermaid atau dot", param_hint="--format")
    chosen = parse_choice(Metode, metode, "metode")
    if format == "teks":
        from rich.padding import Padding  # here: only this command draws with them
        from rich.text import Text

        for indent, line in workflow_lines(chosen):
            text = Text(line)  # wrapped under its own indent on a narrow terminal
            console.print(Padding(text, (0, 0, 0, indent), expand=False) if indent else text)
    else:  # diagram source, verbatim: a wrapped line or an expanded tab would change it
        typer.echo(workflow_graph(chosen, format))


@opd_app.command("tambah")
def opd_tambah(
    ctx: typer.Context,
    kode: Annotated[str, typer.Argument()],
    nama: Annotated[str, typer.Argument()],
    singkatan: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Tambah OPD."""
    obj = ctx_obj(ctx)
    view = opd_uc.add_opd(obj.db, kode, nama, singkatan, actor=obj.actor)
    console.print(f"OPD {view.singkatan} ({view.nama}) ditambahkan.")


OPD_COLUMNS = (Column("Kode", Kind.KODE), Column("Singkatan", Kind.KODE), Column("Nama", Kind.TEXT))


@opd_app.command("daftar")
def opd_daftar(ctx: typer.Context, format: DetailFormatOption = DetailFormat.tabel) -> None:
    """Daftar OPD."""
    rows = opd_uc.list_opd(ctx_obj(ctx).db)
    print_rows(format, rows, f"{len(rows)} OPD", OPD_COLUMNS,
               lambda r: (r.kode, r.singkatan, r.nama))
