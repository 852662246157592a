"""The planned kurva S on the riwayat hash chain: it decides the deviation, hence
kontrak kritis, so every change of it is an entry whose values carry the plan's digest
(db/history_text.py ``RENCANA``); ``audit verifikasi`` reports a plan changed outside
the application, and migration 0011_jejak_rencana seals the plans already there."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from pengadaan.db.history_values import JejakHilang
from pengadaan.db.migrate import downgrade, revision_before, upgrade
from pengadaan.db.models import RencanaKurva

from pengadaan.domain.execution.scurve import Titik
from pengadaan.usecases.acting import acting
from pengadaan.usecases.paket import show_paket
from pengadaan.usecases.progres import s_curve, set_planned_curve
from tests.audit_support import assert_whole, heads, only_break, sql
from tests.conftest import ACTOR, make_opd, make_paket

PLAN = [Titik(date(2026, 6, 30), 6_000), Titik(date(2026, 3, 31), 2_000)]


def _broken(db) -> tuple[str, str]:
    """The paket and the problem ``audit verifikasi`` reports (exactly one)."""
    found = only_break(db)
    return found.kode, found.masalah


def _newest(db, kode: str) -> tuple[str, str | None, str]:
    entry = show_paket(db, kode).riwayat[-1]
    return entry.pemicu, entry.catatan, entry.oleh


@pytest.mark.both_databases
def test_each_plan_change_is_an_entry_and_a_plan_edited_in_sql_is_reported(db):
    make_opd(db)
    make_paket(db, "P-1")
    make_paket(db, "P-2")
    set_planned_curve(db, "P-1", PLAN, ACTOR)
    assert _newest(db, "P-1") == ("kurva_rencana", "kurva S rencana diubah: 2 titik", ACTOR)
    # The same date again with another value: the old points go before the new come.
    set_planned_curve(db, "P-1", [Titik(date(2026, 3, 31), 2_500)], ACTOR)
    set_planned_curve(db, "P-1", [], ACTOR)
    assert _newest(db, "P-1") == ("kurva_rencana", "kembali ke kurva standar", ACTOR)
    assert s_curve(db, "P-1").sumber == "tidak ada"
    set_planned_curve(db, "P-1", PLAN, ACTOR)
    assert_whole(db)
    sql(db, "UPDATE rencana_kurva SET persen_bp = 1000 WHERE persen_bp = 2000")
    assert _broken(db) == ("P-1", "kurva S rencana berbeda dari yang tercatat di riwayat "
                                  "(diubah, ditambah atau dihapus di luar aplikasi)")
    sql(db, "DELETE FROM rencana_kurva")  # back to the standard curve, but not in the chain
    assert _broken(db)[0] == "P-1"


def test_a_writer_that_changes_the_plan_without_an_entry_is_refused(db):
    """The flush-time safety net, for a point added and for a point removed."""
    make_opd(db)
    make_paket(db, "P-1")
    set_planned_curve(db, "P-1", PLAN, ACTOR)
    with pytest.raises(JejakHilang, match="kurva S rencana paket #"), \
            acting(db, ACTOR) as act:
        paket = act.paket("P-1")
        act.session.add(RencanaKurva(paket_id=paket.id, tanggal=date(2026, 9, 30),
                                     persen_bp=9_000))
        act.commit()
    with pytest.raises(JejakHilang, match="tanpa entri riwayat"), acting(db, ACTOR) as act:
        paket = act.paket("P-1")
        act.session.delete(act.session.scalars(sa.select(RencanaKurva)).first())
        act.commit()
    assert [t.bp for t in s_curve(db, "P-1").rencana if t.tanggal in
            {p.tanggal for p in PLAN}] == [2_000, 6_000]
    assert_whole(db)


@pytest.mark.both_databases
def test_upgrading_from_0010_seals_each_plan_already_there(db):
    """A database at 0010 whose plan was set without an entry (whole as it is: plans
    were not recorded then): migration 0011 appends one per paket with a plan, after its
    head; the chain then verifies, goes on under the application, and still catches a
    later raw edit."""
    make_opd(db)
    make_paket(db, "P-1")
    make_paket(db, "P-2")
    downgrade(db.engine, revision_before("0011_jejak_rencana.py"))
    try:
        sql(db, "INSERT INTO rencana_kurva (paket_id, tanggal, persen_bp) SELECT id, "
                 "'2026-03-31', 2500 FROM paket WHERE kode = 'P-1'")
        assert_whole(db)  # as a backup made at 0010 is checked, opened as it is
    finally:
        upgrade(db.engine)
    assert heads(db, "r.ke = p.tahap") == [("P-1", "kurva_rencana", "migrasi", True),
                                             ("P-2", "buat", ACTOR, True)]
    assert_whole(db)
    set_planned_curve(db, "P-1", PLAN, ACTOR)
    assert_whole(db)
    sql(db, "UPDATE rencana_kurva SET persen_bp = 1000 WHERE persen_bp = 2000")
    assert _broken(db)[0] == "P-1"
