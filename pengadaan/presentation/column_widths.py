"""The one width decision for every table (issue #14), the CLI's Rich tables
(pengadaan/presentation/fit.py) and the TUI's (tui/columns.py, tui/widgets/): which
declared columns stay in a width and how wide each is drawn. Plain arithmetic over
what each column needs, so both renderers take the same decision and neither can drift.

The rules (docs/cli.md "Lebar terminal", docs/tampilan-terminal.md "Ukuran terminal"):
a column of a whole kind (kode, date, amount, percentage, number) is exactly as wide as
its widest cell; when the width runs out, whole columns leave in their declared order
(``drop=1`` first, of equals the rightmost first; ``drop=0`` never leaves), each column
left at its narrowest; the room left makes as many labels whole as it can (the shortest
first), then goes to names and free text in proportion to what each still lacks, none
wider than its widest cell (a column whose widest cell is not known takes what is left,
in equal shares).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pengadaan.presentation.table_columns import Kind


class Declared(Protocol):
    """What the decision reads of a column declaration (a CLI ``Column``, a TUI
    ``Kolom``)."""

    @property
    def kind(self) -> Kind: ...

    @property
    def drop(self) -> int: ...


@dataclass(frozen=True)
class Need:
    """The narrowest and the widest a column may be drawn (``most=None``: its widest
    cell is not known, as on a table read a page at a time; it takes what is left)."""

    least: int
    most: int | None


def need(kind: Kind, widest: int | None, least: int) -> Need:
    """A column's need: a whole kind exactly its ``widest`` cell (never narrower than
    ``least``); any other kind from ``least`` (no more than its widest) to ``widest``."""
    if kind.whole:
        width = max(least, widest or 0)
        return Need(width, width)
    if widest is None:
        return Need(least, None)
    return Need(min(least, widest), widest)


@dataclass(frozen=True)
class Spacing:
    """The cells a table adds to its columns' widths: ``between`` two columns (padding,
    a rule) and at its ``edges`` together."""

    between: int = 1
    edges: int = 0

    def total(self, count: int) -> int:
        return self.between * (count - 1) + self.edges if count else 0


@dataclass(frozen=True)
class Layout:
    """The decision: the columns shown (their indexes, in declared order) with their
    widths, those hidden, and the cells the table takes."""

    shown: tuple[int, ...]
    widths: tuple[int, ...]
    hidden: tuple[int, ...]
    width: int


def decide(columns: Sequence[Declared], needs: Sequence[Need], width: int,
           spacing: Spacing = Spacing()) -> Layout:
    """``columns`` in ``width`` cells. When not even the columns that never leave fit,
    they are all kept at their narrowest and the table is wider than ``width``."""
    shown = list(range(len(columns)))
    leaving = iter(leaving_order(columns))
    while spacing.total(len(shown)) + sum(needs[i].least for i in shown) > width:
        gone = next(leaving, None)
        if gone is None:
            break
        shown.remove(gone)
    widths = _widths([columns[i].kind for i in shown], [needs[i] for i in shown],
                     width - spacing.total(len(shown)))
    hidden = tuple(i for i in range(len(columns)) if i not in shown)
    return Layout(tuple(shown), widths, hidden, sum(widths) + spacing.total(len(shown)))


def _widths(kinds: list[Kind], needs: list[Need], room: int) -> tuple[int, ...]:
    widths = [n.least for n in needs]
    spare = max(room - sum(widths), 0)

    def lacking(i: int) -> int | None:
        most = needs[i].most
        return None if most is None else max(most - widths[i], 0)

    labels = [i for i, kind in enumerate(kinds) if kind == Kind.LABEL]
    for i in sorted(labels, key=lambda i: lacking(i) or 0):  # a label's most is known
        step = min(lacking(i) or 0, spare)
        widths[i] += step
        spare -= step
    growing = [i for i, kind in enumerate(kinds) if kind in (Kind.NAME, Kind.TEXT)]
    spare = _in_proportion(widths, needs, [i for i in growing if needs[i].most is not None],
                           spare)
    rest = [i for i in growing if needs[i].most is None]
    for done, i in enumerate(rest):  # widest unknown: what is left, in equal shares
        step = spare // (len(rest) - done)
        widths[i] += step
        spare -= step
    return tuple(widths)


def _in_proportion(widths: list[int], needs: list[Need], growing: list[int],
                   spare: int) -> int:
    """Grow ``growing`` by ``spare`` in proportion to what each still lacks, none wider
    than its widest cell; returns what is left."""
    while spare > 0:
        growing = [i for i in growing if widths[i] < needs[i].most]
        if not growing:
            break
        lacking = {i: needs[i].most - widths[i] for i in growing}
        total = sum(lacking.values())
        for i in growing:
            step = min(max(1, spare * lacking[i] // total), lacking[i], spare)
            widths[i] += step
            spare -= step
    return spare


def leaving_order(columns: Sequence[Declared]) -> list[int]:
    """The indexes of the columns that may leave, in the order they do."""
    return sorted((i for i, c in enumerate(columns) if c.drop),
                  key=lambda i: (columns[i].drop, -i))
