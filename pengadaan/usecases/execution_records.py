"""What execution transitions write beside the stage: their riwayat note and rows.

SCM (its uji coba target), pemberian kesempatan (its end and the denda base) and putus
kontrak (daftar hitam, a follow-up paket) leave records that later rules read
(execution_facts.py, the denda, the award guard); kritis and surat peringatan carry the
facts behind them in their note. :func:`apply_trigger` applies them, so every way of
firing these triggers — ``paket maju``, the TUI's advance form, ``pengadaan kontrak …``
— asks for the same inputs and leaves the same history and records. The row builders
serve the demo year too.

The notes and checks are plain Python: ``paket maju``'s cached path (usecases/maju.py)
uses them without SQLAlchemy; the writes, which only the ORM path runs, import the
models when they run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from pengadaan.domain import config, limits
from pengadaan.domain.errors import Conflict, InvalidInput
from pengadaan.domain.execution import eskalasi as esk
from pengadaan.domain.execution.eskalasi import SCM_NUMBER, SP_NUMBER
from pengadaan.domain.execution.persen import PENUH, format_bp
from pengadaan.domain.execution.serah_terima import tambah_bulan
from pengadaan.domain.formatting import rupiah
from pengadaan.domain.formatting import tanggal as fmt
from pengadaan.domain.vocabulary import CREATE_TRIGGER
from pengadaan.domain.workflow.isian import (
    BAGIAN_TERLAMBAT,
    KESEMPATAN_SAMPAI,
    LANJUTAN,
    TARGET_UJI_COBA,
    TGL_UJI_COBA,
)

if TYPE_CHECKING:
    from pengadaan.db.models import Paket


def _now() -> datetime:
    return datetime.now(UTC)


# --- SCM -----------------------------------------------------------------------------


def _check_scm(paket: Paket, when: date, inputs: dict[str, Any]) -> None:
    """Both are given (the workflow requires them, isian.py); judged here."""
    target, uji_coba = inputs["target_uji_coba"], inputs["tgl_uji_coba"]
    if not 0 < target <= PENUH:
        raise InvalidInput(f"{TARGET_UJI_COBA.label}: {format_bp(target)} harus di atas 0% dan "
                           "paling tinggi 100%")
    if uji_coba <= when:
        raise InvalidInput(f"{TGL_UJI_COBA.label}: {fmt(uji_coba)} harus sesudah tanggal SCM "
                           f"{fmt(when)}")


def _scm_note(paket: Paket, left: str, inputs: dict[str, Any], catatan: str | None) -> str:
    return esk.scm_note(SCM_NUMBER[left], inputs["target_uji_coba"], inputs["tgl_uji_coba"],
                        catatan)


def scm_row(paket_id: int, left: str, when: date, inputs: dict[str, Any]) -> dict[str, Any]:
    return {"paket_id": paket_id, "tahap": SCM_NUMBER[left], "tanggal": when,
            "target_bp": inputs["target_uji_coba"], "uji_coba": inputs["tgl_uji_coba"]}


def _write_scm(session, paket: Paket, left: str, when: date, oleh: str,
               inputs: dict[str, Any], catatan: str | None) -> None:
    from pengadaan.db.models import Scm

    session.add(Scm(**scm_row(paket.id, left, when, inputs)))


# --- pemberian kesempatan ----------------------------------------------------------------


def check_kesempatan(paket: Paket, when: date, inputs: dict[str, Any]) -> None:
    """Its end and the contract end are known, a reason is given, the late part fits."""
    if paket.tgl_kontrak_selesai is None:
        raise InvalidInput(f"paket {paket.kode} belum memiliki tanggal selesai kontrak")
    if inputs.get("kesempatan_sampai") is None:
        raise InvalidInput(f"{KESEMPATAN_SAMPAI.label}: wajib diisi (paling lama "
                           f"{config.KESEMPATAN_MAKS_HARI_KALENDER} hari kalender setelah "
                           "kontrak berakhir)")
    if not (inputs.get("catatan") or "").strip():
        raise InvalidInput("alasan: wajib diisi (pertimbangan PPK memberi kesempatan)")
    bagian = inputs.get("bagian_terlambat")
    if bagian is not None and not 0 < bagian <= (paket.nilai_kontrak or 0):
        raise InvalidInput(f"{BAGIAN_TERLAMBAT.label}: {rupiah(bagian)} harus di atas Rp 0 dan "
                           f"paling tinggi nilai kontrak {rupiah(paket.nilai_kontrak)}")


def _kesempatan_note(paket: Paket, left: str, inputs: dict[str, Any],
                     catatan: str | None) -> str:
    return esk.kesempatan_note(paket.tgl_kontrak_selesai, inputs["kesempatan_sampai"],
                               inputs.get("bagian_terlambat") or paket.nilai_kontrak or 0,
                               catatan)


def kesempatan_row(paket_id: int, selesai: date, when: date, inputs: dict[str, Any],
                   alasan: str, dicatat: datetime, oleh: str) -> dict[str, Any]:
    """The kesempatan adendum: its end is where denda stops (progres.kontrak_of)."""
    return {"paket_id": paket_id, "jenis": "kesempatan", "tanggal": when,
            "selesai_lama": selesai, "selesai_baru": inputs["kesempatan_sampai"],
            "nilai_lama": None, "nilai_baru": inputs.get("bagian_terlambat"),
            "alasan": alasan.strip(), "dicatat": dicatat, "oleh": oleh}


def write_kesempatan(session, paket: Paket, left: str, when: date, oleh: str,
                     inputs: dict[str, Any], catatan: str | None) -> None:
    from pengadaan.db.models import Adendum

    session.add(Adendum(**kesempatan_row(paket.id, paket.tgl_kontrak_selesai, when, inputs,
                                         catatan, _now(), oleh)))


# --- putus kontrak -------------------------------------------------------------------------


def _check_putus(paket: Paket, when: date, inputs: dict[str, Any]) -> None:
    lanjutan = (inputs.get("lanjutan") or "").strip()
    replace(limits.KODE_PAKET, label=LANJUTAN.label).periksa(lanjutan)
    if lanjutan and lanjutan == paket.kode:
        raise InvalidInput(f"{LANJUTAN.label}: kodenya harus berbeda dari paket yang diputus")


def _putus_note(paket: Paket, left: str, inputs: dict[str, Any], catatan: str | None) -> str:
    return esk.putus_note(catatan, paket.penyedia, bool(inputs.get("curang")),
                          (inputs.get("lanjutan") or "").strip() or None)


def daftar_hitam_row(paket_id: int, penyedia: str, when: date, inputs: dict[str, Any],
                     alasan: str) -> dict[str, Any]:
    """The penyedia barred from ``when``: 1 year, 2 for fraud."""
    curang = bool(inputs.get("curang"))
    return {"penyedia": penyedia, "mulai": when,
            "selesai": tambah_bulan(when, 12 * esk.daftar_hitam_tahun(curang)),
            "alasan": alasan.strip(), "curang": curang, "paket_id": paket_id}


def _write_putus(session, paket: Paket, left: str, when: date, oleh: str,
                 inputs: dict[str, Any], catatan: str | None) -> None:
    """The penyedia on the daftar hitam and, when asked, a follow-up paket in rencana
    for the rest of the work, linked in both histories."""
    from pengadaan.db.models import DaftarHitam

    if paket.penyedia:
        session.add(DaftarHitam(**daftar_hitam_row(paket.id, paket.penyedia, when, inputs,
                                                   catatan)))
    if (inputs.get("lanjutan") or "").strip():
        _follow_up(session, paket, inputs["lanjutan"].strip(), when, oleh)


def _follow_up(session, old: Paket, kode: str, when: date, actor: str) -> None:
    """A new paket in rencana for the unfinished work: pagu = nilai kontrak − paid."""
    from pengadaan.db import progres as q
    from pengadaan.db import repository as repo
    from pengadaan.db.history import append_history
    from pengadaan.db.history_text import snapshot
    from pengadaan.db.models import Paket

    if repo.get_paket(session, kode) is not None:
        raise Conflict(f"paket dengan kode '{kode}' sudah ada")
    report = q.latest_progress(session, old.id)
    paid = (report.keuangan or 0) if report else 0
    pagu = max((old.nilai_kontrak or old.pagu) - paid, 0)
    if pagu <= 0:
        raise InvalidInput(f"{LANJUTAN.label}: sisa nilai kontrak Rp 0; tidak ada yang dilanjutkan")
    now = _now()
    new = Paket(kode=kode, kode_rup=old.kode_rup, nama=f"{old.nama} (lanjutan)",
                opd_id=old.opd_id, tahun=when.year, jenis=old.jenis, metode=old.metode,
                sumber_dana=old.sumber_dana, pagu=pagu, ppk=old.ppk, tahap="rencana",
                tahap_sejak=when, dibuat=now, diubah=now)
    session.add(new)
    session.flush()
    append_history(session, new.id, None, "rencana", CREATE_TRIGGER, when, now, actor,
                   f"Paket lanjutan dari {old.kode} (putus kontrak)", nilai=snapshot(new))


# --- notes only ----------------------------------------------------------------------


def _kritis_note(paket: Paket, left: str, inputs: dict[str, Any], catatan: str | None) -> str:
    """The report that made it kritis (execution_facts passes it)."""
    if inputs.get("laporan_rencana_bp") is None:
        return catatan
    return esk.kritis_note(inputs["laporan_rencana_bp"], inputs["realisasi_fisik_bp"],
                           inputs["laporan_tanggal"], catatan)


def _sp_note(paket: Paket, left: str, inputs: dict[str, Any], catatan: str | None) -> str:
    return esk.sp_note(SP_NUMBER[left], catatan)


# --- the registry ----------------------------------------------------------------------


@dataclass(frozen=True)
class Records:
    """What a trigger needs besides its guards (``check``, on the trigger's inputs), its
    history note (from the inputs and the facts execution_facts read), and its rows."""

    note: Callable[[Paket, str, dict[str, Any], str | None], str]
    check: Callable[[Paket, date, dict[str, Any]], None] | None = None
    write: Callable[..., None] | None = None


RECORDS: dict[str, Records] = {
    "nyatakan_kritis": Records(_kritis_note),
    "adakan_scm": Records(_scm_note, _check_scm, _write_scm),
    "beri_sp": Records(_sp_note),
    "beri_kesempatan": Records(_kesempatan_note, check_kesempatan, write_kesempatan),
    "putus_kontrak": Records(_putus_note, _check_putus, _write_putus),
}
