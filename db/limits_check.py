"""The declared limits (pengadaan/domain/limits.py) at the last door: every row an ORM
flush would write is checked first, so no use case can hand either database a value
one of them would refuse (in English) and the other would store.

The doors (CLI, TUI forms, imports) check first with the field's own label; this is
the backstop for whatever path forgets. Only values being written are checked: a row
read and left alone passes whatever it holds.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from pengadaan.domain import limits

BATAS = "batas"  # Column.info key of a text column's declared limits.Teks


@cache
def _teks(column: sa.Column) -> limits.Teks:
    """A text column's limits: declared (``info[BATAS]``), else its length (none: free
    text, several lines); worked out once per column, not on every flush."""
    teks = column.info.get(BATAS)
    if teks is None:
        length = getattr(column.type, "length", None)
        teks = limits.Teks(column.name, length, baris=length is None)
    return teks


def _check(column: sa.Column, value: Any) -> None:
    if value is None:
        return
    kind = column.type
    if isinstance(value, str):
        _teks(column).periksa(value)
    elif isinstance(kind, sa.BigInteger) and isinstance(value, int):
        limits.rupiah(value, column.name)
    elif isinstance(value, date) and not isinstance(value, datetime):
        limits.tanggal(value, column.name)


def _values(obj: Any, new: bool):
    """What the flush writes: every value set on a new object; on a dirty one only the
    attributes changed since loading (``committed_state``), not every column of it."""
    state = sa.inspect(obj)
    columns = state.mapper.columns
    if new:
        for key, value in state.dict.items():
            if key in columns:
                yield columns[key], value
        return
    for key in state.committed_state:
        if key in columns:
            for value in state.attrs[key].history.added:
                yield columns[key], value


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    for new, objects in ((True, session.new), (False, session.dirty)):
        for obj in objects:
            for column, value in _values(obj, new):
                _check(column, value)
