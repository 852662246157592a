"""Use cases on OPD (agencies)."""

from __future__ import annotations

from pengadaan.db import repository as repo
from pengadaan.db.models import Opd
from pengadaan.db.uow import Database
from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import Conflict, InvalidInput
from pengadaan.usecases.acting import acting
from pengadaan.usecases.lookup import require_opd
from pengadaan.usecases.opd_view import OpdView

__all__ = ["add_opd", "find_opd", "list_opd"]


def add_opd(db: Database, kode: str, nama: str, singkatan: str | None = None, *,
            actor: str | Identitas) -> OpdView:
    """Register an agency; kode and singkatan both identify it on the command line."""
    kode, nama = kode.strip(), nama.strip()
    singkatan = (singkatan or kode).strip()
    if not kode or not nama:
        raise InvalidInput("kode dan nama OPD wajib diisi")
    with acting(db, actor, admin="menambah OPD") as act:
        for key in {kode, singkatan}:
            if repo.find_opd(act.session, key) is not None:
                raise Conflict(f"OPD '{key}' sudah ada")
        act.session.add(Opd(kode=kode, nama=nama, singkatan=singkatan))
        act.commit()
    return OpdView(kode, nama, singkatan)


def find_opd(db: Database, text: str) -> OpdView:
    """The OPD a user typed (kode or singkatan), or NotFound."""
    with db.unit_of_work() as uow:
        o = require_opd(uow.session, text)
        return OpdView(o.kode, o.nama, o.singkatan)


def list_opd(db: Database) -> list[OpdView]:
    with db.unit_of_work() as uow:
        return [OpdView(o.kode, o.nama, o.singkatan) for o in repo.list_opd(uow.session)]
