"""The kendala spreadsheet an OPD keeps (``pengadaan kendala impor``, issue #13): its
columns, declared once here for the reader, the ``--help`` text and the docs.

Headers are matched whatever their case, spacing or order (``Kode Paket``,
``kode_paket``); columns we do not know (No, Nama Paket …) are ignored. Only the
cells are read here; the use case judges them with the rules of ``kendala catat``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pengadaan.domain.errors import InvalidInput
from pengadaan.imports.limits import DEFAULT, ImportLimits
from pengadaan.imports.reading import Progress, Table, _no_progress


@dataclass(frozen=True)
class Kolom:
    """One column: its header in the template, whether every row needs it, what it
    holds (for people), and other headers OPDs use for it."""

    judul: str
    wajib: bool
    isi: str
    lain: tuple[str, ...] = ()


KOLOM: dict[str, Kolom] = {
    "kode_paket": Kolom("kode paket", True, "kode paket di pelacak", ("kode",)),
    "tanggal": Kolom("tanggal", True, "tanggal kendala, dd/mm/yyyy (atau yyyy-mm-dd); "
                                      "tidak boleh di masa depan"),
    "kategori": Kolom("kategori", True, "kode atau label kategori, huruf besar/kecil bebas"),
    "uraian": Kolom("uraian", True, "uraian kendala", ("uraian kendala", "kendala")),
    "tindak_lanjut": Kolom("tindak lanjut", False, "uraian tindak lanjut; kosong: kendala "
                                                   "tanpa tindak lanjut",
                           ("uraian tindak lanjut",)),
    "pelaksana": Kolom("pelaksana", False, "pelaksana tindak lanjut (wajib bila ada "
                                           "tindak lanjut)"),
    "batas": Kolom("batas", False, "batas waktu tindak lanjut, dd/mm/yyyy (wajib bila ada "
                                   "tindak lanjut; boleh ke depan)", ("batas waktu",)),
    "status": Kolom("status", False, "status tindak lanjut: direncanakan (bawaan), "
                                     "berjalan atau selesai", ("status tindak lanjut",)),
}
TINDAK_LANJUT = ("tindak_lanjut", "pelaksana", "batas", "status")


def _key(header: str) -> str:
    """``Kode Paket``, ``kode_paket`` and `` KODE-PAKET `` are one header."""
    return re.sub(r"[\s_\-]+", " ", header.strip().lower())


_BY_HEADER = {_key(name): field for field, kolom in KOLOM.items()
              for name in (kolom.judul, *kolom.lain)}


def columns_help() -> str:
    """The columns for ``kendala impor --help`` (and so docs/cli.md)."""
    return "; ".join(f"'{k.judul}'{'' if k.wajib else ' (boleh tidak ada)'}: {k.isi}"
                     for k in KOLOM.values())


@dataclass
class KendalaSheet:
    """An opened kendala file: the file's own header of each column it has, and its
    data rows as ``(row number in the spreadsheet, {field: cell})``."""

    judul: dict[str, str]
    table: Table

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        index = {field: self.table.header.index(name) for field, name in self.judul.items()}
        for number, values in self.table.rows():
            yield number, {field: _cell(values, i) for field, i in index.items()}


def _cell(values: list[Any], i: int) -> Any:
    value = values[i] if i < len(values) else None
    return value.strip() if isinstance(value, str) else value


def open_kendala(path: Path, progress: Progress = _no_progress,
                 limits: ImportLimits = DEFAULT) -> KendalaSheet:
    """Open a .csv (``;`` or ``,``) or .xlsx kendala file; a missing required column, or
    one given twice, is one :class:`InvalidInput` naming it, before any row is read."""
    table = Table(path, progress, limits=limits)
    try:
        return KendalaSheet(_columns(table.header, path), table)
    except InvalidInput:
        table.close()
        raise


def _columns(header: list[str], path: Path) -> dict[str, str]:
    """Field → the file's header of it."""
    judul: dict[str, str] = {}
    for name in header:
        field = _BY_HEADER.get(_key(name)) if name else None
        if field is None:
            continue
        if field in judul:
            raise InvalidInput(f"berkas {path.name}: kolom '{KOLOM[field].judul}' ada dua kali "
                               f"('{judul[field]}' dan '{name}'); tidak ada data yang diubah")
        judul[field] = name
    missing = [k.judul for f, k in KOLOM.items() if k.wajib and f not in judul]
    if missing:
        raise InvalidInput(f"berkas {path.name}: kolom wajib tidak ada: {', '.join(missing)} "
                           "(lihat: pengadaan kendala impor --help); tidak ada data yang diubah")
    return judul
