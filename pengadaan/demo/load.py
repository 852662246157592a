"""Fill an empty database with the demo fiscal year (one transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from pengadaan.db import history_text as tracked
from pengadaan.db import repository as repo
from pengadaan.db.history import append_history_bulk
from pengadaan.db.lateness_sql import alert_rows
from pengadaan.db.models import (
    Adendum,
    DaftarHitam,
    Jadwal,
    Kendala,
    Opd,
    Paket,
    Progres,
    Scm,
    TindakLanjut,
    TindakLanjutRiwayat,
)
from pengadaan.db.uow import Database
from pengadaan.demo.kendala import demo_kendala
from pengadaan.demo.progress import demo_reports
from pengadaan.demo.year import NOTES, OPD_KUDUS, DemoPaket, generate
from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import Conflict
from pengadaan.domain.lateness import ambang
from pengadaan.domain.workflow import stage_place
from pengadaan.usecases import execution_records as rec
from pengadaan.usecases.acting import acting
from pengadaan.usecases.jadwal import PlanCache, with_plan
from pengadaan.usecases.kalender import kalender_for
from pengadaan.usecases.paket import CREATE_TRIGGER

DEMO_ACTOR = "demo"


@dataclass(frozen=True)
class DemoSummary:
    opd: int
    paket: int
    riwayat: int
    per_tahap: dict[str, int]


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


def _rows(paket: DemoPaket, opd_id: int) -> dict:
    case = paket.final
    last_day = paket.steps[-1][3] if paket.steps else paket.created
    return {
        "kode": paket.kode, "kode_rup": f"RUP-{paket.kode}", "nama": paket.nama,
        "opd_id": opd_id, "tahun": paket.tahun, "jenis": str(paket.jenis),
        "metode": str(case.metode), "sumber_dana": paket.sumber_dana, "pagu": paket.pagu,
        "hps": case.hps, "nilai_kontrak": case.nilai_kontrak, "penyedia": case.penyedia,
        "ppk": paket.ppk, "tahap": case.state, "ulang": case.ulang,
        "tgl_awal_pemilihan": paket.tgl_awal_pemilihan, "tahap_sejak": last_day,
        "tgl_kontrak_mulai": case.tgl_kontrak_mulai,
        "tgl_kontrak_selesai": case.tgl_kontrak_selesai,
        "dibuat": _stamp(paket.created), "diubah": _stamp(last_day), "version": 1,
    }


def _history(paket: DemoPaket, paket_id: int, row: dict, progres: str | None) -> list[dict]:
    """Its steps; the newest carries the values the paket ends with (a load is one act:
    the chain records where it ends, db/history_text.py)."""
    rows = [{"paket_id": paket_id, "dari": None, "ke": "rencana", "pemicu": CREATE_TRIGGER,
             "tanggal": paket.created, "dicatat": _stamp(paket.created), "oleh": DEMO_ACTOR,
             "catatan": None, "nilai": None}]
    for dari, ke, pemicu, when, note in paket.steps:
        rows.append({"paket_id": paket_id, "dari": dari, "ke": ke, "pemicu": pemicu,
                     "tanggal": when, "dicatat": _stamp(when), "oleh": DEMO_ACTOR,
                     "catatan": note, "nilai": None})
    rows[-1]["nilai"] = tracked.encode(tracked.snapshot(row, progres))
    return rows


def _actual_schedule(paket: DemoPaket, paket_id: int) -> list[dict]:
    """Actual start/end per stage as the transitions set them."""
    metode = paket.final.metode
    stages: dict[str, dict] = {}
    for dari, ke, _pemicu, when, _note in paket.steps:
        if dari in stages:
            stages[dari]["realisasi_selesai"] = when
        stages[ke] = {"paket_id": paket_id, "tahap": ke, "urutan": stage_place(metode, ke),
                      "realisasi_mulai": when, "realisasi_selesai": None}
    return list(stages.values())


def _progress(pakets: list[DemoPaket], ids: list[int], per: date, seed: int) -> list[dict]:
    """Fortnightly progress reports of the contracts and swakelola under way or handed
    over."""
    rows = []
    for paket, paket_id in zip(pakets, ids, strict=True):
        for r in demo_reports(paket, seed, per):
            rows.append({"paket_id": paket_id, "tanggal": r.tanggal, "fisik_bp": r.fisik_bp,
                         "keuangan": r.keuangan, "rencana_bp": r.rencana_bp,
                         "kritis": r.kritis, "catatan": None, "alasan_koreksi": None,
                         "dicatat": _stamp(r.tanggal), "oleh": DEMO_ACTOR})
    return rows


def _escalation_records(paket: DemoPaket, paket_id: int) -> dict[type, list[dict]]:
    """The SCM rows, kesempatan adendum and daftar hitam entries of the demo's troubled
    contracts, built as execution_records.py builds them for an officer."""
    rows: dict[type, list[dict]] = {Scm: [], Adendum: [], DaftarHitam: []}
    for pemicu, left, when, inputs in paket.records:
        if pemicu == "adakan_scm":
            rows[Scm].append(rec.scm_row(paket_id, left, when, inputs))
        elif pemicu == "beri_kesempatan":
            rows[Adendum].append(rec.kesempatan_row(
                paket_id, paket.final.tgl_kontrak_selesai, when, inputs, NOTES[pemicu],
                _stamp(when), DEMO_ACTOR))
        else:
            rows[DaftarHitam].append(rec.daftar_hitam_row(
                paket_id, paket.final.penyedia, when, inputs, NOTES[pemicu]))
    return rows


def _insert_ids(session, table: type, rows: list[dict]) -> list[int]:
    """Insert ``rows`` in one statement; their new ids, in the rows' order."""
    if not rows:
        return []
    query = sa.insert(table.__table__).returning(table.id, sort_by_parameter_order=True)
    return list(session.execute(query, rows).scalars().all())


def _flags(session, db: Database, per: date) -> dict[str, frozenset[str]]:
    """Per paket kode, its lateness flags on ``per`` (the rules every screen uses)."""
    a = ambang(per, kalender_for(session, per), db.settings.hampir_hari_kerja)
    found: dict[str, set[str]] = {}
    for row in alert_rows(session, a, None, None):
        found.setdefault(row.kode, set()).add(row.flag)
    return {kode: frozenset(flags) for kode, flags in found.items()}


def _kendala(session, pakets: list[DemoPaket], ids: list[int], per: date, seed: int,
             flags: dict[str, frozenset[str]]) -> None:
    """The demo's kendala, their tindak lanjut and its status history, in bulk."""
    stories = [(paket_id, k) for paket, paket_id in zip(pakets, ids, strict=True)
               for k in demo_kendala(paket, flags.get(paket.kode, frozenset()), seed, per)]
    kendala_ids = _insert_ids(session, Kendala, [
        {"paket_id": paket_id, "tanggal": k.tanggal, "kategori": str(k.kategori),
         "uraian": k.uraian, "oleh": DEMO_ACTOR, "dicatat": _stamp(k.tanggal),
         "selesai_tanggal": k.selesai[0] if k.selesai else None,
         "selesai_catatan": k.selesai[1] if k.selesai else None,
         "selesai_oleh": DEMO_ACTOR if k.selesai else None}
        for paket_id, k in stories])
    follow = [(kendala_id, k.tanggal, tl) for (_, k), kendala_id in
              zip(stories, kendala_ids, strict=True) for tl in k.tindak_lanjut]
    tl_ids = _insert_ids(session, TindakLanjut, [
        {"kendala_id": kendala_id, "uraian": tl.uraian, "pelaksana": tl.pelaksana,
         "batas": tl.batas, "status": str(tl.status), "rekomendasi": False,
         "oleh": DEMO_ACTOR, "dicatat": _stamp(day)}
        for kendala_id, day, tl in follow])
    repo.bulk_insert(session, TindakLanjutRiwayat, [
        {"tindak_lanjut_id": tl_id, "status": str(status), "catatan": None,
         "oleh": DEMO_ACTOR, "dicatat": _stamp(day)}
        for (_, _, tl), tl_id in zip(follow, tl_ids, strict=True)
        for status, day in tl.riwayat])


def load_demo(db: Database, n: int, per: date, seed: int, *,
              actor: str | Identitas) -> DemoSummary:
    """Generate ``n`` packages as of ``per`` into an empty database."""
    with acting(db, actor, admin="mengisi data contoh") as act:
        session = act.session
        if session.execute(sa.select(sa.func.count(Paket.id))).scalar_one():
            raise Conflict("basis data sudah berisi paket; gunakan --db dengan berkas baru")
        for kode, nama, singkatan in OPD_KUDUS:
            if repo.find_opd(session, kode) is None:
                session.add(Opd(kode=kode, nama=nama, singkatan=singkatan))
        session.flush()
        opd_ids = {o.kode: o.id for o in repo.list_opd(session)}
        pakets = list(generate(n, per, seed))
        paket_rows = [_rows(p, opd_ids[p.opd]) for p in pakets]
        inserted = _insert_ids(session, Paket, paket_rows)
        reports = _progress(pakets, inserted, per, seed)  # issue #5
        digests = tracked.progres_digests(reports)
        history, schedule = [], []
        records: dict[type, list[dict]] = {Scm: [], Adendum: [], DaftarHitam: []}
        plans = PlanCache(kalender_for(session, per))  # planned dates (issue #3)
        for paket, paket_id, row in zip(pakets, inserted, paket_rows, strict=True):
            history += _history(paket, paket_id, row, digests.get(paket_id))
            plan = plans.plan(paket.final.metode, paket.jenis, paket.tgl_awal_pemilihan)
            contract = (paket.final.tgl_kontrak_mulai, paket.final.tgl_kontrak_selesai)
            schedule += with_plan(_actual_schedule(paket, paket_id), plan, paket_id, contract)
            for table, rows in _escalation_records(paket, paket_id).items():
                records[table] += rows
        append_history_bulk(session, history)
        repo.bulk_insert(session, Jadwal, schedule)
        for table, rows in records.items():
            repo.bulk_insert(session, table, rows)
        repo.bulk_insert(session, Progres, reports)
        # Kendala fit each paket's trouble and its lateness as the app judges it (#13).
        _kendala(session, pakets, inserted, per, seed, _flags(session, db, per))
        act.commit()
    per_tahap: dict[str, int] = {}
    for paket in pakets:
        per_tahap[paket.final.state] = per_tahap.get(paket.final.state, 0) + 1
    return DemoSummary(len(OPD_KUDUS), len(pakets), len(history), per_tahap)
