"""The dashboard's columns: header, width, alignment, sort key, and how a row reads.

Colour is never the only signal: every late, at-risk or kritis row also says so in
the Tanda column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pengadaan.tui.data import PaketStatus

from pengadaan.domain.formatting import rupiah, tanggal
from pengadaan.domain.lateness import FLAG_NAME, golongan
from pengadaan.domain.vocabulary import FINAL_TAHAP, METODE_LABEL, TAHAP, Kelompok
from pengadaan.presentation.lateness_text import TANDA_KENDALA, marked_kendala


@dataclass(frozen=True)
class Kolom:
    key: str  # also the sort key passed to the use case
    header: str
    width: int
    cell: Callable[[PaketStatus], str]
    right: bool = False
    grow: bool = False  # takes the width left over


# The kinds' names (domain/lateness.FLAG_NAME), in capitals for the Tanda column.
FLAG_LABEL = {flag: name.upper() for flag, name in FLAG_NAME.items()}

METODE_PENDEK = {
    "tender": "Tender", "tender_cepat": "Tdr Cepat", "seleksi": "Seleksi",
    "pengadaan_langsung": "PL", "penunjukan_langsung": "Penunjukan",
    "e_purchasing": "E-Purch", "swakelola": "Swakelola",
}


def tahap_pendek(code: str) -> str:
    """The stage label without its explanation in brackets."""
    return TAHAP.get(code, (code, None))[0].split(" (")[0]


def level(row: PaketStatus) -> str:
    """The row's colour class: its golongan (domain/lateness.golongan; kritis before
    terlambat, rawan as "hampir"), selesai or ''."""
    words = golongan(row.flags)
    for word, css in (("kritis", "kritis"), ("terlambat", "terlambat"), ("rawan", "hampir")):
        if word in words:
            return css
    if row.tahap in FINAL_TAHAP or TAHAP.get(row.tahap, ("", None))[1] in (
            Kelompok.GAGAL,):
        return "selesai"
    return ""


def _metode(code: str) -> str:
    return METODE_PENDEK.get(code) or METODE_LABEL.get(code, code)


# Wide enough for the longest late kind with the kendala mark after it.
TANDA_WIDTH = 25


def tanda(row: PaketStatus) -> str:
    """The flags in capitals; on a late row with an open kendala the mark after them,
    kept visible when the flags are cut to the column."""
    flags = ", ".join(FLAG_LABEL.get(f, f.upper()) for f in row.flags)
    if not marked_kendala(row.flags, row.kendala_terbuka):
        return flags
    mark = f" {TANDA_KENDALA.upper()}"
    room = TANDA_WIDTH - len(mark)
    if len(flags) > room:
        flags = flags[: room - 1] + "…"
    return flags + mark


def _hari(row: PaketStatus) -> str:
    if row.hari is None:
        return ""
    return f"+{row.hari}" if row.hari > 0 else str(row.hari)


COLUMNS: tuple[Kolom, ...] = (
    Kolom("kode", "Kode", 11, lambda r: r.kode),
    Kolom("nama", "Nama", 16, lambda r: r.nama, grow=True),
    Kolom("opd", "OPD", 10, lambda r: r.opd),
    Kolom("metode", "Metode", 10, lambda r: _metode(r.metode)),
    Kolom("tahap", "Tahap", 13, lambda r: tahap_pendek(r.tahap)),
    Kolom("batas", "Batas", 10, lambda r: tanggal(r.batas)),
    Kolom("hari", "Hari", 5, _hari, right=True),
    Kolom("severity", "Tanda", TANDA_WIDTH, tanda),
    Kolom("pagu", "Pagu", 17, lambda r: rupiah(r.pagu), right=True),
    Kolom("nilai_kontrak", "Nilai Kontrak", 17, lambda r: rupiah(r.nilai_kontrak),
          right=True),
)
SORT_KEYS = tuple(c.key for c in COLUMNS)
