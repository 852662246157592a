"""Table columns that fit the terminal: header, kind, when it leaves, widths, how a row
reads.

Each column is declared once (the dashboard's here, the Rekap OPD's and the
Peringatan's beside their screens); :func:`fit` lays them out for a terminal width (see
docs/tampilan-terminal.md, "Ukuran terminal"). Colour is never the only signal: every
late, at-risk or kritis row also says so in the Tanda column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pengadaan.tui.data import PaketStatus

from pengadaan.domain.alert_kinds import FLAG_NAME, golongan
from pengadaan.domain.formatting import rupiah, tanggal
from pengadaan.domain.vocabulary import FINAL_TAHAP, METODE_LABEL, TAHAP, Kelompok
from pengadaan.presentation.column_widths import Need, Spacing, decide, need
from pengadaan.presentation.lateness_text import (
    TANDA_KENDALA,
    TANDA_KENDALA_SEMPIT,
    marked_kendala,
)
from pengadaan.presentation.safe_text import printable
from pengadaan.presentation.table_columns import Kind, aligned


def cut(text: str, width: int) -> str:
    """``text`` in ``width`` cells, an ellipsis marking what was left off."""
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class Kolom:
    """A TUI column: kind and drop as a CLI
    :class:`~pengadaan.presentation.table_columns.Column` declares them (one width
    decision for both), plus how a row reads in one line: a name, label or free text
    too long for its width is cut, not wrapped."""

    key: str  # also the sort key passed to the use case
    header: str
    kind: Kind
    drop: int  # 0 never leaves; 1 leaves first, 2 next … (of equals the rightmost first)
    width: int  # the least it is drawn with (whole kinds: this or their longest cell)
    cell: Callable[[Any], str]  # the row (a PaketStatus, a BarisRekap …) as text
    full: int = 0  # a label's width with nothing cut (0: width)
    justify: str | None = None  # bawaan: right for amounts, percentages and numbers
    fit: Callable[[str, int], str] = cut  # how a too-long cell is shortened
    style: Callable[[Any], str] | None = None  # a cell's own style (the TEPRA band)

    @property
    def widest(self) -> int:
        return max(self.full, self.width)

    @property
    def right(self) -> bool:
        return aligned(self.kind, self.justify) == "right"

    def need(self, widest: int | None = None) -> Need:
        """What it needs (``widest``: a whole column's longest cell seen): a name or
        free text takes what is left, the table being read a page at a time."""
        if not self.kind.whole:
            widest = self.widest if self.kind == Kind.LABEL else None
        return need(self.kind, widest, self.width)

    def text(self, item: Any) -> str:
        """The cell as shown: stored control characters as visible stand-ins."""
        return printable(self.cell(item))


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
# At 80 columns: the longest kind with "+N" ("LEWAT TAHUN ANGGARAN +1"), or the longest
# late kind with "+N +K" ("KONTRAK TERTUNDA +3 +K"); cut_tanda never cuts a kind there.
TANDA_MIN = 23
# Three kinds and the mark (a fourth kind is cut, the mark kept); at 200 columns Tanda
# gets this before Nama grows.
TANDA_FULL = 60


TANDA_MARK = f" {TANDA_KENDALA.upper()}"
TANDA_MARK_SEMPIT = f" {TANDA_KENDALA_SEMPIT.upper()}"
KIND_SEPARATOR = ", "


def cut_tanda(text: str, width: int) -> str:
    """Tanda in ``width`` without cutting a kind (issue #14): whole when it fits, else
    the worst kind whole, how many more (``+2``) and the kendala mark (``+K`` when
    ``+KENDALA`` leaves no room); only a column narrower than that cuts."""
    if len(text) <= width:
        return text
    marked = text.endswith(TANDA_MARK)
    kinds = (text[: -len(TANDA_MARK)] if marked else text).split(KIND_SEPARATOR)
    more = f" +{len(kinds) - 1}" if len(kinds) > 1 else ""
    for mark in (TANDA_MARK, TANDA_MARK_SEMPIT) if marked else ("",):
        compact = kinds[0] + more + mark
        if len(compact) <= width:
            return compact
    return cut(compact, width)


def tanda(row: PaketStatus, width: int | None = TANDA_WIDTH) -> str:
    """The flags in capitals; on a late row with an open kendala the mark after them,
    kept visible when the flags are cut to ``width`` (None: nothing cut)."""
    text = KIND_SEPARATOR.join(FLAG_LABEL.get(f, f.upper()) for f in row.flags)
    if marked_kendala(row.flags, row.kendala_terbuka):
        text += TANDA_MARK
    return text if width is None else cut_tanda(text, width)


def _hari(row: PaketStatus) -> str:
    if row.hari is None:
        return ""
    return f"+{row.hari}" if row.hari > 0 else str(row.hari)


K = Kind  # short, for the table below
COLUMNS: tuple[Kolom, ...] = (
    Kolom("kode", "Kode", K.KODE, 0, 10, lambda r: r.kode),
    Kolom("nama", "Nama", K.NAME, 5, 10, lambda r: r.nama),
    Kolom("opd", "OPD", K.LABEL, 3, 11, lambda r: r.opd),
    Kolom("metode", "Metode", K.LABEL, 1, 10, lambda r: _metode(r.metode)),
    Kolom("tahap", "Tahap", K.LABEL, 7, 14, lambda r: tahap_pendek(r.tahap),
          full=max(len(tahap_pendek(code)) for code in TAHAP)),
    Kolom("batas", "Batas", K.DATE, 9, 10, lambda r: tanggal(r.batas)),
    Kolom("hari", "Hari", K.NUMBER, 8, 5, _hari),
    Kolom("severity", "Tanda", K.LABEL, 6, TANDA_MIN, lambda r: tanda(r, None), full=TANDA_FULL,
          fit=cut_tanda),
    Kolom("pagu", "Pagu", K.MONEY, 4, 17, lambda r: rupiah(r.pagu)),
    Kolom("nilai_kontrak", "Nilai Kontrak", K.MONEY, 2, 17, lambda r: rupiah(r.nilai_kontrak)),
)
SORT_KEYS = tuple(c.key for c in COLUMNS)
GAP = 1  # blank cells between two columns


@dataclass(frozen=True)
class Tata:
    """The columns laid out for one width: those shown with their widths, those hidden."""

    shown: tuple[tuple[Kolom, int], ...]
    hidden: tuple[Kolom, ...]

    @property
    def width(self) -> int:
        return sum(w for _, w in self.shown) + GAP * (len(self.shown) - 1)


def fit(width: int, columns: tuple[Kolom, ...] = COLUMNS,
        widest: Mapping[str, int] | None = None) -> Tata:
    """Lay ``columns`` out in ``width`` cells by the one width decision
    (pengadaan/presentation/column_widths.decide): the order on screen stays the
    declared one. ``widest``: the longest cell seen per whole column (a long imported
    kode, a pagu of Rp 100 miliar), which widens that column rather than cutting it."""
    widest = widest or {}
    layout = decide(columns, [c.need(widest.get(c.key)) for c in columns], width,
                    Spacing(between=GAP))
    return Tata(tuple((columns[i], w) for i, w in zip(layout.shown, layout.widths,
                                                        strict=True)),
                tuple(columns[i] for i in layout.hidden))
