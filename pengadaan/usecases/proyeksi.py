"""Proyeksi serapan akhir tahun (issue #17): per paket, per OPD and for the kabupaten.

One statement reads the facts of every paket of the year the model must judge
(db/proyeksi.py); the per-paket model is pure (pengadaan/domain/proyeksi.py); the paket
whose forecast is what they paid (HANYA_DIBAYAR) come summed per OPD from a second one.
This module folds the rows into per-OPD sums as they stream (at 100,000 paket a list of
per-paket results cost the TUI ±125 MB), sets them beside the year-end target (RAK,
else the default curve) and lists the money at risk, worst first, with the kendala the
OPD recorded. Every read goes through ``read`` (``with
db.reading() as read``): the alerts and the rekap that add the forecast are answered
from cached SQL without SQLAlchemy (pengadaan/db/reading.py, issue #15).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pengadaan.db import statements
from pengadaan.domain.kinerja import div_half_up, effective_curve, ratio_bp
from pengadaan.domain.proyeksi import ALASAN, HANYA_DIBAYAR, FaktaProyeksi, Proyeksi, anggapan
from pengadaan.usecases.proyeksi_paket import berisiko, judged
from pengadaan.usecases.reads import opd_id_read
from pengadaan.usecases.rekap import TOTAL_OPD

if TYPE_CHECKING:
    from pengadaan.db.reading import CachedDatabase
    from pengadaan.db.uow import Database

@dataclass(frozen=True)
class PaketProyeksi:
    """One paket's forecast (the at-risk list shows these)."""

    kode: str
    nama: str
    opd: str
    tahap: str
    pagu: int
    realisasi: int  # paid on the as-of date
    proyeksi: int  # expected paid by 31 December
    berisiko: int
    alasan: str
    alasan_label: str
    fisik_akhir_bp: int | None
    selesai_perkiraan: date | None
    kendala: str | None = None
    tindak_lanjut: str | None = None


@dataclass(frozen=True)
class BarisProyeksi:
    """One OPD (or the kabupaten) on 31 December as forecast. Percentages in bp."""

    opd: str
    paket: int
    pagu: int
    realisasi: int
    penyerapan_bp: int | None
    proyeksi: int
    proyeksi_bp: int | None
    target_akhir_bp: int
    selisih_bp: int | None  # proyeksi − target (negative: the target will be missed)
    berisiko: int
    paket_berisiko: int


@dataclass(frozen=True)
class RingkasProyeksi:
    """The forecast per OPD and for the kabupaten, without the per-paket list (the
    TUI dashboard's line)."""

    per: date
    tahun: int
    baris: list[BarisProyeksi]  # by OPD kode order of the rekap (singkatan)
    total: BarisProyeksi


@dataclass(frozen=True)
class HasilProyeksi(RingkasProyeksi):
    berisiko: list[PaketProyeksi]  # worst first
    anggapan: dict[str, int]


@dataclass
class _Sum:
    paket: int = 0
    pagu: int = 0
    realisasi: int = 0
    proyeksi: int = 0
    berisiko: int = 0
    paket_berisiko: int = 0

    def add(self, pagu: int, realisasi: int, p: Proyeksi) -> None:
        self.paket += 1
        self.pagu += pagu
        self.realisasi += realisasi
        self.proyeksi += p.terserap
        if berisiko(p):
            self.berisiko += p.berisiko
            self.paket_berisiko += 1

    def add_paid(self, paket: int, pagu: int, realisasi: int) -> None:
        """``paket`` of HANYA_DIBAYAR: their forecast is what they paid, none at risk."""
        self.paket += paket
        self.pagu += pagu
        self.realisasi += realisasi
        self.proyeksi += realisasi

    def baris(self, opd: str, target_bp: int) -> BarisProyeksi:
        proyeksi_bp = ratio_bp(self.proyeksi, self.pagu)
        return BarisProyeksi(
            opd, self.paket, self.pagu, self.realisasi, ratio_bp(self.realisasi, self.pagu),
            self.proyeksi, proyeksi_bp, target_bp,
            None if proyeksi_bp is None else proyeksi_bp - target_bp, self.berisiko,
            self.paket_berisiko)


def summed(read: Callable, as_of: date, opd_id: int | None = None,
           at_risk: Callable[[FaktaProyeksi, Proyeksi, tuple], None] | None = None
           ) -> dict[int, _Sum]:
    """Per opd_id (OPDs with paket in ``as_of``'s year), the forecast folded as the rows
    stream; ``at_risk(facts, forecast, who)`` sees each paket at risk. The paket of
    HANYA_DIBAYAR are not judged one by one: their sums come from the database."""
    sums: dict[int, _Sum] = {}
    for f, p, who in judged(read, as_of, opd_id, HANYA_DIBAYAR):
        found = sums.get(who[3]) or sums.setdefault(who[3], _Sum())
        found.add(f.pagu, f.keuangan or 0, p)
        if at_risk is not None and berisiko(p):
            at_risk(f, p, who)
    for row in read(statements.PROYEKSI_DIBAYAR, tahun=as_of.year, as_of=as_of,
                    tahap=HANYA_DIBAYAR, opd_id=opd_id):
        sums.setdefault(row.opd_id, _Sum()).add_paid(
            int(row.paket), int(row.pagu), int(row.keuangan))
    return sums


def per_opd(read: Callable, as_of: date) -> dict[int | None, tuple[int, int]]:
    """Per opd_id (``None``: the kabupaten), the forecast's Rupiah on 31 December and
    its dana berisiko: the rekap's and rapor's columns."""
    found = {key: (s.proyeksi, s.berisiko) for key, s in summed(read, as_of).items()}
    return {**found, None: (sum(p for p, _ in found.values()),
                            sum(r for _, r in found.values()))}


def _lines(opds: dict[int, str], targets: dict, sums: dict[int, _Sum]
           ) -> tuple[list[BarisProyeksi], BarisProyeksi]:
    """The OPD lines (those with paket, by singkatan) and the kabupaten's, each beside
    its year-end target; the kabupaten's is the OPD targets weighted by pagu."""
    total = _Sum()
    for s in sums.values():
        for name in ("paket", "pagu", "realisasi", "proyeksi", "berisiko", "paket_berisiko"):
            setattr(total, name, getattr(total, name) + getattr(s, name))
    year_end = {opd_key: effective_curve(targets.get(opd_key, {}))[11] for opd_key in opds}
    baris = [sums[k].baris(opds[k], year_end[k])
             for k in sorted(opds, key=lambda k: opds[k]) if k in sums and sums[k].paket]
    weighted = sum(year_end[k] * sums[k].pagu for k in opds if k in sums)
    total_target = div_half_up(weighted, total.pagu) if total.pagu else \
        effective_curve({})[11]
    return baris, total.baris(TOTAL_OPD, total_target)


def _opds_and_targets(read: Callable, as_of: date, opd_id: int | None
                      ) -> tuple[dict[int, str], dict]:
    opds = {o.id: o.singkatan for o in read(statements.OPD_SEMUA)
            if opd_id is None or o.id == opd_id}
    return opds, statements.target_map(read(statements.TARGET, tahun=as_of.year,
                                            opd_id=opd_id))


def ringkas(db: Database | CachedDatabase, as_of: date) -> RingkasProyeksi:
    """The forecast of ``as_of``'s fiscal year per OPD and for the kabupaten, without
    the per-paket list or the kendala (the TUI dashboard's line, issue #4)."""
    with db.reading() as read:
        opds, targets = _opds_and_targets(read, as_of, None)
        sums = summed(read, as_of)
    return RingkasProyeksi(as_of, as_of.year, *_lines(opds, targets, sums))


def proyeksi(db: Database | CachedDatabase, as_of: date, opd: str | None = None
             ) -> HasilProyeksi:
    """The forecast of ``as_of``'s fiscal year, per OPD and for the kabupaten."""
    # Here, not at the top: the alerts and the rekap read the forecast without the
    # kendala's words, and a cron run of theirs need not load the roles' rules.
    from pengadaan.domain.kendala import lateness_reason

    tahun = as_of.year
    at_risk: list[PaketProyeksi] = []
    with db.reading() as read:
        opd_id = opd_id_read(read, opd)
        opds, targets = _opds_and_targets(read, as_of, opd_id)
        kendala = statements.latest_open(
            read(statements.KENDALA_TERBUKA, as_of=as_of, opd_id=opd_id),
            read(statements.TINDAK_LANJUT_TERBUKA, as_of=as_of, opd_id=opd_id))

        def listed(f: FaktaProyeksi, p: Proyeksi, who: tuple) -> None:
            paket_id, kode, nama, _opd_id, singkatan = who
            why, follow = lateness_reason(*kendala.get(paket_id, (None, None)), None)
            at_risk.append(PaketProyeksi(
                kode, nama, singkatan, f.tahap, f.pagu, f.keuangan or 0, p.terserap,
                p.berisiko, p.alasan, ALASAN[p.alasan], p.fisik_bp, p.selesai, why, follow))

        sums = summed(read, as_of, opd_id, listed)
    at_risk.sort(key=lambda p: (-p.berisiko, p.kode))
    return HasilProyeksi(as_of, tahun, *_lines(opds, targets, sums), at_risk,
                         {name: anggapan(name, as_of) for name in
                          ("macet_hari", "jendela_laju_hari", "nilai_per_pagu_bp",
                           "min_kontrak_rasio")})
