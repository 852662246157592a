"""``pengadaan proyeksi`` (year-end absorption forecast, issue #17) and its back-test
``pengadaan proyeksi uji`` (docs/proyeksi.md)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich import box

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.common import console, ctx_obj, date_option, fitted, listing, print_fitted
from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import rupiah, tanggal
from pengadaan.lazy import module
from pengadaan.presentation.table_columns import Column, Kind, Row

# What the commands' work needs, loaded when one runs (pengadaan/lazy.py).
json_output = module("pengadaan.presentation.json_output")
uc = module("pengadaan.usecases.proyeksi")
uji_uc = module("pengadaan.usecases.proyeksi_uji")
rapor_cli = module("pengadaan.cli.rapor")

app = IndonesianTyper(invoke_without_command=True)


class ProyeksiFormat(StrEnum):
    tabel = "tabel"
    json = "json"
    xlsx = "xlsx"


_M, _P, _N = Kind.MONEY, Kind.PERCENT, Kind.NUMBER
OPD_COLUMNS = (
    Column("OPD", Kind.KODE), Column("Paket", _N, drop=4), Column("Pagu", _M, drop=3),
    Column("Serapan", _P, drop=5), Column("Proyeksi", _P), Column("Target", _P, drop=2),
    Column("Selisih", _P), Column("Dana berisiko", _M), Column("Pkt", _N, drop=1),
)
PAKET_COLUMNS = (
    Column("Kode", Kind.KODE), Column("Nama / alasan", Kind.TEXT, min_width=20),
    Column("OPD", Kind.KODE, drop=2), Column("Berisiko", _M), Column("Proyeksi", _M, drop=1),
)
# How many at-risk packages the table lists (JSON and XLSX carry them all).
DAFTAR_PAKET = 20


@app.callback()
def proyeksi(
    ctx: typer.Context,
    per: Annotated[str | None, typer.Option(
        help="Diproyeksikan dari keadaan per tanggal ini (YYYY-MM-DD; bawaan hari ini WIB)")
    ] = None,
    opd: Annotated[str | None, typer.Option(help="Kode atau singkatan OPD")] = None,
    format: Annotated[ProyeksiFormat, typer.Option("--format", "-f")] = ProyeksiFormat.tabel,
    keluar: Annotated[Path | None, typer.Option(
        "--keluar", "-o", help="Berkas xlsx (bawaan: proyeksi-TANGGAL.xlsx)")] = None,
) -> None:
    """Proyeksi serapan 31 Desember per OPD dan kabupaten, dana berisiko dan paketnya."""
    if ctx.invoked_subcommand is not None:
        return
    as_of = date_option(per, "per")
    hasil = uc.proyeksi(ctx_obj(ctx).existing_db, as_of, opd)
    if format == ProyeksiFormat.xlsx:
        from pengadaan.exports.proyeksi_xlsx import write_proyeksi

        target = keluar or Path(f"proyeksi-{as_of.isoformat()}.xlsx")
        write_proyeksi(hasil, target)
        console.print(f"Proyeksi {len(hasil.baris)} OPD per {tanggal(as_of)} ditulis ke "
                      f"{target}.")
    elif format == ProyeksiFormat.json:
        sys.stdout.write(json_output.json_text(hasil, json_output.ProyeksiJson))
    else:
        print_proyeksi(hasil)


def print_proyeksi(h) -> None:
    ringkas = rapor_cli.rupiah_ringkas
    print_fitted(fitted(OPD_COLUMNS, (
        Row((b.opd, str(b.paket), ringkas(b.pagu), format_bp(b.penyerapan_bp),
             format_bp(b.proyeksi_bp), format_bp(b.target_akhir_bp),
             format_bp(b.selisih_bp, signed=True), ringkas(b.berisiko), str(b.paket_berisiko)),
            style="bold" if b is h.total else None, section=b is h.total)
        for b in (*h.baris, h.total)),
        title=f"Proyeksi serapan 31 Desember {h.tahun} (dari keadaan per {tanggal(h.per)})",
        title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False),
        "--format json atau xlsx")
    console.print(f"Proyeksi akhir tahun {format_bp(h.total.proyeksi_bp)} dari pagu; dana "
                  f"berisiko {rupiah(h.total.berisiko)} pada {h.total.paket_berisiko} paket.")
    if not h.berisiko:
        return
    shown = h.berisiko[:DAFTAR_PAKET]
    print_fitted(listing(f"Paket berisiko, terbesar dahulu ({len(shown)} dari "
                         f"{len(h.berisiko)})", PAKET_COLUMNS, (
        (p.kode, f"{p.nama}\n[dim]{p.alasan_label}"
                 + (f"; kendala: {p.kendala}" if p.kendala else "") + "[/]",
         p.opd, rupiah(p.berisiko), rupiah(p.proyeksi)) for p in shown)),
        "--format json atau xlsx")


UJI_COLUMNS = (
    Column("Per", Kind.DATE), Column("Proyeksi", _P), Column("Aktual 31 Des", _P),
    Column("Galat kab.", _P), Column("Target", Kind.LABEL), Column("MAE OPD", _P),
    Column("Target MAE", Kind.LABEL, drop=1), Column("Hasil", Kind.LABEL),
)


def _hasil(b) -> str:
    if b.target_kabupaten_bp is None:
        return "tanpa target"
    return "lulus" if b.lulus else "[red]tidak lulus[/]"


@app.command("uji")
def uji(
    ctx: typer.Context,
    tahun: Annotated[int, typer.Option(min=2000, max=2100, help="Tahun data contoh")] = 2026,
    paket: Annotated[int, typer.Option(min=50, max=200_000, help="Jumlah paket contoh")
                     ] = 2000,
    seed: Annotated[int, typer.Option(help="Benih data contoh")] = 2026,
) -> None:
    """Uji balik: proyeksi data contoh per 1/4, 1/7, 1/9 dibanding keadaan 31 Desember."""
    hasil = uji_uc.uji(tahun, paket, seed, ctx_obj(ctx).actor)
    print_fitted(listing(
        f"Uji balik proyeksi: data contoh {hasil.paket} paket, benih {hasil.seed}, tahun "
        f"{hasil.tahun}", UJI_COLUMNS, (
            (tanggal(b.per), format_bp(b.proyeksi_bp), format_bp(b.aktual_bp),
             format_bp(b.galat_bp, signed=True),
             "—" if b.target_kabupaten_bp is None else f"≤ {format_bp(b.target_kabupaten_bp)}",
             format_bp(b.mae_bp),
             "—" if b.target_mae_bp is None else f"≤ {format_bp(b.target_mae_bp)}",
             _hasil(b)) for b in hasil.baris)), None)
    console.print("Galat kab. = proyeksi − aktual serapan kabupaten; MAE OPD = rata-rata "
                  "selisih mutlak per OPD (poin persentase). Lihat docs/proyeksi.md §6.")
