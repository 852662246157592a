"""One transition on PostgreSQL sends few statements (issue #15), counted on the wire
(libpq's trace, so psycopg's own BEGIN and COMMIT count too): a registered PPK fires a
trigger on a paket of its OPD, as at a desk. The time it takes is the bench's business
(bench/pg_transition.py); this holds the shape of the SQL."""

from __future__ import annotations

from datetime import date

from pengadaan.db.uow import open_database

from bench.wire import traced
from pengadaan.usecases import pengguna
from pengadaan.usecases.audit import verify_history
from pengadaan.usecases.paket import advance
from tests.conftest import ACTOR, make_opd, make_paket

TODAY = date(2026, 1, 5)
MOST = 8  # the target, BEGIN and COMMIT included


def test_one_transition_sends_at_most_eight_statements(pg_url):
    db = open_database(pg_url)
    make_opd(db)
    make_paket(db)
    pengguna.add_user(db, ACTOR, "admin", ACTOR)
    pengguna.add_user(db, "ppk_pupr", "ppk", ACTOR, opd="PUPR")

    with traced(db.engine) as wire:
        detail = advance(db, "P-1", "siapkan", "ppk_pupr", tanggal=TODAY, today=TODAY)

    transition, *reply = wire.transactions()
    assert transition[0] == '"BEGIN"' and transition[-1] == '"COMMIT"', transition
    assert len(transition) <= MOST, "\n".join(transition)
    assert any(s.startswith('"" "INSERT INTO riwayat') for s in transition), transition
    # What it wrote holds: the stage, its history entry chained, the schedule opened.
    assert detail.paket.tahap == "persiapan" and detail.paket.version == 2
    assert [r.pemicu for r in detail.riwayat] == ["buat", "siapkan"]
    assert [(j.tahap, j.realisasi_mulai, j.realisasi_selesai) for j in detail.jadwal
            if j.tahap in ("rencana", "persiapan")] == [("rencana", None, TODAY),
                                                         ("persiapan", TODAY, None)]
    assert verify_history(db).utuh
