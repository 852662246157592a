"""Uji potensi (issue #17, docs/proyeksi.md §8): a proposed monthly target curve per OPD
from its own packages' plans, beside the set targets (RAK), with the months where the
set target is "terlalu tinggi" or "terlalu rendah"; written in the format `target impor`
reads back."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pengadaan.db import proyeksi as q
from pengadaan.db import rapor as rapor_q
from pengadaan.db import repository as repo
from pengadaan.db.uow import Database
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.execution.persen import PENUH, format_bp
from pengadaan.domain.kinerja import effective_curve
from pengadaan.domain.proyeksi import nilai_per_pagu_bp
from pengadaan.domain.uji_potensi import RencanaBayar, geser, kurva_usulan, tanda
from pengadaan.usecases.lookup import require_opd

# Stages whose money will not be paid from a plan (given up).
TANPA_BAYAR = ("batal", "putus_kontrak")


@dataclass(frozen=True)
class BulanUsul:
    bulan: int
    usul_bp: int  # the proposal, cumulative
    target_bp: int  # the set target (RAK, else the default curve)
    selisih_bp: int  # target − usul (positive: the set target asks for more)
    tanda: str | None  # "terlalu tinggi" / "terlalu rendah" / None


@dataclass(frozen=True)
class UsulOpd:
    opd: str
    nama: str
    paket: int
    pagu: int
    geser_hari: int  # slippage applied (days)
    riwayat: int  # earlier-year pelaksanaan it was measured on
    bulan: list[BulanUsul]


def usul(db: Database, tahun: int, opd: str | None = None) -> list[UsulOpd]:
    """The proposal of every OPD with packages in ``tahun`` (or of one)."""
    with db.unit_of_work() as uow:
        opd_id = None if opd is None else require_opd(uow.session, opd).id
        opds = {o.id: (o.singkatan, o.nama) for o in repo.list_opd(uow.session)}
        planned = list(q.planned_rows(uow.session, tahun, opd_id))
        history: dict[int, list[int]] = defaultdict(list)
        for r in q.slippage_rows(uow.session, tahun, opd_id):
            history[r.opd_id].append((r.realisasi - r.rencana).days)
        signed = q.contract_ratio(uow.session, tahun)
        targets = rapor_q.targets(uow.session, tahun, opd_id)
    ratio = nilai_per_pagu_bp(signed.nilai, signed.pagu, signed.n, date(tahun, 1, 1))
    pagu: dict[int, int] = defaultdict(int)
    count: dict[int, int] = defaultdict(int)
    plans: dict[int, list[RencanaBayar]] = defaultdict(list)
    for r in planned:
        pagu[r.opd_id] += r.pagu
        count[r.opd_id] += 1
        if r.tahap in TANPA_BAYAR or r.mulai is None or r.selesai is None:
            continue
        nilai = r.nilai_kontrak if r.nilai_kontrak is not None else r.pagu * ratio // PENUH
        plans[r.opd_id].append(RencanaBayar(r.jenis, nilai, r.mulai, r.selesai))
    result = []
    for key in sorted(pagu, key=lambda k: opds[k][0]):
        shift = geser(history.get(key, []))
        proposal = kurva_usulan(plans[key], pagu[key], tahun, shift)
        target = effective_curve(targets.get(key, {}))
        months = [BulanUsul(m, u, t, t - u, tanda(t, u, date(tahun, m, 1)))
                  for m, (u, t) in enumerate(zip(proposal, target, strict=True), start=1)]
        result.append(UsulOpd(*opds[key], count[key], pagu[key],
                              shift, len(history.get(key, [])), months))
    return result


HEADER = ("OPD", "tahun", "bulan", "target %")


def write_usul(found: list[UsulOpd], tahun: int, path: Path) -> None:
    """The proposal as `target impor` reads it (OPD, tahun, bulan, target %), CSV or XLSX;
    edit it and load it back. An unwritable path is one line, nothing half-written."""
    rows = [(u.opd, tahun, b.bulan, b.usul_bp) for u in found for b in u.bulan]
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(f"{path.name}: pilih berkas .csv atau .xlsx")
    try:
        if suffix == ".csv":
            with open(path, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(HEADER)
                writer.writerows((o, t, m, format_bp(bp).removesuffix("%"))
                                 for o, t, m, bp in rows)
        else:
            _write_xlsx(rows, tahun, path)
    except OSError as err:
        raise InvalidInput(f"tidak dapat menulis {path}: {err.strerror or err}") from None


def _write_xlsx(rows, tahun: int, path: Path) -> None:
    from openpyxl import Workbook

    from pengadaan.exports.xlsx import PERCENT_FORMAT, save_write_only, styled_cell

    def fill(book: Workbook) -> None:
        sheet = book.create_sheet(f"Usulan target {tahun}")
        sheet.append(list(HEADER))
        for o, t, m, bp in rows:
            sheet.append([o, t, m, styled_cell(sheet, bp / PENUH, PERCENT_FORMAT)])

    save_write_only(path, fill)
