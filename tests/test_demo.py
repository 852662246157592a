"""The demo fiscal year: deterministic, varied, and every history step legal (issue #2).

The replay reads only what the database stored (package row and riwayat) and fires
the recorded triggers on a fresh case, so a demo that wrote an impossible history,
or a stage the workflow cannot reach, fails here.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date

import pytest
import sqlalchemy as sa

from pengadaan.demo.load import load_demo
from pengadaan.demo.year import generate
from pengadaan.domain.errors import Conflict
from pengadaan.domain.vocabulary import TAHAP, Jenis, Metode
from pengadaan.domain.workflow import PaketCase, fire
from pengadaan.usecases.opd import list_opd
from pengadaan.usecases.paket import CREATE_TRIGGER, check_metode_fits_jenis, list_paket, show_paket
from pengadaan.usecases.results import PaketDetail
from tests.conftest import contracts_off_plan

PER = date(2026, 12, 31)
TENDER_LIKE = (Metode.TENDER, Metode.SELEKSI, Metode.TENDER_CEPAT)
# The stages of issue #2; later issues may add more (and their own demo checks).
SPINE_STAGES = {
    "rencana", "persiapan", "pengumuman", "penjelasan", "penawaran", "evaluasi", "pembuktian",
    "negosiasi", "penetapan", "sanggah", "sanggah_banding", "pemesanan", "gagal", "sppbj",
    "kontrak", "pelaksanaan", "kritis", "scm_1", "scm_2", "scm_3", "kesempatan",
    "serah_terima", "pemeliharaan", "selesai", "putus_kontrak", "batal",
}
APPROVAL = re.compile(r"\[persetujuan PA/KPA: (.+)\]$")


def _dump(db) -> dict[str, list[tuple]]:
    with db.engine.connect() as conn:
        return {t: [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY id"))]
                for t in ("opd", "paket", "riwayat", "jadwal")}


def _details(db) -> list[PaketDetail]:
    return [show_paket(db, row.kode) for row in list_paket(db)]


def replay(detail: PaketDetail) -> PaketCase:
    """Fire the stored history from ``rencana``; the metode in force at each step is the
    stored one, or, before a switch to penunjukan langsung, a tender-like one."""
    triggers = [r.pemicu for r in detail.riwayat]
    p = detail.paket
    if "penunjukan_langsung" in triggers:
        assert p.metode == Metode.PENUNJUKAN_LANGSUNG
        candidates = []
        for metode in TENDER_LIKE:
            try:
                check_metode_fits_jenis(metode, Jenis(p.jenis))
            except Exception:
                continue
            candidates.append(metode)
    else:
        candidates = [Metode(p.metode)]
    errors = []
    for metode in candidates:
        try:
            return _replay_as(detail, metode)
        except Exception as err:  # noqa: BLE001 - try the next candidate, report all
            errors.append(f"{metode}: {err}")
    raise AssertionError(f"{p.kode}: riwayat tidak dapat diputar ulang: {errors}")


def _replay_as(detail: PaketDetail, metode: Metode) -> PaketCase:
    p = detail.paket
    first, *steps = detail.riwayat
    assert (first.dari, first.ke, first.pemicu) == (None, "rencana", CREATE_TRIGGER)
    case = PaketCase("rencana", metode, p.jenis, p.tahun, p.pagu)
    last = first.tanggal
    for r in steps:
        assert r.dari == case.state, (r.pemicu, r.dari, case.state)
        assert last <= r.tanggal <= PER
        last = r.tanggal
        inputs = {"hps": p.hps, "penyedia": p.penyedia, "nilai_kontrak": p.nilai_kontrak,
                  "catatan": r.catatan}
        if r.pemicu == "penunjukan_langsung":
            match = APPROVAL.search(r.catatan or "")
            assert match, f"persetujuan PA/KPA tidak tercatat: {r.catatan!r}"
            inputs["persetujuan"] = match.group(1)
        case = fire(case, r.pemicu, r.tanggal, **inputs)
        assert case.state == r.ke
    return case


def _check_replays(details: list[PaketDetail]) -> None:
    for detail in details:
        p = detail.paket
        case = replay(detail)
        assert case.state == p.tahap, p.kode
        assert (case.metode, case.hps, case.penyedia, case.nilai_kontrak, case.ulang) == (
            p.metode, p.hps, p.penyedia, p.nilai_kontrak, p.ulang), p.kode
        assert p.tahap_sejak == detail.riwayat[-1].tanggal
        if len(detail.riwayat) > 1:  # the stage it is in is open in the schedule
            open_rows = [j.tahap for j in detail.jadwal
                         if j.realisasi_mulai is not None and j.realisasi_selesai is None]
            assert open_rows == [p.tahap], p.kode


@pytest.mark.both_databases
def test_demo_history_replays_on_both_databases(db):
    summary = load_demo(db, 80, PER, seed=11, actor="penguji")
    assert summary.paket == 80
    details = _details(db)
    assert summary.riwayat == sum(len(d.riwayat) for d in details)
    _check_replays(details)


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """The default demo size on SQLite, loaded once for the checks below."""
    from pengadaan.db.uow import open_database

    db = open_database(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    summary = load_demo(db, 400, PER, seed=2026, actor="penguji")
    return db, summary, _details(db)


def test_default_demo_replays(year):
    _db, _summary, details = year
    _check_replays(details)


def test_demo_pelaksanaan_plan_is_the_contract_period(year):
    """Issue #13: the schedule never says Pelaksanaan until 12/10 while the alert says the
    contract ended 30/09; every demo contract's planned pelaksanaan is its period."""
    db, _summary, _details = year
    signed, wrong = contracts_off_plan(db)
    assert signed > 100  # most of the year's packages have signed
    assert wrong == []


def test_demo_covers_every_metode_and_jenis(year):
    _db, _summary, details = year
    pakets = [d.paket for d in details]
    assert {p.metode for p in pakets} == {m.value for m in Metode}
    assert {p.jenis for p in pakets} == {j.value for j in Jenis}
    for p in pakets:
        check_metode_fits_jenis(Metode(p.metode), Jenis(p.jenis))


def test_demo_opd_and_pagu(year):
    db, summary, details = year
    opds = list_opd(db)
    assert summary.opd == len(opds) >= 25
    singkatan = {o.singkatan for o in opds}
    assert {"PUPR", "DISHUB", "PKPLH", "DISNAKER", "RSUD", "DISDUKCAPIL", "BAPPEDA",
            "BPPKAD", "INSPEKTORAT", "DINKES"} <= singkatan
    assert len({d.paket.opd for d in details}) >= 20
    pagu = sorted(d.paket.pagu for d in details)
    assert pagu[0] >= 15_000_000 and pagu[-1] <= 25_000_000_000
    assert pagu[len(pagu) // 2] < 1_000_000_000  # many small …
    assert pagu[-1] > 5_000_000_000  # … few large
    for d in details:
        p = d.paket
        assert p.hps is None or p.hps <= p.pagu
        assert p.nilai_kontrak is None or p.nilai_kontrak <= (p.hps or p.pagu)


def test_spine_stages_are_known():
    assert set(TAHAP) >= SPINE_STAGES


def test_demo_spreads_over_stages_and_failures(year):
    _db, summary, details = year
    assert sum(summary.per_tahap.values()) == 400
    final = {d.paket.tahap for d in details}
    assert len(final) >= 15
    assert {"gagal", "batal", "selesai", "pelaksanaan", "persiapan"} <= final
    visited = {r.ke for d in details for r in d.riwayat}
    assert visited >= SPINE_STAGES  # every stage has been reached by some package
    assert sum(d.paket.ulang >= 1 for d in details) >= 5
    switched = [d for d in details if "penunjukan_langsung" in [r.pemicu for r in d.riwayat]]
    assert switched and all(d.paket.metode == "penunjukan_langsung" for d in switched)
    assert all(d.paket.ulang >= 1 for d in switched)
    batal = [d for d in details if d.paket.tahap == "batal"]
    assert all(d.riwayat[-1].catatan for d in batal)


def test_generate_is_deterministic():
    def plain(seed):
        return [asdict(p) for p in generate(150, PER, seed)]

    assert plain(5) == plain(5)
    assert plain(5) != plain(6)


def test_load_demo_is_deterministic(tmp_path):
    from pengadaan.db.uow import open_database

    a = open_database(str(tmp_path / "a.db"))
    b = open_database(str(tmp_path / "b.db"))
    load_demo(a, 120, date(2026, 9, 1), seed=3, actor="penguji")
    load_demo(b, 120, date(2026, 9, 1), seed=3, actor="penguji")
    assert _dump(a) == _dump(b)


def test_demo_refuses_a_filled_database(db):
    load_demo(db, 5, PER, seed=1, actor="penguji")
    before = _dump(db)
    with pytest.raises(Conflict, match="basis data sudah berisi paket"):
        load_demo(db, 5, PER, seed=1, actor="penguji")
    assert _dump(db) == before


@pytest.mark.parametrize("year_", [2021, 2024, 2025])
def test_demo_of_earlier_years_respects_their_pl_limits(year_):
    """Before 30 April 2025 pengadaan langsung konstruksi stops at Rp 200 juta."""
    pakets = list(generate(600, date(year_, 12, 31), seed=year_))
    pl = [p for p in pakets if p.metode == Metode.PENGADAAN_LANGSUNG
          and p.jenis == Jenis.KONSTRUKSI]
    assert pl
    if year_ < 2025:
        assert max(p.pagu for p in pl) <= 200_000_000


def test_replay_rejects_an_illegal_history(year):
    """The replay is a real check: a history with a step left out does not replay."""
    from dataclasses import replace

    _db, _summary, details = year
    detail = next(d for d in details if d.paket.tahap == "selesai")
    broken = replace(detail, riwayat=[detail.riwayat[0], *detail.riwayat[2:]])
    with pytest.raises(AssertionError, match="tidak dapat diputar ulang"):
        replay(broken)
