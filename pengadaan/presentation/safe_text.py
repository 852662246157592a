"""Stored text shown, never obeyed: the render-side half of the control-character rule.

New input with control characters is refused at the door (pengadaan/domain/limits.py),
but a database written before that rule, or edited by hand, may still hold an ESC
sequence that would clear the reader's screen or a U+202E that turns a name around.
Every character the door refuses is shown as a visible stand-in instead: a C0 control
as its Unicode control picture (ESC → ␛, NUL → ␀), anything else as U+FFFD.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pengadaan.domain.limits import kendali

if TYPE_CHECKING:
    from rich.segment import Segment

_DEL = 0x7F


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == _DEL else "\ufffd"


def printable(text: str) -> str:
    """``text`` with every refused character replaced by a visible stand-in (tab and
    line breaks are kept: the layout handles them)."""
    return kendali(baris=True).sub(lambda m: _stand_in(m.group()), text)


def json_escaped(text: str) -> str:
    """A JSON document with every refused character written as a JSON escape (``\\u202e``;
    JSON already escapes C0 controls): the same data, nothing for a terminal to obey.
    An ASCII document (Python knows without reading it) can hold only DEL of them: one
    search, not the pattern's scan of every character (4 MB for the alerts at 10k)."""
    if text.isascii() and "\x7f" not in text:
        return text
    return kendali(baris=True).sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def shown(segments: Iterable[Segment]) -> Iterator[Segment]:
    """Rendered segments with the text of each :func:`printable`; Rich's own control
    segments (cursor moves) pass untouched."""
    from rich.segment import Segment  # only where Rich draws: JSON needs none of it

    for segment in segments:
        yield segment if segment.control else Segment(printable(segment.text), segment.style)
