"""Use cases of absorption targets (RAK per OPD per month): set one, import a file, show.

Entered targets must not decrease month to month; a month without one follows the
default curve (config.TARGET_SERAPAN_BAWAAN_BP) clamped between its neighbours
(pengadaan.domain.kinerja.effective_curve), so the 12-month curve never decreases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pengadaan.db import rapor as q
from pengadaan.db import repository as repo
from pengadaan.db.uow import Database
from pengadaan.domain import limits
from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.execution.persen import parse_persen
from pengadaan.domain.formatting import BULAN
from pengadaan.domain.kinerja import (
    decrease_message,
    effective_curve,
    first_decrease,
    parse_bulan,
)
from pengadaan.imports.reading import Table
from pengadaan.usecases.acting import acting
from pengadaan.usecases.lookup import require_opd

MAX_ERRORS = 10


@dataclass(frozen=True)
class TargetBulan:
    bulan: int
    persen_bp: int
    bawaan: bool  # True: the default curve, no target entered for this month


@dataclass(frozen=True)
class HasilImpor:
    baris: int
    opd: int


def curve(db: Database, opd: str, tahun: int) -> list[TargetBulan]:
    """The OPD's 12 cumulative targets of ``tahun``, marking the default months."""
    with db.unit_of_work() as uow:
        found = require_opd(uow.session, opd)
        own = q.targets(uow.session, tahun, found.id).get(found.id, {})
    values = effective_curve(own)
    return [TargetBulan(m, values[m - 1], m not in own) for m in range(1, 13)]


def set_target(db: Database, opd: str, bulan: str | int, persen: str, tahun: int,
               actor: str | Identitas) -> list[TargetBulan]:
    """Set one month's cumulative target; refused when the curve would decrease."""
    month = parse_bulan(bulan)
    value = parse_persen(persen, "target")
    with acting(db, actor, admin="mengatur target serapan") as act:
        found = require_opd(act.session, opd)
        own = dict(q.targets(act.session, tahun, found.id).get(found.id, {}))
        own[month] = value
        bad = first_decrease(own)
        if bad is not None:
            raise InvalidInput(f"OPD {found.singkatan} tahun {tahun}: "
                               f"{decrease_message(own, bad)}")
        values = effective_curve(own)
        q.upsert_target(act.session, found.id, tahun, month, value, datetime.now(UTC),
                        act.pelaku.nama)
        act.commit()
    return [TargetBulan(m, values[m - 1], m not in own) for m in range(1, 13)]


# --- import ----------------------------------------------------------------------------

_COLUMNS = {
    "opd": ("opd", "kode_opd", "singkatan", "perangkat_daerah"),
    "bulan": ("bulan",),
    "target": ("target", "target_persen", "target_serapan", "persen", "target_%"),
    "tahun": ("tahun", "tahun_anggaran"),
}


def _key(header: object) -> str:
    text = str(header or "").strip().lower().replace("(%)", "").replace("%", "")
    return "_".join(text.split()).strip("_")


def _columns(header: list[str], name: str) -> dict[str, int]:
    keys = [_key(h) for h in header]
    found: dict[str, int] = {}
    for field, aliases in _COLUMNS.items():
        for alias in aliases:
            if alias in keys:
                found[field] = keys.index(alias)
                break
    missing = [f for f in ("opd", "bulan", "target") if f not in found]
    if missing:
        raise InvalidInput(f"berkas {name}: kolom wajib tidak ada: {', '.join(missing)} "
                           "(judul kolom: OPD, bulan, target %)")
    return found


def import_targets(db: Database, path: str | Path, tahun: int,
                   actor: str | Identitas) -> HasilImpor:
    """All rows or none: every row and column error is reported before anything is
    written; a file that would make any OPD's curve decrease is refused whole."""
    path = Path(path)
    table = Table(path, percent_cells=True, limits=db.settings.import_limits)
    try:
        cols = _columns(table.header, path.name)
    except InvalidInput:
        table.close()
        raise
    errors: list[str] = []
    with acting(db, actor, admin="mengimpor target serapan") as act:
        session = act.session
        parsed: dict[tuple[int, int, int], tuple[int, int]] = {}  # (opd, tahun, bulan)
        names: dict[int, str] = {}
        read = 0
        for number, values in table.rows():  # streamed: one target per OPD and month is kept
            read += 1
            item = _parse_row(session, number, values, cols, tahun, errors)
            if item is None:
                continue
            opd, year, month, value = item
            names[opd.id] = opd.singkatan
            if (opd.id, year, month) in parsed:
                errors.append(f"baris {number}: {opd.singkatan} {BULAN[month - 1]} {year} sudah "
                              f"ada di baris {parsed[(opd.id, year, month)][1]}")
                continue
            parsed[(opd.id, year, month)] = (value, number)
        if not read:
            raise InvalidInput(f"berkas {path.name}: tidak ada baris data")
        _check_curves(session, parsed, names, errors)
        if errors:
            shown = "; ".join(errors[:MAX_ERRORS])
            more = f" (dan {len(errors) - MAX_ERRORS} lagi)" if len(errors) > MAX_ERRORS else ""
            raise InvalidInput(f"berkas {path.name}: {len(errors)} kesalahan, tidak ada data "
                               f"yang diubah: {shown}{more}")
        now = datetime.now(UTC)
        for (opd_id, year, month), (value, _n) in parsed.items():
            q.upsert_target(session, opd_id, year, month, value, now, act.pelaku.nama)
        act.commit()
    return HasilImpor(len(parsed), len(names))


def _parse_row(session, number: int, values: list[object], cols: dict[str, int], tahun: int,
               errors: list[str]):
    def cell(field: str) -> str:
        i = cols.get(field)
        value = values[i] if i is not None and i < len(values) else None
        return "" if value is None else str(value).strip()

    before = len(errors)
    opd = None
    if not cell("opd"):
        errors.append(f"baris {number}, kolom OPD: kosong")
    else:
        opd = repo.find_opd(session, cell("opd"))
        if opd is None:
            errors.append(f"baris {number}, kolom OPD: '{cell('opd')}' tidak dikenal")
    year = tahun
    if "tahun" in cols and cell("tahun"):
        text = cell("tahun").removesuffix(".0")
        if text.isdigit() and limits.TAHUN_MIN <= int(text) <= limits.TAHUN_MAKS:
            year = int(text)
        else:
            errors.append(f"baris {number}, kolom tahun: '{cell('tahun')}' bukan tahun")
    month = value = None
    try:
        month = parse_bulan(cell("bulan"), f"baris {number}, kolom bulan")
    except InvalidInput as err:
        errors.append(str(err))
    try:
        value = parse_persen(cell("target"), f"baris {number}, kolom target")
    except InvalidInput as err:
        errors.append(str(err))
    if len(errors) > before:
        return None
    return opd, year, month, value


def _check_curves(session, parsed, names, errors: list[str]) -> None:
    """Each affected OPD/year curve (entered + file + default) must not decrease."""
    for opd_id, year in sorted({(o, y) for o, y, _m in parsed}):
        own = dict(q.targets(session, year, opd_id).get(opd_id, {}))
        rows = {}
        for (o, y, month), (value, number) in parsed.items():
            if (o, y) == (opd_id, year):
                own[month], rows[month] = value, number
        bad = first_decrease(own)
        if bad is not None:
            row = rows.get(bad[1], rows.get(bad[0]))
            errors.append(f"baris {row}: OPD {names[opd_id]} {year}: "
                          f"{decrease_message(own, bad)}")
