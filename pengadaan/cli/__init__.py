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

from ..errors import PengadaanError
from . import admin, paket
from .common import Context, err_console

app = typer.Typer(
    name="pengadaan",
    help="Pelacak kemajuan pengadaan barang/jasa pemerintah daerah.",
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(paket.app, name="paket")
admin.register(app)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", help="Berkas SQLite atau URL SQLAlchemy (bawaan: $PENGADAAN_DB, lalu berkas "
                     "data pengguna)")] = None,
    pengguna: Annotated[str | None, typer.Option(
        help="Bertindak sebagai pengguna ini (bawaan: login OS)")] = None,
) -> None:
    """Tanpa perintah: buka tampilan terminal (TUI)."""
    ctx.obj = Context(db, pengguna)
    if ctx.invoked_subcommand is None:
        admin.open_tui(ctx.obj, per=None, opd=None)


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="pengadaan")
    except PengadaanError as err:
        err_console.print(f"Galat: {err}", markup=False)
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
