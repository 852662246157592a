"""Use cases on users and roles (issue #7), and the one place the acting user is resolved.

Every write use case calls :func:`resolve_actor` once inside its unit of work, then
asks :mod:`pengadaan.domain.akses` whether that user may do what it is about to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from pengadaan.db import pengguna as users
from pengadaan.db import repository as repo
from pengadaan.db.models import Opd, Paket, Pengguna
from pengadaan.db.uow import Database
from pengadaan.domain.akses import (
    Identitas,
    Pelaku,
    Peran,
    refusal_admin,
    refusal_to_change,
    refusal_to_fire,
    refusal_to_reschedule,
    require,
)
from pengadaan.domain.errors import Conflict, InvalidInput, NotFound, TidakBerwenang
from pengadaan.domain.vocabulary import parse_choice
from pengadaan.domain.workflow.definitions import WORKFLOWS, stages_of
from pengadaan.usecases.lookup import require_opd

IZINKAN_PILIH = "izinkan_pilih_pengguna"
NAMA_MAKS = Pengguna.__table__.c["nama"].type.length


@dataclass(frozen=True)
class PenggunaView:
    nama: str
    peran: str
    opd: str | None
    opd_nama: str | None
    aktif: bool
    dibuat: datetime
    oleh: str


def _clean_name(nama: str) -> str:
    nama = (nama or "").strip()
    if not nama:
        raise InvalidInput("pengguna: nama wajib diisi")
    if len(nama) > NAMA_MAKS:
        raise InvalidInput(f"pengguna: paling panjang {NAMA_MAKS} karakter ({len(nama)} diberikan)")
    return nama


def resolve_actor(session, actor: str | Identitas) -> Pelaku:
    """The acting user, inside the caller's unit of work.

    Without an active admin (a fresh database) whoever acts is admin, so the first
    admin can be registered. Afterwards only active registered users act, and acting
    as someone other than the OS login needs the admin's ``izinkan-pilih``.
    """
    ident = Identitas.of(actor)
    nama = _clean_name(ident.nama)
    if users.active_admins(session) == 0:
        return Pelaku(nama, Peran.ADMIN, awal=True)
    if nama != ident.login and users.setting(session, IZINKAN_PILIH) != "ya":
        raise TidakBerwenang(
            f"--pengguna {nama} ditolak: Anda masuk sebagai {ident.login} dan admin belum "
            "mengizinkan memilih pengguna lain (pengadaan pengguna izinkan-pilih ya)")
    row = users.find(session, nama)
    if row is None:
        raise TidakBerwenang(f"pengguna '{nama}' belum terdaftar; minta admin menambahkannya "
                             f"(pengadaan pengguna tambah {nama} --peran …)")
    if not row.aktif:
        raise TidakBerwenang(f"pengguna '{nama}' nonaktif; hubungi admin")
    if nama != ident.login and row.peran == Peran.ADMIN:
        # izinkan-pilih is for shared desks of officers, never a way to become admin
        raise TidakBerwenang(f"--pengguna {nama} ditolak: admin hanya bertindak dari login "
                             "OS-nya sendiri")
    opd = session.get(Opd, row.opd_id) if row.opd_id is not None else None
    return Pelaku(row.nama, Peran(row.peran), row.opd_id, opd.nama if opd else None,
                  opd.singkatan if opd else None)


def require_fire(session, pelaku: Pelaku, paket: Paket, pemicu: str) -> None:
    opd = repo.get_opd(session, paket.opd_id)
    require(refusal_to_fire(pelaku, pemicu, paket.opd_id, opd.nama))


def require_change(session, pelaku: Pelaku, paket: Paket, what: str,
                   owner: Peran | None = Peran.PPK) -> None:
    """Refuse ``what`` on ``paket`` unless ``pelaku`` may (role, and a PPK's own OPD)."""
    opd = repo.get_opd(session, paket.opd_id)
    require(refusal_to_change(pelaku, paket.opd_id, opd.nama, what, owner))



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
        paket = repo.get_paket(session, kode)
        if paket is None:
            raise NotFound(f"paket dengan kode '{kode}' tidak ditemukan")
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
             opd: str | None = None) -> PenggunaView:
    """Register a user; a PPK needs its OPD, a pengawas may have one, others none."""
    nama = _clean_name(nama)
    role = Peran(parse_choice(Peran, peran, "peran"))
    if role == Peran.PPK and not (opd or "").strip():
        raise InvalidInput("opd: wajib untuk peran ppk (PPK bertanggung jawab atas paket satu OPD)")
    if role in (Peran.ADMIN, Peran.UKPBJ) and opd:
        raise InvalidInput(f"opd: tidak dipakai untuk peran {role} (berlaku untuk semua OPD)")
    with db.unit_of_work(write=True) as uow:
        session = uow.session
        pelaku = resolve_actor(session, actor)
        require(refusal_admin(pelaku, "mengelola pengguna"))
        found = None
        if opd:
            found = require_opd(session, opd)
        if users.find(session, nama) is not None:
            raise Conflict(f"pengguna '{nama}' sudah terdaftar")
        row = Pengguna(nama=nama, peran=role, opd_id=found.id if found else None, aktif=True,
                       dibuat=datetime.now(UTC), oleh=pelaku.nama)
        session.add(row)
        uow.commit()
        return _view(row, found)


def list_users(db: Database) -> list[PenggunaView]:
    """Every registered user, by name (open to every reader, like all lists)."""
    with db.unit_of_work() as uow:
        return [_view(row, opd) for row, opd in users.list_with_opd(uow.session)]


def set_active(db: Database, nama: str, aktif: bool, actor: str | Identitas) -> PenggunaView:
    """Deactivate (or reactivate) a user; history keeps their name on what they did.

    The last active admin cannot be deactivated: without one, everyone would act as
    admin again (the fresh-database rule).
    """
    nama = _clean_name(nama)
    with db.unit_of_work(write=True) as uow:
        session = uow.session
        pelaku = resolve_actor(session, actor)
        require(refusal_admin(pelaku, "mengelola pengguna"))
        row = users.find(session, nama)
        if row is None:
            raise NotFound(f"pengguna '{nama}' tidak terdaftar (lihat: pengadaan pengguna daftar)")
        if row.aktif == aktif:
            raise Conflict(f"pengguna '{nama}' sudah {'aktif' if aktif else 'nonaktif'}")
        if not aktif and row.peran == Peran.ADMIN and users.active_admins(session) == 1:
            raise Conflict(f"'{nama}' adalah satu-satunya admin aktif; tambahkan admin lain "
                           "sebelum menonaktifkannya")
        row.aktif = aktif
        opd = session.get(Opd, row.opd_id) if row.opd_id is not None else None
        uow.commit()
        return _view(row, opd)


def allow_choice(db: Database, izinkan: bool, actor: str | Identitas) -> None:
    """Whether ``--pengguna`` may name someone other than the OS login (shared desks)."""
    with db.unit_of_work(write=True) as uow:
        pelaku = resolve_actor(uow.session, actor)
        require(refusal_admin(pelaku, "mengubah pengaturan"))
        users.put_setting(uow.session, IZINKAN_PILIH, "ya" if izinkan else "tidak",
                          datetime.now(UTC), pelaku.nama)
        uow.commit()


def choice_allowed(db: Database) -> bool:
    with db.unit_of_work() as uow:
        return users.setting(uow.session, IZINKAN_PILIH) == "ya"
