"""Lateness pieces of ``paket daftar`` and ``paket lihat`` (issue #3), kept here so
the package commands only call them."""

from __future__ import annotations

from datetime import date

import typer
from rich.text import Text

from pengadaan.cli.common import console, ctx_obj
from pengadaan.domain.alert_kinds import FLAG_LABEL, LATE_FLAGS, flag_name
from pengadaan.domain.formatting import rupiah, tanggal
from pengadaan.domain.lateness import Temuan
from pengadaan.presentation.fit import Phrases, wrap
from pengadaan.presentation.lateness_text import TANDA_KENDALA, marked_kendala
from pengadaan.usecases import dasbor, lateness
from pengadaan.usecases.lateness_results import PaketStatus


def status_rows(ctx: typer.Context, as_of: date, only_late: bool, *, opd, tahap, metode,
                jenis, tahun, cari, limit) -> list[PaketStatus]:
    page = dasbor.dashboard_page(ctx_obj(ctx).existing_db, as_of, opd=opd, tahap=tahap or None,
                                   metode=metode, jenis=jenis, tahun=tahun, only_late=only_late,
                                   cari=cari, limit=limit)
    return page.rows


def flags_cell(row) -> Phrases:
    """The flags of a list row, coloured (red late, yellow at risk), then the mark of a
    late row with an open kendala; a narrow column breaks between flags, never in one."""
    flags = getattr(row, "flags", ())
    parts = [Text(flag_name(flag), style="red" if flag in LATE_FLAGS else "yellow")
             for flag in flags]
    if marked_kendala(flags, getattr(row, "kendala_terbuka", False)):
        parts.append(Text(TANDA_KENDALA))
    return Phrases(parts)


def paket_flags(ctx: typer.Context, kode: str, as_of: date) -> list[Temuan]:
    return lateness.paket_flags(ctx_obj(ctx).db, kode, as_of)


def print_flags(flags: list[Temuan], as_of: date) -> None:
    if not flags:
        console.print(f"Tidak ada peringatan per {tanggal(as_of)}.")
        return
    console.print(f"[b]Peringatan per {tanggal(as_of)}:[/b]")
    for t in flags:
        colour = "red" if t.flag in LATE_FLAGS else "yellow"
        when = (f"{t.hari} hari terlambat" if t.hari > 0 else
                "hari ini" if t.hari == 0 else f"{-t.hari} hari lagi")
        denda = f", denda {rupiah(t.denda)}" if t.denda is not None else ""
        line = Text.from_markup(f"  [{colour}]{FLAG_LABEL[t.flag]}[/{colour}]: batas "
                                f"{tanggal(t.batas)} ({when}){denda}")
        console.print(wrap(line, console.width, indent="    "), soft_wrap=True)
