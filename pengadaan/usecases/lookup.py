"""Finding what the user named (an OPD, a paket) inside the caller's unit of work, with
one wording for "not found" everywhere."""

from __future__ import annotations

from pengadaan.db import repository as repo
from pengadaan.db.models import Opd, Paket
from pengadaan.usecases.reads import opd_not_found, paket_not_found


def require_opd(session, text: str) -> Opd:
    """An OPD by kode or singkatan (case-insensitive)."""
    found = repo.find_opd(session, text)
    if found is None:
        raise opd_not_found(text)
    return found


def require_paket(session, kode: str) -> Paket:
    """A paket by kode; inside a write unit of work its row is locked (``FOR UPDATE``)."""
    found = repo.get_paket(session, kode)
    if found is None:
        raise paket_not_found(kode)
    return found
