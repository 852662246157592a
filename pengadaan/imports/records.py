"""What a parser produces: one validated paket record per source row, or a rejection."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pengadaan.domain import limits
from pengadaan.domain.errors import InvalidInput
from pengadaan.exports.cells import csv_value


@dataclass
class JadwalRecord:
    """Planned and actual dates of one stage, as read from the file."""

    rencana_mulai: date | None = None
    rencana_selesai: date | None = None
    realisasi_mulai: date | None = None
    realisasi_selesai: date | None = None

    def widen(self, start: date | None, end: date | None) -> None:
        """Several source steps may map onto one tahap: keep the outer window."""
        if start and (self.rencana_mulai is None or start < self.rencana_mulai):
            self.rencana_mulai = start
        if end and (self.rencana_selesai is None or end > self.rencana_selesai):
            self.rencana_selesai = end


@dataclass
class PaketRecord:
    """A paket as the source file describes it (codes already mapped to ours)."""

    row: int
    kode: str
    nama: str
    opd_nama: str
    tahun: int
    jenis: str
    metode: str
    pagu: int
    tahap: str = "rencana"
    tahap_tanggal: date | None = None
    kode_rup: str | None = None
    opd_kode: str | None = None
    sumber_dana: str | None = None
    hps: int | None = None
    nilai_kontrak: int | None = None
    penyedia: str | None = None
    ppk: str | None = None
    tgl_awal_pemilihan: date | None = None
    tgl_kontrak_mulai: date | None = None
    tgl_kontrak_selesai: date | None = None
    jadwal: dict[str, JadwalRecord] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejection:
    """Why one row was refused: row number (1 = first data row), column, reason."""

    row: int
    kolom: str
    alasan: str

    def __str__(self) -> str:
        return f"baris {self.row}, kolom {self.kolom}: {self.alasan}"


class RowError(Exception):
    """Raised inside a row parser; becomes a :class:`Rejection` of that row."""

    def __init__(self, kolom: str, alasan: str) -> None:
        super().__init__(f"{kolom}: {alasan}")
        self.kolom = kolom
        self.alasan = alasan


# A record's text fields and amounts, each against its declared limit (domain/limits.py).
RECORD_TEKS = {
    "kode": limits.KODE_PAKET, "kode_rup": limits.KODE_RUP, "nama": limits.NAMA_PAKET,
    "opd_nama": limits.NAMA_OPD, "opd_kode": limits.KODE_OPD,
    "sumber_dana": limits.SUMBER_DANA, "penyedia": limits.PENYEDIA, "ppk": limits.PPK,
}
RECORD_RUPIAH = ("pagu", "hps", "nilai_kontrak")
_RECORD_MAKS = tuple((name, teks.maks) for name, teks in RECORD_TEKS.items())


def within_limits(record: PaketRecord, kolom: dict[str, str]) -> PaketRecord:
    """``record`` when every field keeps its declared limit, else the :class:`RowError`
    naming the file's column (``kolom``: our field → its name there). Nothing is cut
    to fit: a longer name is refused, as ``paket tambah`` refuses it. A line break or
    tab inside a one-line field (a spreadsheet cell's wrapped text) becomes a space;
    every other control character is refused."""
    name = ""
    try:
        if not _plain(record):  # rare: judged field by field
            for name, teks in RECORD_TEKS.items():
                value = getattr(record, name)
                if value is not None:
                    value = limits.one_line(value)
                    setattr(record, name, value)
                    teks.periksa(value)
        for name in RECORD_RUPIAH:
            value = getattr(record, name)
            if value is not None:
                limits.rupiah(value)
    except InvalidInput as err:
        raise RowError(kolom.get(name, name), str(err).split(": ", 1)[-1]) from None
    return record


def _plain(record: PaketRecord) -> bool:
    """Whether every text field fits its length and none holds a control character:
    nothing for :func:`within_limits` to replace or refuse (most rows of a file)."""
    texts = []
    for name, maks in _RECORD_MAKS:
        value = getattr(record, name)
        if value is not None:
            if len(value) > maks:
                return False
            texts.append(value)
    return limits.without_controls(texts)


def rupiah_cell(value: object, kolom: str) -> int:
    """A number from a file (int, float, Decimal) as whole Rupiah within the limits."""
    try:
        return limits.rupiah_angka(value, kolom)
    except InvalidInput as err:
        raise RowError(kolom, str(err).split(": ", 1)[-1]) from None


@dataclass
class Parsed:
    """Everything a parser read from one file. ``records`` may be a stream: the counts
    and rejections are complete once it is exhausted."""

    records: Iterable[PaketRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    read: int = 0
    dates_dropped: int = 0
    notes: dict[str, int] = field(default_factory=dict)

    def note(self, what: str, count: int = 1) -> None:
        self.notes[what] = self.notes.get(what, 0) + count


def write_rejections(path: Path, rejections: list[Rejection]) -> None:
    """The rejected rows as CSV (baris, kolom, alasan) for the officer to fix; the reason
    quotes the file's own text, neutralised like every CSV we write."""

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["baris", "kolom", "alasan"])
        for r in rejections:
            writer.writerow([r.row, csv_value(r.kolom), csv_value(r.alasan)])
