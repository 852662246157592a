"""Named subjects for tests that need a paket at a given stage: built through the use
cases with the hand-written paths of tests/spine_paths.py, rather than picked out of
the generated demo year (whose mix may change)."""

from __future__ import annotations

from pengadaan.db.uow import Database

from tests.conftest import make_opd, make_paket
from tests.spine_paths import NON_TENDER, TENDER_KONSTRUKSI, Walker

PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"
DISHUB = "Dinas Perhubungan"


def two_opds(db: Database) -> None:
    make_opd(db, "PUPR", PUPR)
    make_opd(db, "DISHUB", DISHUB)


def paket_at(db: Database, kode: str, path: list[tuple[str, str]], **fields) -> str:
    """A paket (``make_paket`` defaults, overridden by ``fields``) walked along ``path``."""
    make_paket(db, kode, **fields)
    Walker(db, kode, fields.get("pagu", 1_000_000_000)).walk(path)
    return kode


def tender_in_pelaksanaan(db: Database, kode: str, opd: str = "PUPR") -> str:
    """A tender konstruksi with a signed contract, after SPMK."""
    return paket_at(db, kode, TENDER_KONSTRUKSI[:-2], opd=opd)


def pl_in_persiapan(db: Database, kode: str, opd: str = "PUPR") -> str:
    """A pengadaan langsung barang being prepared: undang (UKPBJ) or batalkan (PPK) next."""
    return paket_at(db, kode, NON_TENDER[:1], opd=opd, metode="pengadaan_langsung",
                    jenis="barang", pagu=150_000_000)
