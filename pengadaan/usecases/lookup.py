"""Finding what the user named, inside the caller's unit of work, with one wording for
"not found" everywhere."""

from __future__ import annotations

from pengadaan.db import repository as repo
from pengadaan.db.models import Opd
from pengadaan.domain.errors import NotFound


def require_opd(session, text: str) -> Opd:
    """An OPD by kode or singkatan (case-insensitive)."""
    found = repo.find_opd(session, text)
    if found is None:
        raise NotFound(f"OPD '{text}' tidak ditemukan (lihat: pengadaan opd daftar)")
    return found
