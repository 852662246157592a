"""Alerts come out in the same order on SQLite and PostgreSQL (issue #15): the two
order NULL dates differently unless told, so a cron mail or an export would list the
same alerts in another order depending on the server."""

from __future__ import annotations

from datetime import date

from pengadaan.db.uow import open_database

from pengadaan.demo.load import load_demo
from pengadaan.usecases.alerts import alerts

PER = date(2026, 11, 25)
# In the next year, unfinished paket are lewat_tahun_anggaran: a flag without a date of
# its own, as severe as kritis and tindak_lanjut_lewat, which have one.
NEXT_YEAR = date(2027, 1, 11)


def _listed(db) -> list[tuple]:
    load_demo(db, 120, PER, seed=15, actor="penguji")
    return [(a.opd, a.kode, a.peringatan, a.batas) for a in alerts(db, NEXT_YEAR)]


def test_alerts_are_ordered_alike_on_both_databases(sqlite_db, pg_url):
    on_sqlite = _listed(sqlite_db)
    on_postgresql = _listed(open_database(pg_url))
    flags = {row[2] for row in on_sqlite}
    assert {"lewat_tahun_anggaran", "kritis"} <= flags  # undated and dated, equally severe
    assert on_postgresql == on_sqlite
