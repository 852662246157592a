"""The rapor OPD as Rich renderables, so ``pengadaan rapor`` and the TUI's rapor screen
show the same report card from the same code."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from pengadaan.domain import formatting
from pengadaan.domain.alert_kinds import LATE_FLAGS, flag_name
from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import WARNA_STYLE, rupiah, tanggal
from pengadaan.domain.vocabulary import tahap_label
from pengadaan.presentation.jadwal_text import diubah
from pengadaan.presentation.lateness_text import TANPA_KENDALA, per_golongan
from pengadaan.presentation.table_columns import Column, Kind, Row

if TYPE_CHECKING:  # types only: the CLI's help imports this without the database
    from rich.table import Table
    from rich.text import Text

    from pengadaan.presentation.fit import Fitted, FitWhereDrawn
    from pengadaan.usecases import rapor as uc

# The month-end target's column, beside "Target" (the target at the date).
AKHIR_BULAN = "Akhir bulan"
TARGET_NOTE = ("Target = target kumulatif pada tanggal itu (garis lurus per hari dari target "
               "akhir bulan lalu); Akhir bulan = target kumulatif akhir bulan (RAK).")


def _fit(*args, **options) -> Fitted:
    """:func:`pengadaan.presentation.fit.fit`: Rich loads when a table is drawn, not for
    the rekap's JSON, which shares this module's column words."""
    from pengadaan.presentation.fit import fit

    return fit(*args, **options)


def _where_drawn(draw) -> FitWhereDrawn:
    from pengadaan.presentation.fit import FitWhereDrawn

    return FitWhereDrawn(draw)


def warna_cell(name: str | None) -> str:
    """The TEPRA band as markup: named and coloured."""
    return f"[{WARNA_STYLE[name]}] {name.upper()} [/]" if name else ""


def skor(bp: int | None) -> str:
    """A score out of 100, ``63,19`` (no percent sign: it is not a share)."""
    return format_bp(bp).removesuffix("%")


def heading(card: uc.RaporOpd) -> str:
    """Who, as of when, and where the OPD stands (markup)."""
    b = card.baris
    text = (f"[b]Rapor OPD {b.nama} ({b.opd})[/b] per {tanggal(card.per)}, tahun anggaran "
            f"{card.tahun}\n")
    if b.peringkat is not None:
        return text + (f"Peringkat {b.peringkat} dari {card.dinilai} OPD · skor "
                       f"{skor(b.skor_bp)} · {warna_cell(b.warna)}")
    return text + "Belum dinilai: tidak ada paket pada tahun anggaran ini."


def summary_table(b: uc.BarisRekap) -> Table:
    from rich.table import Table

    table = Table(show_header=False, title="Ringkasan", title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    for label, value in (
        ("Paket", str(b.paket)), ("Pagu", rupiah(b.pagu)),
        ("Rencana / pemilihan", f"{b.rencana} / {b.pemilihan}"),
        ("Kontrak & pelaksanaan / selesai", f"{b.kontrak_pelaksanaan} / {b.selesai}"),
        ("Gagal / batal", str(b.gagal_batal)),
        ("Pemilihan tepat waktu", format_bp(b.tepat_waktu_bp)),
        ("Terkontrak", format_bp(b.terkontrak_bp)),
        ("Terlambat / kritis", f"{b.terlambat} / {b.kritis}"),
        (f"Terlambat {TANPA_KENDALA.lower()}", str(b.terlambat_tanpa_kendala)),
        ("Nilai kontrak", rupiah(b.nilai_kontrak)),
        ("Realisasi keuangan", rupiah(b.realisasi_keuangan)),
        ("Penyerapan / target", f"{format_bp(b.penyerapan_bp)} / {format_bp(b.target_bp)}"),
        ("Target akhir bulan", format_bp(b.target_akhir_bulan_bp)),
        ("Deviasi", format_bp(b.deviasi_bp, signed=True)),
        ("Proyeksi 31 Desember", format_bp(b.proyeksi_akhir_tahun_bp)),
        ("Dana berisiko", rupiah(b.dana_berisiko) or "Rp 0"),
    ):
        table.add_row(label, value)
    return table


def alasan_cell(p: uc.PaketBermasalah, explained_above: bool = False) -> Text:
    """The stage/deadline reason, then the kendala and tindak lanjut that explain it
    (said once per paket: a second row of the same paket points up to it)."""
    from rich.text import Text

    lines = [p.alasan]
    if explained_above and (p.kendala or p.tindak_lanjut):
        lines.append("Kendala dan tindak lanjut: lihat baris di atas")
    else:
        if p.kendala:
            lines.append(f"Kendala: {p.kendala}")
        if p.tindak_lanjut:
            lines.append(f"Tindak lanjut: {p.tindak_lanjut}")
    return Text("\n".join(lines))  # plain text: a kendala's words are not Rich markup


def batas_cell(p: uc.PaketBermasalah) -> str:
    """The deadline judged against (the current plan); under it the first one when the
    plan was changed, and how often (a re-plan never hides the original deadline)."""
    if not p.diubah:
        return tanggal(p.batas)
    return f"{tanggal(p.batas)}\nawal {tanggal(p.batas_awal)}\n{diubah(p.diubah)}"


BERMASALAH_COLUMNS = (
    Column("Kode", Kind.KODE), Column("Nama", Kind.NAME, drop=3),
    Column("Tahap", Kind.LABEL, drop=2), Column("Peringatan", Kind.LABEL),
    Column("Batas", Kind.DATE), Column("Hari", Kind.NUMBER, drop=1),
    Column("Alasan", Kind.TEXT, min_width=18),
)
BULANAN_COLUMNS = (
    Column("Bulan", Kind.KODE), Column("Sampai", Kind.DATE, justify="right", drop=2),
    Column("Target", Kind.PERCENT), Column(AKHIR_BULAN, Kind.PERCENT, drop=1),
    Column("Realisasi", Kind.MONEY, drop=3), Column("Serapan", Kind.PERCENT),
    Column("Deviasi", Kind.PERCENT), Column("Warna", Kind.KODE, justify="right"),
)


def bermasalah_table(rows: list[uc.PaketBermasalah]) -> FitWhereDrawn:
    """The late and critical packages, fitted to the pane they are drawn in (the TUI
    rapor and the Rapim slide, 80 to 240 columns wide)."""
    return _where_drawn(lambda width: bermasalah_fitted(rows, width))


def bermasalah_fitted(rows: list[uc.PaketBermasalah], width: int | None) -> Fitted | str:
    if not rows:
        return "Tidak ada paket terlambat atau kritis."
    words = per_golongan(
        {p.peringatan for p in rows if p.kode == kode} for kode in {p.kode for p in rows})
    return _fit(BERMASALAH_COLUMNS, _bermasalah_rows(rows), width,
               title=f"Paket terlambat dan kritis: {words['terlambat']} terlambat, "
                     f"{words['kritis']} kritis", title_justify="left")


def _bermasalah_rows(rows: list[uc.PaketBermasalah], opds: list[str] | None = None
                     ) -> Iterator[Row]:
    """One row per package and flag, led by its OPD when ``opds`` are given."""
    above = [None, *(p.kode for p in rows)]  # each row's predecessor's kode
    lead = [()] * len(rows) if opds is None else [(o,) for o in opds]
    for p, before, first in zip(rows, above, lead, strict=False):
        yield Row((*first, p.kode, p.nama, tahap_label(p.tahap), flag_name(p.peringatan),
                   batas_cell(p), "" if p.hari is None else str(p.hari),
                   alasan_cell(p, explained_above=p.kode == before)),
                  style="red" if p.peringatan in LATE_FLAGS else "yellow")


# The rapor's columns led by the OPD; the reason (with its kendala and tindak lanjut) is
# what the room reads, so on a narrow screen the name and the stage leave before it
# wraps narrower than this.
TERBURUK_COLUMNS = (Column("OPD", Kind.KODE), *BERMASALAH_COLUMNS[:-1],
                    replace(BERMASALAH_COLUMNS[-1], min_width=36))


def terburuk_table(rows: list[uc.PaketTerburuk]) -> FitWhereDrawn:
    """The kabupaten's worst packages (the Rapim), fitted where drawn."""
    return _where_drawn(lambda width: terburuk_fitted(rows, width))


def terburuk_fitted(rows: list[uc.PaketTerburuk], width: int | None) -> Fitted | str:
    """The rapor's columns led by the OPD (which never leaves)."""
    if not rows:
        return "Tidak ada paket terlambat atau kritis."
    return _fit(TERBURUK_COLUMNS,
               _bermasalah_rows([t.paket for t in rows], [t.opd for t in rows]), width,
               title=f"{len({t.paket.kode for t in rows})} paket terburuk: terlambat paling "
                     "lama dulu, lalu kritis", title_justify="left")


def bulanan_table(months: list[uc.BulanSerapan]) -> FitWhereDrawn:
    """Absorption month by month, fitted to the pane it is drawn in (the TUI)."""
    return _where_drawn(lambda width: bulanan_fitted(months, width))


def bulanan_fitted(months: list[uc.BulanSerapan], width: int | None) -> Fitted:
    return _fit(BULANAN_COLUMNS, (
        (formatting.BULAN[m.bulan - 1], tanggal(m.sampai), format_bp(m.target_bp),
         format_bp(m.target_akhir_bulan_bp), rupiah(m.realisasi), format_bp(m.penyerapan_bp),
         format_bp(m.deviasi_bp, signed=True), warna_cell(m.warna)) for m in months), width,
        title="Penyerapan kumulatif per bulan", title_justify="left", caption=TARGET_NOTE,
        caption_justify="left")


def chart_series(months: list[uc.BulanSerapan]) -> tuple[list[str], list[float], list[float]]:
    """Month labels, target % and realisasi % for a target-vs-absorption chart."""
    singkat = formatting.BULAN_SINGKAT
    return ([singkat[m.bulan - 1] for m in months], [m.target_bp / 100 for m in months],
            [(m.penyerapan_bp or 0) / 100 for m in months])
