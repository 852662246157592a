"""The columns a table declares (issue #14): what each holds and when it leaves a narrow
terminal, and a row with its style. Plain data: the width decision is
pengadaan/presentation/column_widths.py, shared by the CLI (pengadaan/presentation/fit.py)
and the TUI (tui/columns.py), so a command's ``--help`` loads no Rich tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

NAME_MIN = 16  # a name cut shorter than this no longer tells packages apart
TEXT_MIN = 12  # free text wrapped narrower than this reads one word a line


class Kind(Enum):
    """How a column's cells may give way to a narrow terminal."""

    KODE = "kode"
    DATE = "tanggal"
    MONEY = "rupiah"
    PERCENT = "persen"
    NUMBER = "angka"
    LABEL = "label"  # wraps between words (or between the phrases of a Phrases cell)
    NAME = "nama"  # one line, cut with an ellipsis
    TEXT = "teks"  # free text: wraps, a word longer than the column folds

    @property
    def whole(self) -> bool:
        """Never cut or wrapped: the column is exactly as wide as its widest cell."""
        return self in _WHOLE

    @property
    def right(self) -> bool:
        """Aligned right unless a column says otherwise: amounts, percentages, numbers."""
        return self in _RIGHT


_WHOLE = frozenset((Kind.KODE, Kind.DATE, Kind.MONEY, Kind.PERCENT, Kind.NUMBER))
_RIGHT = frozenset((Kind.MONEY, Kind.PERCENT, Kind.NUMBER))


def aligned(kind: Kind, justify: str | None) -> str:
    """A column's alignment: its own ``justify``, else its kind's (the CLI's
    :class:`Column` and the TUI's ``Kolom`` both ask this)."""
    return justify or ("right" if kind.right else "left")


@dataclass(frozen=True)
class Column:
    """One column, declared once: header, kind, and when it leaves (``drop``: 0 never,
    1 first, 2 next …)."""

    header: str
    kind: Kind = Kind.TEXT
    drop: int = 0
    justify: str | None = None  # bawaan: right for amounts, percentages and numbers
    min_width: int | None = None  # NAME/TEXT: the narrowest it shrinks to

    @property
    def align(self) -> str:
        return aligned(self.kind, self.justify)


@dataclass(frozen=True)
class Row:
    """A row's cells, with its style and whether a section line comes before it."""

    cells: Sequence[Any]
    style: str | None = None
    section: bool = False
