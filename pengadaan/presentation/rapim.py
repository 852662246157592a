"""The Rapim's kabupaten slide as words and a Rich table: the few numbers the Bupati
asks for first, from the rekap's kabupaten total (the same numbers as ``pengadaan
rekap``'s total row, so the room and the officers never see two answers)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.table import Table

from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import WARNA_STYLE, rupiah, tanggal
from pengadaan.presentation.lateness_text import TANPA_KENDALA
from pengadaan.presentation.rapor import warna_cell

if TYPE_CHECKING:  # types only
    from pengadaan.usecases.rapor import BarisRekap

# How many of the kabupaten's worst packages the Rapim lists.
TERBURUK = 10


def kabupaten_heading(total: BarisRekap, tahun: int, per: date, dinilai: int) -> str:
    """Whose numbers, as of when (markup)."""
    return (f"[b]Ringkasan kabupaten[/b] per {tanggal(per)}, tahun anggaran {tahun} · "
            f"{total.paket} paket di {dinilai} OPD · {warna_cell(total.warna)}")


# The three numbers shown large, in this order (:func:`big_numbers`).
BIG_LABELS = ("Penyerapan", "Target", "Deviasi")


def big_numbers(total: BarisRekap) -> tuple[str, str, str]:
    """Absorption, the target at the date and the deviation (a dash without a value)."""
    return (format_bp(total.penyerapan_bp) or "–", format_bp(total.target_bp) or "–",
            format_bp(total.deviasi_bp, signed=True) or "–")


def kabupaten_table(total: BarisRekap) -> Table:
    """Money and where the year is heading (docs/proyeksi.md), then packages in
    trouble: late (and how many without a kendala) and kritis, counted as everywhere
    else (docs/aturan.md §6.1)."""
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column("", no_wrap=True, style="bold")
    table.add_column("", justify="right", no_wrap=True)
    for label, value, style in (
        ("Pagu", rupiah(total.pagu) or "Rp 0", ""),
        ("Nilai kontrak", rupiah(total.nilai_kontrak) or "Rp 0", ""),
        ("Realisasi keuangan", rupiah(total.realisasi_keuangan) or "Rp 0", ""),
        ("Target akhir bulan", format_bp(total.target_akhir_bulan_bp), ""),
        ("Proyeksi 31 Desember", format_bp(total.proyeksi_akhir_tahun_bp) or "–", ""),
        ("Dana berisiko", rupiah(total.dana_berisiko) or "Rp 0",
         "red" if total.dana_berisiko else ""),
        ("Paket terlambat", str(total.terlambat), "red" if total.terlambat else ""),
        (f"  {TANPA_KENDALA.lower()}", str(total.terlambat_tanpa_kendala),
         "red" if total.terlambat_tanpa_kendala else ""),
        ("Paket kritis", str(total.kritis), "red" if total.kritis else ""),
    ):
        table.add_row(label, value, style=style)
    return table


def warna_lines(rows: list[BarisRekap]) -> str:
    """How many OPDs are in each TEPRA band, and which are in the worst one shown
    (markup): what the room discusses after the kabupaten's numbers."""
    ranked = [r for r in rows if r.warna]
    if not ranked:
        return "Belum ada OPD yang dinilai."
    counts = " · ".join(f"{warna_cell(name)} {sum(r.warna == name for r in ranked)}"
                        for name in WARNA_STYLE)
    worst = next(name for name in reversed(WARNA_STYLE) if any(r.warna == name for r in ranked))
    names = ", ".join(r.opd for r in ranked if r.warna == worst)
    return f"[b]OPD per warna[/b]  {counts}\n[b]{worst.capitalize()}:[/b] {names}"
