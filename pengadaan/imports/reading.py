"""Opening import files: CSV/XLSX tables and OCDS JSON (package, record package,
JSON lines, array; each optionally gzip-compressed).

Anything malformed becomes one :class:`InvalidInput` naming the file and the problem,
raised before a single row is written.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from pengadaan.domain.errors import InvalidInput
from pengadaan.imports.limits import DEFAULT, ImportLimits, deeper_than

Progress = Callable[[int, int], None]  # (done, total) in bytes or rows


def _no_progress(done: int, total: int) -> None:
    return None


def _fail(path: Path, reason: str) -> InvalidInput:
    return InvalidInput(f"berkas {path.name}: {reason}; tidak ada data yang diubah")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        raise InvalidInput(f"berkas {path} tidak ditemukan atau tidak dapat dibaca") from None


# --- tables -------------------------------------------------------------------------


class Table:
    """Header names and data rows of a CSV sheet or the first XLSX sheet.

    ``rows()`` yields ``(row_number, values)`` where row_number is the spreadsheet
    row (the header is row 1), so an officer finds the row in Excel.

    With ``percent_cells`` an XLSX number shown with a percent format (0,7691 shown as
    76,91%) is read as the percentage the officer sees (Decimal 76.91); this reads
    cell styles, so only small files (targets) ask for it.

    Rows are streamed (an .xlsx through openpyxl's read-only mode); a file larger than
    ``limits`` allow once expanded is refused before its first row.
    """

    def __init__(self, path: Path, progress: Progress = _no_progress,
                 percent_cells: bool = False, limits: ImportLimits = DEFAULT) -> None:
        self.path = path
        self.progress = progress
        self.percent_cells = percent_cells
        self.limits = limits
        size = _size(path)
        if size == 0:
            raise _fail(path, "berkas kosong")
        if size > limits.max_bytes:
            raise _fail(path, limits.too_large())
        suffix = path.suffix.lower()
        if suffix == ".csv":
            self._open_csv()
        elif suffix in (".xlsx", ".xlsm"):
            self._open_xlsx()
        else:
            raise _fail(path, f"jenis berkas '{suffix or '(tanpa akhiran)'}' tidak didukung "
                              "(gunakan .csv atau .xlsx)")
        if not any(h for h in self.header):
            raise _fail(path, "baris judul kolom kosong")

    def _open_csv(self) -> None:
        raw = open(self.path, "rb")  # noqa: SIM115 - closed after the rows are read
        head = raw.read(65536)
        raw.seek(0)
        if head.startswith(b"\x1f\x8b") or head.startswith(b"PK\x03\x04") or b"\x00" in head:
            raw.close()
            raise _fail(self.path, "bukan berkas CSV teks (isinya biner)")
        try:
            sample = head.decode("utf-8-sig")
        except UnicodeDecodeError:
            sample = head.decode("cp1252", errors="replace")
            self._encoding = "cp1252"
        else:
            self._encoding = "utf-8-sig"
        try:
            self._dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
        except csv.Error:
            self._dialect = csv.excel
        self._raw = raw
        self._text = io.TextIOWrapper(raw, encoding=self._encoding, newline="")
        self._reader = csv.reader(self._text, delimiter=self._dialect.delimiter)
        try:
            self.header = [h.strip() for h in next(self._reader)]
        except StopIteration:
            raw.close()
            raise _fail(self.path, "berkas kosong") from None
        except (csv.Error, UnicodeDecodeError) as err:
            raw.close()
            raise _fail(self.path, f"CSV rusak ({err})") from None
        self._total = _size(self.path)

    def _open_xlsx(self) -> None:
        from openpyxl import load_workbook

        try:
            with zipfile.ZipFile(self.path) as archive:
                # zipfile never inflates a part past its declared size, so the sum bounds it
                expanded = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError) as err:
            raise _fail(self.path, f"bukan berkas Excel .xlsx yang sah ({type(err).__name__})")\
                from None
        if expanded > self.limits.max_bytes:
            raise _fail(self.path, self.limits.too_large())
        try:
            book = load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
            raise _fail(self.path, f"bukan berkas Excel .xlsx yang sah ({type(err).__name__})")\
                from None
        except Exception as err:  # openpyxl's InvalidFileException and friends
            raise _fail(self.path, f"bukan berkas Excel .xlsx yang sah ({err})") from None
        self._book = book
        sheet = book.worksheets[0]
        if self.percent_cells:
            self._iter = (tuple(_as_seen(c) for c in cells) for cells in sheet.iter_rows())
        else:
            self._iter = sheet.iter_rows(values_only=True)
        self._total = sheet.max_row or 0
        self.header = []
        self._first = 1
        for values in self._iter:
            if any(v not in (None, "") for v in values):
                self.header = ["" if v is None else str(v).strip() for v in values]
                break
            self._first += 1
        if not self.header:
            book.close()
            raise _fail(self.path, "lembar kerja pertama kosong")

    def close(self) -> None:
        """Let go of the file when its rows will not be read (its header was refused)."""
        if hasattr(self, "_book"):
            self._book.close()
        else:
            self._raw.close()

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        if hasattr(self, "_book"):
            yield from self._xlsx_rows()
        else:
            yield from self._csv_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            for values in self._reader:
                number += 1
                if not any(v.strip() for v in values):
                    continue
                if number % 500 == 0:
                    self.progress(self._raw.tell(), self._total)
                yield number, values
        except (csv.Error, UnicodeDecodeError) as err:
            raise _fail(self.path, f"CSV rusak sekitar baris {number} ({err})") from None
        finally:
            self.progress(self._total, self._total)
            self._raw.close()

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any]]]:
        number = self._first
        try:
            for values in self._iter:
                number += 1
                if not any(v not in (None, "") for v in values):
                    continue
                if number % 500 == 0:
                    self.progress(number, self._total)
                yield number, list(values)
        finally:
            self.progress(self._total, self._total)
            self._book.close()


def _as_seen(cell: Any) -> Any:
    """A cell's value; a percent-formatted number as the percentage shown."""
    value = getattr(cell, "value", None)
    if (isinstance(value, (int, float)) and not isinstance(value, bool)
            and "%" in (getattr(cell, "number_format", "") or "")):
        return (Decimal(str(value)) * 100).normalize()
    return value


# --- OCDS JSON ------------------------------------------------------------------------


class _Bounded(io.RawIOBase):
    """The expanded bytes of a file, refused past ``limit`` (a gzip bomb stops there,
    within seconds, holding one buffer)."""

    def __init__(self, stream: BinaryIO, limit: int, refusal: InvalidInput) -> None:
        self.stream, self.left, self.refusal = stream, limit, refusal

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.stream.readinto(buffer)
        self.left -= count
        if self.left < 0:
            raise self.refusal
        return count


def _open_text(path: Path, limits: ImportLimits) -> tuple[io.TextIOBase, BinaryIO]:
    raw = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    magic = raw.read(2)
    raw.seek(0)
    stream: BinaryIO = gzip.GzipFile(fileobj=raw) if magic == b"\x1f\x8b" else raw
    bounded = _Bounded(stream, limits.max_bytes, _fail(path, limits.too_large()))
    return io.TextIOWrapper(io.BufferedReader(bounded, 1 << 16), encoding="utf-8-sig"), raw


def _releases_of(data: Any, path: Path) -> list[dict]:
    """Releases of a release package, a record package, an array or one release."""
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict) and isinstance(data.get("releases"), list):
        items = data["releases"]
    elif isinstance(data, dict) and isinstance(data.get("records"), list):
        items = []
        for record in data["records"]:
            if not isinstance(record, dict):
                continue
            if isinstance(record.get("compiledRelease"), dict):
                items.append(record["compiledRelease"])
            else:
                items.extend(r for r in record.get("releases") or [] if isinstance(r, dict))
    elif isinstance(data, dict) and "ocid" in data:
        items = [data]
    else:
        raise _fail(path, "bukan data OCDS (tidak ada 'releases', 'records' atau 'ocid')")
    return items


def ocds_releases(path: Path, progress: Progress = _no_progress,
                  limits: ImportLimits = DEFAULT) -> Iterator[tuple[int, Any]]:
    """``(number, release)`` pairs, streamed: JSON lines are read line by line (the
    BIRMS file is 45 MB of them), a package or array as one document, each within
    ``limits`` (size expanded, size of one document, nesting).

    A truncated gzip, broken JSON or a file past a limit raises :class:`InvalidInput`
    during iteration, before the import commits anything.
    """
    total = _size(path)
    if total == 0:
        raise _fail(path, "berkas kosong")
    text, raw = _open_text(path, limits)
    count = 0
    reader = _JsonReader(path, limits)
    try:
        for count, release in enumerate(reader.read(text, raw, total, progress), start=1):
            yield count, release
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        raise _fail(path, f"berkas gzip rusak atau terpotong ({err or type(err).__name__})")\
            from None
    except UnicodeDecodeError:
        raise _fail(path, "bukan teks UTF-8 (bukan berkas JSON)") from None
    finally:
        raw.close()
    if count == 0:
        raise _fail(path, "tidak berisi rilis OCDS")
    progress(total, total)


class _JsonReader:
    """JSON texts of one file, each checked against the limits before it is parsed."""

    def __init__(self, path: Path, limits: ImportLimits) -> None:
        self.path, self.limits = path, limits

    def read(self, text, raw, total: int, progress: Progress) -> Iterator[Any]:
        first = self._line(text)
        while first and not first.strip():
            first = self._line(text)
        if not first.strip():
            raise _fail(self.path, "berkas kosong")
        if first.lstrip().startswith("{"):
            try:
                obj = self._loads(first)
            except json.JSONDecodeError:
                obj = None
            if isinstance(obj, dict) and "ocid" in obj:
                yield obj
                yield from self._json_lines(text, raw, total, progress)
                return
        rest = first + text.read(self.limits.max_document + 1 - len(first))
        self._bound(rest)
        try:
            data = self._loads(rest)
        except json.JSONDecodeError as err:
            raise _fail(self.path, f"JSON rusak pada baris {err.lineno} kolom {err.colno} "
                                   f"({err.msg})") from None
        del rest
        yield from _releases_of(data, self.path)

    def _line(self, text) -> str:
        line = text.readline(self.limits.max_document + 1)
        self._bound(line)
        return line

    def _bound(self, document: str) -> None:
        if len(document) > self.limits.max_document:
            raise _fail(self.path, self.limits.document_too_large())

    def _loads(self, document: str) -> Any:
        """``json.loads``, refused by depth first (RecursionError would be the parser's
        answer to thousands of levels)."""
        if deeper_than(document, self.limits.max_depth):
            raise _fail(self.path, self.limits.too_deep())
        try:
            return json.loads(document)
        except RecursionError:
            raise _fail(self.path, self.limits.too_deep()) from None

    def _json_lines(self, text, raw, total: int, progress: Progress) -> Iterator[Any]:
        number = 1
        while line := self._line(text):
            number += 1
            if line.isspace():  # a blank line (no copy of every line to strip it)
                continue
            try:
                yield self._loads(line)
            except json.JSONDecodeError as err:
                raise _fail(self.path, f"JSON rusak pada baris {number} ({err.msg})") from None
            if number % 1000 == 0:
                progress(raw.tell(), total)
