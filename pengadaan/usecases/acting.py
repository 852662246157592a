"""Who acts, and the opening every write use case shares: one writing unit of work,
the acting user resolved first, and the paket it changes locked and checked.

Written once so the order never drifts: unknown or inactive user, then the admin's
task; for a paket: unknown kode, the right to change it, then the version the user
read (a trigger's own role check: usecases/langkah.decide). tests/test_akses.py
checks that no use case opens a writing unit of work any other way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pengadaan.db import pengguna as users
from pengadaan.db import repository as repo
from pengadaan.db.models import Paket
from pengadaan.db.uow import Database, UnitOfWork
from pengadaan.domain.akses import (
    Identitas,
    Pelaku,
    Peran,
    Verifikasi,
    refusal_admin,
    refusal_to_change,
    require,
)
from pengadaan.usecases.lookup import require_paket
from pengadaan.usecases.pelaku import IZINKAN_PILIH, clean_name, decide
from pengadaan.usecases.version import require_version


def resolve_actor(session, actor: str | Identitas) -> Pelaku:
    """The acting user, inside the caller's unit of work.

    Before any admin is registered (a fresh database) whoever acts is admin, so the
    first admin can be registered. Afterwards only active registered users act, never
    "everyone" again, even if no admin were active any more; and acting
    as someone other than the OS login needs the admin's ``izinkan-pilih``. On a
    secured PostgreSQL database the acting user is the server login, full stop
    (issue #16): ``--pengguna`` naming anyone else is refused.
    One query (``acting_facts``): it opens every write.
    """
    ident = Identitas.of(actor)
    facts = users.acting_facts(session, clean_name(ident.nama), IZINKAN_PILIH)
    return decide(ident, facts, _verification(session, facts.login))


def _verification(session, login: str | None) -> Verifikasi:
    if login is not None:
        return Verifikasi.SERVER
    if session.get_bind().dialect.name == "sqlite":
        return Verifikasi.SATU_MEJA
    return Verifikasi.BELUM_DIAMANKAN


def require_change(session, pelaku: Pelaku, paket: Paket, what: str,
                   owner: Peran | None = Peran.PPK) -> None:
    """Refuse ``what`` on ``paket`` unless ``pelaku`` may (role, and a PPK's own OPD)."""
    opd = repo.get_opd(session, paket.opd_id)
    require(refusal_to_change(pelaku, paket.opd_id, opd.nama, what, owner))


@dataclass(frozen=True)
class Acting:
    """What a write use case's body works with."""

    uow: UnitOfWork
    pelaku: Pelaku

    @property
    def session(self):
        return self.uow.session

    def commit(self) -> None:
        self.uow.commit()

    def paket(self, kode: str, expected_version: int | None = None, *,
              change: str | None = None) -> Paket:
        """The paket, its row locked (``FOR UPDATE``); with ``change``, refused unless
        the acting user may do that to it; then refused when it is not the version the
        user read. A trigger's own role check is ``langkah.decide``'s."""
        found = require_paket(self.session, kode)
        if change is not None:
            require_change(self.session, self.pelaku, found, change)
        require_version(found, expected_version)
        return found


@contextmanager
def acting(db: Database, actor: str | Identitas, *, admin: str | None = None
           ) -> Iterator[Acting]:
    """``with acting(db, actor) as act: …; act.commit()``; ``admin`` names the task
    when only the administrator may do it. Nothing is written without the commit."""
    with db.unit_of_work(write=True) as uow:
        pelaku = resolve_actor(uow.session, actor)
        if admin is not None:
            require(refusal_admin(pelaku, admin))
        yield Acting(uow, pelaku)
