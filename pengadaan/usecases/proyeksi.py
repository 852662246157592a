"""Proyeksi serapan akhir tahun (issue #17): per paket, per OPD and for the kabupaten.

One statement reads every paket of the year (db/proyeksi.py); the per-paket model is
pure (pengadaan/domain/proyeksi.py); this module sums it per OPD, sets it beside the
year-end target (RAK, else the default curve) and lists the money at risk, worst first,
with the kendala the OPD recorded. Every read goes through ``read`` (``with
db.reading() as read``): the alerts and the rekap that add the forecast are answered
from cached SQL without SQLAlchemy (pengadaan/db/reading.py, issue #15).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pengadaan.db import statements
from pengadaan.domain.kinerja import div_half_up, effective_curve, ratio_bp
from pengadaan.domain.proyeksi import (
    ALASAN,
    ALASAN_BERISIKO,
    FaktaProyeksi,
    Proyeksi,
    Proyektor,
    anggapan,
    nilai_per_pagu_bp,
)
from pengadaan.domain.vocabulary import FINAL_TAHAP, Kelompok, tahap_in
from pengadaan.usecases.reads import kalender_read, opd_id_read
from pengadaan.usecases.rekap import TOTAL_OPD

if TYPE_CHECKING:
    from pengadaan.db.reading import CachedDatabase
    from pengadaan.db.uow import Database

# The facts the forecast reads per paket, in FaktaProyeksi's order (db/proyeksi.rows_query).
FAKTA = tuple(FaktaProyeksi.__dataclass_fields__)
# Stages whose money is never at risk (paid, handed over, or given up): the alert's
# read leaves them out.
TIDAK_BERISIKO = tuple(sorted(FINAL_TAHAP)) + tahap_in(Kelompok.SERAH_TERIMA)


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
class HasilProyeksi:
    per: date
    tahun: int
    baris: list[BarisProyeksi]  # by OPD kode order of the rekap (singkatan)
    total: BarisProyeksi
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

    def baris(self, opd: str, target_bp: int) -> BarisProyeksi:
        proyeksi_bp = ratio_bp(self.proyeksi, self.pagu)
        return BarisProyeksi(
            opd, self.paket, self.pagu, self.realisasi, ratio_bp(self.realisasi, self.pagu),
            self.proyeksi, proyeksi_bp, target_bp,
            None if proyeksi_bp is None else proyeksi_bp - target_bp, self.berisiko,
            self.paket_berisiko)


@dataclass(frozen=True, slots=True)
class Dinilai:
    """One paket as the forecast read it: who it is, its facts, its forecast."""

    id: int
    kode: str
    nama: str
    opd_id: int
    opd: str
    fakta: FaktaProyeksi
    proyeksi: Proyeksi


def forecast_rows(read: Callable, as_of: date, opd_id: int | None = None,
                  skip: tuple[str, ...] = ()) -> list[Dinilai]:
    """Every paket of ``as_of``'s year (none in a tahap of ``skip``) with its forecast;
    the contract ratio is the whole year's, whatever is read."""
    tahun = as_of.year
    n = len(FAKTA)
    kalender = kalender_read(read, as_of, date(tahun, 12, 31))
    before = as_of - timedelta(days=anggapan("jendela_laju_hari", as_of))
    signed = next(iter(read(statements.PROYEKSI_KONTRAK, tahun=tahun)))
    rows = [(FaktaProyeksi(*row[:n]), row[n:]) for row in read(
        statements.PROYEKSI, tahun=tahun, as_of=as_of, before=before, fields=FAKTA,
        opd_id=opd_id, skip=skip)]
    model = Proyektor(as_of, kalender,
                      nilai_per_pagu_bp(signed.nilai, signed.pagu, signed.n, as_of))
    return [Dinilai(*who, f, model.proyeksi(f)) for f, who in rows]


def at_risk(read: Callable, as_of: date, opd_id: int | None = None) -> list[Dinilai]:
    """The packages whose money the forecast expects not to be absorbed (the alert
    berisiko_tidak_terserap), with their forecast."""
    return [d for d in forecast_rows(read, as_of, opd_id, TIDAK_BERISIKO)
            if berisiko(d.proyeksi)]


def berisiko(p: Proyeksi) -> bool:
    """At risk: a reason that loses money this year, and an amount."""
    return p.alasan in ALASAN_BERISIKO and p.berisiko > 0


def per_opd(read: Callable, as_of: date) -> dict[int | None, tuple[int, int]]:
    """Per opd_id (``None``: the kabupaten), the forecast's Rupiah on 31 December and
    its dana berisiko: the rekap's and rapor's columns."""
    sums: dict[int | None, list[int]] = {None: [0, 0]}
    for d in forecast_rows(read, as_of):
        at_risk = d.proyeksi.berisiko if berisiko(d.proyeksi) else 0
        for key in (d.opd_id, None):
            pair = sums.setdefault(key, [0, 0])
            pair[0] += d.proyeksi.terserap
            pair[1] += at_risk
    return {key: (terserap, risk) for key, (terserap, risk) in sums.items()}


def proyeksi(db: Database | CachedDatabase, as_of: date, opd: str | None = None
             ) -> HasilProyeksi:
    """The forecast of ``as_of``'s fiscal year, per OPD and for the kabupaten."""
    # Here, not at the top: the alerts and the rekap read the forecast without the
    # kendala's words, and a cron run of theirs need not load the roles' rules.
    from pengadaan.domain.kendala import lateness_reason

    tahun = as_of.year
    with db.reading() as read:
        opd_id = opd_id_read(read, opd)
        opds = {o.id: o.singkatan for o in read(statements.OPD_SEMUA)
                if opd_id is None or o.id == opd_id}
        targets = statements.target_map(read(statements.TARGET, tahun=tahun, opd_id=opd_id))
        kendala = statements.latest_open(
            read(statements.KENDALA_TERBUKA, as_of=as_of, opd_id=opd_id),
            read(statements.TINDAK_LANJUT_TERBUKA, as_of=as_of, opd_id=opd_id))
        forecast = forecast_rows(read, as_of, opd_id)
    sums = {opd_key: _Sum() for opd_key in opds}
    total = _Sum()
    at_risk: list[PaketProyeksi] = []
    for d in forecast:
        f, p = d.fakta, d.proyeksi
        realisasi = f.keuangan or 0
        sums[d.opd_id].add(f.pagu, realisasi, p)
        total.add(f.pagu, realisasi, p)
        if berisiko(p):
            why, follow = lateness_reason(*kendala.get(d.id, (None, None)), None)
            at_risk.append(PaketProyeksi(
                d.kode, d.nama, d.opd, f.tahap, f.pagu, realisasi, p.terserap, p.berisiko,
                p.alasan, ALASAN[p.alasan], p.fisik_bp, p.selesai, why, follow))
    year_end = {opd_key: effective_curve(targets.get(opd_key, {}))[11] for opd_key in opds}
    baris = [sums[k].baris(opds[k], year_end[k])
             for k in sorted(opds, key=lambda k: opds[k]) if sums[k].paket]
    weighted = sum(year_end[k] * sums[k].pagu for k in opds)
    total_target = div_half_up(weighted, total.pagu) if total.pagu else \
        effective_curve({})[11]
    at_risk.sort(key=lambda p: (-p.berisiko, p.kode))
    return HasilProyeksi(as_of, tahun, baris, total.baris(TOTAL_OPD, total_target), at_risk,
                         {name: anggapan(name, as_of) for name in
                          ("macet_hari", "jendela_laju_hari", "nilai_per_pagu_bp",
                           "min_kontrak_rasio")})
