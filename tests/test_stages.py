"""Issue #12: the named tahap groups keep to the workflow graph, and every surface —
lateness rules (Python and SQL, lists and one paket), the TUI, the rapor and the
export — agrees on which package is kontrak kritis, for every stage of every metode."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from pengadaan.db.history import append_history_bulk
from pengadaan.db.models import Jadwal, Opd, Paket, Progres
from pengadaan.tui.columns import COLUMNS as TUI_COLUMNS
from pengadaan.tui.columns import level
from pengadaan.tui.data import Saringan, Sumber

from pengadaan.domain.lateness import FaktaPaket, flags_of
from pengadaan.domain.vocabulary import (
    ESCALATION,
    EXECUTION,
    FINAL_TAHAP,
    PLANNING,
    SELECTION,
    TAHAP,
    Kelompok,
    Metode,
)
from pengadaan.domain.workflow.definitions import WORKFLOWS, stages_of
from pengadaan.exports.report import COLUMNS
from pengadaan.usecases import alerts as alerts_uc
from pengadaan.usecases import dasbor, lateness, rapor
from pengadaan.usecases.ekspor import export_csv
from pengadaan.usecases.kalender import kalender_for
from tests.conftest import make_opd

AS_OF = date(2026, 3, 2)
NOW = datetime(2026, 1, 5, tzinfo=UTC)
REPORTS = (None, False, True)  # no progress report, a report that is not kritis, one that is


def _sources(metode: Metode, trigger: str) -> set[str]:
    return {s for step in WORKFLOWS[metode] if step.trigger == trigger for s in step.source}


def test_groups_keep_to_the_workflow_graph():
    assert set(ESCALATION) < set(EXECUTION) and "kesempatan" in EXECUTION
    assert all(TAHAP[t][1] == Kelompok.PELAKSANAAN for t in EXECUTION)
    assert not FINAL_TAHAP & {*PLANNING, *SELECTION, *EXECUTION}
    every_failure = set().union(*(_sources(m, "nyatakan_gagal") for m in Metode))
    assert every_failure == set(SELECTION)
    for metode in Metode:
        steps = WORKFLOWS[metode]
        if metode is Metode.SWAKELOLA:  # no contract with a penyedia, no escalation
            assert not set(ESCALATION) & set(stages_of(metode))
            continue
        # The escalation in its order: nyatakan_kritis, then each SCM and SP.
        chain, stage = [], "pelaksanaan"
        escalate = ("nyatakan_kritis", "adakan_scm", "beri_sp")
        while nxt := [s.dest for s in steps if s.trigger in escalate and stage in s.source]:
            stage = nxt[0]
            chain.append(stage)
        assert tuple(chain) == ESCALATION, metode
        assert _sources(metode, "pulih") == set(ESCALATION)
        assert _sources(metode, "putus_kontrak") == set(EXECUTION)
        assert _sources(metode, "beri_kesempatan") == {"pelaksanaan", *ESCALATION}
    leaves = {t for t in TAHAP if not any(t in s.source for m in Metode for s in WORKFLOWS[m])}
    assert leaves == FINAL_TAHAP


def _cases() -> list[dict]:
    """One paket per (metode, stage, report): nothing late, nothing near a deadline."""
    cases = []
    for m, metode in enumerate(Metode):
        for i, tahap in enumerate(stages_of(metode)):
            for r, report in enumerate(REPORTS):
                cases.append(dict(kode=f"M{m}-{i:02d}-{r}", metode=metode, tahap=tahap,
                                  report=report))
    return cases


def _load(db, cases) -> None:
    """The cases' paket, in one batch per table (ids back in the order of ``cases``)."""
    in_60 = AS_OF + timedelta(days=60)
    with db.unit_of_work(write=True) as uow:
        session = uow.session
        opd_id = session.execute(sa.select(Opd.id)).scalar_one()
        ids = session.execute(sa.insert(Paket.__table__).returning(
            Paket.id, sort_by_parameter_order=True), [dict(
                kode=c["kode"], nama="Paket uji", opd_id=opd_id, tahun=AS_OF.year,
                jenis="barang", metode=c["metode"].value, pagu=10**9, tahap=c["tahap"],
                ulang=0, tgl_awal_pemilihan=AS_OF + timedelta(days=30), tahap_sejak=AS_OF,
                nilai_kontrak=9 * 10**8, tgl_kontrak_mulai=AS_OF - timedelta(days=30),
                tgl_kontrak_selesai=in_60, dibuat=NOW, diubah=NOW, version=1)
                for c in cases]).scalars().all()
        for c, paket_id in zip(cases, ids, strict=True):
            c["id"] = paket_id
        session.execute(sa.insert(Jadwal.__table__), [dict(
            paket_id=c["id"], tahap=c["tahap"], urutan=1, rencana_selesai=in_60)
            for c in cases])
        session.execute(sa.insert(Progres.__table__), [dict(
            paket_id=c["id"], tanggal=AS_OF - timedelta(days=3), fisik_bp=1000,
            rencana_bp=4000 if c["report"] else 1000, kritis=c["report"],
            dicatat=NOW, oleh="penguji") for c in cases if c["report"] is not None])
        append_history_bulk(session, [{
            "paket_id": c["id"], "dari": None, "ke": c["tahap"], "pemicu": "buat",
            "tanggal": AS_OF - timedelta(days=1), "dicatat": NOW, "oleh": "penguji",
            "catatan": None} for c in cases])
        uow.commit()


def _python_flags(db, cases) -> dict[str, list[str]]:
    with db.unit_of_work() as uow:
        kalender = kalender_for(uow.session, AS_OF)
    in_60 = AS_OF + timedelta(days=60)
    return {c["kode"]: flags_of(FaktaPaket(c["tahap"], "barang", AS_OF.year,
                                           AS_OF + timedelta(days=30), AS_OF, 9 * 10**8,
                                           in_60, in_60, bool(c["report"])),
                                AS_OF, kalender, db.settings.hampir_hari_kerja)
            for c in cases}


@pytest.mark.slow
@pytest.mark.both_databases
def test_every_surface_agrees_on_kritis_for_every_stage(db, tmp_path):
    make_opd(db)
    cases = _cases()
    _load(db, cases)
    python = _python_flags(db, cases)
    # The premise: kritis is the only flag that can hold, so "late" below means kritis.
    assert all(set(flags) <= {"kritis"} for flags in python.values())
    kritis = {kode for kode, flags in python.items() if flags}
    # Kritis exactly in the escalation, or in execution (kesempatan included) with a
    # kritis report in force.
    assert kritis == {c["kode"] for c in cases if c["tahap"] in ESCALATION
                      or (c["tahap"] in EXECUTION and c["report"])}
    assert {c["tahap"] for c in cases if c["kode"] in kritis} == set(EXECUTION)
    assert not {c["kode"] for c in cases if c["tahap"] == "kesempatan"
                and not c["report"]} & kritis

    page = dasbor.dashboard_page(db, AS_OF, limit=None)
    assert {r.kode for r in page.rows if "kritis" in r.flags} == kritis
    assert {a.kode for a in alerts_uc.alerts(db, AS_OF, flag="kritis")} == kritis
    assert dasbor.summary(db, AS_OF).per_flag["kritis"] == len(kritis)
    assert {c["kode"] for c in cases
            if [t.flag for t in lateness.paket_flags(db, c["kode"], AS_OF)] == ["kritis"]
            } == kritis

    sumber = Sumber(db, AS_OF)
    rows = sumber.page(Saringan(), 0, len(cases)).rows
    assert len(rows) == len(cases)
    tanda = next(c for c in TUI_COLUMNS if c.key == "severity").cell  # the Tanda column
    assert {r.kode for r in rows if "KONTRAK KRITIS" in tanda(r).split(", ")} == kritis
    assert {r.kode for r in rows if level(r) == "kritis"} == kritis
    summary = sumber.summary(None)
    assert summary.per_flag["kritis"] == len(kritis)
    assert summary.per_golongan["kritis"] == len(kritis)  # one KRITIS count (issue #13)

    whole = rapor.rekap(db, AS_OF)
    assert whole.total.kritis == len(kritis)
    card = rapor.rapor(db, "PUPR", AS_OF)
    assert {p.kode for p in card.bermasalah if p.peringatan == "kritis"} == kritis

    path = tmp_path / "paket.csv"
    export_csv(db, path, AS_OF)
    header = {key: title for title, key, _kind in COLUMNS}
    with open(path, encoding="utf-8", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert len(exported) == len(cases)
    status = header["status"]
    assert {r[header["kode"]] for r in exported if "kritis" in r[status].split(", ")} == kritis
