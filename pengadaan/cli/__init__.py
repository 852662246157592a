"""The ``pengadaan`` command. Thin: parse, call one use case, render.

Every :class:`PengadaanError` becomes one Indonesian line on stderr; the exit codes
are declared in pengadaan/cli/exit_codes.py; nothing ever prints a Python traceback.
No ``from __future__ import annotations``: Typer would compile the root's annotations
from their text on every run (issue #15).
"""

from pengadaan.cli import start  # first: the collector rests while the rest imports

# isort: split
import os
import sys
from typing import Annotated

import typer

# Typer 0.29 vendors Click; its exceptions are what standalone_mode=False lets through.
from typer._click import exceptions as click

from pengadaan.cli.bahasa import IndonesianTyper, usage_message, use_indonesian
from pengadaan.cli.exit_codes import ExitCode
from pengadaan.cli.lazy import Declared, LazyGroup
from pengadaan.cli.session import Context, err_console, size_console
from pengadaan.domain.errors import PengadaanError
from pengadaan.domain.limits import kendali


class Commands(LazyGroup):
    """Every sub-command of ``pengadaan``, in the order ``--help`` lists them; each
    module is imported only when its command runs (pengadaan/cli/lazy.py)."""

    declared = (
        Declared("init", "pengadaan.cli.admin:init",
                 "Buat atau perbarui skema basis data (migrasi Alembic)."),
        Declared("demo", "pengadaan.cli.admin:demo",
                 "Isi basis data kosong dengan satu tahun anggaran contoh."),
        Declared("alur", "pengadaan.cli.admin:alur",
                 "Langkah alur kerja satu metode: tahap, pemicu, peran, syarat."),
        Declared("tui", "pengadaan.cli.terminal:tui", "Buka tampilan terminal (TUI)."),
        Declared("rapim", "pengadaan.cli.rapim:rapim",
                 "Tampilan Rapim layar penuh (hanya baca): kabupaten, peringkat, rapor OPD."),
        Declared("web", "pengadaan.cli.rapim:web",
                 "Sajikan tampilan Rapim atau dasbor ke peramban (hanya baca)."),
        Declared("rekap", "pengadaan.cli.rapor:rekap",
                 "Rekap per OPD: tahap, keterlambatan, serapan vs target."),
        Declared("rapor", "pengadaan.cli.rapor:rapor",
                 "Rapor satu OPD: ringkasan, paket terlambat/kritis, serapan bulanan."),
        Declared("peringatan", "pengadaan.cli.peringatan:peringatan",
                 "Paket terlambat dan hampir jatuh tempo, per OPD."),
        Declared("proyeksi", "pengadaan.cli.proyeksi:app",
                 "Proyeksi serapan 31 Desember: per OPD, dana berisiko, uji balik."),
        Declared("kalender", "pengadaan.cli.peringatan:kalender",
                 "Hari libur nasional, cuti bersama dan tambahan lokal."),
        Declared("cadangan", "pengadaan.cli.audit:cadangan",
                 "Salin basis data selagi dipakai, lalu periksa riwayatnya."),
        Declared("pulihkan", "pengadaan.cli.audit:pulihkan",
                 "Pulihkan basis data dari cadangan (yang lama disimpan di samping)."),
        Declared("paket", "pengadaan.cli.paket_daftar:app", "Kelola paket pengadaan."),
        Declared("impor", "pengadaan.cli.impor:app", "Impor data dari SiRUP (RUP) dan OCDS."),
        Declared("ekspor", "pengadaan.cli.ekspor:app",
                 "Ekspor data ke OCDS, Excel (XLSX) dan CSV."),
        Declared("progres", "pengadaan.cli.progres:app",
                 "Progres fisik/keuangan dan kurva S kontrak."),
        Declared("kontrak", "pengadaan.cli.kontrak:app",
                 "Pelaksanaan kontrak: adendum, kesempatan, SCM, putus kontrak."),
        Declared("opd", "pengadaan.cli.admin:opd_app", "Kelola OPD (perangkat daerah)."),
        Declared("target", "pengadaan.cli.rapor:target_app",
                 "Target penyerapan anggaran per OPD per bulan (RAK)."),
        Declared("pengguna", "pengadaan.cli.pengguna:app",
                 "Kelola pengguna dan peran (admin, ukpbj, ppk, pengawas)."),
        Declared("audit", "pengadaan.cli.audit:audit_app",
                 "Keutuhan riwayat: periksa, jangkar, bandingkan dengan cadangan."),
        Declared("kendala", "pengadaan.cli.kendala:app",
                 "Kendala paket: catat, daftar, selesaikan, impor."),
        Declared("tindak-lanjut", "pengadaan.cli.kendala:tindak_lanjut",
                 "Tindak lanjut sebuah kendala: catat, perbarui status."),
    )


use_indonesian()
app = IndonesianTyper(
    name="pengadaan",
    cls=Commands,
    help="Pelacak kemajuan pengadaan barang/jasa pemerintah daerah.",
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", help="Berkas SQLite atau URL SQLAlchemy (bawaan: $PENGADAAN_DB, lalu berkas "
                     "data pengguna)")] = None,
    pengguna: Annotated[str | None, typer.Option(
        help="Bertindak sebagai pengguna terdaftar ini (bawaan: login OS; pengguna lain "
             "hanya bila admin mengizinkan)")] = None,
) -> None:
    """Tanpa perintah: buka tampilan terminal (TUI)."""
    ctx.obj = Context(db, pengguna)
    size_console()
    if ctx.invoked_subcommand is None:
        from pengadaan.cli.terminal import open_tui  # the TUI's imports only when it opens

        open_tui(ctx.obj, per=None, opd=None)


def refused_argument(argv: list[str]) -> str | None:
    """The message for the first argument holding a character no field accepts (a lone
    surrogate from bytes that are not UTF-8, ESC, U+202E…), naming its option; checked
    before any command runs. Line breaks and tabs are the fields' own concern."""
    for number, arg in enumerate(argv):
        if arg.isascii() and arg.isprintable():  # none of them: no pattern to compile
            continue
        found = kendali(baris=True).search(arg)
        if found:
            option, _eq, _value = arg.partition("=")
            name = (option if option.startswith("--") and _eq else
                    argv[number - 1] if number and argv[number - 1].startswith("-")
                    else f"argumen ke-{number + 1}")
            return (f"{name}: berisi karakter kendali U+{ord(found.group()):04X}; "
                    "hapus lalu coba lagi")
    return None


def main() -> None:
    """Console-script entry point."""
    refusal = refused_argument(sys.argv[1:])
    if refusal:
        err_console.print(f"Galat pemakaian: {refusal}", markup=False)
        sys.exit(ExitCode.USAGE)
    try:
        code = app(prog_name="pengadaan", standalone_mode=False)
    except click.NoArgsIsHelpError as err:  # a group without its command: its help
        err_console.print(err.format_message(), markup=False)
        sys.exit(ExitCode.USAGE)
    except click.UsageError as err:
        hint = f" (lihat: {err.ctx.command_path} --help)" if err.ctx else ""
        err_console.print(f"Galat pemakaian: {usage_message(err)}{hint}", markup=False)
        sys.exit(ExitCode.USAGE)
    except typer.Abort:
        err_console.print("Dibatalkan.")
        sys.exit(ExitCode.INTERRUPTED)
    except click.ClickException as err:
        err_console.print(f"Galat: {err.format_message()}", markup=False)
        sys.exit(ExitCode.FAILED)
    except PengadaanError as err:
        from pengadaan.cli.isian import with_hint  # loaded already: a command raised it

        err_console.print(f"Galat: {with_hint(err)}", markup=False)
        sys.exit(ExitCode.FAILED)
    except KeyboardInterrupt:
        err_console.print("Dibatalkan.")
        sys.exit(ExitCode.INTERRUPTED)
    except Exception as err:  # the last line of defence: never a traceback for a user
        from pengadaan.db.sqlite_failure import orm_failure, worded

        if orm_failure(err):
            err_console.print(f"Galat basis data: {worded(err)}", markup=False)
            sys.exit(ExitCode.FAILED)
        if os.environ.get("PENGADAAN_DEBUG"):
            raise
        err_console.print(
            f"Galat tak terduga: {type(err).__name__}: {err} "
            "(jalankan dengan PENGADAAN_DEBUG=1 untuk rincian)", markup=False,
        )
        sys.exit(ExitCode.FAILED)
    sys.exit(code if isinstance(code, int) else 0)


start.imported()  # the last line: everything above lives as long as the process
