"""One stage order per metode (pengadaan/domain/workflow/definitions.py): the workflow's
own stages in the order a paket meets them, the ``urutan`` of every schedule row
whoever writes it, and the contract plan laid by one function for a signed contract
and an adendum alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from pengadaan.db.models import Jadwal

from pengadaan.domain.kalender import Kalender
from pengadaan.domain.schedule import generate
from pengadaan.domain.vocabulary import TAHAP, TAHAP_ORDER, Jenis, Metode
from pengadaan.domain.workflow import WORKFLOWS, machine_for, stage_order, stage_place
from pengadaan.usecases import jadwal
from pengadaan.usecases import kontrak as kt
from pengadaan.usecases.paket import advance
from tests.conftest import ACTOR, make_opd, make_paket
from tests.spine_paths import TENDER_KONSTRUKSI, inputs_for

K = Kalender.build(range(2025, 2028))


@pytest.mark.parametrize("metode", list(Metode))
def test_the_order_is_the_workflows_stages_in_tahap_order(metode):
    """Exactly the stages the workflow's steps name, numbered 0… in the order TAHAP
    declares them; the machine has the same states in the same order."""
    named = {stage for step in WORKFLOWS[metode] for stage in (*step.source, step.dest)}
    order = stage_order(metode)
    assert list(order) == sorted(named, key=list(TAHAP).index)
    assert list(order.values()) == list(range(len(named)))
    assert list(machine_for(metode).states) == list(order)


@pytest.mark.parametrize("metode", list(Metode))
def test_the_order_is_shared_read_only_and_the_same_by_code(metode):
    order = stage_order(metode)
    assert stage_order(metode) is order  # cached
    assert dict(stage_order(metode.value)) == dict(order)
    with pytest.raises(TypeError):
        order["rencana"] = 99  # type: ignore[index]


@pytest.mark.parametrize("metode", list(Metode))
def test_a_rows_place_is_its_stage_or_after_them_all(metode):
    order = stage_order(metode)
    assert [stage_place(metode, t) for t in order] == list(range(len(order)))
    foreign = [t for t in TAHAP if t not in order]
    assert foreign, metode  # no workflow has every stage (a pick of the selection's)
    assert {stage_place(metode, t) for t in foreign} == {len(order)}


@pytest.mark.parametrize("metode", list(Metode))
def test_the_planned_path_meets_the_stages_in_their_order(metode):
    """The schedule template's normal path is the workflow read forward: every planned
    row carries its stage's place and the places only rise."""
    for jenis in Jenis:
        rows = generate(metode, jenis, date(2026, 2, 2), K)
        assert [r.urutan for r in rows] == [stage_order(metode)[r.tahap] for r in rows]
        assert [r.urutan for r in rows] == sorted({r.urutan for r in rows}), (metode, jenis)


def test_the_global_order_follows_tahap():
    assert sorted(TAHAP_ORDER, key=TAHAP_ORDER.get) == list(TAHAP)


def _pelaksanaan(db) -> tuple:
    """The pelaksanaan row: its urutan, plan and how often the plan changed."""
    with db.unit_of_work() as uow:
        return tuple(uow.session.execute(sa.select(
            Jadwal.urutan, Jadwal.rencana_mulai, Jadwal.rencana_selesai,
            sa.func.coalesce(Jadwal.jumlah_perubahan, 0)).where(
            Jadwal.tahap == "pelaksanaan")).one())


def _drop_pelaksanaan(db) -> None:
    with db.unit_of_work(write=True) as uow:
        uow.session.execute(sa.delete(Jadwal).where(Jadwal.tahap == "pelaksanaan"))
        uow.commit()


def test_a_contract_lays_pelaksanaan_where_its_schedule_had_no_row(db):
    """A schedule without a pelaksanaan row (as an import may leave it): signing adds
    one at the stage's place with the contract period, uncounted; an adendum
    perpanjangan adds it again the same way (a first plan is not a change)."""
    make_opd(db)
    make_paket(db, "P-1", jenis="konstruksi")
    _drop_pelaksanaan(db)
    start, end = date(2026, 2, 2), date(2026, 6, 9)
    for pemicu, _ in TENDER_KONSTRUKSI[:-2]:
        values = inputs_for(pemicu, 1_000_000_000)
        if pemicu == "tanda_tangan_kontrak":
            values.update(mulai_kontrak=start, selesai_kontrak=end)
        when = date(2026, 3, 1) if pemicu == "terbitkan_spmk" else start
        advance(db, "P-1", pemicu, ACTOR, tanggal=when, today=date(2026, 3, 1), **values)
    place = stage_order("tender")["pelaksanaan"]
    assert _pelaksanaan(db) == (place, start, end, 0)
    _drop_pelaksanaan(db)
    later = end + timedelta(days=30)
    kt.extend_contract(db, "P-1", later, "Banjir", ACTOR, tanggal=end - timedelta(days=10),
                       today=end)
    assert _pelaksanaan(db) == (place, start, later, 0)
    assert [r.tahap for r in jadwal.show_schedule(db, "P-1")] == sorted(
        (r.tahap for r in jadwal.show_schedule(db, "P-1")), key=stage_order("tender").get)
