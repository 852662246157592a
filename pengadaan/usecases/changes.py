"""Has anything changed? Lets a long-running view refresh when another user writes."""

from __future__ import annotations

from pengadaan.db.changes import change_marker
from pengadaan.db.uow import Database


def data_version(db: Database) -> tuple:
    """An opaque value that differs after any committed change to packages or history."""
    with db.unit_of_work() as uow:
        return change_marker(uow.session)
