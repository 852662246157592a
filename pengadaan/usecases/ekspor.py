"""Export use cases: OCDS release package, monitoring workbook (XLSX), CSV table.

Everything is read in one read-only unit of work, with the stage each paket was in on
the as-of date (``--per``) taken from its history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pengadaan.db import bulk
from pengadaan.db import kendala as kendala_q
from pengadaan.db.uow import Database
from pengadaan.domain.alert_kinds import golongan
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import today_wib
from pengadaan.domain.kendala import lateness_reason
from pengadaan.exports import ocds as ocds_out
from pengadaan.exports import report
from pengadaan.exports.ocds_schema import problems
from pengadaan.exports.table_csv import write_csv
from pengadaan.usecases.dasbor import dashboard_page
from pengadaan.usecases.lookup import require_opd


@dataclass(frozen=True)
class ExportResult:
    path: Path
    paket: int
    as_of: date


def _read(db: Database, as_of: date, opd: str | None, with_reasons: bool = False
          ) -> tuple[list[Any], dict[int, list], dict[int, tuple[str | None, str | None]],
                     set[int]]:
    """The rows, their schedules and (``with_reasons``) the Kendala/Tindak Lanjut texts
    and the ids of the paket with a kendala open on ``as_of``."""
    with db.unit_of_work() as uow:
        opd_id = None
        if opd:
            opd_id = require_opd(uow.session, opd).id
        rows = bulk.export_rows(uow.session, as_of, opd_id)
        jadwal: dict[int, list] = {}
        for (paket_id, _tahap), row in bulk.jadwal_of(uow.session, [r.id for r in rows]).items():
            jadwal.setdefault(paket_id, []).append(row)
        reasons: dict[int, tuple[str | None, str | None]] = {}
        found = {}
        if with_reasons:
            found = kendala_q.open_on(uow.session, as_of, opd_id)
            for row in rows:
                kendala, tindak_lanjut = found.get(row.id, (None, None))
                reasons[row.id] = lateness_reason(kendala, tindak_lanjut, row.catatan_progres)
    return rows, jadwal, reasons, set(found)


def lateness_flags(db: Database, rows: list[Any], as_of: date, opd: str | None
                   ) -> dict[int, str]:
    """The Status text per paket id: its golongan (domain/lateness.golongan) from the
    lateness flags on ``as_of``, kontrak kritis judged in the stage it was in then."""
    page = dashboard_page(db, as_of, opd=opd, limit=None)
    found = {status.kode: set(status.flags) for status in page.rows}
    flags: dict[int, str] = {}
    for row in rows:
        held = found.get(row.kode, set())
        if row.kritis:
            held = held | {"kritis"}
        words = golongan(held)
        if words:
            flags[row.id] = report.status_text(words)
    return flags


def export_ocds(db: Database, path: Path, as_of: date | None = None,
                schema_dir: Path | None = None) -> ExportResult:
    """Write an OCDS 1.1 release package; with ``schema_dir`` refuse an invalid one."""
    as_of = as_of or today_wib()
    rows, jadwal, _reasons, _open = _read(db, as_of, None)
    if not rows:
        raise InvalidInput(f"tidak ada paket per {as_of.isoformat()}; tidak ada yang diekspor "
                           "(paket OCDS wajib berisi paling sedikit satu rilis)")
    releases = [ocds_out.release(row, jadwal.get(row.id, []), as_of) for row in rows]
    package = ocds_out.package(releases, as_of, f"urn:pengadaan:ocds:{as_of.isoformat()}")
    if schema_dir is not None:
        found = problems(package, schema_dir)
        if found:
            raise InvalidInput("hasil ekspor tidak sah menurut skema OCDS: " + "; ".join(found))
    _write(path, lambda handle: json.dump(package, handle, ensure_ascii=False, indent=1))
    return ExportResult(path, len(rows), as_of)


def _write(path: Path, dump) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            dump(handle)
    except OSError as err:
        raise InvalidInput(f"berkas {path} tidak dapat ditulis ({err.strerror})") from None


def _table(db: Database, as_of: date, opd: str | None):
    rows, jadwal, reasons, open_kendala = _read(db, as_of, opd, with_reasons=True)
    packages = report.package_rows(rows, jadwal, lateness_flags(db, rows, as_of, opd), reasons,
                                   open_kendala)
    names = {r.opd_singkatan: r.opd_nama for r in rows}
    return packages, names


def export_xlsx(db: Database, path: Path, as_of: date | None = None,
                opd: str | None = None) -> ExportResult:
    """Write the monitoring workbook (rekap per OPD + all packages)."""
    as_of = as_of or today_wib()
    if path.suffix.lower() != ".xlsx":
        raise InvalidInput(f"berkas {path.name}: akhiran harus .xlsx")
    packages, names = _table(db, as_of, opd)
    scope = f"OPD {opd}" if opd else "semua OPD"
    # openpyxl takes ~50 ms to import: only this command pays for it, not every command.
    from pengadaan.exports.xlsx import write_workbook

    try:
        write_workbook(path, as_of, packages, report.rekap(packages, names), scope)
    except OSError as err:
        raise InvalidInput(f"berkas {path} tidak dapat ditulis ({err.strerror})") from None
    return ExportResult(path, len(packages), as_of)


def export_csv(db: Database, path: Path, as_of: date | None = None,
               opd: str | None = None) -> ExportResult:
    """Write the package table as CSV."""
    as_of = as_of or today_wib()
    packages, _names = _table(db, as_of, opd)
    try:
        write_csv(path, packages)
    except OSError as err:
        raise InvalidInput(f"berkas {path} tidak dapat ditulis ({err.strerror})") from None
    return ExportResult(path, len(packages), as_of)
