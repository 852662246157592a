"""``pengadaan paket jadwal``: show a paket's schedule, change one stage of it, or
re-plan the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from pengadaan.cli.common import console, ctx_obj, fitted, listing, print_fitted
from pengadaan.cli.params import KodePaket, Versi
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import parse_tanggal, tanggal
from pengadaan.domain.vocabulary import tahap_label
from pengadaan.lazy import module
from pengadaan.presentation.table_columns import Column, Kind, Row

if TYPE_CHECKING:
    from pengadaan.cli.session import Context
    from pengadaan.presentation.fit import Fitted
    from pengadaan.usecases.jadwal import BarisJadwal

# What the commands' work needs, loaded when one runs.
text = module("pengadaan.presentation.jadwal_text")
uc = module("pengadaan.usecases.jadwal")
sisa = module("pengadaan.usecases.sisa_jadwal")


def jadwal(
    ctx: typer.Context,
    kode: KodePaket,
    tahap: Annotated[str | None, typer.Argument(
        help="Tahap yang diubah (tanpa ini: tampilkan jadwal)")] = None,
    mulai: Annotated[str | None, typer.Option(help="Rencana mulai baru (YYYY-MM-DD)")] = None,
    selesai: Annotated[str | None, typer.Option(
        help="Rencana selesai baru, hari kerja (YYYY-MM-DD)")] = None,
    susun_ulang: Annotated[bool, typer.Option(
        "--susun-ulang", help="Susun ulang sisa jadwal: tahap sekarang dihitung dari "
        "tanggal mulainya, tahap berikutnya dengan lama bakunya (alasan wajib)")] = False,
    alasan: Annotated[str | None, typer.Option(help="Alasan perubahan (wajib)")] = None,
    versi: Versi = None,
) -> None:
    """Jadwal rencana dan realisasi per tahap; dengan TAHAP: ubah jadwal tahap yang
    belum dilewati; dengan --susun-ulang: susun ulang sisa jadwal (alasan wajib,
    tercatat di riwayat; rencana awal tetap terlihat)."""
    obj = ctx_obj(ctx)
    if susun_ulang:
        if tahap is not None or mulai or selesai:
            raise InvalidInput("--susun-ulang menyusun seluruh sisa jadwal: tanpa TAHAP, "
                               "--mulai dan --selesai")
        if alasan is None:
            raise InvalidInput("menyusun ulang jadwal memerlukan --alasan")
        sisa = uc.replan_rest(obj.db, kode, alasan, obj.actor, expected_version=versi)
        print_fitted(listing(
            f"Sisa jadwal paket {kode} disusun ulang dari tahap "
            f"{tahap_label(sisa.tahap).split(' (')[0]} (mulai {tanggal(sisa.mulai)})",
            GESER_COLUMNS, (text.move_row(m) for m in sisa.tahapan), markup=False), hint=None)
        warning = text.past_fiscal_year(sisa)
        if warning:
            console.print(warning, markup=False)
        return
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
        raise InvalidInput("--mulai/--selesai/--alasan memerlukan TAHAP yang diubah "
                           "atau --susun-ulang")
    rows = uc.show_schedule(obj.db, kode)
    print_fitted(schedule_table(kode, rows), hint=None)


GESER_COLUMNS = (
    Column("Tahap", Kind.LABEL), Column("Rencana lama", Kind.DATE),
    Column("Rencana baru", Kind.DATE), Column("Keterangan", Kind.LABEL),
)
JADWAL_COLUMNS = (
    Column("Tahap", Kind.LABEL), Column("Rencana", Kind.DATE),
    Column("Rencana awal", Kind.DATE), Column("Realisasi", Kind.DATE),
    Column("", Kind.LABEL),
)


def schedule_table(kode: str, rows: list[BarisJadwal]) -> Fitted:
    """Plan and actual per stage, start above end (fits 80 columns); once a stage's plan
    changed, its first plan beside the current one and how often it changed."""
    changed = any(r.diubah for r in rows)
    columns = [c for c in JADWAL_COLUMNS if changed or c.header != "Rencana awal"]
    lines = []
    for r in rows:
        mark = "← sekarang" if r.sekarang else ("sudah lewat" if r.dilewati else "")
        mark = "\n".join(part for part in (mark, text.diubah(r.diubah)) if part)
        first = (text.two_lines(r.awal_mulai, r.awal_selesai) if r.diubah else "",)
        lines.append(Row((tahap_label(r.tahap).split(" (")[0],
                          text.two_lines(r.rencana_mulai, r.rencana_selesai),
                          *(first if changed else ()),
                          text.two_lines(r.realisasi_mulai, r.realisasi_selesai), mark),
                         style="bold" if r.sekarang else ("dim" if r.dilewati else None)))
    return fitted(columns, lines, markup=False, title=f"Jadwal paket {kode}",
                  title_justify="left")


def late_rest_hint(obj: Context, kode: str) -> None:
    """After a transition: when the rest of the plan is late, say by how much and how to
    re-plan it (one line); read from cached SQL when it can be (no SQLAlchemy)."""
    rest = obj.read_only(lambda db: sisa.rest_of_plan(db, kode))
    if rest is not None and rest.terlambat_hari > 0:
        console.line(f"{text.late_rest(rest)} Susun ulang: pengadaan paket jadwal {kode} "
                     f'--susun-ulang --alasan "…"', markup=False, soft_wrap=True)
