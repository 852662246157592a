"""``pengadaan kontrak …``: a contract under way — status, adendum, kesempatan, the
kritis → SCM → SP → putus kontrak chain, serah terima, daftar hitam."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.common import (
    console,
    ctx_obj,
    date_option,
    listing,
    print_as,
    print_fitted,
    print_rows,
    rupiah_option,
)
from pengadaan.cli.isian import Catatan, Tanggal, option
from pengadaan.cli.params import DetailFormat, DetailFormatOption, KodePaket, Versi
from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import parse_tanggal, rupiah, tanggal
from pengadaan.domain.vocabulary import tahap_label
from pengadaan.domain.workflow.isian import (
    BAGIAN_TERLAMBAT,
    CURANG,
    KESEMPATAN_SAMPAI,
    LANJUTAN,
    TANGGAL,
    TARGET_UJI_COBA,
    TGL_UJI_COBA,
)
from pengadaan.lazy import module
from pengadaan.presentation.table_columns import Column, Kind

# What the commands' work needs, loaded when one runs (pengadaan/lazy.py).
uc = module("pengadaan.usecases.kontrak")

app = IndonesianTyper(no_args_is_help=True)


def _when(value: str | None):
    return TANGGAL.parse(value)


def _done(kode: str, status: uc.StatusKontrak, what: str) -> None:
    console.print(f"Paket {kode}: {what} → {tahap_label(status.tahap)}.")


def _step(name: str, step: str, what: str, doc: str) -> None:
    """Register ``kontrak NAME KODE``: a step that takes only a date and a note; ``step``
    names its use case (looked up when the command runs, not when it is listed)."""

    def command(ctx: typer.Context, kode: KodePaket, tanggal_: Tanggal = None,
                catatan: Catatan = None, versi: Versi = None) -> None:
        obj = ctx_obj(ctx)
        _done(kode, getattr(uc, step)(obj.db, kode, obj.actor, _when(tanggal_), catatan,
                         expected_version=versi), what)

    command.__doc__ = doc
    app.command(name)(command)


@app.command("lihat")
def lihat(
    ctx: typer.Context,
    kode: KodePaket,
    per: Annotated[str | None, typer.Option(help="Per tanggal (YYYY-MM-DD)")] = None,
    format: DetailFormatOption = DetailFormat.tabel,
) -> None:
    """Status kontrak: rencana vs realisasi, kritis, denda, retensi, adendum, SCM."""
    print_as(format, uc.contract_status(ctx_obj(ctx).db, kode, date_option(per, "per")),
             _print_status)


# A change is "old →" above "new", so each date and amount stays whole at 80 columns.
ADENDUM_COLUMNS = (
    Column("Tanggal", Kind.DATE), Column("Jenis", Kind.LABEL), Column("Selesai", Kind.DATE),
    Column("Nilai", Kind.MONEY, justify="left"), Column("Alasan", Kind.TEXT),
)


def _selesai(a) -> str:
    return f"{tanggal(a.selesai_lama)} →\n{tanggal(a.selesai_baru)}" if a.selesai_baru else ""


def _nilai(a) -> str:
    if not a.nilai_baru:
        return ""
    if a.jenis == "kesempatan":
        return f"bagian terlambat\n{rupiah(a.nilai_baru)}"
    return f"{rupiah(a.nilai_lama)} →\n{rupiah(a.nilai_baru)}"


def _print_status(s: uc.StatusKontrak) -> None:
    grid = Table.grid(padding=(0, 2))
    rows = [
        ("Paket", f"{s.kode} {s.nama}"), ("Tahap", tahap_label(s.tahap)),
        ("Penyedia", s.penyedia or "-"), ("Nilai kontrak", rupiah(s.nilai_kontrak) or "-"),
        ("SPMK", tanggal(s.spmk) or "-"), ("Selesai kontrak", tanggal(s.selesai) or "-"),
    ]
    if s.kesempatan_sampai:
        rows.append(("Kesempatan sampai", tanggal(s.kesempatan_sampai)))
    rows += [
        (f"Per {tanggal(s.per)}", f"rencana {format_bp(s.rencana_bp) or '-'}, realisasi "
                                  f"{format_bp(s.realisasi_bp) or '-'}, deviasi "
                                  f"{format_bp(s.deviasi_bp, signed=True) or '-'}"),
        ("Kritis", s.kritis or "tidak"),
    ]
    if s.hari_terlambat:
        rows.append(("Denda keterlambatan",
                     f"{rupiah(s.denda)} ({s.hari_terlambat} hari × 1‰ nilai sebelum PPN)"))
    if s.pho:
        rows.append(("PHO / akhir pemeliharaan",
                     f"{tanggal(s.pho)} / {tanggal(s.akhir_pemeliharaan)}"))
    if s.retensi is not None:
        rows.append(("Retensi 5% (sampai FHO)", rupiah(s.retensi)))
    for label, value in rows:
        grid.add_row(f"[b]{label}[/b]", escape(value))
    console.print(grid)
    if s.adendum:
        print_fitted(listing("Adendum", ADENDUM_COLUMNS, (
            (tanggal(a.tanggal), a.jenis, _selesai(a), _nilai(a), a.alasan)
            for a in s.adendum), markup=False))
    for scm in s.scm:
        console.print(f"SCM tahap {'I' * scm.tahap} {tanggal(scm.tanggal)}: target "
                      f"{format_bp(scm.target_bp)} pada uji coba {tanggal(scm.uji_coba)}")


@app.command("adendum")
def adendum(
    ctx: typer.Context,
    kode: KodePaket,
    alasan: Annotated[str, typer.Option(help="Alasan adendum")],
    selesai: Annotated[str | None, typer.Option(
        help="Perpanjangan waktu: tanggal selesai baru (bukan kesalahan penyedia, tanpa denda)"
    )] = None,
    nilai: Annotated[str | None, typer.Option(help="Perubahan nilai kontrak (Rp, ≤ pagu)")] = None,
    tanggal_: Tanggal = None,
    versi: Versi = None,
) -> None:
    """Adendum kontrak: perpanjangan waktu (--selesai) atau perubahan nilai (--nilai)."""
    if (selesai is None) == (nilai is None):
        raise typer.BadParameter("isi tepat satu dari --selesai atau --nilai")
    obj = ctx_obj(ctx)
    if selesai is not None:
        s = uc.extend_contract(obj.db, kode, parse_tanggal(selesai, "selesai"), alasan,
                               obj.actor, tanggal=_when(tanggal_), expected_version=versi)
        console.print(f"Paket {kode}: perpanjangan waktu sampai {tanggal(s.selesai)}.")
    else:
        s = uc.change_value(obj.db, kode, rupiah_option(nilai, "nilai"), alasan, obj.actor,
                            tanggal=_when(tanggal_), expected_version=versi)
        console.print(f"Paket {kode}: nilai kontrak menjadi {rupiah(s.nilai_kontrak)}.")


@app.command("kesempatan")
def kesempatan(
    ctx: typer.Context,
    kode: KodePaket,
    sampai: option(KESEMPATAN_SAMPAI, "--sampai"),
    alasan: Annotated[str, typer.Option(help="Pertimbangan PPK")],
    bagian: option(BAGIAN_TERLAMBAT) = None,
    tanggal_: Tanggal = None,
    versi: Versi = None,
) -> None:
    """Pemberian kesempatan (kesalahan penyedia): denda 1‰/hari berjalan."""
    obj = ctx_obj(ctx)
    s = uc.grant_extra_time(obj.db, kode, KESEMPATAN_SAMPAI.parse(sampai), alasan, obj.actor,
                            tanggal=_when(tanggal_), bagian=BAGIAN_TERLAMBAT.parse(bagian),
                            expected_version=versi)
    console.print(f"Paket {kode}: kesempatan sampai {tanggal(s.kesempatan_sampai)}; denda "
                  f"sejauh ini {rupiah(s.denda)} ({s.hari_terlambat} hari).")


_step("kritis", "declare_kritis", "kontrak kritis",
      "Nyatakan kontrak kritis (ditolak bila laporan progres terakhir tidak kritis).")


@app.command("scm")
def scm(
    ctx: typer.Context,
    kode: KodePaket,
    target: option(TARGET_UJI_COBA, "--target"),
    uji_coba: option(TGL_UJI_COBA, "--uji-coba"),
    tanggal_: Tanggal = None,
    catatan: Catatan = None,
    versi: Versi = None,
) -> None:
    """Adakan SCM tahap berikutnya dengan target uji coba."""
    obj = ctx_obj(ctx)
    s = uc.hold_scm(obj.db, kode, TARGET_UJI_COBA.parse(target), TGL_UJI_COBA.parse(uji_coba),
                    obj.actor, _when(tanggal_), catatan,
                    expected_version=versi)
    _done(kode, s, "SCM")


_step("pulih", "recover", "pulih",
      "Kembali normal (target uji coba tercapai / tidak kritis lagi).")


_step("sp", "warn", "surat peringatan",
      "Terbitkan surat peringatan berikutnya (setelah SCM III gagal).")


@app.command("putus")
def putus(
    ctx: typer.Context,
    kode: KodePaket,
    alasan: Annotated[str, typer.Option(help="Alasan pemutusan")],
    curang: option(CURANG) = False,
    lanjutan: option(LANJUTAN) = None,
    tanggal_: Tanggal = None,
    versi: Versi = None,
) -> None:
    """Putus kontrak: penyedia masuk daftar hitam; opsional paket lanjutan."""
    obj = ctx_obj(ctx)
    lanjutan = LANJUTAN.parse(lanjutan)
    s = uc.terminate(obj.db, kode, alasan, obj.actor, curang=curang, lanjutan=lanjutan,
                     tanggal=_when(tanggal_), expected_version=versi)
    _done(kode, s, "putus kontrak")
    if lanjutan:
        console.print(f"Paket lanjutan {lanjutan} dibuat pada tahap rencana.")


_step("serah-terima", "hand_over", "serah terima",
      "PHO (konstruksi) atau BAST (lainnya); hanya pada realisasi fisik 100%.")


DAFTAR_HITAM_COLUMNS = (
    Column("Penyedia", Kind.TEXT), Column("Mulai", Kind.DATE), Column("Sampai", Kind.DATE),
    Column("Paket", Kind.KODE), Column("Alasan", Kind.TEXT),
)


@app.command("daftar-hitam")
def daftar_hitam(
    ctx: typer.Context,
    penyedia: Annotated[str | None, typer.Option(help="Nama penyedia")] = None,
    per: Annotated[str | None, typer.Option(help="Hanya yang berlaku pada tanggal ini")] = None,
    format: DetailFormatOption = DetailFormat.tabel,
) -> None:
    """Daftar hitam penyedia (1 tahun; 2 tahun untuk pelanggaran etis)."""
    rows = uc.blacklist(ctx_obj(ctx).db, penyedia,
                        date_option(per, "per", default_today=False))
    print_rows(format, rows, f"Daftar hitam: {len(rows)} penyedia", DAFTAR_HITAM_COLUMNS,
               lambda r: (escape(r.penyedia), tanggal(r.mulai), tanggal(r.selesai), r.paket or "",
                          escape(r.alasan + (" (etis)" if r.curang else ""))))
