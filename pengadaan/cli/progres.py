"""``pengadaan progres …``: progress reports and the kurva S of a contract."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.common import (
    console,
    ctx_obj,
    date_option,
    fitted,
    print_as,
    print_fitted,
    rupiah_option,
)
from pengadaan.cli.isian import option
from pengadaan.cli.params import DetailFormat, DetailFormatOption, KodePaket, Versi
from pengadaan.domain.execution.persen import format_bp, parse_persen
from pengadaan.domain.formatting import rupiah, tanggal
from pengadaan.domain.workflow.isian import ALASAN_KOREKSI
from pengadaan.lazy import module
from pengadaan.presentation.chart import percent_axis
from pengadaan.presentation.table_columns import Column, Kind

# What the commands' work needs, loaded when one runs (pengadaan/lazy.py).
uc = module("pengadaan.usecases.progres")

app = IndonesianTyper(no_args_is_help=True)


@app.command("catat")
def catat(
    ctx: typer.Context,
    kode: KodePaket,
    tanggal_: Annotated[str, typer.Option("--tanggal", help="Tanggal laporan (YYYY-MM-DD)")],
    fisik: Annotated[str, typer.Option(help="Realisasi fisik kumulatif (%), mis. 45,5")],
    keuangan: Annotated[str | None, typer.Option(
        help="Realisasi keuangan kumulatif (Rp)")] = None,
    catatan: Annotated[str | None, typer.Option(help="Catatan/kendala")] = None,
    alasan_koreksi: option(ALASAN_KOREKSI) = None,
    versi: Versi = None,
) -> None:
    """Catat laporan progres (kumulatif) pada tanggal tertentu."""
    obj = ctx_obj(ctx)
    row = uc.record_progress(
        obj.db, kode, date_option(tanggal_, "tanggal"), parse_persen(fisik, "fisik"), obj.actor,
        keuangan=rupiah_option(keuangan, "keuangan"), catatan=catatan,
        alasan_koreksi=ALASAN_KOREKSI.parse(alasan_koreksi), expected_version=versi,
    )
    text = f"Progres {kode} {tanggal(row.tanggal)}: fisik {format_bp(row.fisik_bp)}"
    if row.rencana_bp is not None:
        text += (f", rencana {format_bp(row.rencana_bp)}, deviasi "
                 f"{format_bp(row.deviasi_bp, signed=True)}")
    console.print(text + (" — KRITIS" if row.kritis else "") + ".")
    if row.kritis:
        console.print(f"Tindak lanjut: pengadaan kontrak kritis {kode} (lalu kontrak scm).")


@app.command("daftar")
def daftar(
    ctx: typer.Context,
    kode: KodePaket,
    format: DetailFormatOption = DetailFormat.tabel,
) -> None:
    """Semua laporan progres sebuah paket (koreksi tampil sesudah yang dikoreksi)."""
    print_as(format, uc.list_progress(ctx_obj(ctx).db, kode),
             lambda rows: _print_progress(kode, rows))


# Numbers and dates never wrap or shorten; the note takes what is left.
PROGRES_COLUMNS = (
    Column("Tanggal", Kind.DATE), Column("Rencana", Kind.PERCENT),
    Column("Fisik", Kind.PERCENT), Column("Deviasi", Kind.PERCENT),
    Column("Keuangan", Kind.MONEY, drop=1), Column("Kritis", Kind.LABEL, justify="right"),
    Column("Catatan", Kind.TEXT, min_width=10),
)


def _print_progress(kode: str, rows: list[uc.LaporanProgres]) -> None:
    lines = []
    for r in rows:
        note = r.catatan or ""
        if r.alasan_koreksi:
            note = f"{note} [koreksi: {r.alasan_koreksi}]".strip()
        lines.append((tanggal(r.tanggal), format_bp(r.rencana_bp), format_bp(r.fisik_bp),
                      format_bp(r.deviasi_bp, signed=True), rupiah(r.keuangan),
                      "ya" if r.kritis else "", note))
    print_fitted(fitted(PROGRES_COLUMNS, lines, markup=False,
                        title=f"Progres {kode}: {len(rows)} laporan", title_justify="left"))


@app.command("rencana")
def rencana(
    ctx: typer.Context,
    kode: KodePaket,
    titik: Annotated[list[str] | None, typer.Argument(
        help="TANGGAL=PERSEN kumulatif dari time schedule, mis. 2026-03-31=25; "
             "tanpa titik: kembali ke kurva S standar")] = None,
) -> None:
    """Isi kurva S rencana dari time schedule kontrak (mengganti yang lama)."""
    points = [uc.parse_titik(t) for t in titik or []]
    obj = ctx_obj(ctx)
    count = uc.set_planned_curve(obj.db, kode, points, obj.actor)
    console.print(f"Kurva rencana {kode}: {count} titik" if count
                  else f"Kurva rencana {kode}: kurva S standar.")


@app.command("kurva")
def kurva(
    ctx: typer.Context,
    kode: KodePaket,
    lebar: Annotated[int, typer.Option(help="Lebar grafik (kolom)")] = 78,
    tinggi: Annotated[int, typer.Option(help="Tinggi grafik (baris)")] = 20,
) -> None:
    """Kurva S rencana dan realisasi di terminal, dengan deviasinya."""
    k = uc.s_curve(ctx_obj(ctx).db, kode)
    console.print(f"[b]{escape(k.kode)}[/b] {escape(k.nama)}")
    console.print(f"SPMK {tanggal(k.spmk) or '-'}, selesai kontrak {tanggal(k.selesai) or '-'}; "
                  f"rencana: {k.sumber}")
    if k.rencana or k.realisasi:
        sys.stdout.write(_chart(k, lebar, tinggi) + "\n")
    if k.realisasi:
        last = k.realisasi[-1]
        text = f"Realisasi terakhir {tanggal(last.tanggal)}: {format_bp(last.bp)}"
        if k.deviasi_bp is not None:
            text += f", deviasi {format_bp(k.deviasi_bp, signed=True)}"
        console.print(text + ".")
    else:
        console.print("Belum ada laporan progres.")
    if k.kritis:
        console.print(f"[b red]KONTRAK KRITIS[/b red]: {escape(k.kritis)}")


def _chart(k: uc.KurvaS, width: int, height: int) -> str:
    """Both curves with plotext (imported here: only this command needs it)."""
    import plotext as plt

    plt.clf()
    plt.date_form("d/m/Y")
    plt.plotsize(width, height)
    plt.theme("clear")
    if k.rencana:
        plt.plot([tanggal(p.tanggal) for p in k.rencana], [p.bp / 100 for p in k.rencana],
                 label="Rencana")
    if k.realisasi:
        plt.plot([tanggal(p.tanggal) for p in k.realisasi], [p.bp / 100 for p in k.realisasi],
                 label="Realisasi", marker="dot")
    percent_axis(plt)
    plt.title("Kurva S (% kumulatif)")
    text = plt.build()
    return text if sys.stdout.isatty() else plt.uncolorize(text)
