"""The one set of input limits (the table in docs/dasar.md, "Batas isian"): every door
— CLI parsing, TUI forms, imports and the use cases — checks a value here before the
database sees it, so SQLite and PostgreSQL refuse the same values with the same
Indonesian message.

The column lengths in db/models.py are these declarations; nothing is cut silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from pengadaan.domain.errors import InvalidInput

# A paket cannot cost more than a whole regional budget (the largest APBD is under
# Rp 100 triliun); 90.000 paket at this maximum still sum inside BIGINT (2^63 − 1).
RUPIAH_MAKS = 100_000_000_000_000
TAHUN_MIN, TAHUN_MAKS = 2000, 2100
TANGGAL_MIN, TANGGAL_MAKS = date(TAHUN_MIN, 1, 1), date(TAHUN_MAKS, 12, 31)
PERSEN_MIN, PERSEN_MAKS = 0, 100
NOMOR_MAKS = 2**31 - 1  # a record number: INTEGER on both databases
TEKS_BEBAS_MAKS = 4000  # catatan, uraian, alasan: free text, a few paragraphs at most

# What a terminal would obey rather than show: C0 controls (tab and newline allowed
# only where a field takes several lines), DEL, C1 controls, bidi embeddings,
# overrides, isolates and marks (U+202E turns text around), and lone UTF-16
# surrogates (no character at all; PostgreSQL and UTF-8 files refuse them).
_KENDALI = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
            "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff")


@cache
def kendali(baris: bool = False) -> re.Pattern[str]:
    """The characters a one-line field refuses (``baris``: a field of several lines,
    where tab and line breaks are allowed; also what a terminal must never be sent).
    Compiled on first use: ±3 million instructions each, which a command that checks
    no text (``paket daftar --format json``, issue #15) does not pay."""
    return re.compile(f"[{_KENDALI}]" if baris else f"[\t\n\r{_KENDALI}]")


@cache
def _whitespace_controls() -> re.Pattern[str]:
    return re.compile("[\t\n\r]+")


def one_line(text: str) -> str:
    """Tabs and line breaks inside imported one-line text (a wrapped spreadsheet cell)
    as one space; any other control character stays, for :meth:`Teks.periksa` to refuse."""
    return _whitespace_controls().sub(" ", text)


def without_controls(texts: list[str]) -> bool:
    """Whether none of ``texts`` holds a control character at all (tab and line break
    included): :func:`one_line` leaves them as they are and :meth:`Teks.periksa` finds
    nothing to refuse. One search for all of them: an import asks for every field of
    every row."""
    return kendali().search("".join(texts)) is None


@dataclass(frozen=True)
class Teks:
    """A text field: its label in messages, its most characters (the column's length;
    ``None`` for free text, bounded by :data:`TEKS_BEBAS_MAKS`) and whether it may
    hold several lines."""

    label: str
    panjang: int | None = None
    baris: bool = False

    @property
    def maks(self) -> int:
        return self.panjang or TEKS_BEBAS_MAKS

    def periksa(self, value: str, where: str = "") -> str:
        """``value`` unchanged when allowed; else one Indonesian :class:`InvalidInput`
        naming the field (and ``where``, e.g. the import row)."""
        found = kendali(self.baris).search(value)
        if found:
            raise InvalidInput(f"{where}{self.label}: berisi karakter kendali "
                               f"U+{ord(found.group()):04X} pada posisi {found.start() + 1}; "
                               "hapus lalu coba lagi")
        if len(value) > self.maks:
            raise InvalidInput(f"{where}{self.label}: paling panjang {self.maks} karakter "
                               f"({len(value)} diberikan)")
        return value

    def periksa_opsional(self, value: str | None, where: str = "") -> str | None:
        return None if value is None else self.periksa(value, where)


# Every text column a user fills, declared once (db/models.py takes the lengths).
KODE_PAKET = Teks("kode", 60)
KODE_RUP = Teks("kode RUP", 60)
NAMA_PAKET = Teks("nama", 500)
SUMBER_DANA = Teks("sumber dana", 60)
PENYEDIA = Teks("penyedia", 200)
PPK = Teks("PPK", 200)
KODE_OPD = Teks("kode OPD", 40)
NAMA_OPD = Teks("nama OPD", 200)
SINGKATAN_OPD = Teks("singkatan OPD", 60)
NAMA_PENGGUNA = Teks("pengguna", 100)
KETERANGAN_LIBUR = Teks("keterangan", 200)
PELAKSANA = Teks("pelaksana", 200)
NILAI_PENGATURAN = Teks("nilai", 200)
TEKS_BEBAS = Teks("teks", None, baris=True)  # catatan, uraian, alasan (columns of TEXT)


def rupiah(value: int, label: str = "nilai", where: str = "") -> int:
    """A whole-Rupiah amount within 0 … :data:`RUPIAH_MAKS`."""
    if not 0 <= value <= RUPIAH_MAKS:
        from pengadaan.domain.formatting import rupiah as fmt

        what = "nilai tidak boleh negatif" if value < 0 else f"melebihi batas {fmt(RUPIAH_MAKS)}"
        raise InvalidInput(f"{where}{label}: {what}")
    return value


def rupiah_angka(value: object, label: str = "nilai", where: str = "") -> int:
    """A number read from a file (int, float or Decimal) as whole Rupiah: NaN,
    Infinity and amounts past :data:`RUPIAH_MAKS` refused before any rounding."""
    if type(value) is int and 0 <= value <= RUPIAH_MAKS:
        return value  # the common case, already whole and within the limits
    from decimal import Decimal  # loaded by the imports that read one, not at start-up

    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidInput(f"{where}{label}: '{value}' bukan nilai Rupiah")
    finite = (value.is_finite() if isinstance(value, Decimal)
              else not isinstance(value, float) or math.isfinite(value))
    if not finite:
        raise InvalidInput(f"{where}{label}: '{value}' bukan nilai Rupiah yang terhingga")
    if abs(value) > RUPIAH_MAKS:
        rupiah(RUPIAH_MAKS + 1 if value > 0 else -1, label, where)
    return rupiah(int(round(value)), label, where)


def tanggal(value: date, label: str = "tanggal", where: str = "") -> date:
    """A date within :data:`TANGGAL_MIN` … :data:`TANGGAL_MAKS`."""
    if not TANGGAL_MIN <= value <= TANGGAL_MAKS:
        shown = f"{value.day:02}/{value.month:02}/{value.year:04}"
        raise InvalidInput(f"{where}{label}: {shown} di luar rentang "
                           f"01/01/{TAHUN_MIN}–31/12/{TAHUN_MAKS}")
    return value


def tahun(value: int, label: str = "tahun", where: str = "") -> int:
    if not TAHUN_MIN <= value <= TAHUN_MAKS:
        raise InvalidInput(f"{where}{label}: {value} di luar rentang {TAHUN_MIN}–{TAHUN_MAKS}")
    return value
