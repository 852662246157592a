"""What SQLite says when a file is locked or its disk fails, and the one Indonesian
line for each: worded here for the ORM (pengadaan/db/engine.describe_failure) and for
the cached SQL path (pengadaan/db/reading.py), which says a locked file itself
rather than importing SQLAlchemy to word it, or handing it to the ORM to wait for it
a second time. Imports nothing but :mod:`sys`."""

from __future__ import annotations

import sys

# What SQLite says about the disk under it, and what the user can do about it.
_DISK_REASONS = (
    ("database or disk is full",
     "disk penuh: kosongkan ruang di folder basis data (atau folder sementara) lalu "
     "ulangi; tidak ada yang tersimpan"),
    ("disk I/O error",
     "disk gagal dibaca/ditulis (penuh, dilepas, atau rusak): periksa disk lalu ulangi; "
     "tidak ada yang tersimpan"),
    ("readonly database",
     "basis data hanya dapat dibaca: tidak ada izin menulis berkas atau foldernya"),
)


def first_line(err: BaseException) -> str:
    """What the database said, its first line (the driver's own error under SQLAlchemy's
    wrapper); the error's type when it said nothing."""
    lines = str(getattr(err, "orig", err)).strip().splitlines()
    return lines[0] if lines else type(err).__name__


def locked_reason(text: str) -> str | None:
    """The Indonesian line for a file another writer held past the busy timeout (None:
    not that)."""
    if "locked" in text or "busy" in text:
        return f"basis data sedang dikunci pengguna lain, coba lagi sebentar ({text})"
    return None


def disk_reason(text: str) -> str | None:
    """The Indonesian line for a full, failing or read-only disk (None: not that)."""
    return next((reason for pattern, reason in _DISK_REASONS if pattern in text), None)


def worded(err: BaseException) -> str:
    """One line for a failed database: the Indonesian line where the reason is known (a
    locked file, a full, failing or read-only disk), else what the database said."""
    text = first_line(err)
    return locked_reason(text) or disk_reason(text) or text


def orm_failure(err: BaseException) -> bool:
    """One of SQLAlchemy's errors, without importing it: a path that raised one loaded
    it."""
    sa = sys.modules.get("sqlalchemy")
    return sa is not None and isinstance(err, sa.exc.SQLAlchemyError)
