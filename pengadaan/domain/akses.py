"""Who may do what (issue #7): roles, the acting user, and the rules that refuse.

Pure: a use case loads the acting user (:class:`Pelaku`) and the paket's OPD inside
its unit of work and asks here; the TUI asks the same functions to hide what the
user may not do. Who owns a trigger is derived from the workflows, not listed by
hand: a trigger belongs to the owner of the stage it leads to (docs/aturan.md §1.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pengadaan.domain.errors import TidakBerwenang
from pengadaan.domain.vocabulary import TAHAP, Kelompok, kelompok_of, tahap_label
from pengadaan.domain.workflow.definitions import PEMICU_LABEL, WORKFLOWS


class Peran(StrEnum):
    """Roles of the people using one database."""

    ADMIN = "admin"        # users, calendar, targets, imports; may also do everything else
    UKPBJ = "ukpbj"        # UKPBJ / Pokja Pemilihan / Pejabat Pengadaan: selection stages
    PPK = "ppk"            # Pejabat Pembuat Komitmen of one OPD: planning, contract, execution
    PENGAWAS = "pengawas"  # Sekda, Inspektorat, TEPRA: reads only


class AksiPengguna(StrEnum):
    """What a change of a user's record was (``riwayat_pengguna.aksi``): named after
    the ``pengguna`` commands; ``awal`` is the state found when the record began."""

    TAMBAH = "tambah"
    NONAKTIF = "nonaktif"
    AKTIFKAN = "aktifkan"
    AWAL = "awal"


PERAN_TUGAS = {
    Peran.ADMIN: "pengguna, kalender, target serapan, impor, data contoh, OPD; juga semua "
                 "perubahan paket",
    Peran.UKPBJ: "tahap pemilihan semua OPD: pengumuman sampai sanggah, gagal, evaluasi/tender "
                 "ulang, penunjukan langsung; jadwal tahap pemilihan; kendala dan tindak lanjut",
    Peran.PPK: "paket OPD-nya sendiri: paket baru, persiapan, SPPBJ, kontrak, pelaksanaan, "
               "progres, adendum, SCM/SP, putus kontrak, serah terima, batal; jadwal tahap itu; "
               "kendala dan tindak lanjut",
    Peran.PENGAWAS: "hanya membaca; menambah rekomendasi tindak lanjut pada kendala",
}

# Stages whose triggers and schedule belong to the selection side (UKPBJ/Pokja).
PEMILIHAN_KELOMPOK = frozenset({Kelompok.PEMILIHAN, Kelompok.GAGAL})


class Verifikasi(StrEnum):
    """Whether anything proved who acts (issue #16)."""

    SATU_MEJA = "satu_meja"              # SQLite: whoever can write the file
    BELUM_DIAMANKAN = "belum_diamankan"  # PostgreSQL with one shared role
    SERVER = "server"                    # PostgreSQL secured: the login the server checked

    @property
    def terverifikasi(self) -> bool:
        return self is Verifikasi.SERVER


VERIFIKASI_LABEL = {
    Verifikasi.SATU_MEJA: "mode satu meja: identitas tidak diverifikasi",
    Verifikasi.BELUM_DIAMANKAN: "identitas tidak diverifikasi: PostgreSQL belum diamankan "
                                "(pengadaan pengguna amankan)",
    Verifikasi.SERVER: "identitas diverifikasi server PostgreSQL (login basis data)",
}
# The few words the TUI header has room for.
VERIFIKASI_SINGKAT = {
    Verifikasi.SATU_MEJA: "satu meja",
    Verifikasi.BELUM_DIAMANKAN: "tidak diverifikasi",
    Verifikasi.SERVER: "terverifikasi",
}


@dataclass(frozen=True)
class Identitas:
    """Who a caller says acts (``--pengguna``, or the OS login) and who is logged in.

    A plain string given to a use case means a user acting as themselves.
    """

    nama: str
    login: str

    @classmethod
    def of(cls, actor: str | Identitas) -> Identitas:
        return actor if isinstance(actor, Identitas) else cls(actor, actor)

    def __str__(self) -> str:
        return self.nama


@dataclass(frozen=True)
class Pelaku:
    """The acting user as resolved for one use case call."""

    nama: str
    peran: Peran
    opd_id: int | None = None
    opd_nama: str | None = None
    opd_singkatan: str | None = None  # the TUI opens filtered to it
    awal: bool = False  # no active admin yet: everyone acts as admin (bootstrap)
    verifikasi: Verifikasi = Verifikasi.SATU_MEJA

    @property
    def label(self) -> str:
        """``ppk Dinas Perhubungan``: how a refusal names the user."""
        return f"{self.peran} {self.opd_nama}" if self.opd_nama else str(self.peran)


def pemilik_tahap(tahap: str) -> Peran:
    """Selection stages (and gagal) are UKPBJ's; every other stage is the PPK's."""
    return Peran.UKPBJ if kelompok_of(tahap) in PEMILIHAN_KELOMPOK else Peran.PPK


def _trigger_owners() -> dict[str, Peran]:
    owners: dict[str, Peran] = {}
    for steps in WORKFLOWS.values():
        for step in steps:
            owner = pemilik_tahap(step.dest)
            if owners.setdefault(step.trigger, owner) != owner:
                raise ValueError(f"pemicu {step.trigger} menuju tahap milik dua peran")
    return owners


PEMILIK_PEMICU: dict[str, Peran] = _trigger_owners()

_SIDE = {
    Peran.UKPBJ: "tahap pemilihan dijalankan UKPBJ/Pokja",
    Peran.PPK: "tahap persiapan, kontrak, pelaksanaan dan serah terima dijalankan PPK OPD paket",
}


def refusal_to_change(pelaku: Pelaku, opd_id: int, opd_nama: str, what: str,
                      owner: Peran | None = Peran.PPK) -> str | None:
    """Why ``pelaku`` may not do ``what`` to a paket of that OPD, or None.

    ``owner`` is the role whose task it is; None means either paket role may (the
    workflow then decides whether the step exists at all).
    """
    if pelaku.peran == Peran.ADMIN:
        return None
    if pelaku.peran == Peran.PENGAWAS:
        return (f"Anda ({pelaku.label}) tidak berwenang mengubah paket {opd_nama}: "
                "pengawas hanya membaca")
    if pelaku.peran == Peran.PPK and pelaku.opd_id != opd_id:
        return f"Anda ({pelaku.label}) tidak berwenang mengubah paket {opd_nama}"
    if owner is not None and pelaku.peran != owner:
        return f"Anda ({pelaku.label}) tidak berwenang {what}: {_SIDE[owner]}"
    return None


def refusal_to_fire(pelaku: Pelaku, pemicu: str, opd_id: int, opd_nama: str) -> str | None:
    """Why ``pelaku`` may not fire ``pemicu`` on a paket of that OPD, or None."""
    label = PEMICU_LABEL.get(pemicu, pemicu)
    return refusal_to_change(pelaku, opd_id, opd_nama, f"menjalankan '{label}'",
                             PEMILIK_PEMICU.get(pemicu))


def refusal_to_reschedule(pelaku: Pelaku, tahap: str, opd_id: int,
                          opd_nama: str) -> str | None:
    """Schedule of a stage: its owner's (selection: UKPBJ; the rest: the PPK)."""
    owner = pemilik_tahap(tahap) if tahap in TAHAP else None
    return refusal_to_change(pelaku, opd_id, opd_nama,
                             f"mengubah jadwal tahap '{tahap_label(tahap)}'", owner)


def refusal_admin(pelaku: Pelaku, what: str) -> str | None:
    """Users, calendar, targets, imports, demo data and OPD: the administrator's."""
    if pelaku.peran == Peran.ADMIN:
        return None
    return f"Anda ({pelaku.label}) tidak berwenang {what}: hanya admin"


def may_change(pelaku: Pelaku | None) -> bool:
    """Whether the user changes any paket at all (a pengawas or an unknown user never)."""
    return pelaku is not None and pelaku.peran != Peran.PENGAWAS


def may_record_progress(pelaku: Pelaku | None) -> bool:
    """Progress and contract records are the PPK's (and the admin's)."""
    return pelaku is not None and pelaku.peran in (Peran.ADMIN, Peran.PPK)


def require(reason: str | None) -> None:
    """Raise the refusal, if any."""
    if reason:
        raise TidakBerwenang(reason)
