"""``pengadaan rapim`` (the monitoring picture as slides, read-only) and ``pengadaan web``
(the same, or the dashboard, served to browsers by textual-serve; issue #18)."""

from __future__ import annotations

import ipaddress
import os
from enum import StrEnum
from typing import Annotated

import typer

from pengadaan.cli.common import ctx_obj, date_option, err_console
from pengadaan.cli.session import Context
from pengadaan.domain.errors import PengadaanError

Per = Annotated[str | None, typer.Option(help="Keadaan per tanggal (YYYY-MM-DD)")]
Putar = Annotated[float | None, typer.Option(
    "--putar", min=1, metavar="DETIK",
    help="Ganti salindia otomatis tiap DETIK detik (p menjeda); bawaan: dengan tombol")]


class Mode(StrEnum):
    rapim = "rapim"
    dasbor = "dasbor"


def rapim(ctx: typer.Context, per: Per = None, putar: Putar = None) -> None:
    """Tampilan Rapim layar penuh, hanya baca: ringkasan kabupaten, peringkat OPD, paket
    terburuk, lalu rapor tiap OPD. → / ← pindah, angka ke OPD nomor itu, p jeda, q keluar."""
    db = ctx_obj(ctx).existing_db
    as_of = date_option(per, "per", default_today=False)
    from pengadaan.tui.rapim import RapimApp  # the TUI's imports only when it opens

    RapimApp(db, as_of, putar=putar).run()


def web(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Alamat yang didengarkan")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port")] = 8080,
    mode: Annotated[Mode, typer.Option(help="rapim (salindia) atau dasbor")] = Mode.rapim,
    url_publik: Annotated[str | None, typer.Option(
        help="Alamat yang dibuka peramban bila di balik reverse proxy, mis. "
             "https://rapim.example.go.id (bawaan: http://HOST:PORT)")] = None,
    per: Per = None,
    putar: Putar = None,
) -> None:
    """Sajikan tampilan (hanya baca) ke peramban: tiap koneksi membuka aplikasinya sendiri.
    Halaman ini tidak punya login: di luar 127.0.0.1, pasang di balik reverse proxy yang
    meminta autentikasi (docs/tampilan-web.md)."""
    obj = ctx_obj(ctx)
    obj.existing_db  # noqa: B018  a missing database: one error now, not one per browser
    as_of = date_option(per, "per", default_today=False)
    if not loopback(host):
        err_console.print(
            f"Peringatan: {host} dapat dijangkau dari jaringan, dan halaman ini tidak punya "
            "login sendiri. Pasang di balik reverse proxy dengan autentikasi "
            "(docs/tampilan-web.md).", markup=False)
    from pengadaan.tui.web import command  # the TUI's imports only when it serves

    serve(obj, command(mode.value, as_of, putar), host, port, url_publik)


def loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def serve(obj: Context, command: str, host: str, port: int, public_url: str | None) -> None:
    """Run textual-serve until Ctrl+C; each browser gets ``command`` as its own process,
    reading the database this command was given (through the environment)."""
    from pengadaan.tui.server import Server

    if obj.location:
        os.environ["PENGADAAN_DB"] = obj.location
    try:
        Server(command, host=host, port=port, public_url=public_url).serve()
    except OSError as err:  # the port is taken, or the address is not this machine's
        raise PengadaanError(f"tidak dapat mendengarkan di {host}:{port}: "
                             f"{err.strerror or err}") from None

