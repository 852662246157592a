"""``pengadaan audit …``, ``cadangan`` and ``pulihkan``: is the record intact, an
anchor and a copy of it to check it against, and putting a copy back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.common import console, ctx_obj, listing, print_as, print_fitted
from pengadaan.cli.exit_codes import ExitCode
from pengadaan.cli.params import DetailFormat, DetailFormatOption
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import angka, tanggal, waktu_wib
from pengadaan.lazy import module
from pengadaan.presentation.table_columns import Column, Kind

if TYPE_CHECKING:
    from pengadaan.db.history_chain import ChainReport
    from pengadaan.db.history_heads import Comparison
    from pengadaan.db.user_chain import UserChainReport
    from pengadaan.usecases.audit import Jangkar, Perbandingan

# What the commands' work needs, loaded when one runs (pengadaan/lazy.py).
json_output = module("pengadaan.presentation.json_output")
audit_uc = module("pengadaan.usecases.audit")

audit_app = IndonesianTyper(no_args_is_help=True)
SHOWN = 20  # breaks listed in the table; JSON lists all those kept (MAX_PROBLEMS)


@audit_app.command("verifikasi")
def verifikasi(
    ctx: typer.Context,
    jangkar: Annotated[str | None, typer.Option(
        "--jangkar", help="Teks PJ2-… (atau PJ1-…) dari `audit jangkar`, atau berkasnya: "
                          "riwayat sampai jangkar itu harus tetap sama")] = None,
    format: DetailFormatOption = DetailFormat.tabel,
) -> None:
    """Periksa rantai hash riwayat setiap paket dan riwayat peran setiap pengguna; keluar
    dengan kode 1 bila ada yang rusak."""
    report = audit_uc.verify_history(ctx_obj(ctx).existing_db, jangkar)
    print_as(format, report, print_report, json_output.AuditJson)
    if not report.utuh:
        raise typer.Exit(ExitCode.FOUND)


@audit_app.command("jangkar")
def jangkar(
    ctx: typer.Context,
    keluar: Annotated[str | None, typer.Option(
        "--keluar", help="Tulis juga ke berkas ini")] = None,
) -> None:
    """Satu sidik atas ujung rantai riwayat setiap paket dan riwayat peran setiap
    pengguna saat ini, untuk dicatat di luar
    basis data (notulen Rapim, surat Sekda); diperiksa kelak dengan
    `audit verifikasi --jangkar`."""
    found = audit_uc.take_anchor(ctx_obj(ctx).existing_db)
    text = anchor_text(found)
    console.print(text, markup=False, soft_wrap=True)
    if keluar:
        from pathlib import Path

        try:
            Path(keluar).expanduser().write_text(text + "\n", encoding="utf-8")
        except OSError as err:
            raise InvalidInput(f"--keluar: tidak dapat menulis {keluar} "
                               f"({err.strerror or err})") from None


def anchor_text(found: Jangkar) -> str:
    return "\n".join((
        f"Jangkar riwayat pengadaan {waktu_wib(found.dibuat)}: {angka(found.paket)} paket, "
        f"{angka(found.entri)} entri (sampai entri #{found.sampai}); {angka(found.pengguna)} "
        f"pengguna, {angka(found.entri_pengguna)} entri peran (sampai #{found.sampai_pengguna}).",
        found.teks,
        f"Periksa kelak: pengadaan audit verifikasi --jangkar {found.teks}",
    ))


@audit_app.command("bandingkan")
def bandingkan(
    ctx: typer.Context,
    cadangan: Annotated[str, typer.Argument(help="Berkas cadangan (dari `pengadaan cadangan`)")],
) -> None:
    """Bandingkan basis data dengan sebuah cadangan SQLite: paket yang hilang dan riwayat
    yang diubah sejak cadangan dibuat, juga riwayat peran pengguna (kode 1), serta yang
    bertambah sejak itu."""
    found = audit_uc.compare_backup(ctx_obj(ctx).existing_db, cadangan)
    print_comparison(found)
    if not found.utuh:
        raise typer.Exit(ExitCode.FOUND)


SELISIH = (
    ("hilang", "ada di cadangan, tidak ada lagi di basis data"),
    ("berkurang", "riwayat lebih pendek daripada di cadangan (entri dihapus)"),
    ("diubah", "riwayat tidak lagi melewati entri yang tercatat di cadangan"),
)
# What was compared: the paket histories, the users' role records.
BANDINGAN = (("hasil", "paket", Column("Paket", Kind.KODE)),
             ("pengguna", "pengguna", Column("Pengguna", Kind.KODE)))


def _differences(hasil: Comparison, what: str, column: Column) -> int:
    """Print one chain kind's differences from the backup; how many chains differ."""
    rows = [(name, masalah) for attr, masalah in SELISIH for name in getattr(hasil, attr)]
    if rows:
        print_fitted(listing(f"Berbeda dari cadangan ({what})",
                             (column, Column("Masalah", Kind.TEXT)), rows[:SHOWN]))
        if len(rows) > SHOWN:
            console.print(f"… dan {angka(len(rows) - SHOWN)} lagi.", markup=False)
    return len(rows)


def print_comparison(found: Perbandingan) -> None:
    differ, added = [], []
    for attr, what, column in BANDINGAN:
        hasil = getattr(found, attr)
        if hasil is None:  # a backup from before the users' records were chained
            continue
        n = _differences(hasil, what, column)
        if n:
            differ.append(f"{angka(n)} {what}")
        added.append(f"{angka(hasil.baru)} {what} baru, {angka(hasil.entri_baru)} entri "
                     f"{what} baru")
    verdict = ("Semua riwayat di cadangan masih utuh di basis data" if found.utuh
               else f"BERBEDA: {' dan '.join(differ)} tidak cocok dengan cadangan")
    console.print(f"{verdict} ({found.cadangan}); sejak cadangan: {'; '.join(added)}.",
                  markup=False, soft_wrap=True)


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


def pulihkan(
    ctx: typer.Context,
    cadangan: Annotated[str, typer.Argument(help="Berkas cadangan (dari `pengadaan cadangan`)")],
    ya: Annotated[bool, typer.Option("--ya", help="Jangan bertanya lagi")] = False,
) -> None:
    """Pulihkan basis data SQLite dari cadangan setelah riwayat cadangan diperiksa; basis
    data yang sekarang disalin dulu ke sampingnya. Untuk PostgreSQL, cetak perintah
    pg_restore yang dipakai."""
    obj = ctx_obj(ctx)
    db = obj.existing_db
    if not ya and audit_uc.sqlite_file(db.url) is not None:
        typer.confirm(f"Ganti isi {db.url.removeprefix('sqlite:///')} dengan {cadangan}?",
                      abort=True)
    hasil = audit_uc.restore(db, cadangan)
    if hasil.perintah is not None:
        console.print("Basis data PostgreSQL: pulihkan dengan pg_restore milik server "
                      "(semua tabel diganti, dalam satu transaksi):", markup=False,
                      soft_wrap=True)
        console.print(f"  {hasil.perintah}", markup=False, soft_wrap=True)
        console.print("Lalu jalankan `pengadaan audit verifikasi`.", markup=False)
        return
    console.print(f"Dipulihkan dari {hasil.cadangan}. Basis data sebelumnya disimpan di "
                  f"{hasil.sebelumnya}.", markup=False, soft_wrap=True)
    console.print(summary_line(hasil.audit), markup=False, soft_wrap=True)


def summary_line(report: ChainReport) -> str:
    """The paket verdict, and on a second line the users' one (when there are users)."""
    users = report.pengguna
    if users is None or (users.pengguna == 0 and users.utuh):
        return _paket_line(report)
    return f"{_paket_line(report)}\n{_users_line(users)}"


def _paket_line(report: ChainReport) -> str:
    totals = f"{angka(report.entri)} entri, {angka(report.paket)} paket"
    if report.jangkar_cocok is False:
        return (f"Riwayat TIDAK COCOK dengan jangkar: ada entri riwayat atau riwayat peran "
                f"yang diubah atau dihapus, atau paket yang dihapus, sebelum jangkar dibuat "
                f"({totals}).")
    anchored = " dan cocok dengan jangkar" if report.jangkar_cocok else ""
    if report.rusak == 0:
        return f"Riwayat utuh{anchored}: {totals}."
    first = report.breaks[0]
    return (f"Riwayat RUSAK pada {angka(report.rusak)} paket ({totals}); pertama: paket "
            f"{first.kode}{_entry(first)}: {first.masalah}.")


def _users_line(users: UserChainReport) -> str:
    totals = f"{angka(users.pengguna)} pengguna, {angka(users.entri)} entri"
    if users.utuh:
        return f"Riwayat peran pengguna utuh: {totals}."
    first = users.breaks[0]
    return (f"Riwayat peran RUSAK pada {angka(users.rusak)} pengguna ({totals}); pertama: "
            f"{first.masalah}.")


def _entry(found) -> str:
    if found.entri is None:
        return ""
    return f", entri #{found.entri} ({tanggal(found.tanggal)})"


PENGGUNA_RUSAK_COLUMNS = (
    Column("Pengguna", Kind.KODE), Column("Entri", Kind.KODE), Column("Masalah", Kind.TEXT),
)
RUSAK_COLUMNS = (
    Column("Paket", Kind.KODE), Column("Entri", Kind.KODE), Column("Tanggal", Kind.DATE),
    Column("Masalah", Kind.TEXT),
)


def print_report(report: ChainReport) -> None:
    if report.rusak:
        _print_breaks("Rantai riwayat yang rusak", RUSAK_COLUMNS, report.rusak, "paket", (
            (found.kode, _entry_id(found), tanggal(found.tanggal), found.masalah)
            for found in report.breaks[:SHOWN]))
    users = report.pengguna
    if users is not None and users.rusak:
        _print_breaks("Riwayat peran pengguna yang rusak", PENGGUNA_RUSAK_COLUMNS, users.rusak,
                      "pengguna", ((found.nama, _entry_id(found), found.masalah)
                                   for found in users.breaks[:SHOWN]))
    console.print(summary_line(report), markup=False, soft_wrap=True)


def _entry_id(found) -> str:
    return "" if found.entri is None else f"#{found.entri}"


def _print_breaks(title: str, columns: tuple[Column, ...], count: int, what: str,
                  rows) -> None:
    """The first :data:`SHOWN` breaks as a table, and how many more JSON lists."""
    print_fitted(listing(title, columns, rows))
    if count > SHOWN:
        console.print(f"… dan {angka(count - SHOWN)} {what} lain (lihat --format json).",
                      markup=False, soft_wrap=True)
