"""Use cases on a paket's planned schedule: generate it, show it, change one stage,
re-plan the rest from the current stage.

A change is allowed only for a stage not yet passed, needs a reason, and is kept
in the history (as SPSE keeps ``jumlah_perubahan``, docs/aturan.md §3.4, §3.5).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from pengadaan.db import repository as repo
from pengadaan.db.history import append_history
from pengadaan.db.models import Jadwal, Paket
from pengadaan.db.uow import Database
from pengadaan.domain.akses import Identitas, refusal_to_reschedule, require
from pengadaan.domain.errors import GuardFailed, InvalidInput
from pengadaan.domain.formatting import tanggal as fmt_tanggal
from pengadaan.domain.formatting import today_wib
from pengadaan.domain.kalender import Kalender
from pengadaan.domain.schedule import (
    RencanaTahap,
    contract_plan,
    default_anchor,
    generate,
    lay_contract,
)
from pengadaan.domain.vocabulary import TAHAP, tahap_label
from pengadaan.domain.workflow import stage_order, stage_place
from pengadaan.usecases.acting import acting
from pengadaan.usecases.kalender import kalender_for
from pengadaan.usecases.lookup import require_paket
from pengadaan.usecases.sisa_jadwal import SisaJadwal, plan_rest
from pengadaan.usecases.version import require_version

PEMICU_UBAH = "ubah_jadwal"
PEMICU_SUSUN_ULANG = "susun_ulang_jadwal"


@dataclass(frozen=True)
class BarisJadwal:
    """One stage of ``paket jadwal``: plan, actual, and whether it may still change;
    the first plan (when it was changed since) and how often it changed."""

    tahap: str
    rencana_mulai: date | None
    rencana_selesai: date | None
    realisasi_mulai: date | None
    realisasi_selesai: date | None
    sekarang: bool
    dilewati: bool
    awal_mulai: date | None = None
    awal_selesai: date | None = None
    diubah: int = 0


def planned_rows(paket: Paket, created: date, kalender: Kalender) -> list[RencanaTahap]:
    anchor = paket.tgl_awal_pemilihan or default_anchor(created, paket.tahun, kalender)
    return generate(paket.metode, paket.jenis, anchor, kalender)


def plan_schedule(session, paket: Paket, created: date) -> None:
    """Write the planned dates of every stage (inside the caller's unit of work)."""
    kalender = kalender_for(session, created, paket.tgl_awal_pemilihan,
                            *(date(paket.tahun, m, 1) for m in (1, 12)))
    existing = repo.schedule_rows(session, paket.id, TAHAP)
    for row in planned_rows(paket, created, kalender):
        jadwal = existing.get(row.tahap)
        if jadwal is None:
            jadwal = Jadwal(paket_id=paket.id, tahap=row.tahap, urutan=row.urutan)
            session.add(jadwal)
        jadwal.rencana_mulai, jadwal.rencana_selesai = row.mulai, row.selesai


def set_plan(row: Jadwal, mulai: date | None, selesai: date | None) -> bool:
    """Give a stage a new plan, counted as a change: the plan it had before its first
    change is kept for good (docs/aturan.md §3.5). A stage without a plan yet gets its
    first one, not a change. Returns whether anything changed."""
    if (row.rencana_mulai, row.rencana_selesai) == (mulai, selesai):
        return False
    if row.rencana_selesai is not None or row.rencana_mulai is not None:
        if not row.jumlah_perubahan:
            row.rencana_awal_mulai, row.rencana_awal_selesai = (row.rencana_mulai,
                                                                row.rencana_selesai)
        row.jumlah_perubahan = (row.jumlah_perubahan or 0) + 1
    row.rencana_mulai, row.rencana_selesai = mulai, selesai
    return True


def follow_contract(session, paket: Paket) -> None:
    """The planned pelaksanaan follows an adendum perpanjangan (the contract's new
    period), counted as a change (docs/aturan.md §3.5). Signing the contract fixes the
    plan without counting it (usecases/langkah.plan_contract)."""

    def replan(tahap: str, mulai: date, selesai: date) -> bool:
        row = repo.schedule_rows(session, paket.id, (tahap,)).get(tahap)
        if row is not None:
            set_plan(row, mulai, selesai)
        return row is not None

    lay_contract(paket.metode, paket.tgl_kontrak_mulai, paket.tgl_kontrak_selesai, replan,
                 lambda tahap, urutan, values: session.add(
                     Jadwal(paket_id=paket.id, tahap=tahap, urutan=urutan, **values)))


def _passed(paket: Paket, tahap: str) -> bool:
    """Stages before the current one in the workflow's order have been passed."""
    order = stage_order(paket.metode)
    return tahap != paket.tahap and order.get(tahap, -1) < order.get(paket.tahap, -1)


def show_schedule(db: Database, kode: str) -> list[BarisJadwal]:
    with db.unit_of_work() as uow:
        paket = require_paket(uow.session, kode)
        return [BarisJadwal(j.tahap, j.rencana_mulai, j.rencana_selesai, j.realisasi_mulai,
                            j.realisasi_selesai, j.tahap == paket.tahap, _passed(paket, j.tahap),
                            j.rencana_awal_mulai, j.rencana_awal_selesai,
                            j.jumlah_perubahan or 0)
                for j in repo.schedule(uow.session, paket.id)]


def _rest(session, paket: Paket, today: date) -> tuple[SisaJadwal | None, dict[str, Jadwal]]:
    """:func:`plan_rest` of a loaded paket, and the schedule rows it would move."""
    rows = {j.tahap: j for j in repo.schedule(session, paket.id)}
    return plan_rest(paket, rows, lambda *days: kalender_for(session, *days), today), rows


def replan_rest(db: Database, kode: str, alasan: str, actor: str | Identitas,
                today: date | None = None, expected_version: int | None = None) -> SisaJadwal:
    """Susun ulang sisa jadwal: every stage not yet passed moves so that the current
    stage starts on its actual start and each later one keeps its template length; the
    contract period stays. Each user moves the stages whose schedule is theirs
    (selection: UKPBJ; the rest: the PPK), the others are listed as left alone.
    One history entry with the reason; refused when nothing of it is theirs."""
    today = today or today_wib()
    if not (alasan or "").strip():
        raise InvalidInput("alasan: wajib diisi untuk menyusun ulang jadwal")
    with acting(db, actor) as act:
        session, pelaku = act.session, act.pelaku
        paket = act.paket(kode)
        opd = repo.get_opd(session, paket.opd_id)
        sisa, rows = _rest(session, paket, today)
        if sisa is None:
            raise GuardFailed(
                f"tahap '{tahap_label(paket.tahap)}' tidak memiliki lama tahap baku; jadwal "
                f"tidak dapat disusun ulang (ubah per tahap: paket jadwal {kode} TAHAP)")
        moves = [replace(m, bukan_wewenang=refusal_to_reschedule(pelaku, m.tahap, paket.opd_id,
                                                                  opd.nama))
                 for m in sisa.tahapan]
        mine = [m for m in moves if m.bukan_wewenang is None]
        if not mine:
            require(moves[0].bukan_wewenang)
        require_version(paket, expected_version)
        changed = []
        for m in mine:
            row = rows.get(m.tahap)
            if row is None:
                row = Jadwal(paket_id=paket.id, tahap=m.tahap,
                             urutan=stage_place(paket.metode, m.tahap))
                session.add(row)
            if set_plan(row, m.baru_mulai, m.baru_selesai):
                changed.append(f"{m.tahap} {fmt_tanggal(m.lama_mulai) or '-'}–"
                               f"{fmt_tanggal(m.lama_selesai) or '-'} menjadi "
                               f"{fmt_tanggal(m.baru_mulai)}–{fmt_tanggal(m.baru_selesai)}")
        paket.diubah = datetime.now(UTC)
        note = (f"susun ulang sisa jadwal dari {paket.tahap} (mulai {fmt_tanggal(sisa.mulai)}): "
                f"{'; '.join(changed) or 'tidak ada yang bergeser'}; alasan: {alasan.strip()}")
        append_history(session, paket.id, paket.tahap, paket.tahap, PEMICU_SUSUN_ULANG, today,
                       paket.diubah, pelaku.nama, note)
        act.commit()
    return replace(sisa, tahapan=moves)


def change_stage(db: Database, kode: str, tahap: str, mulai: date, selesai: date,
                 alasan: str, actor: str | Identitas, today: date | None = None,
                 expected_version: int | None = None) -> None:
    """Move one stage's planned dates; refused for stages already passed.

    A selection stage's schedule is UKPBJ's, every other stage's the PPK's.
    """
    today = today or today_wib()
    if not (alasan or "").strip():
        raise InvalidInput("alasan: wajib diisi untuk mengubah jadwal")
    if tahap not in TAHAP:
        raise InvalidInput(f"tahap: '{tahap}' tidak dikenal (pilihan: {', '.join(TAHAP)})")
    if selesai < mulai:
        raise InvalidInput(f"selesai {fmt_tanggal(selesai)} sebelum mulai {fmt_tanggal(mulai)}")
    with acting(db, actor) as act:
        session, pelaku = act.session, act.pelaku
        paket = act.paket(kode)  # the version is checked after the stage owner's right
        opd = repo.get_opd(session, paket.opd_id)
        require(refusal_to_reschedule(pelaku, tahap, paket.opd_id, opd.nama))
        require_version(paket, expected_version)
        if tahap not in stage_order(paket.metode):
            raise InvalidInput(f"tahap '{tahap}' tidak ada pada alur metode {paket.metode}")
        if _passed(paket, tahap):
            raise GuardFailed(
                f"tahap '{tahap_label(tahap)}' sudah dilewati (paket kini pada tahap "
                f"'{tahap_label(paket.tahap)}'); jadwal tahap yang sudah lewat tidak dapat diubah")
        kalender = kalender_for(session, mulai, selesai)
        if not kalender.is_working_day(selesai):
            raise InvalidInput(
                f"selesai {fmt_tanggal(selesai)} bukan hari kerja; tahap harus berakhir pada hari "
                f"kerja (mis. {fmt_tanggal(kalender.on_or_after(selesai))})")
        row = repo.schedule_rows(session, paket.id, (tahap,)).get(tahap)
        if row is None:
            row = Jadwal(paket_id=paket.id, tahap=tahap, urutan=stage_place(paket.metode, tahap))
            session.add(row)
        note = (f"jadwal {tahap}: {fmt_tanggal(row.rencana_mulai) or '-'}–"
                f"{fmt_tanggal(row.rencana_selesai) or '-'} menjadi {fmt_tanggal(mulai)}–"
                f"{fmt_tanggal(selesai)}; alasan: {alasan.strip()}")
        set_plan(row, mulai, selesai)
        paket.diubah = datetime.now(UTC)
        append_history(session, paket.id, paket.tahap, paket.tahap, PEMICU_UBAH, today,
                       paket.diubah, pelaku.nama, note)
        act.commit()


def with_plan(actual: list[dict], planned: list[RencanaTahap], paket_id: int,
              contract: tuple[date | None, date | None] = (None, None)) -> list[dict]:
    """Schedule rows for a bulk insert: the plan, with the contract period
    (:func:`contract_plan`) and the actual dates laid over it."""
    rows: dict[str, dict] = {
        p.tahap: {"paket_id": paket_id, "tahap": p.tahap, "urutan": p.urutan,
                  "rencana_mulai": p.mulai, "rencana_selesai": p.selesai,
                  "realisasi_mulai": None, "realisasi_selesai": None}
        for p in planned}
    for row in actual:
        base = rows.setdefault(row["tahap"], {"rencana_mulai": None, "rencana_selesai": None})
        base.update(row)
    for tahap, (mulai, selesai) in contract_plan(*contract).items():
        if tahap in rows:
            rows[tahap].update(rencana_mulai=mulai, rencana_selesai=selesai)
    return list(rows.values())


class PlanCache:
    """Plans for many packages at once (demo, benchmarks): one per metode, jenis, anchor."""

    def __init__(self, kalender: Kalender) -> None:
        self.kalender = kalender
        self._plans: dict[tuple[str, str, date], list[RencanaTahap]] = {}

    def plan(self, metode: str, jenis: str, anchor: date) -> list[RencanaTahap]:
        key = (str(metode), str(jenis), anchor)
        if key not in self._plans:
            self._plans[key] = generate(metode, jenis, anchor, self.kalender)
        return self._plans[key]
