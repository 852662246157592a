"""Lateness flags of one paket on an as-of date: the rule set, in plain Python.

The application judges lists and single packages alike with the SQL form in
``db/lateness_sql.py``; this Python form is the oracle a property test
(tests/test_lateness_agree.py) holds it to. The SQL side gets the working-day
arithmetic precomputed by :func:`ambang`, and the deadlines and denda of the flags
it finds from :func:`temuan`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from pengadaan.domain import config
from pengadaan.domain.alert_kinds import SEVERITY, in_order
from pengadaan.domain.execution.denda import denda_bersama
from pengadaan.domain.kalender import Kalender
from pengadaan.domain.schedule_templates import PELAKSANAAN, pelaksanaan_hari
from pengadaan.domain.vocabulary import (
    ESCALATION,
    EXECUTION,
    FINAL_TAHAP,
    PLANNING,
    Kelompok,
    tahap_in,
)

# Contract signed, work not yet handed over.
KONTRAK_BERJALAN = ("kontrak", *EXECUTION)
# No contract yet (planning, selection, failed selection, SPPBJ waiting for signature).
PRA_KONTRAK = (*tahap_in(Kelompok.PERENCANAAN, Kelompok.PEMILIHAN, Kelompok.GAGAL), "sppbj")


def kontrak_kritis(tahap: str, report_kritis: bool) -> bool:
    """Kontrak kritis (issue #5): a contract being carried out whose progress report in
    force is kritis, or which is in the kritis/SCM/SP escalation whatever the report."""
    return tahap in EXECUTION and (report_kritis or tahap in ESCALATION)


@dataclass(frozen=True)
class FaktaPaket:
    """What the rules read about one paket (columns of paket and its current stage)."""

    tahap: str
    jenis: str
    tahun: int
    tgl_awal_pemilihan: date | None
    tahap_sejak: date | None
    nilai_kontrak: int | None
    tgl_kontrak_selesai: date | None
    rencana_selesai: date | None  # planned end of the current stage (jadwal)
    kritis: bool = False  # the progress report in force is kritis (issue #5)
    # Earliest batas of a tindak lanjut overdue on the as-of date (domain/kendala
    # .earliest_overdue), None without one (issue #13).
    tindak_lanjut_lewat: date | None = None


class Temuan(NamedTuple):
    """One flag with its own deadline, days late (negative = left) and denda. A named
    tuple, as :class:`Ambang`: a frozen dataclass costs every command that judges
    lateness ±3 million instructions to create (issue #15)."""

    flag: str
    batas: date
    hari: int
    denda: int | None = None

    @property
    def severity(self) -> int:
        return SEVERITY[self.flag]


class Ambang(NamedTuple):
    """The as-of date and the working-day dates the SQL form needs as parameters."""

    as_of: date
    hampir_sampai: date  # last deadline still "hampir" (N working days ahead)
    sppbj_sebelum: date  # SPPBJ issued before this date → kontrak_tertunda
    jenis_berisiko: tuple[str, ...]  # jenis whose execution no longer fits this year


def kontrak_deadline(sppbj: date, kalender: Kalender) -> date:
    """Last day to sign after SPPBJ: 14 hari kerja (Peraturan LKPP 12/2021)."""
    return kalender.add_working_days(sppbj, config.KONTRAK_AFTER_SPPBJ_HARI_KERJA)


def ambang(as_of: date, kalender: Kalender, hampir: int) -> Ambang:
    """Precompute the working-day thresholds for ``as_of``.

    ``sppbj_sebelum`` is the earliest SPPBJ date whose signing deadline is not yet
    past; the deadline grows with the SPPBJ date, so "deadline < as_of" is exactly
    "SPPBJ date < sppbj_sebelum".
    """
    day = as_of
    while kontrak_deadline(day - date.resolution, kalender) >= as_of:
        day -= date.resolution
    sisa = (date(as_of.year, 12, 31) - as_of).days
    berisiko = tuple(sorted(j.value for j, d in PELAKSANAAN.items() if sisa < d.panjang))
    return Ambang(as_of, kalender.add_working_days(as_of, hampir), day, berisiko)


def deadline_of(tahap: str, kontrak_selesai: date | None,
                rencana_selesai: date | None) -> date | None:
    """Deadline of the stage ``tahap``: the contract end while a contract runs,
    otherwise the planned end of the stage in the jadwal (its current plan)."""
    if tahap in EXECUTION and kontrak_selesai is not None:
        return kontrak_selesai
    return rencana_selesai


def stage_batas(f: FaktaPaket) -> date | None:
    """Deadline of the current stage (:func:`deadline_of`)."""
    return deadline_of(f.tahap, f.tgl_kontrak_selesai, f.rencana_selesai)


def flags_of(f: FaktaPaket, as_of: date, kalender: Kalender, hampir: int) -> list[str]:
    """The flags that hold for one paket on ``as_of``, most severe first."""
    if f.tahap in FINAL_TAHAP:
        return []
    batas = stage_batas(f)
    selesai = f.tgl_kontrak_selesai
    contract_governs = f.tahap in EXECUTION and selesai is not None
    akhir_tahun = date(f.tahun, 12, 31)
    holds = {
        "terlambat": batas is not None and as_of > batas and not contract_governs,
        "hampir": (batas is not None
                   and as_of <= batas <= kalender.add_working_days(as_of, hampir)),
        "belum_mulai": (f.tahap in PLANNING and f.tgl_awal_pemilihan is not None
                        and as_of > f.tgl_awal_pemilihan),
        "kontrak_tertunda": (f.tahap == "sppbj" and f.tahap_sejak is not None
                             and as_of > kontrak_deadline(f.tahap_sejak, kalender)),
        "lewat_kontrak": f.tahap in KONTRAK_BERJALAN and selesai is not None and as_of > selesai,
        "lewat_tahun_anggaran": (
            (f.tahap in KONTRAK_BERJALAN and selesai is not None and selesai > akhir_tahun)
            or (f.tahap in PRA_KONTRAK
                and (akhir_tahun - as_of).days < pelaksanaan_hari(f.jenis))),
        "kritis": kontrak_kritis(f.tahap, f.kritis),
        "tindak_lanjut_lewat": f.tindak_lanjut_lewat is not None,
    }
    return in_order(flag for flag, ok in holds.items() if ok)


def reference_date(flag: str, f: FaktaPaket) -> date | None:
    """The date a flag's deadline follows, also its "most late first" sort key
    (``db/lateness_sql.py`` selects the same column per flag)."""
    if flag in ("terlambat", "hampir"):
        return stage_batas(f)
    if flag == "belum_mulai":
        return f.tgl_awal_pemilihan
    if flag == "kontrak_tertunda":
        return f.tahap_sejak
    if flag == "lewat_kontrak":
        return f.tgl_kontrak_selesai
    if flag == "kritis":  # the contract end it puts at risk
        return f.tgl_kontrak_selesai or f.tahap_sejak
    if flag == "tindak_lanjut_lewat":
        return f.tindak_lanjut_lewat
    return None  # lewat_tahun_anggaran: the fiscal year's end


def temuan(flag: str, reference: date | None, tahun: int, nilai_kontrak: int | None,
           as_of: date, kalender: Kalender) -> Temuan:
    """Deadline, days late and denda of a flag known to hold, from its reference date."""
    denda = None
    if flag == "kontrak_tertunda":
        batas = kontrak_deadline(reference, kalender)
    elif flag == "lewat_tahun_anggaran":
        batas = date(tahun, 12, 31)
    else:
        batas = reference or as_of
        if flag == "lewat_kontrak":
            denda = _denda_lewat((nilai_kontrak,), reference, as_of)
    return Temuan(flag, batas, (as_of - batas).days, denda)


def _denda_lewat(nilai_kontrak: Iterable[int | None], reference: date | None,
                 as_of: date) -> int:
    """lewat_kontrak's denda for contracts that ended on ``reference`` (unknown: today),
    each charged on its own value (none: 0)."""
    return denda_bersama([nilai or 0 for nilai in nilai_kontrak], reference or as_of, as_of)


def denda_lewat_kontrak(nilai_per_reference: Mapping[date | None, Iterable[int | None]],
                        as_of: date) -> int:
    """Σ the denda :func:`temuan` gives lewat_kontrak alerts, their nilai kontrak
    grouped by reference date (the contract end): the deadline and days late judged
    once per date, not once per alert (``peringatan --ringkas``, issue #15)."""
    return sum(_denda_lewat(values, reference, as_of)
               for reference, values in nilai_per_reference.items())


def detail(flag: str, f: FaktaPaket, as_of: date, kalender: Kalender) -> Temuan:
    """Deadline, days late and denda of a flag known to hold for ``f``."""
    return temuan(flag, reference_date(flag, f), f.tahun, f.nilai_kontrak, as_of, kalender)


def evaluate(f: FaktaPaket, as_of: date, kalender: Kalender, hampir: int) -> list[Temuan]:
    """Every flag of one paket on ``as_of`` with its details, most severe first."""
    return [detail(flag, f, as_of, kalender) for flag in flags_of(f, as_of, kalender, hampir)]
