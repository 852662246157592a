"""The demo's contracts carry progress reports (issue #5): deterministic, valid by the
same rules as typed reports, and some of them kritis so the alerts have something
to show."""

from __future__ import annotations

from datetime import date

from db import progres as q
from db import repository as repo
from pengadaan.execution.persen import PENUH
from pengadaan.usecases import lateness
from pengadaan.usecases.demo import load_demo
from pengadaan.workflow.definitions import EXECUTION

PER = date(2026, 11, 25)


def _reports(db):
    with db.unit_of_work() as uow:
        session = uow.session
        result = {}
        for row in repo.list_paket(session, repo.PaketFilter()):
            paket = repo.get_paket(session, row.kode)
            spmk = q.first_step_date(session, paket.id, ("terbitkan_spmk",))
            handed = q.last_step_date(session, paket.id, ("pho", "bast"))
            result[row.kode] = (paket.tahap, paket.nilai_kontrak, spmk, handed,
                                [(r.tanggal, r.fisik_bp, r.keuangan, r.kritis)
                                 for r in q.progress(session, paket.id)])
        return result


def test_demo_progress_is_valid_deterministic_and_shows_kritis(sqlite_db, tmp_path):
    from db.uow import open_database

    load_demo(sqlite_db, 300, PER, seed=7, actor="penguji")
    reports = _reports(sqlite_db)
    with_reports = {k: v for k, v in reports.items() if v[4]}
    assert len(with_reports) >= 20
    for kode, (tahap, nilai, spmk, handed, rows) in with_reports.items():
        assert tahap in EXECUTION or handed is not None, kode
        dates = [r[0] for r in rows]
        assert dates == sorted(set(dates)) and spmk <= dates[0] and dates[-1] <= PER, kode
        fisik = [r[1] for r in rows]
        assert fisik == sorted(fisik) and fisik[0] >= 0 and fisik[-1] <= PENUH, kode
        assert all(0 <= r[2] <= nilai for r in rows), kode
        if handed is not None:  # handed over at 100%, as the PHO/BAST guard requires
            assert rows[-1][:2] == (handed, PENUH), kode
    assert any(rows[-1][3] for tahap, _n, _s, _h, rows in with_reports.values()
               if tahap == "pelaksanaan")  # kritis, not yet declared
    assert len(lateness.alerts(sqlite_db, PER, flag="kritis")) >= 5

    again = open_database(str(tmp_path / "again.db"))
    load_demo(again, 300, PER, seed=7, actor="penguji")
    assert _reports(again) == reports
