"""JSON of objects already encoded, one per line (pengadaan/presentation/json_output.py
re-exports it): here, apart, because a cron run of ``peringatan --format json``
imports neither pydantic nor SQLAlchemy (issue #15)."""

from __future__ import annotations


def json_lines(objects: list[str]) -> str:
    """Objects already encoded, one per line, as a JSON array: greppable, and how
    ``peringatan`` prints 100,000 alerts."""
    if not objects:
        return "[]\n"
    return "[\n" + ",\n".join(objects) + "\n]\n"
