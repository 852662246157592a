"""The words of a changed plan, the same in the CLI and the TUI (issue #13): how late
the rest of the plan is, a re-plan stage by stage, the first plan beside the current."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pengadaan.domain.formatting import tanggal
from pengadaan.domain.vocabulary import tahap_label

if TYPE_CHECKING:  # types only: the CLI's help and the TUI import this without the database
    from pengadaan.usecases.sisa_jadwal import GeserTahap, SisaJadwal


def rentang(mulai: date | None, selesai: date | None) -> str:
    """``24/02/2026–02/03/2026``; a missing end as ``-``."""
    return f"{tanggal(mulai) or '-'}–{tanggal(selesai) or '-'}"


def two_lines(mulai: date | None, selesai: date | None) -> str:
    """A span for a narrow table cell: start above end, ``-`` for an end not known yet;
    nothing when neither is."""
    if mulai is None and selesai is None:
        return ""
    return f"{tanggal(mulai) or '-'}\n{tanggal(selesai) or '-'}"


def diubah(n: int) -> str:
    """``diubah 2 kali``, nothing for a stage still on its first plan."""
    return f"diubah {n} kali" if n else ""


def late_rest(sisa: SisaJadwal) -> str:
    """``Sisa jadwal paket P-1 terlambat 37 hari: tahap Pengumuman berjalan sejak
    24/02/2026, rencananya selesai 02/02/2026.``"""
    current = sisa.tahapan[0]
    planned = (f", rencananya selesai {tanggal(current.lama_selesai)}"
               if current.lama_selesai else "")
    return (f"Sisa jadwal paket {sisa.kode} terlambat {sisa.terlambat_hari} hari: tahap "
            f"{tahap_label(sisa.tahap).split(' (')[0]} berjalan sejak {tanggal(sisa.mulai)}"
            f"{planned}.")


def past_fiscal_year(sisa: SisaJadwal) -> str | None:
    """A warning when the re-planned work ends after the fiscal year: a paket finishing
    next year is not absorbed this year (the rekap's serapan)."""
    end = sisa.pelaksanaan_selesai
    if end is None or end <= sisa.akhir_tahun_anggaran:
        return None
    return (f"Pelaksanaan menurut rencana baru selesai {tanggal(end)}, melewati akhir tahun "
            f"anggaran {tanggal(sisa.akhir_tahun_anggaran)}.")


def move_row(m: GeserTahap) -> tuple[str, str, str, str]:
    """Tahap, plan before, plan after, and why it stays when it is not this user's."""
    if m.bukan_wewenang:
        note = "tetap: bukan wewenang Anda"
    else:
        note = "" if m.berubah else "tidak bergeser"
    return (tahap_label(m.tahap).split(" (")[0], rentang(m.lama_mulai, m.lama_selesai),
            rentang(m.baru_mulai, m.baru_selesai), note)
