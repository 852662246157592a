"""``pengadaan paket jadwal``: show a paket's schedule or change one stage of it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from pengadaan.cli.common import console, ctx_obj
from pengadaan.cli.params import KodePaket, Versi
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import parse_tanggal, tanggal
from pengadaan.domain.vocabulary import tahap_label
from pengadaan.usecases import jadwal as uc


def jadwal(
    ctx: typer.Context,
    kode: KodePaket,
    tahap: Annotated[str | None, typer.Argument(
        help="Tahap yang diubah (tanpa ini: tampilkan jadwal)")] = None,
    mulai: Annotated[str | None, typer.Option(help="Rencana mulai baru (YYYY-MM-DD)")] = None,
    selesai: Annotated[str | None, typer.Option(
        help="Rencana selesai baru, hari kerja (YYYY-MM-DD)")] = None,
    alasan: Annotated[str | None, typer.Option(help="Alasan perubahan (wajib)")] = None,
    versi: Versi = None,
) -> None:
    """Jadwal rencana dan realisasi per tahap; dengan TAHAP: ubah jadwal tahap yang
    belum dilewati (alasan wajib, tercatat di riwayat)."""
    obj = ctx_obj(ctx)
    if tahap is not None:
        missing = [name for name, value in (("--mulai", mulai), ("--selesai", selesai),
                                            ("--alasan", alasan)) if value is None]
        if missing:
            raise InvalidInput(f"mengubah jadwal memerlukan {', '.join(missing)}")
        uc.change_stage(obj.db, kode, tahap, parse_tanggal(mulai, "mulai"),
                        parse_tanggal(selesai, "selesai"), alasan, obj.actor,
                        expected_version=versi)
        console.print(f"Jadwal {tahap_label(tahap)} paket {kode} diubah menjadi "
                      f"{tanggal(parse_tanggal(mulai))}–{tanggal(parse_tanggal(selesai))}.",
                      markup=False)
        return
    if mulai or selesai or alasan:
        raise InvalidInput("--mulai/--selesai/--alasan memerlukan TAHAP yang diubah")
    rows = uc.show_schedule(obj.db, kode)
    table = Table(title=f"Jadwal paket {kode}", title_justify="left")
    for header in ("Tahap", "Rencana mulai", "Rencana selesai", "Mulai", "Selesai", ""):
        table.add_column(header)
    for r in rows:
        mark = "← sekarang" if r.sekarang else ("sudah lewat" if r.dilewati else "")
        table.add_row(tahap_label(r.tahap), tanggal(r.rencana_mulai), tanggal(r.rencana_selesai),
                      tanggal(r.realisasi_mulai), tanggal(r.realisasi_selesai), mark,
                      style="bold" if r.sekarang else ("dim" if r.dilewati else None))
    console.print(table)


def register(paket_app: typer.Typer) -> None:
    paket_app.command("jadwal")(jadwal)
