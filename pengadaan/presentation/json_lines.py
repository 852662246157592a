"""JSON written without pydantic, for the reports a cron job or a script runs
(``peringatan``, ``paket daftar``: issue #15, they import neither pydantic nor
SQLAlchemy). pengadaan/presentation/json_output.py re-exports both functions; tests
hold their text equal to its serializer's."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any


def json_lines(objects: list[str]) -> str:
    """Objects already encoded, one per line, as a JSON array: greppable, and how
    ``peringatan`` prints 100,000 alerts."""
    if not objects:
        return "[]\n"
    return "[\n" + ",\n".join(objects) + "\n]\n"


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} bukan nilai JSON")


def plain_rows_json(rows: list[Any]) -> str:
    """A list of flat result dataclasses (text, numbers, dates, None) as
    :func:`pengadaan.presentation.json_output.json_text` writes it: two-space indent,
    non-ASCII kept."""
    names = [f.name for f in dataclasses.fields(rows[0])] if rows else []
    objects = [{name: getattr(row, name) for name in names} for row in rows]
    return json.dumps(objects, ensure_ascii=False, indent=2, default=_iso) + "\n"
