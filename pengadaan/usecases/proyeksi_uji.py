"""Back-test of the year-end forecast (issue #17, docs/proyeksi.md §6): forecast the demo
year at 1 April, 1 July and 1 September and compare with what the same demo year (same
seed, as of 31 December) actually absorbed, per OPD and for the kabupaten.

Each date is a fresh SQLite file in a temporary folder, filled by the demo generator
(pengadaan/demo/), which never reads the forecast's assumptions: the forecast is graded
against a year it did not shape.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pengadaan.db.uow import open_database
from pengadaan.demo.load import load_demo
from pengadaan.domain.akses import Identitas
from pengadaan.usecases.proyeksi import HasilProyeksi, proyeksi

UJI_PER = ((4, 1), (7, 1), (9, 1))  # month, day of the forecasts
# The targets, in basis points, from 1 July on: regency error, per-OPD MAE.
# An April forecast has no target: most packages have not even been tendered yet.
TARGET_KABUPATEN_BP = 500
TARGET_MAE_BP = 1_000
TARGET_SEJAK = (7, 1)


@dataclass(frozen=True)
class OpdUji:
    opd: str
    proyeksi_bp: int
    aktual_bp: int


@dataclass(frozen=True)
class BarisUji:
    """One forecast date against the year's end."""

    per: date
    proyeksi_bp: int
    aktual_bp: int
    galat_bp: int  # proyeksi − aktual (kabupaten)
    mae_bp: int  # mean absolute error over the OPDs
    target_kabupaten_bp: int | None  # None before 1 July (no target)
    target_mae_bp: int | None
    opd: list[OpdUji]

    @property
    def lulus(self) -> bool:
        kabupaten = self.target_kabupaten_bp is None or abs(self.galat_bp) <= \
            self.target_kabupaten_bp
        return kabupaten and (self.target_mae_bp is None or self.mae_bp <= self.target_mae_bp)


@dataclass(frozen=True)
class HasilUji:
    tahun: int
    paket: int
    seed: int
    baris: list[BarisUji]


def _forecast(folder: Path, paket: int, per: date, seed: int,
              actor: str | Identitas) -> HasilProyeksi:
    db = open_database(str(folder / f"uji-{per.isoformat()}.db"))
    try:
        load_demo(db, paket, per, seed, actor=actor)
        return proyeksi(db, per)
    finally:
        db.engine.dispose()


def uji(tahun: int, paket: int, seed: int, actor: str | Identitas) -> HasilUji:
    """Forecast the demo year on the UJI_PER dates and grade it against 31 December."""
    with tempfile.TemporaryDirectory(prefix="proyeksi-uji-") as folder:
        end = _forecast(Path(folder), paket, date(tahun, 12, 31), seed, actor)
        aktual = {b.opd: b for b in end.baris}
        rows = []
        for month, day in UJI_PER:
            h = _forecast(Path(folder), paket, date(tahun, month, day), seed, actor)
            opd = [OpdUji(b.opd, b.proyeksi_bp or 0, aktual[b.opd].penyerapan_bp or 0)
                   for b in h.baris if b.opd in aktual]
            mae = sum(abs(o.proyeksi_bp - o.aktual_bp) for o in opd) // max(len(opd), 1)
            total = h.total.proyeksi_bp or 0
            actual = end.total.penyerapan_bp or 0
            graded = (month, day) >= TARGET_SEJAK
            rows.append(BarisUji(h.per, total, actual, total - actual, mae,
                                 TARGET_KABUPATEN_BP if graded else None,
                                 TARGET_MAE_BP if graded else None, opd))
    return HasilUji(tahun, paket, seed, rows)
