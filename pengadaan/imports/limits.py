"""How much one import file may hold: every import reads within these bounds, so a
crafted file (a small ``.json.gz`` that expands to gigabytes, JSON nested thousands
deep) is refused with one line instead of taking the machine (issue #19).

Declared once here; a deployment raises the size with ``PENGADAAN_IMPOR_MAKS_MB``
(:mod:`pengadaan.settings`). docs/panduan-admin.md lists them for administrators.
"""

from __future__ import annotations

import re
from typing import NamedTuple

MIB = 1024 * 1024

# Expanded bytes of one file: after gzip, the sum of an .xlsx's parts, a CSV as is.
# BIRMS 2016–2018 (31.985 releases) is 45 MB expanded; read at ±25 MB/s.
MAX_EXPANDED_MB = 128
# One JSON text held whole at a time: a JSON line (one release), or a release/record
# package, which is parsed as one document. BIRMS's largest release is 0,35 MB.
MAX_DOCUMENT_MB = 64
# JSON nesting: an OCDS release is about 6 levels deep.
MAX_DEPTH = 64


class ImportLimits(NamedTuple):
    """The bounds one import reads within. A named tuple: a dataclass costs ±3 million
    instructions to create, on every command's start (the settings carry one)."""

    max_bytes: int = MAX_EXPANDED_MB * MIB
    max_document: int = MAX_DOCUMENT_MB * MIB
    max_depth: int = MAX_DEPTH

    @classmethod
    def of_megabytes(cls, megabytes: int) -> ImportLimits:
        """The limits with the expanded size set to ``megabytes`` (a smaller size also
        bounds one document)."""
        size = megabytes * MIB
        return cls(max_bytes=size, max_document=min(size, MAX_DOCUMENT_MB * MIB))

    def too_large(self) -> str:
        return (f"lebih dari {_mb(self.max_bytes)} MB setelah diurai (batas impor; "
                "naikkan dengan PENGADAAN_IMPOR_MAKS_MB bila berkasnya memang sebesar itu)")

    def document_too_large(self) -> str:
        return (f"satu dokumen/baris JSON lebih dari {_mb(self.max_document)} MB (batas impor; "
                "berkas besar: pakai JSON lines, satu rilis per baris)")

    def too_deep(self) -> str:
        return f"JSON bersarang lebih dari {self.max_depth} tingkat (batas impor)"


def _mb(size: int) -> str:
    return f"{size / MIB:,.0f}".replace(",", ".")


DEFAULT = ImportLimits()

# Patterns as text, compiled (and cached) by :mod:`re` on first use: the settings load
# this module on every command's start, an import on few (issue #15).
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_PAIR = rb"\[\]|\{\}"


def deeper_than(text: str, depth: int) -> bool:
    """Whether the JSON ``text`` nests more than ``depth`` levels, judged before parsing
    (the parser recurses per level: 5.000 levels end in RecursionError).

    Innermost bracket pairs are peeled one level per pass, at C speed. Strings are
    removed only when that does not settle it: a bracket quoted in a string can only
    make the text look deeper or unbalanced, which the exact pass then decides.
    """
    opened = text.count("[") + text.count("{")  # most documents: no more than ``depth``
    if opened <= depth or not _peel(_brackets(text), depth):
        return False
    return bool(re.search(_PAIR, _peel(_brackets(re.sub(_STRING, "", text)), depth)))


def _brackets(text: str) -> bytes:
    """The brackets of ``text`` in order (UTF-8 never puts an ASCII byte inside another
    character)."""
    return text.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)


def _peel(brackets: bytes, depth: int) -> bytes:
    """What is left of ``brackets`` after removing ``depth`` levels of pairs: empty when
    no deeper; without any pair when unbalanced (broken JSON: the parser says where)."""
    for _ in range(depth):
        peeled = re.sub(_PAIR, b"", brackets)
        if peeled == brackets:
            break
        brackets = peeled
    return brackets
