"""Issue #3 use cases on SQLite (the SQL lists on PostgreSQL too): planned schedule at
creation, contract dates on signing, schedule changes, the dashboard page, summary and
alerts."""

from __future__ import annotations

from datetime import date

import pytest
from pengadaan.db import repository as repo

from pengadaan.domain.errors import Conflict, GuardFailed, InvalidInput, NotFound
from pengadaan.usecases import alert_counts, dasbor, jadwal, kalender, lateness, progres
from pengadaan.usecases import alerts as alerts_uc
from pengadaan.usecases.paket import advance, show_paket
from tests.conftest import ACTOR, make_opd, make_paket

TODAY = date(2026, 12, 31)
ISSUE_3_FLAGS = ("lewat_kontrak", "kontrak_tertunda", "terlambat", "belum_mulai",
                 "lewat_tahun_anggaran", "hampir")  # others (kritis, issue #5) may join
PL = dict(metode="pengadaan_langsung", jenis="barang", pagu=150_000_000)


def go(db, kode, pemicu, day, **inputs):
    return advance(db, kode, pemicu, ACTOR, tanggal=day, today=TODAY, **inputs)


def to_negosiasi(db, kode="P-1", start=date(2026, 3, 2)):
    go(db, kode, "siapkan", date(2026, 2, 10))
    go(db, kode, "undang", start, hps=140_000_000)
    go(db, kode, "mulai_evaluasi", start)
    go(db, kode, "mulai_negosiasi", start)


def to_sppbj(db, kode, day):
    steps = ["siapkan", "umumkan", "beri_penjelasan", "buka_penawaran", "mulai_evaluasi",
             "buktikan_kualifikasi", "tetapkan_pemenang", "buka_sanggah", "terbitkan_sppbj"]
    for pemicu in steps:
        go(db, kode, pemicu, day, hps=900_000_000, penyedia="CV Muria", nilai_kontrak=800_000_000)


def test_create_plans_every_stage(db):
    make_opd(db)
    make_paket(db, mulai_pemilihan=date(2026, 3, 2), **PL)
    rows = {r.tahap: r for r in jadwal.show_schedule(db, "P-1")}
    assert list(rows) == ["rencana", "persiapan", "penawaran", "evaluasi", "negosiasi",
                          "kontrak", "pelaksanaan", "serah_terima"]
    assert rows["penawaran"].rencana_mulai == date(2026, 3, 2)
    assert rows["rencana"].sekarang and not any(r.dilewati for r in rows.values())
    assert all(r.realisasi_mulai is None for r in rows.values())


def test_create_without_selection_start_uses_the_default_anchor(db):
    make_opd(db)
    make_paket(db, **PL)  # registered 5 Jan 2026 (conftest)
    rows = {r.tahap: r for r in jadwal.show_schedule(db, "P-1")}
    assert rows["penawaran"].rencana_mulai == date(2026, 1, 26)


def test_contract_dates_given_defaulted_and_checked(db):
    make_opd(db)
    for kode in ("P-1", "P-2", "P-3"):
        make_paket(db, kode, mulai_pemilihan=date(2026, 3, 2), **PL)
        to_negosiasi(db, kode)
    sign = dict(penyedia="CV Muria", nilai_kontrak=130_000_000)
    with pytest.raises(GuardFailed, match="selesai kontrak 01/03/2026 sebelum mulai kontrak"):
        go(db, "P-1", "tanda_tangan_kontrak", date(2026, 3, 5), mulai_kontrak=date(2026, 3, 5),
           selesai_kontrak=date(2026, 3, 1), **sign)
    assert show_paket(db, "P-1").paket.tahap == "negosiasi"
    go(db, "P-1", "tanda_tangan_kontrak", date(2026, 3, 5), mulai_kontrak=date(2026, 3, 9),
       selesai_kontrak=date(2026, 3, 9), **sign)  # one-day contract: selesai = mulai
    go(db, "P-2", "tanda_tangan_kontrak", date(2026, 3, 5), **sign)
    with db.unit_of_work() as uow:
        p1, p2 = (repo.get_paket(uow.session, k) for k in ("P-1", "P-2"))
        assert (p1.tgl_kontrak_mulai, p1.tgl_kontrak_selesai) == (date(2026, 3, 9),) * 2
        # Default: from the signing date, 60 hari kalender for barang.
        assert (p2.tgl_kontrak_mulai, p2.tgl_kontrak_selesai) == (date(2026, 3, 5),
                                                                  date(2026, 5, 3))


def test_signing_makes_the_contract_period_the_planned_pelaksanaan(db):
    """Issue #13: given or defaulted, the contract period replaces the template's
    pelaksanaan (which ran from the planned signing on, in working days)."""
    make_opd(db)
    for kode in ("P-1", "P-2"):
        make_paket(db, kode, mulai_pemilihan=date(2026, 3, 2), **PL)
        to_negosiasi(db, kode)
    template = {r.tahap: r for r in jadwal.show_schedule(db, "P-1")}["pelaksanaan"]
    sign = dict(penyedia="CV Muria", nilai_kontrak=130_000_000)
    go(db, "P-1", "tanda_tangan_kontrak", date(2026, 3, 5), mulai_kontrak=date(2026, 3, 9),
       selesai_kontrak=date(2026, 5, 8), **sign)
    go(db, "P-2", "tanda_tangan_kontrak", date(2026, 3, 5), **sign)
    for kode, period in (("P-1", (date(2026, 3, 9), date(2026, 5, 8))),
                         ("P-2", (date(2026, 3, 5), date(2026, 5, 3)))):
        row = {r.tahap: r for r in jadwal.show_schedule(db, kode)}["pelaksanaan"]
        assert (row.rencana_mulai, row.rencana_selesai) == period, kode
    assert (template.rencana_mulai, template.rencana_selesai) != (date(2026, 3, 9),
                                                                  date(2026, 5, 8))


def test_change_schedule_of_a_stage_not_yet_passed(db):
    make_opd(db)
    make_paket(db, mulai_pemilihan=date(2026, 3, 2), **PL)
    go(db, "P-1", "siapkan", date(2026, 2, 10))
    jadwal.change_stage(db, "P-1", "penawaran", date(2026, 3, 9), date(2026, 3, 11),
                        "HPS direviu ulang", ACTOR, today=date(2026, 2, 12))
    rows = {r.tahap: r for r in jadwal.show_schedule(db, "P-1")}
    assert (rows["penawaran"].rencana_mulai, rows["penawaran"].rencana_selesai) == (
        date(2026, 3, 9), date(2026, 3, 11))
    last = show_paket(db, "P-1").riwayat[-1]
    assert (last.pemicu, last.dari, last.ke, last.oleh) == ("ubah_jadwal", "persiapan",
                                                            "persiapan", ACTOR)
    assert "HPS direviu ulang" in last.catatan and "11/03/2026" in last.catatan
    # The current stage may change too.
    jadwal.change_stage(db, "P-1", "persiapan", date(2026, 2, 10), date(2026, 3, 6), "reviu",
                        ACTOR, today=date(2026, 2, 12))


def test_change_schedule_refusals_change_nothing(db):
    make_opd(db)
    make_paket(db, mulai_pemilihan=date(2026, 3, 2), **PL)
    go(db, "P-1", "siapkan", date(2026, 2, 10))
    before = show_paket(db, "P-1")
    with pytest.raises(GuardFailed, match="sudah dilewati"):
        jadwal.change_stage(db, "P-1", "rencana", date(2026, 1, 5), date(2026, 2, 6), "x", ACTOR)
    with pytest.raises(InvalidInput, match="alasan"):
        jadwal.change_stage(db, "P-1", "penawaran", date(2026, 3, 9), date(2026, 3, 11), " ",
                            ACTOR)
    with pytest.raises(InvalidInput, match="bukan hari kerja"):  # Saturday
        jadwal.change_stage(db, "P-1", "penawaran", date(2026, 3, 9), date(2026, 3, 14), "x",
                            ACTOR)
    with pytest.raises(InvalidInput, match="sebelum mulai"):
        jadwal.change_stage(db, "P-1", "penawaran", date(2026, 3, 9), date(2026, 3, 6), "x",
                            ACTOR)
    with pytest.raises(InvalidInput, match="tidak ada pada alur"):
        jadwal.change_stage(db, "P-1", "sanggah", date(2026, 3, 9), date(2026, 3, 11), "x",
                            ACTOR)
    with pytest.raises(NotFound):
        jadwal.change_stage(db, "X", "penawaran", date(2026, 3, 9), date(2026, 3, 11), "x",
                            ACTOR)
    assert show_paket(db, "P-1") == before


@pytest.fixture
def portfolio(db):
    """Three OPD, packages in every kind of trouble as of 2026-06-23."""
    make_opd(db)
    make_opd(db, "DISHUB", "Dinas Perhubungan")
    make_opd(db, "RSUD", "RSUD")
    make_paket(db, "A-belum", opd="PUPR", mulai_pemilihan=date(2026, 6, 1), **PL)
    make_paket(db, "B-tunda", opd="DISHUB", mulai_pemilihan=date(2026, 5, 4), pagu=1_000_000_000)
    to_sppbj(db, "B-tunda", date(2026, 6, 1))
    make_paket(db, "C-lewat", opd="DISHUB", mulai_pemilihan=date(2026, 3, 2), **PL)
    to_negosiasi(db, "C-lewat")
    go(db, "C-lewat", "tanda_tangan_kontrak", date(2026, 3, 5), penyedia="CV Muria",
       nilai_kontrak=111_000_000, selesai_kontrak=date(2026, 6, 13))
    go(db, "C-lewat", "terbitkan_spmk", date(2026, 3, 6))
    make_paket(db, "D-aman", opd="RSUD", mulai_pemilihan=date(2026, 9, 1), **PL)
    make_paket(db, "E-batal", opd="RSUD", mulai_pemilihan=date(2026, 3, 2), **PL)
    go(db, "E-batal", "batalkan", date(2026, 3, 2), catatan="realokasi")
    return db


AS_OF = date(2026, 6, 23)


@pytest.mark.both_databases
def test_alerts_by_opd_then_severity(portfolio):
    alerts = alerts_uc.alerts(portfolio, AS_OF)
    got = [(a.opd, a.kode, a.peringatan) for a in alerts]
    assert got == [
        ("DISHUB", "C-lewat", "lewat_kontrak"),
        ("DISHUB", "B-tunda", "kontrak_tertunda"),
        ("PUPR", "A-belum", "terlambat"),
        ("PUPR", "A-belum", "belum_mulai"),
    ]
    lewat = alerts[0]
    assert (lewat.batas, lewat.hari, lewat.denda) == (date(2026, 6, 13), 10, 1_000_000)
    tunda = alerts[1]
    assert (tunda.batas, tunda.hari, tunda.denda) == (date(2026, 6, 22), 1, None)
    assert all(a.severity == {"lewat_kontrak": 6, "kontrak_tertunda": 5, "terlambat": 4,
                              "belum_mulai": 3}[a.peringatan] for a in alerts)
    assert [a.kode for a in alerts_uc.alerts(portfolio, AS_OF, opd="pupr")] == ["A-belum"] * 2
    only = alerts_uc.alerts(portfolio, AS_OF, flag="belum_mulai")
    assert [(a.kode, a.hari) for a in only] == [("A-belum", 22)]
    with pytest.raises(InvalidInput, match="jenis peringatan"):
        alerts_uc.alerts(portfolio, AS_OF, flag="telat")
    assert alerts_uc.alerts(portfolio, date(2026, 1, 5)) == []


@pytest.mark.both_databases
def test_alerts_match_the_python_evaluation(portfolio):
    by_kode: dict[str, list[str]] = {}
    for a in alerts_uc.alerts(portfolio, AS_OF):
        by_kode.setdefault(a.kode, []).append(a.peringatan)
    for kode in ("A-belum", "B-tunda", "C-lewat", "D-aman", "E-batal"):
        python = [t.flag for t in lateness.paket_flags(portfolio, kode, AS_OF)]
        assert python == by_kode.get(kode, []), kode


@pytest.mark.both_databases
def test_summary(portfolio):
    s = dasbor.summary(portfolio, AS_OF)
    assert (s.paket, s.pagu, s.terkontrak) == (5, 4 * 150_000_000 + 1_000_000_000,
                                               800_000_000 + 111_000_000)
    assert {f: n for f, n in s.per_flag.items() if f in ISSUE_3_FLAGS} == {
        "lewat_kontrak": 1, "kontrak_tertunda": 1, "terlambat": 1, "belum_mulai": 1,
        "lewat_tahun_anggaran": 0, "hampir": 0}
    assert dasbor.summary(portfolio, AS_OF, opd="RSUD").paket == 2
    assert s.realisasi == 0
    # --ringkas: the denda of C-lewat (Rp 111.000.000 incl. PPN, 10 days) read alone
    assert [alert_counts.counted(portfolio, AS_OF, opd=opd).denda
            for opd in (None, "DISHUB", "RSUD")] == [1_000_000, 1_000_000, 0]


@pytest.mark.both_databases
def test_summary_realisasi_is_the_report_in_force(portfolio):
    """Latest cumulative keuangan on the as-of date; a later report does not count yet,
    and a report without keuangan does not reset it."""
    def report(day, fisik_bp, keuangan=None):
        progres.record_progress(portfolio, "C-lewat", day, fisik_bp, ACTOR, keuangan=keuangan,
                                today=TODAY)

    report(date(2026, 4, 1), 2000, 20_000_000)
    report(date(2026, 5, 1), 5000, 55_500_000)
    report(date(2026, 6, 1), 6000)
    report(date(2026, 6, 24), 9000, 99_000_000)
    assert dasbor.summary(portfolio, AS_OF).realisasi == 55_500_000
    assert dasbor.summary(portfolio, AS_OF, opd="DISHUB").realisasi == 55_500_000
    assert dasbor.summary(portfolio, AS_OF, opd="RSUD").realisasi == 0
    assert dasbor.summary(portfolio, date(2026, 6, 24)).realisasi == 99_000_000


@pytest.mark.both_databases
def test_dashboard_page_filters_sorts_and_pages(portfolio):
    page = dasbor.dashboard_page(portfolio, AS_OF)
    assert page.total == 5 and [r.kode for r in page.rows] == [
        "A-belum", "B-tunda", "C-lewat", "D-aman", "E-batal"]
    c = next(r for r in page.rows if r.kode == "C-lewat")
    assert (c.batas, c.hari, c.flags, c.severity, c.denda) == (
        date(2026, 6, 13), 10, ("lewat_kontrak",), 6, 1_000_000)
    e = next(r for r in page.rows if r.kode == "E-batal")
    assert (e.flags, e.severity, e.denda) == ((), 0, None)
    worst = dasbor.dashboard_page(portfolio, AS_OF, sort="severity", descending=True)
    assert [r.kode for r in worst.rows][:2] == ["C-lewat", "B-tunda"]
    most_late = dasbor.dashboard_page(portfolio, AS_OF, sort="hari", descending=True)
    hari = [r.hari for r in most_late.rows if r.hari is not None]
    assert hari == sorted(hari, reverse=True)
    late = dasbor.dashboard_page(portfolio, AS_OF, only_late=True, sort="opd")
    assert late.total == 3 and [r.opd for r in late.rows] == ["DISHUB", "DISHUB", "PUPR"]
    paged = dasbor.dashboard_page(portfolio, AS_OF, offset=1, limit=2)
    assert paged.total == 5 and [r.kode for r in paged.rows] == ["B-tunda", "C-lewat"]
    assert dasbor.dashboard_page(portfolio, AS_OF, opd="DISHUB", cari="lewat").total == 1
    assert dasbor.dashboard_page(portfolio, AS_OF, tahap="sppbj").total == 1
    assert dasbor.dashboard_page(portfolio, AS_OF, metode="tender").total == 1
    for key in dasbor.SORT_KEYS:
        for desc in (False, True):
            rows = dasbor.dashboard_page(portfolio, AS_OF, sort=key, descending=desc).rows
            assert sorted(r.kode for r in rows) == sorted(r.kode for r in page.rows)
    with pytest.raises(InvalidInput, match="urutan"):
        dasbor.dashboard_page(portfolio, AS_OF, sort="warna")


def test_paket_flags_unknown_paket(db):
    with pytest.raises(NotFound):
        lateness.paket_flags(db, "X", AS_OF)


@pytest.mark.both_databases
def test_kalender_additions_change_working_days(db):
    make_opd(db)
    make_paket(db, "P-1", mulai_pemilihan=date(2026, 3, 2), **PL)
    go(db, "P-1", "siapkan", date(2026, 2, 10))
    jadwal.change_stage(db, "P-1", "penawaran", date(2026, 3, 2), date(2026, 6, 11), "x",
                        ACTOR, today=date(2026, 2, 12))
    go(db, "P-1", "undang", date(2026, 3, 2), hps=140_000_000)
    # Fri 5 June + 3 hari kerja = Wed 10 June: a Thursday deadline is not "hampir" yet...
    assert lateness.paket_flags(db, "P-1", date(2026, 6, 5)) == []
    assert alerts_uc.alerts(db, date(2026, 6, 5)) == []
    # ...until a local holiday on Monday 8 June pushes the horizon to Thursday.
    kalender.add_day(db, date(2026, 6, 8), "Hari Jadi Kabupaten", ACTOR)
    assert [t.flag for t in lateness.paket_flags(db, "P-1", date(2026, 6, 5))] == ["hampir"]
    assert [a.peringatan for a in alerts_uc.alerts(db, date(2026, 6, 5))] == ["hampir"]
    days = kalender.list_year(db, 2026).libur
    assert any(d.tanggal == date(2026, 6, 8) and d.jenis == "tambahan" for d in days)
    assert len(days) == 26  # 17 libur nasional + 8 cuti bersama + 1 tambahan
    with pytest.raises(Conflict, match="sudah ada"):
        kalender.add_day(db, date(2026, 6, 8), "lagi", ACTOR)
    with pytest.raises(Conflict, match="sudah hari libur"):
        kalender.add_day(db, date(2026, 8, 17), "x", ACTOR)
    with pytest.raises(InvalidInput, match="keterangan"):
        kalender.add_day(db, date(2026, 6, 9), " ", ACTOR)
    with pytest.raises(InvalidInput, match="bukan hari kerja"):
        jadwal.change_stage(db, "P-1", "penawaran", date(2026, 3, 2), date(2026, 6, 8), "x",
                            ACTOR, today=date(2026, 3, 3))
