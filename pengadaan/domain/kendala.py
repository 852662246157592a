"""Kendala (obstacles) on a paket and their tindak lanjut (follow-up), issue #13.

The categories and statuses are codes stored in the database and typed on the
command line; the labels are for people. docs/aturan.md lists them with their
meaning. Who may record what is decided here, pure, in the style of akses.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pengadaan.domain.akses import Pelaku, Peran, may_change, refusal_to_change
from pengadaan.domain.formatting import tanggal
from pengadaan.domain.vocabulary import Labelled, labels, parse_choice


class KategoriKendala(Labelled):
    """Why a paket is held up (docs/aturan.md, "Kendala dan tindak lanjut")."""

    LAHAN = "lahan", "Lahan/perizinan"
    CUACA = "cuaca", "Cuaca/bencana"
    MATERIAL = "material", "Material/peralatan"
    PENYEDIA = "penyedia", "Kinerja penyedia"
    ADMINISTRASI = "administrasi", "Administrasi/dokumen"
    ANGGARAN = "anggaran", "Anggaran/refocusing"
    PEMILIHAN_ULANG = "pemilihan_ulang", "Gagal/ulang pemilihan"
    SANGGAH = "sanggah", "Sanggah"
    LAINNYA = "lainnya", "Lainnya"


class StatusTindakLanjut(Labelled):
    """Where a tindak lanjut stands; it may move either way but is kept in history."""

    DIRENCANAKAN = "direncanakan", "Direncanakan"
    BERJALAN = "berjalan", "Berjalan"
    SELESAI = "selesai", "Selesai"


KATEGORI_LABEL = labels(KategoriKendala)
STATUS_LABEL = labels(StatusTindakLanjut)


def parse_kategori(text: str) -> KategoriKendala:
    return parse_choice(KategoriKendala, text or "", "kategori")


def parse_status(text: str) -> StatusTindakLanjut:
    return parse_choice(StatusTindakLanjut, text or "", "status")


def kategori_label(code: str) -> str:
    return KATEGORI_LABEL.get(code, code)


def status_label(code: str) -> str:
    return STATUS_LABEL.get(code, code)


def open_on(tanggal: date, selesai_tanggal: date | None, as_of: date) -> bool:
    """A kendala is open on ``as_of`` when recorded by then and not resolved by then
    (``db/kendala.open_condition`` is the SQL form)."""
    return tanggal <= as_of and (selesai_tanggal is None or selesai_tanggal > as_of)


def overdue(batas: date, status: str, as_of: date) -> bool:
    """A tindak lanjut is overdue on ``as_of`` when not selesai and its batas is past
    (batas itself is the last day). The status is the current one: status changes carry
    only when they were recorded, not a date they took effect (docs/aturan.md §6.1)."""
    return status != StatusTindakLanjut.SELESAI and batas < as_of


def earliest_overdue(follow_ups, as_of: date) -> date | None:
    """The oldest batas of a paket's overdue tindak lanjut on kendala open on ``as_of``,
    from ``(kendala tanggal, kendala selesai_tanggal, batas, status)`` tuples; None
    without one. The Python form of the ``tindak_lanjut_lewat`` alert
    (domain/lateness.py)."""
    return min((batas for tanggal, selesai, batas, status in follow_ups
                if open_on(tanggal, selesai, as_of) and overdue(batas, status, as_of)),
               default=None)


# Marks a progress note standing in for a kendala: it was not recorded as one.
CATATAN_PROGRES = "(catatan progres)"


def kendala_text(kategori: str, uraian: str) -> str:
    """``Cuaca/bencana: Hujan deras …``."""
    return f"{kategori_label(kategori)}: {uraian}"


def tindak_lanjut_text(uraian: str, pelaksana: str, batas: date, status: str) -> str:
    """``Tambah shift kerja — Penyedia, batas 20/03/2026 (Berjalan)``."""
    return f"{uraian} — {pelaksana}, batas {tanggal(batas)} ({status_label(status)})"


def lateness_reason(kendala: Any | None, tindak_lanjut: Any | None,
                    catatan_progres: str | None) -> tuple[str | None, str | None]:
    """The Kendala and Tindak Lanjut texts that explain a paket's lateness: its open
    kendala and that kendala's tindak lanjut; without one, the latest progress note,
    marked as such (nobody recorded it as a kendala); else nothing."""
    if kendala is not None:
        follow = None if tindak_lanjut is None else tindak_lanjut_text(
            tindak_lanjut.uraian, tindak_lanjut.pelaksana, tindak_lanjut.batas,
            tindak_lanjut.status)
        return kendala_text(kendala.kategori, kendala.uraian), follow
    note = (catatan_progres or "").strip()
    return (f"{CATATAN_PROGRES} {note}" if note else None), None


def refusal_to_record_kendala(pelaku: Pelaku, opd_id: int, opd_nama: str,
                              what: str = "mencatat kendala") -> str | None:
    """Kendala (recording and resolving) belong to either paket role: the PPK of the
    paket's OPD or UKPBJ, and the admin; a pengawas only reads them."""
    return refusal_to_change(pelaku, opd_id, opd_nama, what, owner=None)


def refusal_to_import_kendala(pelaku: Pelaku) -> str | None:
    """Asked once before a kendala file is read: a pengawas records none, so none of
    its rows could pass; each row is then judged by :func:`refusal_to_record_kendala`."""
    if pelaku.peran == Peran.PENGAWAS:
        return (f"Anda ({pelaku.label}) tidak berwenang mengimpor kendala: pengawas hanya "
                "membaca")
    return None


def refusal_to_follow_up(pelaku: Pelaku, opd_id: int, opd_nama: str,
                         rekomendasi: bool) -> str | None:
    """A tindak lanjut is the paket roles' like a kendala; a pengawas (Inspektorat,
    Sekda, TEPRA) may add one only as a rekomendasi, which changes nothing of the paket."""
    if pelaku.peran == Peran.PENGAWAS and rekomendasi:
        return None
    if pelaku.peran == Peran.PENGAWAS:
        return (f"Anda ({pelaku.label}) tidak berwenang mencatat tindak lanjut: pengawas "
                "hanya memberi rekomendasi (--rekomendasi)")
    return refusal_to_record_kendala(pelaku, opd_id, opd_nama, "mencatat tindak lanjut")


def refusal_to_update_follow_up(pelaku: Pelaku, opd_id: int, opd_nama: str) -> str | None:
    """Moving a tindak lanjut (also a rekomendasi) along is the work of the paket roles."""
    return refusal_to_record_kendala(pelaku, opd_id, opd_nama,
                                     "memperbarui tindak lanjut")


def follows_up_as_rekomendasi(pelaku: Pelaku | None) -> bool:
    """A pengawas's tindak lanjut is always a rekomendasi (the only one it may add)."""
    return pelaku is not None and pelaku.peran == Peran.PENGAWAS


def may_follow_up(pelaku: Pelaku | None) -> bool:
    """Whether the user adds tindak lanjut at all: the paket roles, and a pengawas its
    rekomendasi; an unknown user never (the use case judges the OPD)."""
    return may_change(pelaku) or follows_up_as_rekomendasi(pelaku)
