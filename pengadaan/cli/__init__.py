"""The ``pengadaan`` command. Thin: parse, call one use case, render.

Every :class:`PengadaanError` becomes one Indonesian line on stderr and exit code 1;
usage errors exit 2; nothing ever prints a Python traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import sqlalchemy as sa
import typer

# Typer 0.29 vendors Click; its exceptions are what standalone_mode=False lets through.
from typer._click import exceptions as click

from pengadaan.cli import admin, paket
from pengadaan.cli.bahasa import IndonesianTyper, usage_message, use_indonesian
from pengadaan.cli.common import Context, err_console, size_console
from pengadaan.cli.isian import with_hint
from pengadaan.domain.errors import PengadaanError

use_indonesian()
app = IndonesianTyper(
    name="pengadaan",
    help="Pelacak kemajuan pengadaan barang/jasa pemerintah daerah.",
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(paket.app, name="paket")
from pengadaan.cli import ekspor, impor  # noqa: E402  (issue 6)

app.add_typer(impor.app, name="impor")
app.add_typer(ekspor.app, name="ekspor")
from pengadaan.cli import kontrak, progres  # noqa: E402  (issue 5)

app.add_typer(progres.app, name="progres")
app.add_typer(kontrak.app, name="kontrak")
admin.register(app)
from pengadaan.cli import rapor  # noqa: E402  (issue 8)

rapor.register(app)
from pengadaan.cli import jadwal, peringatan  # noqa: E402  (issue 3)

peringatan.register(app)
jadwal.register(paket.app)
from pengadaan.cli import audit, pengguna  # noqa: E402  (issue 7)

pengguna.register(app)
audit.register(app)
from pengadaan.cli import kendala  # noqa: E402  (issue 13)

kendala.register(app)


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
        admin.open_tui(ctx.obj, per=None, opd=None)


def main() -> None:
    """Console-script entry point."""
    try:
        code = app(prog_name="pengadaan", standalone_mode=False)
    except click.NoArgsIsHelpError as err:  # a group without its command: its help
        err_console.print(err.format_message(), markup=False)
        sys.exit(2)
    except click.UsageError as err:
        hint = f" (lihat: {err.ctx.command_path} --help)" if err.ctx else ""
        err_console.print(f"Galat pemakaian: {usage_message(err)}{hint}", markup=False)
        sys.exit(2)
    except typer.Abort:
        err_console.print("Dibatalkan.")
        sys.exit(130)
    except click.ClickException as err:
        err_console.print(f"Galat: {err.format_message()}", markup=False)
        sys.exit(err.exit_code)
    except PengadaanError as err:
        err_console.print(f"Galat: {with_hint(err)}", markup=False)
        sys.exit(1)
    except sa.exc.SQLAlchemyError as err:
        detail = str(getattr(err, "orig", err)).splitlines()[0]
        err_console.print(f"Galat basis data: {detail}", markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err_console.print("Dibatalkan.")
        sys.exit(130)
    except Exception as err:  # the last line of defence: never a traceback for a user
        if os.environ.get("PENGADAAN_DEBUG"):
            raise
        err_console.print(
            f"Galat tak terduga: {type(err).__name__}: {err} "
            "(jalankan dengan PENGADAAN_DEBUG=1 untuk rincian)", markup=False,
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
