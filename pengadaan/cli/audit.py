"""``pengadaan audit verifikasi`` and ``pengadaan cadangan``: is the record intact, and
a copy of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.common import console, ctx_obj, listing, print_as, print_fitted
from pengadaan.cli.exit_codes import ExitCode
from pengadaan.cli.lazy import module
from pengadaan.cli.params import DetailFormat, DetailFormatOption
from pengadaan.domain.formatting import angka, tanggal
from pengadaan.presentation.fit import Column, Kind

if TYPE_CHECKING:
    from pengadaan.db.history_chain import ChainReport

# What the commands' work needs, loaded when one runs (pengadaan/cli/lazy.py).
json_output = module("pengadaan.presentation.json_output")
audit_uc = module("pengadaan.usecases.audit")

audit_app = IndonesianTyper(no_args_is_help=True)
SHOWN = 20  # breaks listed in the table; JSON lists all those kept (MAX_PROBLEMS)


@audit_app.command("verifikasi")
def verifikasi(
    ctx: typer.Context,
    format: DetailFormatOption = DetailFormat.tabel,
) -> None:
    """Periksa rantai hash riwayat setiap paket; keluar dengan kode 1 bila ada yang rusak."""
    report = audit_uc.verify_history(ctx_obj(ctx).db)
    print_as(format, report, print_report, json_output.AuditJson)
    if not report.utuh:
        raise typer.Exit(ExitCode.FOUND)


def cadangan(
    ctx: typer.Context,
    berkas: Annotated[str, typer.Argument(help="Berkas tujuan salinan")],
    timpa: Annotated[bool, typer.Option("--timpa", help="Timpa berkas yang sudah ada")] = False,
) -> None:
    """Salin basis data SQLite selagi dipakai, lalu periksa riwayat salinannya;
    untuk PostgreSQL, cetak perintah pg_dump yang dipakai."""
    hasil = audit_uc.backup(ctx_obj(ctx).db, berkas, timpa)
    if hasil.perintah is not None:
        console.print("Basis data PostgreSQL: cadangkan dengan pg_dump milik server:",
                      markup=False, soft_wrap=True)
        console.print(f"  {hasil.perintah}", markup=False, soft_wrap=True)
        console.print("Kata sandi tidak dicetak: isikan lewat variabel PGPASSWORD atau berkas "
                      "~/.pgpass. Pulihkan dengan pg_restore --dbname=… BERKAS, lalu jalankan "
                      "`pengadaan audit verifikasi` pada basis data hasil pemulihan.",
                      markup=False, soft_wrap=True)
        return
    size = angka(round(hasil.ukuran / 1024))
    console.print(f"Cadangan dibuat: {hasil.berkas} ({size} KiB).", markup=False,
                  soft_wrap=True)
    print_report(hasil.audit)
    if not hasil.audit.utuh:
        raise typer.Exit(ExitCode.FOUND)


def summary_line(report: ChainReport) -> str:
    totals = f"{angka(report.entri)} entri, {angka(report.paket)} paket"
    if report.utuh:
        return f"Riwayat utuh: {totals}."
    first = report.breaks[0]
    return (f"Riwayat RUSAK pada {angka(report.rusak)} paket ({totals}); pertama: paket "
            f"{first.kode}{_entry(first)}: {first.masalah}.")


def _entry(found) -> str:
    if found.entri is None:
        return ""
    return f", entri #{found.entri} ({tanggal(found.tanggal)})"


RUSAK_COLUMNS = (
    Column("Paket", Kind.KODE), Column("Entri", Kind.KODE), Column("Tanggal", Kind.DATE),
    Column("Masalah", Kind.TEXT),
)


def print_report(report: ChainReport) -> None:
    if not report.utuh:
        print_fitted(listing(
            "Rantai riwayat yang rusak", RUSAK_COLUMNS,
            ((found.kode, "" if found.entri is None else f"#{found.entri}",
              tanggal(found.tanggal), found.masalah) for found in report.breaks[:SHOWN])))
        if report.rusak > SHOWN:
            console.print(f"… dan {angka(report.rusak - SHOWN)} paket lain "
                          "(lihat --format json).", markup=False, soft_wrap=True)
    console.print(summary_line(report), markup=False, soft_wrap=True)
