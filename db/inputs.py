"""A run's value as a named input of a statement (issue #15): the cached text of a
statement (pengadaan/db/reading.py) takes its inputs by name, as
pengadaan/db/statements.py names them, so two dates of one shape share one text."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa


def named(name: str, value: date | int) -> sa.BindParameter:
    """``value`` bound as ``name`` (a date as a date, anything else as an integer)."""
    return sa.bindparam(name, value, type_=sa.Date if isinstance(value, date) else sa.Integer)
