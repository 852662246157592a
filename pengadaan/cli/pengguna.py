"""``pengadaan pengguna …``: who may use the database, in which role (issue #7)."""

from __future__ import annotations

from typing import Annotated

import typer

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.common import console, ctx_obj, print_rows
from pengadaan.cli.params import DetailFormat, DetailFormatOption
from pengadaan.domain.akses import PERAN_TUGAS, VERIFIKASI_LABEL, Peran, Verifikasi
from pengadaan.domain.formatting import tanggal
from pengadaan.lazy import module
from pengadaan.presentation.table_columns import Column, Kind

# What the commands' work needs, loaded when one runs (pengadaan/lazy.py).
uc = module("pengadaan.usecases.pengguna")

app = IndonesianTyper(no_args_is_help=True)


@app.command("tambah")
def tambah(
    ctx: typer.Context,
    nama: Annotated[str, typer.Argument(help="Nama login pengguna")],
    peran: Annotated[str, typer.Option(help="admin, ukpbj, ppk atau pengawas")],
    opd: Annotated[str | None, typer.Option(
        help="OPD (wajib untuk ppk, boleh untuk pengawas)")] = None,
    sandi_awal: Annotated[bool, typer.Option(
        "--sandi-awal", help="PostgreSQL yang diamankan: tanyakan kata sandi awal login "
                             "petugas (tanpa ini: peer/sertifikat/LDAP menurut pg_hba)")] = False,
) -> None:
    """Daftarkan pengguna dengan perannya (admin); di PostgreSQL yang diamankan juga
    login servernya."""
    obj = ctx_obj(ctx)
    first_admin = not any(u.aktif and u.peran == Peran.ADMIN for u in uc.list_users(obj.db))
    def ask() -> str:
        return typer.prompt("Kata sandi awal", hide_input=True, confirmation_prompt=True)

    view = uc.add_user(obj.db, nama, peran, obj.actor, opd, ask if sandi_awal else None)
    scope = f" {view.opd_nama}" if view.opd_nama else ""
    console.print(f"Pengguna {view.nama} ({view.peran}{scope}) ditambahkan.", markup=False)
    if first_admin and view.peran == Peran.ADMIN:
        console.print("Admin pertama sudah terdaftar: mulai sekarang hanya pengguna terdaftar "
                      "yang dapat mengubah data.", markup=False)


PENGGUNA_COLUMNS = (
    Column("Nama", Kind.KODE), Column("Peran", Kind.LABEL), Column("OPD", Kind.TEXT, drop=3),
    Column("Status", Kind.LABEL), Column("Didaftarkan", Kind.DATE, drop=1),
    Column("Oleh", Kind.KODE, drop=2),
)


@app.command("daftar")
def daftar(ctx: typer.Context, format: DetailFormatOption = DetailFormat.tabel) -> None:
    """Daftar pengguna, peran, OPD dan status."""
    rows = uc.list_users(ctx_obj(ctx).db)
    print_rows(format, rows, f"{len(rows)} pengguna", PENGGUNA_COLUMNS,
               lambda r: (r.nama, r.peran, r.opd_nama or "–", "aktif" if r.aktif else "nonaktif",
                          tanggal(r.dibuat.date()), r.oleh))
    if format == DetailFormat.tabel and not any(r.aktif and r.peran == Peran.ADMIN for r in rows):
        console.print("Belum ada admin aktif: setiap pengguna bertindak sebagai admin sampai "
                      "admin pertama didaftarkan.", markup=False)


@app.command("nonaktif")
def nonaktif(ctx: typer.Context, nama: Annotated[str, typer.Argument()]) -> None:
    """Nonaktifkan pengguna (admin); riwayat tetap menyebut namanya."""
    obj = ctx_obj(ctx)
    view = uc.set_active(obj.db, nama, False, obj.actor)
    console.print(f"Pengguna {view.nama} dinonaktifkan.", markup=False)


@app.command("aktifkan")
def aktifkan(ctx: typer.Context, nama: Annotated[str, typer.Argument()]) -> None:
    """Aktifkan kembali pengguna yang nonaktif (admin)."""
    obj = ctx_obj(ctx)
    view = uc.set_active(obj.db, nama, True, obj.actor)
    console.print(f"Pengguna {view.nama} aktif kembali.", markup=False)


@app.command("izinkan-pilih")
def izinkan_pilih(
    ctx: typer.Context,
    nilai: Annotated[str, typer.Argument(help="ya atau tidak")],
) -> None:
    """Boleh tidaknya --pengguna memilih pengguna selain login OS (admin)."""
    key = nilai.strip().lower()
    if key not in ("ya", "tidak"):
        raise typer.BadParameter("pilih ya atau tidak", param_hint="NILAI")
    obj = ctx_obj(ctx)
    uc.allow_choice(obj.db, key == "ya", obj.actor)
    console.print("--pengguna boleh memilih pengguna terdaftar lain." if key == "ya"
                  else "--pengguna hanya boleh berisi login OS sendiri.", markup=False)


@app.command("saya")
def saya(ctx: typer.Context) -> None:
    """Siapa Anda menurut basis data ini, dan apa yang boleh Anda lakukan."""
    obj = ctx_obj(ctx)
    pelaku = uc.current_user(obj.db, obj.actor)
    console.print(f"{pelaku.nama}: {pelaku.label}"
                  + (" (belum pernah ada admin: bertindak sebagai admin)" if pelaku.awal else ""),
                  markup=False)
    console.print(f"Boleh: {PERAN_TUGAS[pelaku.peran]}.", markup=False)
    label = VERIFIKASI_LABEL[pelaku.verifikasi]
    console.print(f"{label[:1].upper()}{label[1:]}.", markup=False)
    if pelaku.verifikasi == Verifikasi.SATU_MEJA:
        console.print("Siapa pun yang dapat menulis berkas SQLite ini dapat mengubah datanya; "
                      "untuk lebih dari satu petugas pakai PostgreSQL yang diamankan.",
                      markup=False)


@app.command("amankan")
def amankan(
    ctx: typer.Context,
    awalan: Annotated[str, typer.Option(
        help="Awalan nama role server: <awalan>pemilik, <awalan>admin, …")] = "pengadaan_",
) -> None:
    """PostgreSQL: server sendiri menegakkan siapa boleh mengubah apa (DBA; dapat diulang)."""
    done = uc.secure_database(ctx_obj(ctx).db, awalan)
    console.print(f"Basis data diamankan. Pemilik skema: {done.roles['pemilik']} (NOLOGIN); "
                  "grup: " + ", ".join(v for k, v in done.roles.items() if k != "pemilik")
                  + ".", markup=False)
    if done.dibuat:
        console.print("Role baru: " + ", ".join(done.dibuat) + ".", markup=False)
    for login in done.logins:
        console.print(f"  {login.nama} ({login.peran}): {login.keadaan}", markup=False)
    if not done.logins:
        console.print("Belum ada pengguna terdaftar: daftarkan admin pertama dengan "
                      "`pengadaan pengguna tambah NAMA --peran admin --sandi-awal`.",
                      markup=False)
    if done.pemasang_anggota:
        console.print(f"Perhatian: {done.pemasang} kini anggota {done.roles['pemilik']}. Bila "
                      "itu role bersama lama, setelah selesai: "
                      f"REVOKE {done.roles['pemilik']} FROM {done.pemasang}; "
                      f"ALTER ROLE {done.pemasang} NOLOGIN (lihat docs/panduan-admin.md).",
                      markup=False)
