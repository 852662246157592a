"""``pengadaan impor …``: SiRUP RUP tables and OCDS files, with a progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.common import console, ctx_obj, date_option, err_console
from pengadaan.domain.vocabulary import tahap_label
from pengadaan.lazy import module

# What the commands' work needs, loaded when one runs (pengadaan/lazy.py).
uc = module("pengadaan.usecases.impor")

app = IndonesianTyper(no_args_is_help=True)

MAX_SHOWN = 50

LewatiSalah = Annotated[bool, typer.Option(
    "--lewati-salah", help="Impor baris yang sah; baris yang ditolak ditulis ke CSV")]
BerkasSalah = Annotated[Path | None, typer.Option(
    "--berkas-salah", help="CSV baris yang ditolak (bawaan: <nama>-ditolak.csv di folder kerja)")]
Per = Annotated[str | None, typer.Option(
    "--per", help="Tanggal impor (YYYY-MM-DD); bawaan hari ini (WIB)")]


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr; quiet when stderr is not a terminal."""
    bar = Progress(TextColumn(label), BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                   console=err_console, transient=True, disable=not err_console.is_terminal)
    with bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update


def show_rejections(err: uc.ImportRejected, more: str = "") -> None:
    """The first :data:`MAX_SHOWN` rejected rows, one line each, on stderr (the error's
    own line follows them); ``more`` says how to see the rest."""
    for rejection in err.rejections[:MAX_SHOWN]:
        err_console.print(f"  ditolak: {rejection}", markup=False)
    if len(err.rejections) > MAX_SHOWN:
        err_console.print(f"  … dan {len(err.rejections) - MAX_SHOWN} baris lain{more}",
                          markup=False)


def _run(call: Callable[..., uc.ImportSummary], label: str, **kwargs) -> None:
    try:
        with progress_bar(label) as update:
            summary = call(progress=update, **kwargs)
    except uc.ImportRejected as err:
        show_rejections(err, " (pakai --lewati-salah untuk menulis semuanya ke CSV)")
        raise
    _print_summary(summary)


def _print_summary(s: uc.ImportSummary) -> None:
    console.print(f"Impor {s.sumber} selesai: {s.dibaca} dibaca, {s.dibuat} dibuat, "
                  f"{s.diperbarui} diperbarui, {s.tetap} tidak berubah, {s.ditolak} ditolak.",
                  markup=False)
    if s.opd_dibuat:
        console.print(f"OPD baru: {s.opd_dibuat}.")
    if s.tanggal_dibuang:
        console.print(f"Tanggal tidak sah/placeholder dianggap kosong: {s.tanggal_dibuang}.")
    if s.tahap_dipertahankan:
        console.print(f"Paket yang tahapnya di pelacak sudah lebih jauh (dipertahankan): "
                      f"{s.tahap_dipertahankan}.")
    if s.per_tahap:
        console.print("Per tahap:")
        for tahap, count in s.per_tahap.items():
            console.print(f"  {tahap_label(tahap):<45} {count:>7}", markup=False)
    for what, count in s.catatan.items():
        console.print(f"Catatan: {what}: {count}.", markup=False)
    if s.berkas_penolakan:
        console.print(f"Baris yang ditolak ditulis ke {s.berkas_penolakan}.", markup=False)


@app.command("rup")
def rup(
    ctx: typer.Context,
    berkas: Annotated[Path, typer.Argument(help="Berkas .csv atau .xlsx dari SiRUP")],
    kolom: Annotated[Path | None, typer.Option(
        "--kolom", help="Berkas pemetaan kolom: 'kolom_kita = Judul di berkas' per baris")] = None,
    format_tanggal: Annotated[str | None, typer.Option(
        "--format-tanggal", help="otomatis (YYYY-MM-DD atau DD/MM/YYYY), yyyy-mm-dd, "
                                 "dd/mm/yyyy, m/d/yyyy")] = None,
    lewati_salah: LewatiSalah = False,
    berkas_salah: BerkasSalah = None,
    per: Per = None,
) -> None:
    """Impor paket RUP (SiRUP) ke tahap rencana; impor ulang memperbarui per kode RUP."""
    obj = ctx_obj(ctx)
    _run(uc.import_rup, "Impor RUP", db=obj.db, path=berkas, actor=obj.actor, kolom=kolom,
         format_tanggal=format_tanggal.lower() if format_tanggal else None,
         lewati_salah=lewati_salah, berkas_salah=berkas_salah, as_of=date_option(per, "per"))


@app.command("ocds")
def ocds(
    ctx: typer.Context,
    berkas: Annotated[Path, typer.Argument(
        help="Release package, record package, JSON lines, atau .gz darinya")],
    lewati_salah: LewatiSalah = False,
    berkas_salah: BerkasSalah = None,
    per: Per = None,
) -> None:
    """Impor rilis OCDS: tahap terjauh, jadwal, pemenang, kontrak; impor ulang per ocid."""
    obj = ctx_obj(ctx)
    _run(uc.import_ocds, "Impor OCDS", db=obj.db, path=berkas, actor=obj.actor,
         lewati_salah=lewati_salah, berkas_salah=berkas_salah, as_of=date_option(per, "per"))
