"""Who acts, decided from the facts one statement reads (db/pengguna.acting_facts):
written once for the writes' unit of work (pengadaan/usecases/acting.py) and for the
TUI's first paint on the cached read path (pengadaan/db/reading.py, issue #15), which
must not import SQLAlchemy. Imports no SQLAlchemy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pengadaan.db import statements
from pengadaan.domain import limits
from pengadaan.domain.akses import Identitas, Pelaku, Peran, Verifikasi
from pengadaan.domain.errors import InvalidInput, TidakBerwenang

IZINKAN_PILIH = "izinkan_pilih_pengguna"


def clean_name(nama: str) -> str:
    nama = (nama or "").strip()
    if not nama:
        raise InvalidInput("pengguna: nama wajib diisi")
    return limits.NAMA_PENGGUNA.periksa(nama)


def decide(ident: Identitas, facts: Any, verifikasi: Verifikasi) -> Pelaku:
    """The acting user from ``facts`` (a row of db/pengguna.acting_facts); refusals
    raise :class:`TidakBerwenang` (the rules: pengadaan/usecases/acting.resolve_actor)."""
    if facts.login is not None:
        if ident.nama != ident.login and ident.nama != facts.login:
            raise TidakBerwenang(
                f"--pengguna {ident.nama} ditolak: basis data ini diamankan, pengguna adalah "
                f"login PostgreSQL Anda ({facts.login})")
        ident = Identitas(facts.login, facts.login)
    nama = clean_name(ident.nama)
    if not facts.admin_terdaftar:
        return Pelaku(nama, Peran.ADMIN, awal=True, verifikasi=verifikasi)
    if nama != ident.login and facts.izinkan != "ya":
        raise TidakBerwenang(
            f"--pengguna {nama} ditolak: Anda masuk sebagai {ident.login} dan admin belum "
            "mengizinkan memilih pengguna lain (pengadaan pengguna izinkan-pilih ya)")
    if facts.peran is None:
        raise TidakBerwenang(f"pengguna '{nama}' belum terdaftar; minta admin menambahkannya "
                             f"(pengadaan pengguna tambah {nama} --peran …)")
    if not facts.aktif:
        raise TidakBerwenang(f"pengguna '{nama}' nonaktif; hubungi admin")
    if nama != ident.login and facts.peran == Peran.ADMIN:
        # izinkan-pilih is for shared desks of officers, never a way to become admin
        raise TidakBerwenang(f"--pengguna {nama} ditolak: admin hanya bertindak dari login "
                             "OS-nya sendiri")
    return Pelaku(facts.nama, Peran(facts.peran), facts.opd_id, facts.opd_nama,
                  facts.opd_singkatan, verifikasi=verifikasi)


def current_user_sqlite(read: Callable, actor: str | Identitas) -> Pelaku:
    """Who acts on a SQLite file (nobody but the desk verifies it), through ``read``
    (``with db.reading() as read``): the TUI's header before the ORM is loaded."""
    ident = Identitas.of(actor)
    facts = next(iter(read(statements.PELAKU_SQLITE, nama=clean_name(ident.nama),
                           kunci=IZINKAN_PILIH)))
    return decide(ident, facts, Verifikasi.SATU_MEJA)
