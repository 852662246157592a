"""Import use cases: SiRUP RUP tables and OCDS files into the tracker.

All or nothing: a file with any rejected row changes nothing unless the caller asks
to skip bad rows (``lewati_salah``). Re-importing updates by kode (kd_rup / ocid),
never duplicates, and never moves a paket back behind a stage officers recorded.

Stage history: an imported paket gets ONE riwayat entry with pemicu ``impor``
(from its previous stage, or from nothing when new, to the imported stage), dated
when the source says that stage was reached. We do not replay workflow triggers:
real data breaks guards the tracker enforces on officers (pagu 0 in 1,912 BIRMS
releases, contract values above pagu), and the source does not say when each
intermediate step happened. ``paket maju`` continues from the imported stage.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any

from pengadaan.db import bulk
from pengadaan.db import history_text as tracked
from pengadaan.db.history import chain_rows, first_hashes, insert_chained, insert_first
from pengadaan.db.models import Jadwal, Opd, Paket
from pengadaan.db.uow import Database
from pengadaan.domain.akses import Identitas, refusal_admin, require
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import today_wib
from pengadaan.domain.schedule import contract_plan
from pengadaan.domain.vocabulary import FINAL_TAHAP, TAHAP_ORDER
from pengadaan.domain.workflow import stage_order
from pengadaan.imports.ocds import parse_ocds
from pengadaan.imports.reading import Progress, _no_progress
from pengadaan.imports.records import JadwalRecord, PaketRecord, Parsed, Rejection, write_rejections
from pengadaan.imports.rup import parse_rup, read_mapping
from pengadaan.usecases.acting import acting, resolve_actor
from pengadaan.usecases.gc_pause import gc_paused
from pengadaan.usecases.jadwal import planned_rows
from pengadaan.usecases.kalender import kalender_for

IMPORT_TRIGGER = "impor"
# Records written per round: memory stays flat however long the file (issue #19).
CHUNK = 2000
IMPORTING = "mengimpor data"
_RECORD_COLUMNS = ("kode_rup", "nama", "tahun", "jenis", "metode", "sumber_dana", "pagu", "hps",
                   "nilai_kontrak", "penyedia", "ppk", "tahap", "tgl_awal_pemilihan")
_JADWAL_COLUMNS = ("paket_id", "tahap", "urutan", "rencana_mulai", "rencana_selesai",
                   "realisasi_mulai", "realisasi_selesai")


class ImportRejected(InvalidInput):
    """Some rows were refused and nothing was written; ``rejections`` lists them all."""

    def __init__(self, message: str, rejections: list[Rejection]) -> None:
        super().__init__(message)
        self.rejections = rejections


@dataclass
class ImportSummary:
    """The closing report of an import."""

    sumber: str
    dibaca: int = 0
    dibuat: int = 0
    diperbarui: int = 0
    tetap: int = 0
    ditolak: int = 0
    tanggal_dibuang: int = 0
    opd_dibuat: int = 0
    tahap_dipertahankan: int = 0
    per_tahap: dict[str, int] = field(default_factory=dict)
    catatan: dict[str, int] = field(default_factory=dict)
    penolakan: list[Rejection] = field(default_factory=list)
    berkas_penolakan: Path | None = None


def import_rup(db: Database, path: Path, actor: str | Identitas, *, kolom: Path | None = None,
               format_tanggal: str | None = None, lewati_salah: bool = False,
               berkas_salah: Path | None = None, as_of: date | None = None,
               progress: Progress = _no_progress) -> ImportSummary:
    """``pengadaan impor rup``: SiRUP rows land in ``rencana`` with their planned dates."""
    as_of = as_of or today_wib()
    require_importer(db, actor)
    mapping = read_mapping(kolom, db.settings.import_limits) if kolom else None
    parsed = parse_rup(path, mapping, format_tanggal, as_of.year, progress,
                       db.settings.import_limits)
    return _import(db, parsed, "RUP", path, actor, as_of, lewati_salah, berkas_salah,
                   plan=True)


def import_ocds(db: Database, path: Path, actor: str | Identitas, *, lewati_salah: bool = False,
                berkas_salah: Path | None = None, as_of: date | None = None,
                progress: Progress = _no_progress) -> ImportSummary:
    """``pengadaan impor ocds``: each ocid at the furthest stage its release shows."""
    as_of = as_of or today_wib()
    require_importer(db, actor)
    # JSON trees and records hold no cycles; the collector only slows. Paused until the
    # records are written and let go: resumed while they are held, its first pass walks
    # every one of them (±0,1 s).
    with gc_paused():
        parsed = parse_ocds(path, as_of.year, progress, db.settings.import_limits)
        try:
            return _import(db, parsed, "OCDS", path, actor, as_of, lewati_salah,
                           berkas_salah)
        finally:
            del parsed


def require_importer(db: Database, actor: str | Identitas) -> None:
    """Imports touch every OPD and may set contract stages: the admin's job. Asked before
    a large file is read, and again inside the writing unit of work."""
    with db.unit_of_work() as uow:
        require(refusal_admin(resolve_actor(uow.session, actor), IMPORTING))


def _import(db: Database, parsed: Parsed, sumber: str, path: Path, actor: str | Identitas,
            as_of: date, lewati_salah: bool, berkas_salah: Path | None, plan: bool = False
            ) -> ImportSummary:
    """Records are written in chunks as the parser yields them, all in one transaction
    that commits only after the last row was read: a rejected row (without
    ``lewati_salah``), an unwritable rejections file or a broken file leaves nothing."""
    summary = ImportSummary(sumber)
    with acting(db, actor, admin=IMPORTING) as act, gc_paused(), bulk.roomy_cache(act.session):
        writer = _Writer(act.session, act.pelaku.nama, as_of, sumber, path.name, summary, plan)
        for chunk in _chunks(parsed.records):
            if lewati_salah or not parsed.rejections:  # else read on, only to name them all
                writer.write(chunk)
        summary.dibaca, summary.ditolak = parsed.read, len(parsed.rejections)
        summary.tanggal_dibuang, summary.catatan = parsed.dates_dropped, dict(parsed.notes)
        summary.penolakan = parsed.rejections
        if parsed.rejections and not lewati_salah:
            raise ImportRejected(
                f"{len(parsed.rejections)} dari {parsed.read} baris ditolak; tidak ada data "
                "yang diubah (perbaiki berkas, atau pakai --lewati-salah untuk mengimpor baris "
                "yang sah)", parsed.rejections)
        if parsed.rejections:
            summary.berkas_penolakan = _write_rejections(parsed.rejections, path, berkas_salah)
        writer.finish()
        act.commit()
    return summary


def _chunks(records: Iterable[PaketRecord]) -> Iterator[list[PaketRecord]]:
    """``CHUNK`` records at a time (itertools.batched from Python 3.12)."""
    stream = iter(records)
    while chunk := list(islice(stream, CHUNK)):
        yield chunk


def _write_rejections(rejections: list[Rejection], path: Path, berkas_salah: Path | None
                      ) -> Path:
    # In the working directory: the source may sit on a read-only share.
    target = berkas_salah or Path.cwd() / (path.name.split(".")[0] + "-ditolak.csv")
    try:
        write_rejections(target, rejections)
    except OSError as err:
        raise InvalidInput(f"berkas baris ditolak {target} tidak dapat ditulis "
                           f"({err.strerror}); tidak ada data yang diubah") from None
    return target


def _opd_code(nama: str) -> str:
    words = [w for w in re.split(r"[^A-Za-z0-9]+", nama) if w and w.lower() not in
             ("dan", "dan,", "&", "kota", "kabupaten", "dari")]
    return ("".join(w[0] for w in words).upper() or "OPD")[:12]


class _Writer:
    """Writes parsed records in a handful of set-based statements."""

    def __init__(self, session, actor: str, as_of: date, sumber: str, name: str,
                 summary: ImportSummary, plan: bool) -> None:
        self.plan = plan
        self.session, self.actor, self.as_of = session, actor, as_of
        self.source = f"impor {sumber} {name}"
        self.summary = summary
        self.now = datetime.now(UTC)
        self.new_ids: dict[str, int] = {}
        self.created: set[int] = set()  # paket this import made (in earlier chunks too)
        self.written: dict[int, dict[str, Any]] = {}  # tracked values an update left
        self.stepped: dict[int, tuple[str, date]] = {}  # stage and date an update left
        self.per_tahap: Counter[str] = Counter()
        self.opd: _OpdIndex | None = None
        # The paket columns a record fills as they are (opd_id is looked up).
        self.columns = (*_RECORD_COLUMNS, *(c for c in ("tgl_kontrak_mulai",
                                                        "tgl_kontrak_selesai")
                                            if c in Paket.__table__.c))

    # --- OPD ---------------------------------------------------------------------

    def _opd_ids(self, records: list[PaketRecord]) -> dict[str, int]:
        """The OPD id of every record's buyer; the OPDs not known yet are added in one
        statement per chunk (BIRMS names 255)."""
        if self.opd is None:
            self.opd = _OpdIndex(bulk.all_opd(self.session))
        index = self.opd
        result: dict[str, int] = {}
        new: dict[str, PaketRecord] = {}  # the first record naming each new OPD
        for record in records:
            key = record.opd_nama.strip().lower()
            if key in result or key in new:
                continue
            found = index.by_name.get(key) or (index.by_code.get(record.opd_kode.lower())
                                               if record.opd_kode else None)
            if found is None:
                new[key] = record
            else:
                result[key] = found
        if new:
            rows = [_new_opd(record, index.taken) for record in new.values()]
            for key, opd_id in zip(new, bulk.insert_returning_ids(self.session, Opd, rows),
                                   strict=True):
                index.by_name[key] = result[key] = opd_id
            self.summary.opd_dibuat += len(new)
        return result

    # --- paket -------------------------------------------------------------------

    def write(self, records: list[PaketRecord]) -> None:
        """One chunk of records (a kode appears once in the whole file)."""
        opd_ids = self._opd_ids(records)
        by_kode = bulk.paket_by(self.session, Paket.kode, (r.kode for r in records))
        missing_rup = [r.kode_rup for r in records if r.kode not in by_kode and r.kode_rup]
        by_rup = {k: row for k, row in bulk.paket_by(self.session, Paket.kode_rup,
                                                     missing_rup).items()
                  if row.id not in self.created}  # as if the whole file were one chunk
        new, updates = [], []
        updated: Counter[int] = Counter()  # a re-tender's ocid lands on the same paket
        for record in records:
            current = by_kode.get(record.kode) or (by_rup.get(record.kode_rup)
                                                   if record.kode_rup else None)
            opd_id = opd_ids[record.opd_nama.strip().lower()]
            if current is None:
                new.append((record, opd_id))
                self.per_tahap[record.tahap] += 1
                continue
            change, tahap = self._update(record, current, opd_id)
            self.per_tahap[tahap] += 1
            if change is not None:
                change["_version"] = current.version + updated[current.id]
                updated[current.id] += 1
                updates.append((change, record, current))
            else:
                self.summary.tetap += 1
        self._insert(new)
        entries = self._history_for_updates(updates)
        bulk.update_many(self.session, Paket, [change for change, _, _ in updates])
        insert_chained(self.session, entries)
        self.summary.diperbarui += len(updates)
        self._schedules(records, by_kode, by_rup)

    def finish(self) -> None:
        self.summary.per_tahap = dict(sorted(self.per_tahap.items(),
                                             key=lambda kv: TAHAP_ORDER[kv[0]]))

    def _stage_date(self, record: PaketRecord) -> date:
        when = record.tahap_tanggal or self.as_of
        return min(when, self.as_of)

    def _values(self, record: PaketRecord, opd_id: int) -> dict[str, Any]:
        values = {name: getattr(record, name) for name in self.columns}
        values["opd_id"] = opd_id
        return values

    def _insert(self, new: list[tuple[PaketRecord, int]]) -> None:
        """New paket and their first entries, built column by column from the records."""
        self.new_ids = {}
        if not new:
            return
        records = [record for record, _ in new]
        count = len(records)
        columns = {name: list(map(attrgetter(name), records))
                   for name in (*self.columns, "kode")}
        columns["opd_id"] = [opd_id for _, opd_id in new]
        columns["tahap_sejak"] = sejak = [self._stage_date(record) for record in records]
        # Ids first: each first entry's hash covers its paket id, and the paket row is
        # inserted with its chain head already in it (no UPDATE of every new row after).
        columns["id"] = ids = bulk.reserve_ids(self.session, Paket, count)
        entries = dict(
            paket_id=ids, dari=[None] * count, ke=columns["tahap"],
            pemicu=[IMPORT_TRIGGER] * count, tanggal=sejak, dicatat=[self.now] * count,
            oleh=[self.actor] * count,
            catatan=[f"{self.source} baris {record.row}" for record in records],
            nilai=[tracked.encode(tracked.snapshot(record)) for record in records])
        columns["riwayat_hash"] = heads = first_hashes(entries)
        bulk.insert_columns(self.session, Paket, columns, count,
                            dict(ulang=0, dibuat=self.now, diubah=self.now, version=1))
        insert_first(self.session, entries, heads)
        ids = {r.kode: paket_id for r, paket_id in zip(records, ids, strict=True)}
        self.summary.dibuat += count
        self.new_ids = ids
        self.created.update(ids.values())

    def _update(self, record: PaketRecord, current, opd_id: int
                ) -> tuple[dict[str, Any] | None, str]:
        """The changed row for an existing paket (None when nothing changes)."""
        values = self._values(record, opd_id)
        ahead = current.tahap != record.tahap and (
            _rank(current.tahap) > _rank(record.tahap) or current.tahap in FINAL_TAHAP)
        if current.tahap != "rencana" and (record.metode != current.metode
                                           or record.jenis != current.jenis):
            values["metode"], values["jenis"] = current.metode, current.jenis
            if record.tahap not in stage_order(current.metode):
                ahead = True
        if ahead or record.tahap == current.tahap:
            if ahead:
                self.summary.tahap_dipertahankan += 1
            values["tahap"] = current.tahap
        if ahead:
            for name in ("hps", "nilai_kontrak", "penyedia"):
                values[name] = getattr(current, name)
        for name, value in list(values.items()):
            if value is None:
                values[name] = getattr(current, name)
        if all(getattr(current, k) == v for k, v in values.items()):
            return None, current.tahap
        values["tahap_sejak"] = (current.tahap_sejak if values["tahap"] == current.tahap
                                 else self._stage_date(record))
        values["diubah"] = self.now
        values["_id"] = current.id
        return values, values["tahap"]

    def _history_for_updates(self, updates: list[tuple[dict[str, Any], PaketRecord, Any]]
                             ) -> list[dict[str, Any]]:
        """An entry for each update that moves the stage (dated when the source says, never
        before the paket's last step) or changes a tracked value (at its stage), carrying
        the tracked values it leaves (db/history_text.py); every update gets its paket's
        new head. A paket updated twice in one import (a re-tender's second ocid) chains
        on from the stage, date and values the first update wrote."""
        moved = [current.id for change, _, current in updates
                 if change["tahap"] != current.tahap and current.id not in self.stepped]
        last = bulk.last_history_dates(self.session, moved) if moved else {}
        heads: dict[int, str | None] = {}
        entries = []
        for change, record, current in updates:
            heads.setdefault(current.id, current.riwayat_hash)
            before = self.written.get(current.id) or tracked.paket_values(current)
            values = tracked.paket_values({**before, **change})
            stage, previous = self.stepped.get(current.id) or (current.tahap,
                                                               last.get(current.id))
            if change["tahap"] != stage:
                when = self._stage_date(record)
                if previous is not None and when < previous:
                    when = previous
                self.stepped[current.id] = (change["tahap"], when)
            elif values != before:
                when = self.as_of
            else:
                change["riwayat_hash"] = heads[current.id]
                continue
            entry = dict(paket_id=current.id, dari=stage, ke=change["tahap"],
                         pemicu=IMPORT_TRIGGER, tanggal=when, dicatat=self.now,
                         oleh=self.actor, catatan=f"{self.source} baris {record.row}",
                         nilai=tracked.encode(values))
            chain_rows([entry], heads)
            entries.append(entry)
            change["riwayat_hash"] = heads[current.id]
            self.written[current.id] = values
        return entries

    # --- jadwal ------------------------------------------------------------------

    def _schedules(self, records: list[PaketRecord], by_kode, by_rup) -> None:
        ids = dict(self.new_ids)
        metode_of = {i: r.metode for r in records if (i := ids.get(r.kode)) is not None}
        contract = {r.kode: (r.tgl_kontrak_mulai, r.tgl_kontrak_selesai) for r in records}
        for record in records:
            current = by_kode.get(record.kode) or (by_rup.get(record.kode_rup)
                                                   if record.kode_rup else None)
            if current is not None:
                ids[record.kode] = current.id
                metode_of[current.id] = current.metode
                # as _update keeps them: the file's contract dates, else the stored ones
                mulai, selesai = contract[record.kode]
                contract[record.kode] = (mulai or getattr(current, "tgl_kontrak_mulai", None),
                                         selesai or getattr(current, "tgl_kontrak_selesai",
                                                            None))
        existing = bulk.jadwal_of(self.session, [i for k, i in ids.items()
                                                 if k not in self.new_ids])
        kalender = self._kalender(records) if self.plan else None
        inserts: list[tuple] = []  # in _JADWAL_COLUMNS' order: no dict per new row
        updates = []
        fields = _JADWAL_COLUMNS[3:]
        for record in records:
            paket_id = ids[record.kode]
            order = stage_order(metode_of[paket_id])
            others: dict[str, int] = {}
            planned = self._planned(record, kalender) if kalender else {}
            stages = {**planned, **record.jadwal}
            fixed = contract_plan(*contract[record.kode])  # the contract outranks any plan
            for tahap, (mulai, selesai) in fixed.items():
                stages[tahap] = replace(stages.get(tahap) or JadwalRecord(),
                                        rencana_mulai=mulai, rencana_selesai=selesai)
            for tahap, dates in stages.items():
                # A stage of an earlier metode (tender before penunjukan langsung) is kept,
                # after the stages of the current one, as advance() records it.
                urutan = order.get(tahap)
                if urutan is None:
                    urutan = others.setdefault(tahap, len(order) + len(others))
                row = existing.get((paket_id, tahap))
                if row is not None and tahap not in record.jadwal and tahap not in fixed:
                    continue  # a generated plan never overwrites an existing row
                if row is None:
                    inserts.append((paket_id, tahap, urutan, dates.rencana_mulai,
                                    dates.rencana_selesai, dates.realisasi_mulai,
                                    dates.realisasi_selesai))
                    continue
                merged = {f: getattr(row, f) for f in fields}
                for f in ("rencana_mulai", "rencana_selesai"):
                    if getattr(dates, f) is not None:
                        merged[f] = getattr(dates, f)
                for f in ("realisasi_mulai", "realisasi_selesai"):
                    if merged[f] is None:
                        merged[f] = getattr(dates, f)
                if any(merged[f] != getattr(row, f) for f in fields):
                    updates.append(dict(_id=row.id, **merged))
        if inserts:
            columns = dict(zip(_JADWAL_COLUMNS, zip(*inserts, strict=True), strict=True))
            bulk.insert_columns(self.session, Jadwal, columns, len(inserts))
        bulk.update_many(self.session, Jadwal, updates)

    def _kalender(self, records: list[PaketRecord]):
        years = {r.tahun for r in records} | {r.tgl_awal_pemilihan.year for r in records
                                              if r.tgl_awal_pemilihan}
        return kalender_for(self.session, self.as_of, *(date(y, 6, 30) for y in years))

    def _planned(self, record: PaketRecord, kalender) -> dict[str, JadwalRecord]:
        """The template schedule from the planned selection start (as at create)."""
        rows = planned_rows(record, self.as_of, kalender)
        return {r.tahap: JadwalRecord(r.mulai, r.selesai) for r in rows}


class _OpdIndex:
    """The OPDs known so far (read once, grown as the import adds them)."""

    def __init__(self, existing: list) -> None:
        self.by_name = {o.nama.strip().lower(): o.id for o in existing}
        self.by_code = {o.kode.lower(): o.id for o in existing}
        self.taken = {o.kode.lower() for o in existing} | {o.singkatan.lower() for o in existing}


def _new_opd(record: PaketRecord, taken: set[str]) -> dict[str, str]:
    """The row of an OPD first named by ``record``: its kode and singkatan unique among
    ``taken`` (which they join)."""
    def unique(base: str) -> str:
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate.lower())
        return candidate

    singkatan = unique(_opd_code(record.opd_nama))
    kode = unique(record.opd_kode) if record.opd_kode else singkatan
    return dict(kode=kode[:40], nama=record.opd_nama, singkatan=singkatan[:60])


def _rank(tahap: str) -> int:
    return 10_000 if tahap in FINAL_TAHAP else TAHAP_ORDER.get(tahap, 0)

