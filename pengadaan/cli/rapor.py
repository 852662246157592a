"""Commands of the Rapor OPD: ``target`` (RAK), ``rekap`` (all OPDs) and ``rapor`` (one)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.common import (
    console,
    ctx_obj,
    date_option,
    fitted,
    listing,
    print_as,
    print_fitted,
)
from pengadaan.cli.params import TAHUN, DetailFormat, DetailFormatOption, KodeOpd
from pengadaan.domain import config, formatting
from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import rupiah, tanggal
from pengadaan.lazy import module
from pengadaan.presentation import rapor as view
from pengadaan.presentation.chart import percent_axis
from pengadaan.presentation.lateness_text import TANPA_KENDALA_ARTI
from pengadaan.presentation.table_columns import Column, Kind, Row

# What the commands' work needs, loaded when one runs (pengadaan/lazy.py).
json_output = module("pengadaan.presentation.json_output")
json_lines = module("pengadaan.presentation.json_lines")
rekap_uc = module("pengadaan.usecases.rekap")
uc = module("pengadaan.usecases.rapor")
target_uc = module("pengadaan.usecases.target")
usul_uc = module("pengadaan.usecases.target_usul")

target_app = IndonesianTyper(no_args_is_help=True)

PerOption = Annotated[str | None, typer.Option(
    "--per", help="Keadaan per tanggal (YYYY-MM-DD; bawaan: hari ini WIB)")]


class RekapFormat(StrEnum):
    tabel = "tabel"
    json = "json"
    xlsx = "xlsx"


# --- target ----------------------------------------------------------------------------


def _tahun(tahun: int | None) -> int:
    return tahun if tahun is not None else date_option(None, "per").year


TahunOption = Annotated[int | None, typer.Option(
    "--tahun", help="Tahun anggaran (bawaan: tahun ini)", **TAHUN)]


@target_app.command("atur")
def target_atur(
    ctx: typer.Context,
    opd: KodeOpd,
    bulan: Annotated[str, typer.Argument(help="Bulan: 1–12 atau nama (Maret)")],
    persen: Annotated[str, typer.Argument(help="Target kumulatif %, mis. 76,91")],
    tahun: TahunOption = None,
) -> None:
    """Atur target serapan kumulatif satu OPD untuk satu bulan."""
    obj = ctx_obj(ctx)
    year = _tahun(tahun)
    curve = target_uc.set_target(obj.db, opd, bulan, persen, year, obj.actor)
    console.print(f"Target {opd.upper()} tahun {year} disimpan.")
    _print_curve(curve)


@target_app.command("impor")
def target_impor(
    ctx: typer.Context,
    berkas: Annotated[Path, typer.Argument(help="Berkas CSV/XLSX: kolom OPD, bulan, target %")],
    tahun: TahunOption = None,
) -> None:
    """Impor target dari berkas; semua baris atau tidak sama sekali."""
    obj = ctx_obj(ctx)
    hasil = target_uc.import_targets(obj.db, berkas, _tahun(tahun), obj.actor)
    console.print(f"{hasil.baris} target untuk {hasil.opd} OPD diimpor dari {berkas.name}.")


@target_app.command("daftar")
def target_daftar(
    ctx: typer.Context,
    opd: KodeOpd,
    tahun: TahunOption = None,
    format: DetailFormatOption = DetailFormat.tabel,
) -> None:
    """Tampilkan 12 target bulanan OPD (bulan tanpa target memakai kurva bawaan)."""
    curve = target_uc.curve(ctx_obj(ctx).db, opd, _tahun(tahun))
    print_as(format, curve, _print_curve, list[json_output.TargetJson])


@target_app.command("usul")
def target_usul(
    ctx: typer.Context,
    tahun: TahunOption = None,
    opd: Annotated[str | None, typer.Option(help="Kode atau singkatan OPD")] = None,
    keluar: Annotated[Path | None, typer.Option(
        "--keluar", "-o", help="Tulis usulan ke berkas .csv/.xlsx (format `target impor`)")
    ] = None,
) -> None:
    """Uji potensi: usulan target bulanan dari rencana paket OPD, di samping target RAK."""
    year = _tahun(tahun)
    found = usul_uc.usul(ctx_obj(ctx).existing_db, year, opd)
    if keluar is not None:
        usul_uc.write_usul(found, year, keluar)
        console.print(f"Usulan target {len(found)} OPD tahun {year} ditulis ke {keluar}; "
                      f"ubah bila perlu, lalu: pengadaan target impor {keluar} --tahun {year}")
        return
    for u in found:
        history = (f"geser {u.geser_hari} hari menurut {u.riwayat} pelaksanaan tahun lalu"
                   if u.riwayat else "tanpa riwayat tahun lalu")
        print_fitted(listing(f"{u.opd}: {u.paket} paket, pagu {rupiah(u.pagu)} ({history})",
                             USUL_COLUMNS, (
            (formatting.BULAN[b.bulan - 1], format_bp(b.target_bp), format_bp(b.usul_bp),
             format_bp(b.selisih_bp, signed=True), b.tanda or "")
            for b in u.bulan)), None)
    console.print("Selisih = target − usulan; lihat docs/proyeksi.md §8.")


USUL_COLUMNS = (
    Column("Bulan", Kind.KODE), Column("Target (RAK)", Kind.PERCENT),
    Column("Usulan", Kind.PERCENT), Column("Selisih", Kind.PERCENT), Column("Tanda", Kind.LABEL),
)


TARGET_COLUMNS = (
    Column("Bulan", Kind.KODE), Column("Target kumulatif", Kind.PERCENT),
    Column("Sumber", Kind.LABEL),
)


def _print_curve(curve: list[target_uc.TargetBulan]) -> None:
    print_fitted(listing(None, TARGET_COLUMNS, (
        (formatting.BULAN[t.bulan - 1], format_bp(t.persen_bp),
         "kurva bawaan" if t.bawaan else "RAK OPD") for t in curve)))


# --- rekap -----------------------------------------------------------------------------


def rekap_json(r: uc.Rekap) -> str:
    """The ranked OPD rows, then the kabupaten total (``"total": true``), written
    without pydantic (tests/test_sql_cache.py holds it equal to the serializer's)."""
    return json_lines.rekap_json([*r.baris, r.total])


def rupiah_ringkas(amount: int) -> str:
    """``Rp 1,2 M`` / ``Rp 350 jt`` (dashboards, docs/aturan.md §8); exact values in JSON/XLSX."""
    for scale, unit in ((10**12, "T"), (10**9, "M"), (10**6, "jt")):
        if abs(amount) >= scale:
            text = f"{amount / scale:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
            return f"Rp {text.removesuffix(',0')} {unit}"
    return rupiah(amount)


def rekap(
    ctx: typer.Context,
    per: PerOption = None,
    format: Annotated[RekapFormat, typer.Option("--format", "-f")] = RekapFormat.tabel,
    keluar: Annotated[Path | None, typer.Option(
        "--keluar", "-o", help="Tulis ke berkas (json, xlsx; bawaan xlsx: "
                               "rekap-opd-TANGGAL.xlsx)")] = None,
) -> None:
    """Rekap per OPD: tahap, keterlambatan, serapan vs target, warna TEPRA, peringkat."""
    if keluar is not None and format == RekapFormat.tabel:
        raise typer.BadParameter("hanya untuk --format json atau xlsx", param_hint="--keluar")
    as_of = date_option(per, "per")
    result = ctx_obj(ctx).read_only(lambda db: rekap_uc.rekap(db, as_of))
    if format == RekapFormat.xlsx:
        from pengadaan.exports.rekap_xlsx import write_rekap

        target = keluar or Path(f"rekap-opd-{as_of.isoformat()}.xlsx")
        write_rekap(result, target)
        console.print(f"Rekap {len(result.baris)} OPD per {tanggal(as_of)} ditulis ke {target}.")
        return
    if format == RekapFormat.json:
        if keluar is not None:
            keluar.write_text(rekap_json(result), encoding="utf-8")
            return
        sys.stdout.write(rekap_json(result))
        return
    _print_rekap(result)


# Short header of "Tanpa kendala" (presentation/lateness_text.TANPA_KENDALA), explained
# under the table.
TNP_KDL = "TnpKdl"
# (column, cell): the rank, the OPD and how it stands always stay; the stage counts and
# the rates leave a narrow terminal first, the late counts last (what the Sekda asks).
_N, _P, _M = Kind.NUMBER, Kind.PERCENT, Kind.MONEY
_REKAP = (
    (Column("#", _N), lambda b: str(b.peringkat or "")),
    (Column("OPD", Kind.KODE), lambda b: b.opd),
    (Column("Paket", _N, drop=11), lambda b: str(b.paket)),
    (Column("Pagu", _M, drop=12), lambda b: rupiah_ringkas(b.pagu)),
    (Column("Ren", _N, drop=1), lambda b: str(b.rencana)),
    (Column("Pml", _N, drop=2), lambda b: str(b.pemilihan)),
    (Column("Ktr/Pel", _N, drop=3), lambda b: str(b.kontrak_pelaksanaan)),
    (Column("Sls", _N, drop=4), lambda b: str(b.selesai)),
    (Column("Ggl/Btl", _N, drop=5), lambda b: str(b.gagal_batal)),
    (Column("Tepat", _P, drop=7), lambda b: format_bp(b.tepat_waktu_bp)),
    (Column("Ktrk", _P, drop=8), lambda b: format_bp(b.terkontrak_bp)),
    (Column("Tlmbt", _N, drop=14), lambda b: str(b.terlambat)),
    (Column(TNP_KDL, _N, drop=13), lambda b: str(b.terlambat_tanpa_kendala)),
    (Column("Krts", _N, drop=10), lambda b: str(b.kritis)),
    (Column("Realisasi", _M, drop=9), lambda b: rupiah_ringkas(b.realisasi_keuangan)),
    (Column("Serapan", _P), lambda b: format_bp(b.penyerapan_bp)),
    (Column("Target", _P, drop=15), lambda b: format_bp(b.target_bp)),
    (Column(view.AKHIR_BULAN, _P, drop=6), lambda b: format_bp(b.target_akhir_bulan_bp)),
    (Column("Deviasi", _P), lambda b: format_bp(b.deviasi_bp, signed=True)),
    (Column("Proyeksi", _P, drop=1), lambda b: format_bp(b.proyeksi_akhir_tahun_bp)),
    (Column("Warna", Kind.KODE, justify="center"), lambda b: view.warna_cell(b.warna)),
    (Column("Skor", _N), lambda b: view.skor(b.skor_bp)),
)
REKAP_COLUMNS = tuple(column for column, _cell in _REKAP)


def _print_rekap(r: uc.Rekap) -> None:
    from rich import box

    table = fitted(REKAP_COLUMNS, (
        Row(tuple(cell(b) for _c, cell in _REKAP), style="bold" if b is r.total else None,
            section=b is r.total) for b in (*r.baris, r.total)),
        title=f"Rekap OPD per {tanggal(r.per)} (tahun anggaran {r.tahun}, akhir bulan "
              f"{formatting.BULAN[r.per.month - 1]})", title_justify="left",
        box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False)
    print_fitted(table, "--format json atau xlsx")
    if TNP_KDL not in table.hidden:
        console.print(f"{TNP_KDL}: {TANPA_KENDALA_ARTI}.")
    console.print(view.TARGET_NOTE)
    weights = ", ".join(f"{config.KOMPONEN_LABEL[name]} {w}" for name, w in config.BOBOT_SKOR)
    console.print(f"Skor = rata-rata berbobot ({weights}); lihat README, bagian Rapor OPD.")


# --- rapor -----------------------------------------------------------------------------


def rapor(
    ctx: typer.Context,
    opd: KodeOpd,
    per: PerOption = None,
    format: DetailFormatOption = DetailFormat.tabel,
) -> None:
    """Rapor satu OPD: ringkasan paket, paket terlambat/kritis, serapan bulanan vs target."""
    as_of = date_option(per, "per")
    card = uc.rapor(ctx_obj(ctx).existing_db, opd, as_of)
    print_as(format, card, _print_rapor, json_output.RaporJson)


def _print_rapor(card: uc.RaporOpd) -> None:
    console.print(view.heading(card))
    console.print(view.summary_table(card.baris))
    print_fitted(view.bermasalah_fitted(card.bermasalah, console.width))
    print_fitted(view.bulanan_fitted(card.bulanan, console.width))
    console.print(_chart(card.bulanan))


def _chart(months: list[uc.BulanSerapan]) -> str:
    """Target against realisasi, month by month, drawn by plotext."""
    import plotext as plt

    labels, target, realisasi = view.chart_series(months)
    xs = list(range(1, len(months) + 1))
    plt.clf()
    plt.plotsize(min(console.width, 100), 18)
    plt.theme("clear")
    plt.plot(xs, target, label="Target")
    plt.plot(xs, realisasi, label="Realisasi", marker="dot")
    plt.xticks(xs, labels)
    percent_axis(plt)
    plt.title("Serapan kumulatif vs target (%)")
    text = plt.build()
    return text if sys.stdout.isatty() else plt.uncolorize(text)
