"""``pengadaan paket …``: add, show and advance packages (declared with the group in
pengadaan/cli/paket_daftar.py)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pengadaan.cli.common import (
    console,
    ctx_obj,
    date_option,
    fitted,
    listing,
    print_fitted,
    print_json,
    rupiah_option,
)
from pengadaan.cli.isian import Catatan, Tanggal, flag, option, with_inputs
from pengadaan.cli.jadwal import late_rest_hint
from pengadaan.cli.params import (
    TAHUN,
    DetailFormat,
    DetailFormatOption,
    KodePaket,
    Versi,
)
from pengadaan.domain.formatting import rupiah, tanggal
from pengadaan.domain.vocabulary import JENIS_LABEL, METODE_LABEL, tahap_label
from pengadaan.domain.workflow.isian import CATATAN, HPS, TANGGAL, TRIGGER_INPUTS
from pengadaan.lazy import module
from pengadaan.presentation.table_columns import Column, Kind

if TYPE_CHECKING:
    from pengadaan.usecases.pengguna import HakPaket
    from pengadaan.usecases.results import PaketDetail

# What the commands' work needs, loaded when one runs (each command needs only some).
kendala_cli = module("pengadaan.cli.kendala")
lateness_cli = module("pengadaan.cli.lateness_cli")
json_output = module("pengadaan.presentation.json_output")
fit = module("pengadaan.presentation.fit")
uc = module("pengadaan.usecases.paket")
maju_uc = module("pengadaan.usecases.maju")
pengguna_uc = module("pengadaan.usecases.pengguna")


def tambah(
    ctx: typer.Context,
    kode: Annotated[str, typer.Option(help="Kode paket (unik)")],
    nama: Annotated[str, typer.Option(help="Nama paket")],
    opd: Annotated[str, typer.Option(help="Kode atau singkatan OPD")],
    metode: Annotated[str, typer.Option(help="tender, tender_cepat, seleksi, "
                                        "pengadaan_langsung, penunjukan_langsung, "
                                        "e_purchasing, swakelola")],
    jenis: Annotated[str, typer.Option(help="barang, konstruksi, konsultansi, jasa_lainnya")],
    pagu: Annotated[str, typer.Option(help="Pagu anggaran (Rp), mis. 1.250.000.000")],
    hps: option(HPS) = None,
    tahun: Annotated[int | None, typer.Option(help="Tahun anggaran", **TAHUN)] = None,
    mulai_pemilihan: Annotated[str | None, typer.Option(
        "--mulai-pemilihan", help="Rencana awal pemilihan (YYYY-MM-DD)")] = None,
    kode_rup: Annotated[str | None, typer.Option("--kode-rup", help="Kode RUP SiRUP")] = None,
    sumber_dana: Annotated[str | None, typer.Option("--sumber-dana")] = None,
    ppk: Annotated[str | None, typer.Option(help="Nama PPK")] = None,
    tanggal_: Annotated[str | None, typer.Option(
        "--tanggal", help="Tanggal didaftarkan (YYYY-MM-DD); bawaan hari ini (WIB)")] = None,
) -> None:
    """Daftarkan paket baru pada tahap rencana."""
    obj = ctx_obj(ctx)
    data = uc.PaketBaru(
        kode=kode, nama=nama, opd=opd, metode=metode, jenis=jenis,
        pagu=rupiah_option(pagu, "pagu"), hps=HPS.parse(hps), tahun=tahun,
        mulai_pemilihan=date_option(mulai_pemilihan, "mulai-pemilihan", default_today=False),
        kode_rup=kode_rup, sumber_dana=sumber_dana, ppk=ppk,
    )
    uc.create_paket(obj.db, data, obj.actor, as_of=date_option(tanggal_, "tanggal"))
    console.print(f"Paket {kode} ditambahkan pada tahap rencana.")



# Kode, name and flags always stay; the rest leave a narrow terminal in ``drop`` order.
DAFTAR_COLUMNS = (
    Column("Kode", Kind.KODE), Column("Nama", Kind.NAME), Column("OPD", Kind.KODE, drop=3),
    Column("Metode", Kind.LABEL, drop=1), Column("Tahap", Kind.LABEL, drop=5),
    Column("Pagu", Kind.MONEY, drop=4), Column("Nilai Kontrak", Kind.MONEY, drop=2),
    Column("Peringatan", Kind.LABEL),
)


def print_daftar(rows) -> None:
    """``paket daftar``'s table (pengadaan/cli/paket_daftar.py)."""
    from rich.text import Text  # Rich only for a table (JSON and CSV never load it)

    print_fitted(fitted(DAFTAR_COLUMNS, (
        (r.kode, Text(r.nama), r.opd, METODE_LABEL.get(r.metode, r.metode),
         tahap_label(r.tahap), rupiah(r.pagu), rupiah(r.nilai_kontrak),
         lateness_cli.flags_cell(r)) for r in rows),
        title=f"{len(rows)} paket", title_justify="left"), "--format csv atau json")


def lihat(
    ctx: typer.Context,
    kode: KodePaket,
    format: DetailFormatOption = DetailFormat.tabel,
    per: Annotated[str | None, typer.Option(
        help="Peringatan dinilai per tanggal ini; bawaan hari ini (WIB)")] = None,
) -> None:
    """Rincian satu paket: identitas, nilai, jadwal, riwayat, pemicu, peringatan."""
    obj = ctx_obj(ctx)
    detail = uc.show_paket(obj.db, kode)
    flags = lateness_cli.paket_flags(ctx, kode, date_option(per, "per"))
    if format == DetailFormat.json:
        print_json(json_output.detail_json(detail, flags))
    else:
        print_detail(detail, pengguna_uc.paket_rights(obj.db, obj.actor, kode))
        lateness_cli.print_flags(flags, date_option(per, "per"))


def print_detail(detail: PaketDetail, hak: HakPaket) -> None:
    from rich.markup import escape
    from rich.table import Table

    p = detail.paket
    info = Table.grid(padding=(0, 2))
    for label, value in (
        ("Kode", f"{p.kode}  (RUP {p.kode_rup or '-'})"), ("Nama", p.nama),
        ("OPD", f"{detail.opd_nama} ({p.opd})"), ("Tahun anggaran", str(p.tahun)),
        ("Jenis / metode", f"{JENIS_LABEL.get(p.jenis, p.jenis)} / "
                           f"{METODE_LABEL.get(p.metode, p.metode)}"),
        ("Sumber dana", p.sumber_dana or "-"), ("Pagu", rupiah(p.pagu)),
        ("HPS", rupiah(p.hps) or "-"), ("Nilai kontrak", rupiah(p.nilai_kontrak) or "-"),
        ("Penyedia", p.penyedia or "-"), ("PPK", p.ppk or "-"),
        ("Tahap", f"{tahap_label(p.tahap)} sejak {tanggal(p.tahap_sejak)}"),
        ("Versi", str(p.version)),
    ):
        info.add_row(f"[b]{label}[/b]", value)
    console.print(info)
    if detail.jadwal:
        print_fitted(listing("Jadwal", JADWAL_COLUMNS, (
            (tahap_label(j.tahap), tanggal(j.rencana_mulai), tanggal(j.rencana_selesai),
             tanggal(j.realisasi_mulai), tanggal(j.realisasi_selesai))
            for j in detail.jadwal)))
    print_fitted(listing("Riwayat", RIWAYAT_COLUMNS, (
        (tanggal(r.tanggal), r.pemicu, r.dari or "", r.ke, r.oleh, r.catatan or "")
        for r in detail.riwayat), markup=False))
    if detail.kendala:
        print_fitted(kendala_cli.kendala_table(detail.kendala))
    if detail.pemicu:
        console.print("[b]Pemicu yang berlaku sekarang:[/b]")
        for a in detail.pemicu:
            _print_pemicu(f"  {a.pemicu:<22} → {tahap_label(a.ke)}: {a.label}",
                          [flag(name) for name in a.isian])
            why = hak.alasan(a.pemicu)
            if why:  # still listed, so the user knows the step exists and whose it is
                console.print(f"[dim]      bukan wewenang Anda: {escape(why)}[/dim]")
    else:
        console.print("Paket sudah pada tahap akhir.")


JADWAL_COLUMNS = (
    Column("Tahap", Kind.LABEL), Column("Rencana mulai", Kind.DATE),
    Column("Rencana selesai", Kind.DATE), Column("Mulai", Kind.DATE),
    Column("Selesai", Kind.DATE),
)
RIWAYAT_COLUMNS = (
    Column("Tanggal", Kind.DATE), Column("Pemicu", Kind.KODE), Column("Dari", Kind.KODE, drop=1),
    Column("Ke", Kind.KODE), Column("Oleh", Kind.KODE, drop=2), Column("Catatan", Kind.TEXT),
)
PEMICU_INDENT = " " * 6


def _print_pemicu(line: str, isian: list[str]) -> None:
    """One trigger on one line; on a narrow terminal its words continue indented and its
    inputs follow on indented lines, broken only between options."""
    extra = f"  (isian: {', '.join(isian)})" if isian else ""
    width = console.width
    if len(line + extra) <= width:
        console.print(line + extra, markup=False, soft_wrap=True)
        return
    for part in textwrap.wrap(line, width, subsequent_indent=PEMICU_INDENT,
                              break_long_words=False, break_on_hyphens=False):
        console.print(part, markup=False, soft_wrap=True)
    lead = f"{PEMICU_INDENT}(isian: "
    parts = fit.pack(isian, width - len(lead) - 1)
    for i, part in enumerate(parts):
        console.print((lead if i == 0 else " " * len(lead)) + part
                      + (")" if i == len(parts) - 1 else ","), markup=False, soft_wrap=True)


@with_inputs(TRIGGER_INPUTS)
def maju(
    ctx: typer.Context,
    kode: KodePaket,
    pemicu: Annotated[str, typer.Argument(help="Pemicu (lihat: pengadaan paket lihat KODE)")],
    tanggal_: Tanggal = None,
    catatan: Catatan = None,
    isian: dict[str, Any] | None = None,  # one option per trigger input (with_inputs)
    versi: Versi = None,
) -> None:
    """Jalankan pemicu: pindahkan paket ke tahap berikutnya dan catat riwayatnya."""
    obj = ctx_obj(ctx)
    entered = obj.writes(lambda db: maju_uc.transition(
        db, kode, pemicu, obj.actor, tanggal=TANGGAL.parse(tanggal_),
        catatan=CATATAN.parse(catatan), expected_version=versi, **(isian or {}),
    ))
    console.line(f"Paket {kode}: {pemicu} → {tahap_label(entered.tahap)} "
                 f"({tanggal(entered.sejak)}).")
    late_rest_hint(obj, kode)
