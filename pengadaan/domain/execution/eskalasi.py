"""What the kritis → SCM → SP → putus kontrak chain and pemberian kesempatan put on
record (docs/aturan.md §5.2–5.4).

One wording of the riwayat notes and one daftar hitam length for the use cases
(pengadaan/usecases/execution_records.py) and the demo year, so an officer reading a
history sees the same facts whichever way a step was recorded.
"""

from __future__ import annotations

from datetime import date

from pengadaan.domain import config
from pengadaan.domain.execution import denda as dn
from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import rupiah, tanggal

SCM_NUMBER = {"kritis": 1, "scm_1": 2, "scm_2": 3}  # the SCM held when leaving a stage
SP_NUMBER = {"scm_3": 1, "sp_1": 2, "sp_2": 3}  # the surat peringatan issued likewise


def _joined(text: str, catatan: str | None) -> str:
    return f"{text}. {catatan}" if catatan else text


def kritis_note(rencana_bp: int, fisik_bp: int, tanggal_laporan: date,
                catatan: str | None) -> str:
    return _joined(f"Rencana {format_bp(rencana_bp)}, realisasi {format_bp(fisik_bp)} "
                   f"({tanggal(tanggal_laporan)})", catatan)


def sp_note(number: int, catatan: str | None) -> str:
    return _joined(f"Surat peringatan {number}", catatan)


def scm_note(number: int, target_bp: int, uji_coba: date, catatan: str | None) -> str:
    return _joined(f"SCM tahap {'I' * number}: target uji coba {format_bp(target_bp)} pada "
                   f"{tanggal(uji_coba)}", catatan)


def kesempatan_note(selesai: date, sampai: date, nilai: int, catatan: str | None) -> str:
    """Its length and the denda it may reach; ``nilai`` is the value denda is on
    (the whole contract or the late part, PPN included: dasar_denda takes it off)."""
    days = (sampai - selesai).days
    projected = dn.denda(dn.dasar_denda(nilai), max(days, 0))
    return _joined(f"Pemberian kesempatan {days} hari kalender sampai {tanggal(sampai)}; "
                   f"denda 1‰/hari s.d. {rupiah(projected)}", catatan)


def daftar_hitam_tahun(curang: bool) -> int:
    return config.DAFTAR_HITAM_TAHUN_CURANG if curang else config.DAFTAR_HITAM_TAHUN


def putus_note(catatan: str | None, penyedia: str | None, curang: bool,
               lanjutan: str | None) -> str:
    note = catatan or ""
    if penyedia:
        note += f" [daftar hitam {daftar_hitam_tahun(curang)} tahun]"
    if lanjutan:
        note += f" [paket lanjutan: {lanjutan}]"
    return note
