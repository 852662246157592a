"""Rows three execution transitions write beside the stage and its history.

SCM (its uji coba target), pemberian kesempatan (its end and the denda base) and putus
kontrak (daftar hitam, a follow-up paket) leave records that later rules read
(execution_facts.py, the denda, the award guard). :func:`apply_trigger` writes them, so
every way of firing these triggers — ``paket maju``, the TUI's advance form,
``pengadaan kontrak …`` — asks for the same inputs and leaves the same records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from db import progres as q
from db import repository as repo
from db.history import append_history
from db.models import Adendum, DaftarHitam, Paket, Scm

from .. import config
from ..errors import Conflict, InvalidInput
from ..execution import eskalasi as esk
from ..execution.eskalasi import SCM_NUMBER
from ..execution.persen import PENUH, format_bp
from ..execution.serah_terima import tambah_bulan
from ..formatting import rupiah
from ..formatting import tanggal as fmt
from ..vocabulary import CREATE_TRIGGER


def _now() -> datetime:
    return datetime.now(UTC)


# --- SCM -----------------------------------------------------------------------------


def _check_scm(paket: Paket, when: date, inputs: dict[str, Any]) -> None:
    target, uji_coba = inputs.get("target_uji_coba"), inputs.get("tgl_uji_coba")
    if target is None:
        raise InvalidInput("target uji coba: wajib diisi untuk SCM (progres fisik %)")
    if not 0 < target <= PENUH:
        raise InvalidInput(f"target uji coba: {format_bp(target)} harus di atas 0% dan "
                           "paling tinggi 100%")
    if uji_coba is None:
        raise InvalidInput("tanggal uji coba: wajib diisi untuk SCM")
    if uji_coba <= when:
        raise InvalidInput(f"tanggal uji coba: {fmt(uji_coba)} harus sesudah tanggal SCM "
                           f"{fmt(when)}")


def _scm_note(paket: Paket, left: str, inputs: dict[str, Any], catatan: str | None) -> str:
    return esk.scm_note(SCM_NUMBER[left], inputs["target_uji_coba"], inputs["tgl_uji_coba"],
                        catatan)


def _write_scm(session, paket: Paket, left: str, when: date, oleh: str,
               inputs: dict[str, Any], catatan: str | None) -> None:
    session.add(Scm(paket_id=paket.id, tahap=SCM_NUMBER[left], tanggal=when,
                    target_bp=inputs["target_uji_coba"], uji_coba=inputs["tgl_uji_coba"]))


# --- pemberian kesempatan ----------------------------------------------------------------


def check_kesempatan(paket: Paket, when: date, inputs: dict[str, Any]) -> None:
    """Its end and the contract end are known, a reason is given, the late part fits."""
    if paket.tgl_kontrak_selesai is None:
        raise InvalidInput(f"paket {paket.kode} belum memiliki tanggal selesai kontrak")
    if inputs.get("kesempatan_sampai") is None:
        raise InvalidInput("kesempatan sampai: wajib diisi (paling lama "
                           f"{config.KESEMPATAN_MAKS_HARI_KALENDER} hari kalender setelah "
                           "kontrak berakhir)")
    if not (inputs.get("catatan") or "").strip():
        raise InvalidInput("alasan: wajib diisi (pertimbangan PPK memberi kesempatan)")
    bagian = inputs.get("bagian_terlambat")
    if bagian is not None and not 0 < bagian <= (paket.nilai_kontrak or 0):
        raise InvalidInput(f"bagian terlambat: {rupiah(bagian)} harus di atas Rp 0 dan "
                           f"paling tinggi nilai kontrak {rupiah(paket.nilai_kontrak)}")


def _kesempatan_note(paket: Paket, left: str, inputs: dict[str, Any],
                     catatan: str | None) -> str:
    return esk.kesempatan_note(paket.tgl_kontrak_selesai, inputs["kesempatan_sampai"],
                               inputs.get("bagian_terlambat") or paket.nilai_kontrak or 0,
                               catatan)


def write_kesempatan(session, paket: Paket, left: str, when: date, oleh: str,
                     inputs: dict[str, Any], catatan: str | None) -> None:
    """The kesempatan adendum: its end is where denda stops (progres.kontrak_of)."""
    session.add(Adendum(paket_id=paket.id, jenis="kesempatan", tanggal=when,
                        selesai_lama=paket.tgl_kontrak_selesai,
                        selesai_baru=inputs["kesempatan_sampai"],
                        nilai_baru=inputs.get("bagian_terlambat"), alasan=catatan.strip(),
                        dicatat=_now(), oleh=oleh))


# --- putus kontrak -------------------------------------------------------------------------


def _check_putus(paket: Paket, when: date, inputs: dict[str, Any]) -> None:
    lanjutan = (inputs.get("lanjutan") or "").strip()
    limit = Paket.__table__.c["kode"].type.length
    if len(lanjutan) > limit:
        raise InvalidInput(f"paket lanjutan: kode paling panjang {limit} karakter")
    if lanjutan and lanjutan == paket.kode:
        raise InvalidInput("paket lanjutan: kodenya harus berbeda dari paket yang diputus")


def _putus_note(paket: Paket, left: str, inputs: dict[str, Any], catatan: str | None) -> str:
    return esk.putus_note(catatan, paket.penyedia, bool(inputs.get("curang")),
                          (inputs.get("lanjutan") or "").strip() or None)


def _write_putus(session, paket: Paket, left: str, when: date, oleh: str,
                 inputs: dict[str, Any], catatan: str | None) -> None:
    """The penyedia on the daftar hitam (1 year, 2 for fraud) and, when asked, a
    follow-up paket in rencana for the rest of the work, linked in both histories."""
    years = esk.daftar_hitam_tahun(bool(inputs.get("curang")))
    if paket.penyedia:
        session.add(DaftarHitam(penyedia=paket.penyedia, mulai=when,
                                selesai=tambah_bulan(when, 12 * years), alasan=catatan.strip(),
                                curang=bool(inputs.get("curang")), paket_id=paket.id))
    if (inputs.get("lanjutan") or "").strip():
        _follow_up(session, paket, inputs["lanjutan"].strip(), when, oleh)


def _follow_up(session, old: Paket, kode: str, when: date, actor: str) -> None:
    """A new paket in rencana for the unfinished work: pagu = nilai kontrak − paid."""
    if repo.get_paket(session, kode) is not None:
        raise Conflict(f"paket dengan kode '{kode}' sudah ada")
    report = q.latest_progress(session, old.id)
    paid = (report.keuangan or 0) if report else 0
    pagu = max((old.nilai_kontrak or old.pagu) - paid, 0)
    if pagu <= 0:
        raise InvalidInput("paket lanjutan: sisa nilai kontrak Rp 0; tidak ada yang dilanjutkan")
    now = _now()
    new = Paket(kode=kode, kode_rup=old.kode_rup, nama=f"{old.nama} (lanjutan)",
                opd_id=old.opd_id, tahun=when.year, jenis=old.jenis, metode=old.metode,
                sumber_dana=old.sumber_dana, pagu=pagu, ppk=old.ppk, tahap="rencana",
                tahap_sejak=when, dibuat=now, diubah=now)
    session.add(new)
    session.flush()
    append_history(session, new.id, None, "rencana", CREATE_TRIGGER, when, now, actor,
                   f"Paket lanjutan dari {old.kode} (putus kontrak)")


# --- the registry ----------------------------------------------------------------------


@dataclass(frozen=True)
class Records:
    """What a trigger needs besides its guards, its history note, and its rows."""

    check: Callable[[Paket, date, dict[str, Any]], None]
    note: Callable[[Paket, str, dict[str, Any], str | None], str]
    write: Callable[..., None]


RECORDS: dict[str, Records] = {
    "adakan_scm": Records(_check_scm, _scm_note, _write_scm),
    "beri_kesempatan": Records(check_kesempatan, _kesempatan_note, write_kesempatan),
    "putus_kontrak": Records(_check_putus, _putus_note, _write_putus),
}
