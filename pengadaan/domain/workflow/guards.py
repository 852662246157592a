"""Workflow guards and effects.

A guard looks at the case (after the trigger's inputs were applied) and returns an
Indonesian reason when the rule refuses the step, or ``None`` when it allows it. A
reason the user fixes by filling an isian is a :class:`Refusal` naming it by label;
the CLI and the TUI add where to fill it (the message never names a CLI flag).
An effect copies a trigger's inputs onto the case before the guards run.

A guard marked :func:`static` reads only the paket's jenis and metode: on a paket it
refuses once it refuses always, so the step is not offered there (it still refuses by
name, with its reason, when fired).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from pengadaan.domain import config
from pengadaan.domain.execution.serah_terima import akhir_pemeliharaan
from pengadaan.domain.formatting import percent, rupiah, tanggal
from pengadaan.domain.schedule_templates import contract_end
from pengadaan.domain.vocabulary import Jenis, Metode
from pengadaan.domain.workflow.case import PaketCase
from pengadaan.domain.workflow.isian import (
    CATATAN,
    HPS,
    MULAI_KONTRAK,
    NILAI_KONTRAK,
    PENYEDIA,
    PERSETUJUAN,
    SELESAI_KONTRAK,
    Isian,
)


@dataclass(frozen=True)
class Refusal:
    """A guard's reason that names the isian whose value would fix it."""

    text: str
    isian: tuple[Isian, ...]
    periksa: bool = False  # given, but must be corrected

    def __str__(self) -> str:
        return self.text


Guard = Callable[[PaketCase, dict[str, Any]], str | Refusal | None]
Effect = Callable[[PaketCase, dict[str, Any]], None]

_STATIC: set[Guard] = set()
RULE: dict[Guard, str] = {}
G = TypeVar("G", bound=Guard)


def static(guard: G) -> G:
    """Mark a guard that reads only the case's jenis and metode, never its inputs."""
    _STATIC.add(guard)
    return guard


def rule(description: str) -> Callable[[G], G]:
    """Declare a guard's rule in Indonesian words, as ``pengadaan alur`` prints it:
    what must hold for the step to go ahead."""
    def declare(guard: G) -> G:
        RULE[guard] = description
        return guard

    return declare


def is_static(guard: Guard) -> bool:
    return guard in _STATIC


def static_refusal(guards: tuple[Guard, ...], case: PaketCase) -> str | Refusal | None:
    """The reason of the first static guard that refuses ``case`` whatever is entered."""
    for guard in guards:
        if is_static(guard) and (reason := guard(case, {})):
            return reason
    return None


# --- effects -------------------------------------------------------------------------


def take_hps(case: PaketCase, inputs: dict[str, Any]) -> None:
    if inputs.get("hps") is not None:
        case.hps = inputs["hps"]


def take_winner(case: PaketCase, inputs: dict[str, Any]) -> None:
    if inputs.get("penyedia"):
        case.penyedia = inputs["penyedia"].strip()
    if inputs.get("nilai_kontrak") is not None:
        case.nilai_kontrak = inputs["nilai_kontrak"]


def take_contract_dates(case: PaketCase, inputs: dict[str, Any]) -> None:
    """Contract period: given, or from the signing date and the planned execution length."""
    mulai = inputs.get("mulai_kontrak") or inputs.get("tanggal")
    selesai = inputs.get("selesai_kontrak")
    if selesai is None and mulai is not None:
        selesai = contract_end(mulai, case.jenis)
    case.tgl_kontrak_mulai, case.tgl_kontrak_selesai = mulai, selesai


def count_repeat(case: PaketCase, inputs: dict[str, Any]) -> None:
    case.ulang += 1


def switch_to_penunjukan_langsung(case: PaketCase, inputs: dict[str, Any]) -> None:
    case.metode = Metode.PENUNJUKAN_LANGSUNG


def clear_winner(case: PaketCase, inputs: dict[str, Any]) -> None:
    """A repeat tender starts without the failed round's winner."""
    case.penyedia = None
    case.nilai_kontrak = None


# --- guards --------------------------------------------------------------------------


@rule("HPS tidak melebihi pagu")
def hps_within_pagu(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    if case.hps is not None and case.hps > case.pagu:
        return f"HPS {rupiah(case.hps)} melebihi pagu {rupiah(case.pagu)}"
    return None


@rule("HPS sudah ditetapkan")
def hps_required(case: PaketCase, inputs: dict[str, Any]) -> Refusal | None:
    if case.hps is None:
        return Refusal(f"{HPS.label} belum ditetapkan", (HPS,))
    return None


@rule("nilai kontrak tidak melebihi HPS (atau pagu bila tanpa HPS)")
def nilai_within_ceiling(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    """Nilai kontrak ≤ HPS, or ≤ pagu where there is no HPS."""
    if case.nilai_kontrak is None:
        return None
    if case.hps is not None and case.nilai_kontrak > case.hps:
        return f"nilai kontrak {rupiah(case.nilai_kontrak)} melebihi HPS {rupiah(case.hps)}"
    if case.nilai_kontrak > case.pagu:
        return f"nilai kontrak {rupiah(case.nilai_kontrak)} melebihi pagu {rupiah(case.pagu)}"
    return None


@rule("penyedia (pemenang) sudah diisi")
def penyedia_required(case: PaketCase, inputs: dict[str, Any]) -> Refusal | None:
    if not case.penyedia:
        return Refusal(f"{PENYEDIA.label} belum diisi", (PENYEDIA,))
    return None


@rule("penyedia dan nilai kontrak (lebih dari Rp 0) sudah diisi")
def contract_complete(case: PaketCase, inputs: dict[str, Any]) -> str | Refusal | None:
    missing = []
    if not case.penyedia:
        missing.append(PENYEDIA)
    if case.nilai_kontrak is None:
        missing.append(NILAI_KONTRAK)
    if missing:
        return Refusal("kontrak memerlukan " + " dan ".join(i.label for i in missing),
                       tuple(missing))
    if case.nilai_kontrak <= 0:
        return "nilai kontrak harus lebih dari Rp 0"
    return None


@rule("tanggal selesai kontrak tidak sebelum tanggal mulainya")
def contract_period_valid(case: PaketCase, inputs: dict[str, Any]) -> Refusal | None:
    """The contract cannot end before it starts."""
    mulai, selesai = case.tgl_kontrak_mulai, case.tgl_kontrak_selesai
    if mulai is not None and selesai is not None and selesai < mulai:
        return Refusal(f"{SELESAI_KONTRAK.label} {tanggal(selesai)} sebelum "
                       f"{MULAI_KONTRAK.label} {tanggal(mulai)}",
                       (MULAI_KONTRAK, SELESAI_KONTRAK), periksa=True)
    return None


@rule("ditandatangani mulai 1 Januari tahun anggaran (setelah DPA berlaku)")
def within_fiscal_year(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    """Kontrak only once the DPA is in force: not before 1 January (docs/aturan.md §4.4)."""
    when: date | None = inputs.get("tanggal")
    if when is not None and when < date(case.tahun, 1, 1):
        return (
            f"kontrak tahun anggaran {case.tahun} baru boleh ditandatangani mulai "
            f"{tanggal(date(case.tahun, 1, 1))} (setelah DPA berlaku)"
        )
    return None


@rule("pengadaan langsung: pagu tidak melebihi batas untuk jenisnya")
def pl_ceiling(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    """Pengadaan langsung only up to the dated limit for its jenis (docs/aturan.md §2)."""
    if case.metode != Metode.PENGADAAN_LANGSUNG:
        return None
    on = inputs.get("tanggal") or date(case.tahun, 1, 1)
    limit = config.pl_limit(case.jenis, on)
    if case.pagu > limit.value:
        return (
            f"pagu {rupiah(case.pagu)} melebihi batas pengadaan langsung "
            f"{rupiah(limit.value)} untuk jenis {case.jenis} ({limit.source})"
        )
    return None


@rule("hanya untuk pekerjaan konstruksi")
@static
def only_konstruksi(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    if case.jenis != Jenis.KONSTRUKSI:
        return "sanggah banding hanya untuk pekerjaan konstruksi (Perpres 12/2021 Pasal 50(2))"
    return None


@rule("hanya untuk pekerjaan konstruksi")
@static
def pho_only_konstruksi(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    if case.jenis != Jenis.KONSTRUKSI:
        return "PHO hanya untuk pekerjaan konstruksi; gunakan 'bast'"
    return None


@rule("bukan pekerjaan konstruksi (konstruksi: PHO lalu FHO)")
@static
def bast_not_konstruksi(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    if case.jenis == Jenis.KONSTRUKSI and case.metode != Metode.SWAKELOLA:
        return "pekerjaan konstruksi diserahterimakan dengan 'pho' lalu 'fho', bukan 'bast'"
    return None


@rule("tender ulang juga gagal, dan ada persetujuan PA/KPA")
def repeat_failed_with_approval(case: PaketCase,
                                inputs: dict[str, Any]) -> str | Refusal | None:
    """PenL only after a repeat tender failed again, with PA/KPA approval (docs/aturan.md §3.4)."""
    if case.ulang < 1:
        return "penunjukan langsung hanya setelah tender ulang juga gagal"
    if not (inputs.get("persetujuan") or "").strip():
        return Refusal(f"penunjukan langsung memerlukan {PERSETUJUAN.label}", (PERSETUJUAN,))
    return None


def history_note(catatan: str | None, persetujuan: str | None) -> str | None:
    """The riwayat note, with the PA/KPA approval kept on record when one was given."""
    if not (persetujuan or "").strip():
        return catatan
    return f"{catatan or ''} [persetujuan PA/KPA: {persetujuan.strip()}]".strip()


# --- contract execution (issue #5) ------------------------------------------------------
# Facts passed by the use case (pengadaan/usecases/execution_facts.py); absent = unknown.


@rule("realisasi fisik 100% menurut laporan progres terakhir")
def fisik_complete(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    """BAST/PHO only at realisasi fisik 100% (docs/aturan.md §5.4)."""
    if "realisasi_fisik_bp" in inputs and inputs["realisasi_fisik_bp"] is None:
        return ("serah terima hanya pada realisasi fisik 100%; belum ada laporan progres "
                "(catat dengan 'pengadaan progres catat')")
    bp = inputs.get("realisasi_fisik_bp")
    if bp is not None and bp < 10_000:
        return (f"serah terima hanya pada realisasi fisik 100%; laporan progres terakhir "
                f"{percent(bp / 100)}")
    return None


@rule("masa pemeliharaan sejak PHO sudah berakhir")
def maintenance_over(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    """FHO only once the masa pemeliharaan after PHO has run (docs/aturan.md §5.4)."""
    pho: date | None = inputs.get("pho_tanggal")
    when: date | None = inputs.get("tanggal")
    if pho is None or when is None:
        return None
    bulan: int = inputs.get("pemeliharaan_bulan", config.PEMELIHARAAN_BULAN)
    end = akhir_pemeliharaan(pho, bulan)
    if when < end:
        return (f"FHO paling cepat {tanggal(end)}: masa pemeliharaan "
                f"{bulan} bulan sejak PHO {tanggal(pho)}")
    return None


@rule("laporan progres terakhir menyatakan kontrak kritis")
def kritis_reported(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    """Kritis only when the latest progress report says so (docs/aturan.md §5.2)."""
    if inputs.get("kritis") is False:
        return "kontrak tidak kritis menurut laporan progres terakhir"
    return None


@rule("target uji coba SCM sebelumnya tidak tercapai")
def uji_coba_missed(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    """Escalate only when the uji coba target of the last SCM was missed."""
    if inputs.get("uji_coba_tercapai") is True:
        return "target uji coba SCM tercapai; gunakan 'pulih'"
    if inputs.get("uji_coba_sampai") is not None:
        return f"uji coba SCM masih berjalan sampai {tanggal(inputs['uji_coba_sampai'])}"
    return None


@rule("target uji coba SCM tercapai, atau laporan progres tidak lagi kritis")
def recovered(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    """Back to normal when the uji coba target was met, or the report is no longer kritis."""
    met = inputs.get("uji_coba_tercapai")
    if met is False:
        return "target uji coba SCM tidak tercapai; lanjutkan eskalasi (SCM/SP berikutnya)"
    if met is None and inputs.get("kritis") is True:
        return "kontrak masih kritis menurut laporan progres terakhir"
    return None


@rule(f"paling lama {config.KESEMPATAN_MAKS_HARI_KALENDER} hari kalender "
       "setelah kontrak berakhir")
def kesempatan_within_limit(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    """Pemberian kesempatan ends after the contract end, at most 50 hari kalender later
    (Peraturan LKPP 12/2021 7.20); checked when its end (``kesempatan_sampai``) is given."""
    sampai: date | None = inputs.get("kesempatan_sampai")
    selesai = case.tgl_kontrak_selesai
    if sampai is None or selesai is None:
        return None
    if sampai <= selesai:
        return (f"kesempatan sampai {tanggal(sampai)} harus sesudah tanggal selesai kontrak "
                f"{tanggal(selesai)}")
    limit = selesai + timedelta(days=config.KESEMPATAN_MAKS_HARI_KALENDER)
    if sampai > limit:
        return (f"pemberian kesempatan paling lama {config.KESEMPATAN_MAKS_HARI_KALENDER} hari "
                f"kalender setelah kontrak berakhir {tanggal(selesai)} (sampai "
                f"{tanggal(limit)}); diminta {(sampai - selesai).days} hari")
    return None


@rule("penyedia tidak dalam daftar hitam")
def penyedia_not_blacklisted(case: PaketCase, inputs: dict[str, Any]) -> str | None:
    """A penyedia on the daftar hitam cannot win or sign (Perpres 16/2018 Pasal 78)."""
    barred = inputs.get("daftar_hitam") or ()
    if case.penyedia and case.penyedia.strip().lower() in barred:
        return f"penyedia '{case.penyedia}' sedang dalam daftar hitam"
    return None


@rule("alasan diisi (catatan)")
def reason_required(case: PaketCase, inputs: dict[str, Any]) -> Refusal | None:
    """Batal and putus kontrak only with a reason, given as the catatan."""
    if not (inputs.get("catatan") or "").strip():
        return Refusal("alasan wajib diisi", (CATATAN,))
    return None
