"""``pengadaan kendala …`` and ``pengadaan tindak-lanjut …``: obstacles on a paket and
what is done about them (issue #13; docs/aturan.md, "Kendala dan tindak lanjut")."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.common import console, ctx_obj, date_option, fitted, print_as, print_fitted
from pengadaan.cli.impor import progress_bar, show_rejections
from pengadaan.cli.params import NOMOR, DetailFormat, DetailFormatOption, KodePaket, Versi
from pengadaan.domain.formatting import tanggal
from pengadaan.domain.kendala import KategoriKendala, kategori_label, status_label
from pengadaan.imports.kendala import columns_help
from pengadaan.lazy import module
from pengadaan.presentation.fit import Fitted
from pengadaan.presentation.table_columns import Column, Kind

if TYPE_CHECKING:
    from pengadaan.usecases.results import KendalaView

# What the commands' work needs, loaded when one runs (pengadaan/lazy.py).
uc = module("pengadaan.usecases.kendala")
impor_uc = module("pengadaan.usecases.impor")
kendala_impor = module("pengadaan.usecases.kendala_impor")

app = IndonesianTyper(no_args_is_help=True)
tindak_lanjut = IndonesianTyper(no_args_is_help=True)

KATEGORI = ", ".join(k.value for k in KategoriKendala)
IdKendala = Annotated[int, typer.Argument(
    help="Nomor kendala (lihat: pengadaan kendala daftar)", **NOMOR)]
TanggalKejadian = Annotated[str | None, typer.Option(
    "--tanggal", help="Tanggal (YYYY-MM-DD); bawaan hari ini, tidak boleh di masa depan")]


@app.command("catat")
def catat(
    ctx: typer.Context,
    kode: KodePaket,
    kategori: Annotated[str, typer.Option(help=f"Kategori: {KATEGORI}")],
    uraian: Annotated[str, typer.Option(help="Uraian kendala")],
    tanggal_: TanggalKejadian = None,
    versi: Versi = None,
) -> None:
    """Catat kendala pada paket (PPK OPD paket, UKPBJ, admin)."""
    obj = ctx_obj(ctx)
    k = uc.record_kendala(obj.db, kode, kategori, uraian, obj.actor,
                          tanggal=date_option(tanggal_, "tanggal", default_today=False),
                          expected_version=versi)
    console.print(f"Kendala {k.id} pada {k.paket} ({kategori_label(k.kategori)}, "
                  f"{tanggal(k.tanggal)}) dicatat.", markup=False)


@app.command("daftar")
def daftar(
    ctx: typer.Context,
    kode: Annotated[str | None, typer.Argument(help="Kode paket (tanpa ini: semua)")] = None,
    opd: Annotated[str | None, typer.Option(help="Hanya paket OPD ini (kode/singkatan)")] = None,
    terbuka: Annotated[bool, typer.Option(
        "--terbuka", help="Hanya kendala yang belum selesai")] = False,
    format: DetailFormatOption = DetailFormat.tabel,
) -> None:
    """Kendala beserta tindak lanjutnya."""
    rows = uc.list_kendala(ctx_obj(ctx).db, kode, opd=opd, terbuka=terbuka)
    print_as(format, rows, lambda rows: print_fitted(
        kendala_table(rows, with_paket=True) if rows else "Belum ada kendala."))


@app.command("selesai")
def selesai(
    ctx: typer.Context,
    id_: IdKendala,
    catatan: Annotated[str, typer.Option(help="Bagaimana kendala selesai")],
    tanggal_: TanggalKejadian = None,
) -> None:
    """Nyatakan kendala selesai (sekali; tidak dapat diubah sesudahnya)."""
    obj = ctx_obj(ctx)
    k = uc.resolve_kendala(obj.db, id_, catatan, obj.actor,
                           tanggal=date_option(tanggal_, "tanggal", default_today=False))
    console.print(f"Kendala {k.id} pada {k.paket} selesai {tanggal(k.selesai_tanggal)}.",
                  markup=False)


@app.command("impor", help=(
    "Impor kendala (dan tindak lanjutnya) dari .csv (pemisah ; atau ,) atau .xlsx, satu "
    "baris per kendala, judul kolom di baris pertama dalam urutan apa pun: "
    f"{columns_help()}. Aturannya sama dengan 'kendala catat'; satu baris salah: tidak ada "
    "yang ditulis. Baris yang sudah tercatat dilewati, jadi berkas boleh diimpor ulang."))
def impor(
    ctx: typer.Context,
    berkas: Annotated[Path, typer.Argument(help="Berkas .csv atau .xlsx kendala")],
) -> None:
    obj = ctx_obj(ctx)
    try:
        with progress_bar("Impor kendala") as update:
            s = kendala_impor.import_kendala(obj.db, berkas, obj.actor, progress=update)
    except impor_uc.ImportRejected as err:
        show_rejections(err)
        raise
    console.print(f"Impor kendala selesai: {s.dibaca} baris dibaca; kendala {s.kendala_baru} "
                  f"baru, {s.kendala_ada} sudah tercatat (dilewati); tindak lanjut "
                  f"{s.tindak_lanjut_baru} baru, {s.tindak_lanjut_ada} sudah tercatat "
                  "(dilewati).", markup=False)


@tindak_lanjut.command("catat")
def tl_catat(
    ctx: typer.Context,
    kendala_id: IdKendala,
    uraian: Annotated[str, typer.Option(help="Apa yang akan dilakukan")],
    pelaksana: Annotated[str, typer.Option(help="Oleh siapa (peran atau nama)")],
    batas: Annotated[str, typer.Option(help="Paling lambat (YYYY-MM-DD), boleh ke depan")],
    rekomendasi: Annotated[bool, typer.Option(
        "--rekomendasi", help="Rekomendasi pengawas (Inspektorat, Sekda, TEPRA)")] = False,
    status: Annotated[str | None, typer.Option(
        help="Status awal: direncanakan (bawaan), berjalan atau selesai")] = None,
) -> None:
    """Catat tindak lanjut sebuah kendala yang belum selesai (bawaan: direncanakan)."""
    obj = ctx_obj(ctx)
    t = uc.record_tindak_lanjut(obj.db, kendala_id, uraian, pelaksana,
                                date_option(batas, "batas"), obj.actor,
                                rekomendasi=rekomendasi, status=status)
    kind = "Rekomendasi" if t.rekomendasi else "Tindak lanjut"
    console.print(f"{kind} {t.id} untuk kendala {t.kendala_id} dicatat "
                  f"(batas {tanggal(t.batas)}).", markup=False)


@tindak_lanjut.command("perbarui")
def tl_perbarui(
    ctx: typer.Context,
    id_: Annotated[int, typer.Argument(help="Nomor tindak lanjut", **NOMOR)],
    status: Annotated[str, typer.Option(help="direncanakan, berjalan atau selesai")],
    catatan: Annotated[str | None, typer.Option(help="Catatan perubahan")] = None,
) -> None:
    """Ubah status tindak lanjut; setiap perubahan tersimpan di riwayatnya."""
    obj = ctx_obj(ctx)
    t = uc.update_tindak_lanjut(obj.db, id_, status, obj.actor, catatan=catatan)
    console.print(f"Tindak lanjut {t.id}: {status_label(t.status)}.", markup=False)


KENDALA_COLUMNS = (
    Column("No", Kind.KODE), Column("Paket", Kind.KODE), Column("Tanggal", Kind.DATE),
    Column("Kategori", Kind.LABEL, drop=2), Column("Oleh", Kind.KODE, drop=1),
    Column("Status", Kind.LABEL), Column("Uraian", Kind.TEXT),
)


def kendala_table(rows: list[KendalaView], with_paket: bool = False) -> Fitted:
    """Kendala, each followed by its tindak lanjut (indented), for ``kendala daftar`` and
    ``paket lihat`` (which is one paket's: no Paket column)."""
    columns = [c for c in KENDALA_COLUMNS if with_paket or c.header != "Paket"]
    lines = []
    for k in rows:
        status = "terbuka" if k.terbuka else f"selesai {tanggal(k.selesai_tanggal)}"
        uraian = k.uraian if k.terbuka else f"{k.uraian} [selesai: {k.selesai_catatan}]"
        lines.append((str(k.id), *((k.paket,) if with_paket else ()), tanggal(k.tanggal),
                      kategori_label(k.kategori), k.oleh, status, uraian))
        for t in k.tindak_lanjut:
            kind = "rekomendasi" if t.rekomendasi else "tindak lanjut"
            lines.append((f"  {t.id}", *(("",) if with_paket else ()),
                          f"s.d. {tanggal(t.batas)}", kind, t.oleh, status_label(t.status),
                          f"{t.uraian} (pelaksana: {t.pelaksana})"))
    return fitted(columns, lines, markup=False, title=f"Kendala: {len(rows)}",
                  title_justify="left")
