"""Use cases on users and roles (issue #7).

Every write use case opens with :func:`pengadaan.usecases.acting.acting`, which
resolves the acting user; :mod:`pengadaan.domain.akses` says what that user may do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa

from pengadaan.db import pengguna as users
from pengadaan.db import peran_server, user_chain
from pengadaan.db import repository as repo
from pengadaan.db.models import Opd, Pengguna
from pengadaan.db.uow import Database
from pengadaan.domain.akses import (
    AksiPengguna,
    Identitas,
    Pelaku,
    Peran,
    Verifikasi,
    refusal_to_fire,
    refusal_to_reschedule,
)
from pengadaan.domain.errors import Conflict, InvalidInput, NotFound, TidakBerwenang
from pengadaan.domain.vocabulary import parse_choice
from pengadaan.domain.workflow.definitions import WORKFLOWS, stages_of
from pengadaan.usecases.acting import acting, resolve_actor
from pengadaan.usecases.lookup import require_opd, require_paket
from pengadaan.usecases.pelaku import IZINKAN_PILIH, clean_name
from pengadaan.usecases.results import Waktu


@dataclass(frozen=True)
class PenggunaView:
    nama: str
    peran: str
    opd: str | None
    opd_nama: str | None
    aktif: bool
    dibuat: Waktu
    oleh: str


@dataclass(frozen=True)
class HakPaket:
    """What the acting user may do with one paket, so a screen offers only that.

    The use cases still decide on every write; this is the same rule asked earlier.
    """

    pelaku: Pelaku | None
    ditolak: dict[str, str]     # trigger of the paket's workflow -> why not this user's
    catatan: str | None = None  # why this user changes nothing (unknown, inactive)
    jadwal_ditolak: dict[str, str] = field(default_factory=dict)  # tahap -> why not

    def alasan(self, pemicu: str) -> str | None:
        """Why the user may not fire ``pemicu`` (None: they may)."""
        return self.catatan or self.ditolak.get(pemicu)

    def alasan_jadwal(self, tahap: str) -> str | None:
        """Why the user may not change the schedule of ``tahap`` (None: they may)."""
        return self.catatan or self.jadwal_ditolak.get(tahap)


def paket_rights(db: Database, actor: str | Identitas, kode: str) -> HakPaket:
    with db.unit_of_work() as uow:
        session = uow.session
        paket = require_paket(session, kode)
        try:
            pelaku = resolve_actor(session, actor)
        except TidakBerwenang as err:
            return HakPaket(None, {}, str(err))
        opd = repo.get_opd(session, paket.opd_id)
        triggers = {step.trigger for step in WORKFLOWS[paket.metode]}
        fire = {t: refusal_to_fire(pelaku, t, paket.opd_id, opd.nama) for t in triggers}
        plan = {t: refusal_to_reschedule(pelaku, t, paket.opd_id, opd.nama)
                for t in stages_of(paket.metode)}
        return HakPaket(pelaku, {t: r for t, r in fire.items() if r}, None,
                        {t: r for t, r in plan.items() if r})


def current_user(db: Database, actor: str | Identitas) -> Pelaku:
    """Who the caller acts as (the TUI header, ``pengguna saya``); refusals raise."""
    with db.unit_of_work() as uow:
        return resolve_actor(uow.session, actor)


def _view(row: Pengguna, opd: Opd | None) -> PenggunaView:
    return PenggunaView(row.nama, row.peran, opd.singkatan if opd else None,
                        opd.nama if opd else None, row.aktif, row.dibuat, row.oleh)


def add_user(db: Database, nama: str, peran: str, actor: str | Identitas,
             opd: str | None = None, sandi: str | Callable[[], str] | None = None
             ) -> PenggunaView:
    """Register a user; a PPK needs its OPD, a pengawas may have one, others none. The
    first entry of the user's role record goes in with it (db/user_chain.py).

    On a secured PostgreSQL database the same transaction creates the officer's LOGIN
    role in its peran's group (``sandi``: a first password; without one, pg_hba's peer,
    certificate or LDAP decides, or the DBA sets one; a function is asked only once
    the server is known to take one, so the CLI prompts for nothing it would refuse).
    """
    nama = clean_name(nama)
    role = Peran(parse_choice(Peran, peran, "peran"))
    if role == Peran.PPK and not (opd or "").strip():
        raise InvalidInput("opd: wajib untuk peran ppk (PPK bertanggung jawab atas paket satu OPD)")
    if role in (Peran.ADMIN, Peran.UKPBJ) and opd:
        raise InvalidInput(f"opd: tidak dipakai untuk peran {role} (berlaku untuk semua OPD)")
    with acting(db, actor, admin="mengelola pengguna") as act:
        session = act.session
        found = None
        if opd:
            found = require_opd(session, opd)
        if users.find(session, nama) is not None:
            raise Conflict(f"pengguna '{nama}' sudah terdaftar")
        now = datetime.now(UTC)
        row = Pengguna(nama=nama, peran=role, opd_id=found.id if found else None, aktif=True,
                       dibuat=now, oleh=act.pelaku.nama)
        user_chain.record(session, row, AksiPengguna.TAMBAH, act.pelaku.nama, now)
        session.add(row)
        if _secured(act.pelaku):
            session.flush()
            peran_server.create_login(session.connection(), nama, role,
                                      sandi() if callable(sandi) else sandi)
        elif sandi is not None:
            raise InvalidInput("sandi: hanya untuk PostgreSQL yang diamankan (pengadaan "
                               "pengguna amankan); di sini identitas tidak diverifikasi")
        act.commit()
        return _view(row, found)


def _secured(pelaku: Pelaku) -> bool:
    return pelaku.verifikasi == Verifikasi.SERVER


def secure_database(db: Database, awalan: str) -> peran_server.Pengamanan:
    """``pengguna amankan``: make PostgreSQL itself enforce who may change what.

    Run by the DBA, not by a registered user: the server decides whether this login
    may create roles and move ownership, so no application role is asked. Idempotent.
    """
    names = peran_server.NamaRole(awalan)
    if db.engine.dialect.name != "postgresql":
        raise InvalidInput("amankan hanya untuk PostgreSQL: SQLite adalah mode satu meja, "
                           "siapa pun yang dapat menulis berkasnya dapat mengubah datanya")
    try:
        with db.engine.begin() as connection:
            return peran_server.secure(connection, names)
    except sa.exc.DBAPIError as err:
        reason = str(err.orig).strip().splitlines()[0]
        raise TidakBerwenang(f"pengamanan gagal, tidak ada yang diubah: {reason} (jalankan "
                             "sebagai DBA: superuser, atau pemilik basis data dengan "
                             "CREATEROLE dan CREATEDB)") from None


def list_users(db: Database) -> list[PenggunaView]:
    """Every registered user, by name (open to every reader, like all lists)."""
    with db.unit_of_work() as uow:
        return [_view(row, opd) for row, opd in users.list_with_opd(uow.session)]


def set_active(db: Database, nama: str, aktif: bool, actor: str | Identitas) -> PenggunaView:
    """Deactivate (or reactivate) a user; history keeps their name on what they did.

    The last active admin cannot be deactivated: nobody could manage users any more.
    The active admins' rows are locked first, so two admins deactivating each other at
    the same moment cannot both succeed; then the user's own row (always in that
    order: no deadlock), so its role record is extended by one change at a time.
    """
    nama = clean_name(nama)
    with acting(db, actor, admin="mengelola pengguna") as act:
        session = act.session
        row = users.find(session, nama)
        if row is None:
            raise NotFound(f"pengguna '{nama}' tidak terdaftar (lihat: pengadaan pengguna daftar)")
        admins = (users.active_admins(session, lock=True)
                  if not aktif and row.peran == Peran.ADMIN else None)
        row = users.find(session, nama, lock=True)
        if row.aktif == aktif:
            raise Conflict(f"pengguna '{nama}' sudah {'aktif' if aktif else 'nonaktif'}")
        if admins == 1:
            raise Conflict(f"'{nama}' adalah satu-satunya admin aktif; tambahkan admin lain "
                           "sebelum menonaktifkannya")
        row.aktif = aktif
        user_chain.record(session, row, AksiPengguna.AKTIFKAN if aktif else AksiPengguna.NONAKTIF,
                          act.pelaku.nama, datetime.now(UTC))
        if _secured(act.pelaku):  # the server login goes (or comes back) with it
            peran_server.set_login(session.connection(), nama, aktif)
        opd = session.get(Opd, row.opd_id) if row.opd_id is not None else None
        act.commit()
        return _view(row, opd)


def allow_choice(db: Database, izinkan: bool, actor: str | Identitas) -> None:
    """Whether ``--pengguna`` may name someone other than the OS login (shared desks)."""
    with acting(db, actor, admin="mengubah pengaturan") as act:
        users.put_setting(act.session, IZINKAN_PILIH, "ya" if izinkan else "tidak",
                          datetime.now(UTC), act.pelaku.nama)
        act.commit()


def choice_allowed(db: Database) -> bool:
    with db.unit_of_work() as uow:
        return users.setting(uow.session, IZINKAN_PILIH) == "ya"
