"""The demo's contracts and swakelola carry progress reports (issues #5, #13):
deterministic, valid by the same rules as typed reports, and some of them kritis so the
alerts have something to show."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pengadaan.db import progres as q
from pengadaan.db import repository as repo

from pengadaan.demo.load import load_demo
from pengadaan.domain.execution.persen import PENUH
from pengadaan.domain.vocabulary import EXECUTION
from pengadaan.usecases import alerts as alerts_uc
from pengadaan.usecases.progres import SPMK_TRIGGERS

PER = date(2026, 11, 25)


def _reports(db):
    with db.unit_of_work() as uow:
        session = uow.session
        result = {}
        for row in repo.list_paket(session, repo.PaketFilter()):
            paket = repo.get_paket(session, row.kode)
            spmk = q.first_step_date(session, paket.id, SPMK_TRIGGERS)
            handed = q.last_step_date(session, paket.id, ("pho", "bast"))
            result[row.kode] = (paket.tahap, paket.nilai_kontrak or paket.pagu, spmk, handed,
                                [(r.tanggal, r.fisik_bp, r.keuangan, r.kritis)
                                 for r in q.progress(session, paket.id)])
        return result


def test_demo_progress_is_valid_deterministic_and_shows_kritis(sqlite_db, tmp_path):
    from pengadaan.db.uow import open_database

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
        keuangan = [r[2] for r in rows]  # cumulative, within nilai kontrak (swakelola: pagu)
        assert keuangan == sorted(keuangan) and keuangan[0] >= 0 and keuangan[-1] <= nilai, kode
        if handed is not None:  # handed over at 100%, as the PHO/BAST guard requires
            assert rows[-1][:2] == (handed, PENUH), kode
    assert any(rows[-1][3] for tahap, _n, _s, _h, rows in with_reports.values()
               if tahap == "pelaksanaan")  # kritis, not yet declared
    assert len(alerts_uc.alerts(sqlite_db, PER, flag="kritis")) >= 5

    again = open_database(str(tmp_path / "again.db"))
    load_demo(again, 300, PER, seed=7, actor="penguji")
    assert _reports(again) == reports


@pytest.mark.slow
def test_demo_escalations_carry_their_records(sqlite_db):
    """Every demo SCM has its uji coba and every kesempatan its end, as an officer's
    would: what the next escalation step and the denda are judged on."""
    from pengadaan.usecases import kontrak
    from pengadaan.usecases.paket import list_paket, show_paket

    load_demo(sqlite_db, 1500, PER, seed=3, actor="penguji")
    scm_seen = kesempatan_seen = 0
    for row in repo_rows(sqlite_db):
        riwayat = show_paket(sqlite_db, row).riwayat
        scm_steps = [r for r in riwayat if r.pemicu == "adakan_scm"]
        kesempatan = [r for r in riwayat if r.pemicu == "beri_kesempatan"]
        if not scm_steps and not kesempatan:
            continue
        status = kontrak.contract_status(sqlite_db, row, PER)
        assert [(s.tahap, s.tanggal) for s in status.scm] == [
            (i + 1, r.tanggal) for i, r in enumerate(scm_steps)], row
        assert all(s.uji_coba > s.tanggal and s.target_bp > 0 for s in status.scm), row
        for s, r in zip(status.scm, scm_steps, strict=True):
            assert r.catatan.startswith(f"SCM tahap {'I' * s.tahap}: target uji coba"), row
        if kesempatan:
            [step] = kesempatan
            assert step.tanggal >= status.selesai, row  # granted when the period ran out
            assert status.kesempatan_sampai == status.selesai + timedelta(days=30), row
            assert step.catatan.startswith("Pemberian kesempatan 30 hari kalender"), row
        scm_seen += len(scm_steps)
        kesempatan_seen += len(kesempatan)
    assert scm_seen >= 40 and kesempatan_seen >= 4, (scm_seen, kesempatan_seen)

    # Every termination bars its penyedia, a name no package that goes on awards.
    barred = {entry.paket: entry for entry in kontrak.blacklist(sqlite_db)}
    terminated = [show_paket(sqlite_db, p.kode)
                  for p in list_paket(sqlite_db, tahap=["putus_kontrak"])]
    assert len(terminated) >= 3 and barred.keys() == {d.paket.kode for d in terminated}
    for detail in terminated:
        entry, step = barred[detail.paket.kode], detail.riwayat[-1]
        assert (entry.penyedia, entry.mulai, entry.curang) == (
            detail.paket.penyedia, step.tanggal, False)
        assert entry.selesai == entry.mulai.replace(year=entry.mulai.year + 1)
        assert step.catatan.endswith("[daftar hitam 1 tahun]")
    others = {p.penyedia for p in list_paket(sqlite_db) if p.tahap != "putus_kontrak"}
    assert not others & {e.penyedia for e in barred.values()}


def repo_rows(db) -> list[str]:
    with db.unit_of_work() as uow:
        return [r.kode for r in repo.list_paket(uow.session, repo.PaketFilter())]
