"""``pengadaan kendala impor``: the kendala (and their tindak lanjut) an OPD collected
in a spreadsheet, recorded as ``kendala catat`` and ``tindak-lanjut catat`` would
(issue #13; the columns: pengadaan/imports/kendala.py).

All or nothing: every row is judged (its cells, then the paket and the acting user's
right on it) before anything is written; one bad row and the whole file is refused
with every bad row named. Re-importing is harmless: a row whose kendala (paket,
tanggal, kategori, uraian) is already recorded is skipped, and so is its tindak
lanjut when one with the same uraian, pelaksana and batas is there. Rows repeating a
kendala with another tindak lanjut add that tindak lanjut to the one kendala.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pengadaan.db import bulk
from pengadaan.db import kendala as q
from pengadaan.db import repository as repo
from pengadaan.db.models import Kendala, TindakLanjut, TindakLanjutRiwayat
from pengadaan.db.uow import Database
from pengadaan.domain import limits
from pengadaan.domain.akses import Identitas, require
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import today_wib
from pengadaan.domain.kendala import (
    StatusTindakLanjut,
    parse_kategori,
    parse_status,
    refusal_to_follow_up,
    refusal_to_import_kendala,
    refusal_to_record_kendala,
)
from pengadaan.imports.dates import BadDate, parse_table_date
from pengadaan.imports.kendala import KOLOM, TINDAK_LANJUT, KendalaSheet, open_kendala
from pengadaan.imports.reading import Progress, _no_progress
from pengadaan.imports.records import Rejection, RowError
from pengadaan.usecases.acting import Acting, acting, resolve_actor
from pengadaan.usecases.hari import require_past
from pengadaan.usecases.impor import ImportRejected
from pengadaan.usecases.kendala import not_before, require_open, required_text
from pengadaan.usecases.version import touch


@dataclass(frozen=True)
class _FollowUp:
    uraian: str
    pelaksana: str
    batas: date
    status: StatusTindakLanjut


@dataclass(frozen=True)
class _Row:
    """One row's cells, each judged as ``kendala catat`` judges its options."""

    number: int
    kode: str
    tanggal: date
    kategori: str
    uraian: str
    tindak_lanjut: _FollowUp | None


@dataclass
class KendalaImportSummary:
    """What an import did: rows read, records added and rows already recorded."""

    dibaca: int = 0
    kendala_baru: int = 0
    kendala_ada: int = 0
    tindak_lanjut_baru: int = 0
    tindak_lanjut_ada: int = 0


def import_kendala(db: Database, path: Path, actor: str | Identitas, *,
                   today: date | None = None, progress: Progress = _no_progress
                   ) -> KendalaImportSummary:
    """Record every row of ``path`` in one transaction, or nothing (:class:`ImportRejected`
    listing every bad row)."""
    today = today or today_wib()
    with db.unit_of_work() as uow:  # refused before a large file is read
        require(refusal_to_import_kendala(resolve_actor(uow.session, actor)))
    sheet = open_kendala(path, progress, db.settings.import_limits)
    rows, rejections, read = _read(sheet, today)
    with acting(db, actor) as act:
        require(refusal_to_import_kendala(act.pelaku))
        writer = _Writer(act, sheet, path.name, rejections)
        summary = writer.write(rows)
        summary.dibaca = read
        if writer.rejections:
            ordered = sorted(writer.rejections, key=lambda r: r.row)
            raise ImportRejected(f"{len(ordered)} dari {read} baris ditolak; tidak ada data "
                                 "yang diubah (perbaiki berkas lalu impor lagi)", ordered)
        act.commit()
    return summary


# --- the cells of each row ---------------------------------------------------------------


def _read(sheet: KendalaSheet, today: date) -> tuple[list[_Row], list[Rejection], int]:
    rows, rejections, read = [], [], 0
    for number, cells in sheet.rows():
        read += 1
        try:
            rows.append(_row(number, cells, today))
        except RowError as err:
            rejections.append(_rejection(sheet, number, err.kolom, err.alasan))
    return rows, rejections, read


def _rejection(sheet: KendalaSheet, number: int, field: str, reason: str) -> Rejection:
    """Named by the file's own header of the column (the template's when it has none)."""
    return Rejection(number, sheet.judul.get(field, KOLOM[field].judul), reason)


def _judged(field: str, check, *args):
    """``check(*args)``, the rule ``kendala catat`` applies, with its
    :class:`InvalidInput` (``"<field>: <reason>"``) as the row's error."""
    try:
        return check(*args)
    except InvalidInput as err:
        raise RowError(field, str(err).removeprefix(f"{field}: ")) from None


def _date(cells: dict[str, Any], field: str) -> date:
    try:
        value, implausible = parse_table_date(cells.get(field))
    except BadDate as err:
        raise RowError(field, f"'{err}' bukan tanggal (tulis dd/mm/yyyy)") from None
    if value is None:
        raise RowError(field, f"tahun di luar {limits.TAHUN_MIN}–{limits.TAHUN_MAKS}"
                       if implausible else "wajib diisi")
    return value


def _text(cells: dict[str, Any], field: str, teks: limits.Teks = limits.TEKS_BEBAS) -> str:
    value = cells.get(field)
    if isinstance(value, float) and value.is_integer():  # an Excel number cell: 12.0
        value = int(value)
    text = None if value is None else str(value)
    if text is not None and not teks.baris:  # a wrapped cell's line break: a space
        text = limits.one_line(text)
    return _judged(field, required_text, text, field, teks)


def _row(number: int, cells: dict[str, Any], today: date) -> _Row:
    kode = _text(cells, "kode_paket", limits.KODE_PAKET)
    tanggal = _date(cells, "tanggal")
    _judged("tanggal", require_past, tanggal, today)
    kategori = _judged("kategori", parse_kategori, str(cells.get("kategori") or ""))
    uraian = _text(cells, "uraian")
    follow = None
    if any(cells.get(f) not in (None, "") for f in TINDAK_LANJUT):
        text = _text(cells, "tindak_lanjut")
        who = _text(cells, "pelaksana", limits.PELAKSANA)
        batas = _date(cells, "batas")
        status = cells.get("status")
        follow = _FollowUp(text, who, batas, StatusTindakLanjut.DIRENCANAKAN if not status
                           else _judged("status", parse_status, str(status)))
    return _Row(number, kode, tanggal, kategori, uraian, follow)


# --- the paket, the rights, what is already there, then the writes ---------------------


class _Writer:
    def __init__(self, act: Acting, sheet: KendalaSheet, source: str,
                 rejections: list[Rejection]) -> None:
        self.act = act
        self.session = act.session
        self.sheet = sheet
        self.note = f"impor {source}"
        self.rejections = list(rejections)
        self.summary = KendalaImportSummary()
        self.now = datetime.now(UTC)
        self.opd_names = {opd.id: opd.nama for opd in bulk.all_opd(self.session)}

    def _refuse(self, row: _Row, field: str, reason: str) -> None:
        self.rejections.append(_rejection(self.sheet, row.number, field, reason))

    def write(self, rows: list[_Row]) -> KendalaImportSummary:
        pakets = q.pakets_for_update(self.session, {r.kode for r in rows})
        allowed = [r for r in rows if self._allowed(r, pakets.get(r.kode))]
        known = q.recorded(self.session, {p.id for p in pakets.values()})
        key_of = {k.id: key for key, k in known.items()}
        seen = {(key_of[kendala_id], *rest) for kendala_id, *rest
                in q.recorded_follow_ups(self.session, set(key_of))}
        new_kendala: dict[q.KendalaKey, None] = {}  # a set in the rows' order
        new_follow_ups: list[tuple[q.KendalaKey, _FollowUp]] = []
        changed: set[str] = set()
        for row in allowed:
            key = (pakets[row.kode].id, row.tanggal, row.kategori, row.uraian)
            if key in known or key in new_kendala:
                self.summary.kendala_ada += 1
            else:
                new_kendala[key] = None
                self.summary.kendala_baru += 1
                changed.add(row.kode)
            follow = row.tindak_lanjut
            if follow is None:
                continue
            follow_key = (key, follow.uraian, follow.pelaksana, follow.batas)
            if follow_key in seen:
                self.summary.tindak_lanjut_ada += 1
                continue
            try:
                if key in known:
                    _judged("tindak_lanjut", require_open, known[key])
                _judged("batas", not_before, "batas", follow.batas, row.tanggal)
            except RowError as err:
                self._refuse(row, err.kolom, err.alasan)
                continue
            seen.add(follow_key)
            new_follow_ups.append((key, follow))
            self.summary.tindak_lanjut_baru += 1
            changed.add(row.kode)
        if not self.rejections:
            self._insert(list(new_kendala), new_follow_ups, {k: v.id for k, v in known.items()})
            for kode in changed:
                touch(pakets[kode])
            self.session.flush()
        return self.summary

    def _allowed(self, row: _Row, paket) -> bool:
        """The paket exists and the acting user may record on it (``kendala catat``'s
        rule; with a tindak lanjut, ``tindak-lanjut catat``'s too)."""
        if paket is None:
            self._refuse(row, "kode_paket", f"paket dengan kode '{row.kode}' tidak ditemukan")
            return False
        opd = self.opd_names[paket.opd_id]
        reason = refusal_to_record_kendala(self.act.pelaku, paket.opd_id, opd)
        if reason is None and row.tindak_lanjut is not None:
            reason = refusal_to_follow_up(self.act.pelaku, paket.opd_id, opd, False)
        if reason is not None:
            self._refuse(row, "kode_paket", reason)
        return reason is None

    def _insert(self, kendala: list[q.KendalaKey],
                follow_ups: list[tuple[q.KendalaKey, _FollowUp]],
                ids: dict[q.KendalaKey, int]) -> None:
        """A few multi-row INSERTs per table, not one per row: the kendala, their
        tindak lanjut (linked by the kendala ids), then each one's first status."""
        oleh = self.act.pelaku.nama
        ids.update(zip(kendala, bulk.insert_returning_ids(self.session, Kendala, [
            dict(paket_id=paket_id, tanggal=tanggal, kategori=kategori, uraian=uraian,
                 oleh=oleh, dicatat=self.now)
            for paket_id, tanggal, kategori, uraian in kendala]), strict=True))
        added = bulk.insert_returning_ids(self.session, TindakLanjut, [
            dict(kendala_id=ids[key], uraian=f.uraian, pelaksana=f.pelaksana, batas=f.batas,
                 status=f.status, rekomendasi=False, oleh=oleh, dicatat=self.now)
            for key, f in follow_ups])
        repo.bulk_insert(self.session, TindakLanjutRiwayat, [
            dict(tindak_lanjut_id=tl_id, status=f.status, catatan=self.note, oleh=oleh,
                 dicatat=self.now) for tl_id, (_key, f) in zip(added, follow_ups, strict=True)])
