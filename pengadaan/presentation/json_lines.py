"""JSON written without pydantic, for the reports a cron job or a script runs
(``peringatan``, ``paket daftar``, ``rekap``: issue #15, they import neither pydantic
nor SQLAlchemy). pengadaan/presentation/json_output.py declares its documents with the
rules and keys declared here and re-exports the writers; tests hold their text equal
to its serializer's."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from itertools import islice
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from pengadaan.domain import config
from pengadaan.presentation.safe_text import json_escaped

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


def json_lines(objects: Iterable[str]) -> str:
    """Objects already encoded, one per line, as a JSON array: greppable, and how
    ``peringatan`` prints 100,000 alerts (:func:`write_json_lines` as one text)."""
    parts: list[str] = []
    write_json_lines(parts.append, objects)
    return "".join(parts)


def write_json_lines(write: Callable[[str], object], objects: Iterable[str],
                     chunk: int = 1024) -> int:
    """:func:`json_lines` handed to ``write`` a chunk of objects at a time, so the
    document is never whole in memory: 90,000 alerts are 42 MB of text, held three times
    over (the objects, the joined text, its UTF-8 bytes) when written in one piece.
    Escaping is per character (:func:`json_escaped`), so chunks escape as the whole.
    Returns how many objects were written."""
    rest = iter(objects)
    count = 0
    while batch := list(islice(rest, chunk)):
        write(json_escaped((",\n" if count else "[\n") + ",\n".join(batch)))
        count += len(batch)
    write("\n]\n" if count else "[]\n")
    return count


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} bukan nilai JSON")


# Flat rows written by the C encoder (``json.dumps`` with ``indent`` runs the pure-Python
# one), all rows in one call, as lists of values: the item separator is a NUL, which a
# string's own text never holds (the encoder writes it ``\\u0000``), so splitting on it
# gives every value's JSON, and one ``%`` format puts each under its key (no dict per
# row, no key encoded per row). ``paket daftar --format json`` (issue #15).
_FLAT_VALUES = json.JSONEncoder(ensure_ascii=False, separators=("\0", ":"), default=_iso)
_ROW_END = "]\0["  # between two rows: values are scalars, so only there
_CHUNK = 1024


def plain_rows_json(rows: list[Any], shape: type | None = None) -> str:
    """A list of flat result dataclasses (text, numbers, dates, None) as
    :func:`pengadaan.presentation.json_output.json_text` writes it: two-space indent,
    non-ASCII kept. ``shape``: the dataclass whose fields the rows carry (as
    attributes, in any order, with others), when they are not its instances."""
    if not rows:
        return "[]\n"
    names = [f.name for f in dataclasses.fields(shape or rows[0])]
    # attrgetter of one name gives the value itself, of several a tuple
    values = attrgetter(*names) if len(names) > 1 else lambda row: (getattr(row, names[0]),)
    keyed = ",\n".join(f"    {_FLAT_VALUES.encode(name)}: %s" for name in names)  # no % in a name
    one = "  {\n" + keyed + "\n  }"
    size = min(_CHUNK, len(rows))
    full = ",\n".join([one] * size)
    parts = []
    # A chunk of rows at a time: every value's text at once is 1.9 million strings for
    # 100,000 rows (+100 MB of memory).
    for start in range(0, len(rows), size):
        chunk = rows[start:start + size]
        text = _FLAT_VALUES.encode(list(map(values, chunk)))
        encoded = text[2:-2].replace(_ROW_END, "\0").split("\0")
        template = full if len(chunk) == size else ",\n".join([one] * len(chunk))
        parts.append(template % tuple(encoded))
    return json_escaped("[\n" + ",\n".join(parts) + "\n]") + "\n"


def persen(bp: int | None) -> float | None:
    """Basis points shown as a percentage."""
    return None if bp is None else bp / 100


def komponen_json(parts: dict[str, int] | None) -> dict[str, dict] | None:
    """Each score component with its weight, in the order of config.BOBOT_SKOR."""
    if parts is None:
        return None
    return {name: {"nilai": parts[name] / 100, "bobot": weight}
            for name, weight in config.BOBOT_SKOR}


def document_key(name: str, keys: dict[str, str]) -> str:
    """A result field's key in its document: ``keys`` names it, else a ``*_bp`` (basis
    points, shown as a percentage) is ``*_persen``, else the field's own name."""
    return keys.get(name, name.removesuffix("_bp") + "_persen" if name.endswith("_bp") else name)


# A row of ``rekap`` (usecases/rekap.BarisRekap): the keys that the rule of
# :func:`document_key` does not give; ``komponen`` by :func:`komponen_json`, and
# ``total`` added (the kabupaten row). ``skor`` = Σ bobot × komponen.nilai / Σ bobot.
REKAP_KEYS = {"deviasi_bp": "deviasi", "skor_bp": "skor"}


def rekap_json(rows: list[Any]) -> str:
    """``rekap --format json``: the rows of :data:`REKAP_KEYS`' document."""
    from pengadaan.usecases.rekap import TOTAL_OPD  # loaded already by the rekap it writes

    objects = []
    for row in rows:
        document = {}
        for f in dataclasses.fields(row):
            value = getattr(row, f.name)
            if f.name == "komponen":
                value = komponen_json(value)
            elif f.name.endswith("_bp"):
                value = persen(value)
            document[document_key(f.name, REKAP_KEYS)] = value
        document["total"] = row.opd == TOTAL_OPD
        objects.append(document)
    return json_escaped(json.dumps(objects, ensure_ascii=False, indent=2)) + "\n"
