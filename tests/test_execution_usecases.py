"""Contract execution through the use cases, on SQLite (issue #5):
progress validation, kritis, the SCM chain both ways, adendum, pemberian kesempatan
and its 50-day limit, denda, serah terima at 100%, putus kontrak and daftar hitam."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from freezegun import freeze_time
from pengadaan.db import progres as q
from pengadaan.db import repository as repo

from pengadaan.domain.errors import Conflict, GuardFailed, InvalidInput, NotFound, TriggerNotAllowed
from pengadaan.settings import Settings
from pengadaan.usecases import alerts as alerts_uc
from pengadaan.usecases import jadwal
from pengadaan.usecases import kontrak as kt
from pengadaan.usecases import progres as pg
from pengadaan.usecases.paket import advance, show_paket
from tests.conftest import ACTOR, make_opd, make_paket
from tests.spine_paths import NILAI, PENYEDIA, TENDER_BARANG, TENDER_KONSTRUKSI, inputs_for

SPMK = date(2026, 3, 1)
END = date(2026, 6, 9)  # 100 days: the standard curve is 50% on 20/04/2026
MID = date(2026, 4, 20)
LATER = date(2026, 12, 31)
DASAR = NILAI * 100 // 111  # nilai kontrak before PPN 11%


def contract(db, kode="P-1", jenis="konstruksi", selesai=END, first=True, penyedia=None):
    """A signed tender contract in pelaksanaan from SPMK, ending on ``selesai``."""
    if first:
        make_opd(db)
    make_paket(db, kode, jenis=jenis)
    path = (TENDER_KONSTRUKSI if jenis == "konstruksi" else TENDER_BARANG)[:-2]
    for pemicu, _ in path:
        values = inputs_for(pemicu, 1_000_000_000)
        if penyedia and "penyedia" in values:
            values["penyedia"] = penyedia
        if pemicu == "tanda_tangan_kontrak":  # the contract period (issue #3's inputs)
            values.update(mulai_kontrak=date(2026, 2, 2), selesai_kontrak=selesai)
        when = SPMK if pemicu == "terbitkan_spmk" else date(2026, 2, 2)
        advance(db, kode, pemicu, ACTOR, tanggal=when, today=SPMK, **values)
    return kode


def report(db, when, persen, kode="P-1", **kw):
    return pg.record_progress(db, kode, when, round(persen * 100), ACTOR, today=LATER, **kw)


def tahap(db, kode="P-1"):
    return show_paket(db, kode).paket.tahap


# --- progress and validation --------------------------------------------------------------


def test_progress_against_the_standard_curve(db):
    contract(db)
    row = report(db, MID, 45, keuangan=300_000_000, catatan="Pengecoran lantai kerja")
    assert (row.rencana_bp, row.fisik_bp, row.deviasi_bp, row.kritis) == (5000, 4500, -500, False)
    assert row.keuangan_bp == 300_000_000 * 10_000 // NILAI
    report(db, date(2026, 5, 1), 50)
    rows = pg.list_progress(db, "P-1")
    assert [r.tanggal for r in rows] == [MID, date(2026, 5, 1)]
    assert rows[0].catatan == "Pengecoran lantai kerja" and rows[0].oleh == ACTOR


def test_kritis_boundary_through_the_use_case(db):
    contract(db)
    assert report(db, MID, 40).kritis is False  # exactly 10 behind at rencana 50%
    assert report(db, MID, 39.99, alasan_koreksi="salah hitung").kritis is True


def test_entered_curve_replaces_the_standard_one(db):
    contract(db)
    pg.set_planned_curve(db, "P-1", [pg.parse_titik("2026-03-31=20"),
                                     pg.parse_titik("30/04/2026=60"),
                                     pg.parse_titik("2026-06-09=100")], ACTOR)
    assert report(db, date(2026, 4, 15), 30).rencana_bp == 4000
    k = pg.s_curve(db, "P-1")
    assert k.sumber == "dimasukkan" and k.deviasi_bp == -1000
    assert k.rencana[0].tanggal == SPMK and k.rencana[-1].bp == 10_000
    with pytest.raises(InvalidInput, match="turun"):
        pg.set_planned_curve(db, "P-1", [pg.parse_titik("2026-03-31=20"),
                                         pg.parse_titik("2026-04-30=10")], ACTOR)
    with pytest.raises(InvalidInput, match="TANGGAL=PERSEN"):
        pg.parse_titik("2026-03-31")
    pg.set_planned_curve(db, "P-1", [], ACTOR)
    assert pg.s_curve(db, "P-1").sumber == "standar"


@pytest.mark.parametrize(("when", "fisik", "extra", "message"), [
    (date(2026, 2, 28), 1000, {}, "sebelum SPMK/mulai pelaksanaan (01/03/2026)"),
    (date(2026, 4, 21), 1000, {}, "21/04/2026 belum terjadi (hari ini 20/04/2026)"),
    (MID, 10_001, {}, "di luar rentang 0–100%"),
    (MID, -1, {}, "di luar rentang 0–100%"),
    (MID, 1000, {"keuangan": NILAI + 1}, "melebihi nilai kontrak Rp 850.000.000"),
    (MID, 1000, {"keuangan": -5}, "keuangan: tidak boleh negatif"),
])
def test_progress_validation(db, when, fisik, extra, message):
    contract(db)
    with freeze_time("2026-04-20 16:59:00"):  # 23:59 WIB: still 20/04 in Kudus
        with pytest.raises(InvalidInput, match=re.escape(message)):
            pg.record_progress(db, "P-1", when, fisik, ACTOR, **extra)
        pg.record_progress(db, "P-1", MID, 1000, ACTOR, keuangan=NILAI)  # boundaries pass
        assert pg.record_progress(db, "P-1", SPMK, 0, ACTOR).tanggal == SPMK
    assert len(pg.list_progress(db, "P-1")) == 2


def test_a_decrease_is_a_correction_with_a_reason(db):
    contract(db)
    report(db, MID, 45, keuangan=200_000_000)
    with pytest.raises(InvalidInput, match="lebih rendah dari laporan 20/04/2026 .45,00%.; "
                                           "koreksi wajib disertai alasan"):
        report(db, date(2026, 4, 27), 44.99)
    with pytest.raises(InvalidInput, match="keuangan: Rp 100.000.000 lebih rendah"):
        report(db, date(2026, 4, 27), 46, keuangan=100_000_000)
    with pytest.raises(InvalidInput, match="melebihi laporan sesudahnya 20/04/2026"):
        report(db, date(2026, 4, 13), 46)  # back-dated above a later report
    row = report(db, MID, 44, alasan_koreksi="Salah ukur volume galian")
    assert row.alasan_koreksi == "Salah ukur volume galian"
    assert pg.s_curve(db, "P-1").realisasi[-1].bp == 4400  # the correction wins


def test_progress_only_during_execution(db):
    make_opd(db)
    make_paket(db)
    with pytest.raises(InvalidInput, match="progres hanya dicatat selama pelaksanaan"):
        report(db, MID, 10)
    with pytest.raises(NotFound, match="'X-9' tidak ditemukan"):
        report(db, MID, 10, kode="X-9")


# --- kritis → SCM → SP → putus kontrak ----------------------------------------------------


def test_kritis_only_when_the_report_says_so(db):
    contract(db)
    report(db, MID, 40)  # exactly 10 behind: not kritis
    with pytest.raises(GuardFailed, match="tidak kritis menurut laporan progres terakhir"):
        kt.declare_kritis(db, "P-1", ACTOR, MID, today=LATER)
    report(db, MID, 39.99, alasan_koreksi="koreksi")
    s = kt.declare_kritis(db, "P-1", ACTOR, MID, today=LATER)
    assert s.tahap == "kritis" and "periode I" in s.kritis
    assert "Rencana 50,00%, realisasi 39,99%" in show_paket(db, "P-1").riwayat[-1].catatan
    with pytest.raises(GuardFailed, match="masih kritis"):
        kt.recover(db, "P-1", ACTOR, MID, today=LATER)


def _to_scm_1(db, target=5500, uji_coba=date(2026, 5, 4)):
    contract(db)
    report(db, MID, 35)
    kt.declare_kritis(db, "P-1", ACTOR, MID, today=LATER)
    return kt.hold_scm(db, "P-1", target, uji_coba, ACTOR, MID, "Rapat pembuktian",
                       today=LATER)


def test_scm_target_met_back_to_normal(db):
    s = _to_scm_1(db)
    assert s.tahap == "scm_1" and s.scm[0].target_bp == 5500
    report(db, date(2026, 5, 4), 55)  # exactly the target on the uji coba date
    with pytest.raises(GuardFailed, match="target uji coba SCM tercapai; gunakan 'pulih'"):
        kt.hold_scm(db, "P-1", 7000, date(2026, 5, 18), ACTOR, date(2026, 5, 5), today=LATER)
    assert kt.recover(db, "P-1", ACTOR, date(2026, 5, 5), today=LATER).tahap == "pelaksanaan"
    notes = [r.catatan for r in show_paket(db, "P-1").riwayat]
    assert "SCM tahap I: target uji coba 55,00% pada 04/05/2026. Rapat pembuktian" in notes


def test_scm_escalation_waits_for_the_uji_coba_and_early_success_counts(db):
    _to_scm_1(db)  # target 55% by 04/05/2026
    report(db, date(2026, 4, 27), 50)
    with pytest.raises(GuardFailed, match="uji coba SCM masih berjalan sampai 04/05/2026"):
        kt.hold_scm(db, "P-1", 7000, date(2026, 5, 18), ACTOR, date(2026, 5, 3), today=LATER)
    with pytest.raises(GuardFailed, match="masih kritis"):  # not met yet, report kritis
        kt.recover(db, "P-1", ACTOR, date(2026, 5, 3), today=LATER)
    report(db, date(2026, 5, 3), 55)  # the target reached a day early
    assert kt.recover(db, "P-1", ACTOR, date(2026, 5, 3), today=LATER).tahap == "pelaksanaan"


def test_scm_without_a_report_in_the_uji_coba_is_missed(db):
    _to_scm_1(db)
    report(db, date(2026, 5, 5), 90)  # after the trial: no evidence for it
    with pytest.raises(GuardFailed, match="tidak tercapai"):
        kt.recover(db, "P-1", ACTOR, date(2026, 5, 5), today=LATER)
    assert kt.hold_scm(db, "P-1", 9500, date(2026, 5, 19), ACTOR, date(2026, 5, 5),
                       today=LATER).tahap == "scm_2"


def test_scm_target_missed_escalates_to_termination(db):
    _to_scm_1(db)
    report(db, date(2026, 5, 4), 54.99)  # 0,01 short of the target
    report(db, date(2026, 5, 5), 60)  # after the uji coba date: does not count
    with pytest.raises(GuardFailed, match="target uji coba SCM tidak tercapai"):
        kt.recover(db, "P-1", ACTOR, date(2026, 5, 5), today=LATER)
    assert kt.hold_scm(db, "P-1", 7000, date(2026, 5, 19), ACTOR, date(2026, 5, 5),
                       today=LATER).tahap == "scm_2"
    report(db, date(2026, 5, 19), 65)
    assert kt.hold_scm(db, "P-1", 8000, date(2026, 6, 2), ACTOR, date(2026, 5, 20),
                       today=LATER).tahap == "scm_3"
    with pytest.raises(TriggerNotAllowed, match="'adakan_scm' tidak berlaku pada tahap 'scm_3'"):
        kt.hold_scm(db, "P-1", 9000, date(2026, 6, 9), ACTOR, date(2026, 6, 3), today=LATER)
    report(db, date(2026, 6, 2), 70)
    for number, day in ((1, 3), (2, 4), (3, 5)):
        s = kt.warn(db, "P-1", ACTOR, date(2026, 6, day), "Progres tidak sesuai", today=LATER)
        assert s.tahap == f"sp_{number}"
    assert "beri_sp" not in {p.pemicu for p in show_paket(db, "P-1").pemicu}
    s = kt.terminate(db, "P-1", "SP3 tidak diindahkan", ACTOR, tanggal=date(2026, 6, 8),
                     today=LATER)
    assert s.tahap == "putus_kontrak" and s.retensi is None
    riwayat = show_paket(db, "P-1").riwayat
    assert [r.ke for r in riwayat[-8:]] == ["kritis", "scm_1", "scm_2", "scm_3", "sp_1", "sp_2",
                                            "sp_3", "putus_kontrak"]
    assert all(r.catatan for r in riwayat[-7:])  # every step dated with a note
    assert riwayat[-2].catatan == "Surat peringatan 3. Progres tidak sesuai"
    [entry] = kt.blacklist(db)
    assert (entry.penyedia, entry.mulai, entry.selesai, entry.curang, entry.paket) == (
        PENYEDIA, date(2026, 6, 8), date(2027, 6, 8), False, "P-1")


def test_scm_needs_a_future_uji_coba_and_a_target(db):
    contract(db)
    report(db, MID, 35)
    kt.declare_kritis(db, "P-1", ACTOR, MID, today=LATER)
    with pytest.raises(InvalidInput, match="harus sesudah tanggal SCM 20/04/2026"):
        kt.hold_scm(db, "P-1", 5000, MID, ACTOR, MID, today=LATER)
    with pytest.raises(InvalidInput, match="harus di atas 0%"):
        kt.hold_scm(db, "P-1", 0, date(2026, 5, 1), ACTOR, MID, today=LATER)
    assert tahap(db) == "kritis"


# --- adendum, kesempatan, denda -----------------------------------------------------------


def planned_pelaksanaan(db, kode="P-1"):
    row = next(r for r in jadwal.show_schedule(db, kode) if r.tahap == "pelaksanaan")
    return row.rencana_mulai, row.rencana_selesai


def test_perpanjangan_moves_the_end_without_denda(db):
    contract(db)
    assert planned_pelaksanaan(db) == (date(2026, 2, 2), END)  # the contract's period
    with pytest.raises(InvalidInput, match="sesudah tanggal selesai kontrak 09/06/2026"):
        kt.extend_contract(db, "P-1", END, "Banjir", ACTOR, tanggal=END, today=LATER)
    s = kt.extend_contract(db, "P-1", date(2026, 7, 9), "Banjir (kahar)", ACTOR, tanggal=END,
                           today=LATER)  # on the last day of the period: still in time
    assert s.selesai == date(2026, 7, 9)
    assert planned_pelaksanaan(db) == (date(2026, 2, 2), date(2026, 7, 9))
    assert kt.contract_status(db, "P-1", date(2026, 7, 1)).denda == 0
    with pytest.raises(InvalidInput, match="sebelum masa kontrak berakhir .09/07/2026."):
        kt.extend_contract(db, "P-1", date(2026, 8, 9), "Lagi", ACTOR,
                           tanggal=date(2026, 7, 10), today=LATER)
    with pytest.raises(InvalidInput, match="alasan: wajib diisi"):
        kt.extend_contract(db, "P-1", date(2026, 8, 9), " ", ACTOR, tanggal=END, today=LATER)
    [a] = kt.contract_status(db, "P-1", END).adendum
    assert (a.jenis, a.selesai_lama, a.selesai_baru) == ("perpanjangan", END, date(2026, 7, 9))


def test_adendum_nilai_within_pagu(db):
    contract(db)
    report(db, MID, 40, keuangan=400_000_000)
    with pytest.raises(InvalidInput, match="melebihi pagu Rp 1.000.000.000"):
        kt.change_value(db, "P-1", 1_000_000_001, "Tambah volume", ACTOR, MID, today=LATER)
    with pytest.raises(InvalidInput, match="di bawah realisasi keuangan Rp 400.000.000"):
        kt.change_value(db, "P-1", 399_999_999, "Kurang volume", ACTOR, MID, today=LATER)
    s = kt.change_value(db, "P-1", 1_000_000_000, "Tambah volume", ACTOR, MID, today=LATER)
    assert s.nilai_kontrak == 1_000_000_000 and s.adendum[0].nilai_lama == NILAI


@pytest.mark.parametrize(("days", "allowed"), [(1, True), (49, True), (50, True), (51, False),
                                               (0, False)])
def test_kesempatan_at_most_50_days(db, days, allowed):
    contract(db)
    sampai = END + timedelta(days=days)
    if allowed:
        s = kt.grant_extra_time(db, "P-1", sampai, "Penyedia sanggup", ACTOR, END, today=LATER)
        assert s.tahap == "kesempatan" and s.kesempatan_sampai == sampai
    else:
        with pytest.raises(GuardFailed, match="paling lama 50 hari kalender|harus sesudah"):
            kt.grant_extra_time(db, "P-1", sampai, "Penyedia sanggup", ACTOR, END, today=LATER)
        assert tahap(db) == "pelaksanaan"
        # The same rule guards the bare trigger (pengadaan paket maju … beri_kesempatan).
        with pytest.raises(GuardFailed, match="paling lama 50 hari kalender|harus sesudah"):
            advance(db, "P-1", "beri_kesempatan", ACTOR, tanggal=END, today=LATER,
                    kesempatan_sampai=sampai)


def test_kesempatan_accrues_denda_across_the_fiscal_year(db):
    contract(db, selesai=date(2026, 12, 1))
    s = kt.grant_extra_time(db, "P-1", date(2027, 1, 20), "Penyedia sanggup", ACTOR,
                            date(2026, 12, 1), today=LATER)
    assert s.denda == 0 and s.hari_terlambat == 0  # on the end day itself
    assert "denda 1‰/hari s.d. Rp 38.288.288" in show_paket(db, "P-1").riwayat[-1].catatan
    with freeze_time("2027-01-05 03:00:00"):  # 10:00 WIB
        s = kt.contract_status(db, "P-1")
    assert s.per == date(2027, 1, 5) and s.hari_terlambat == 35
    assert s.denda == DASAR * 35 // 1000 == 26_801_801
    # Moving the kesempatan end within the 50 days is a new adendum, not a new step.
    s = kt.grant_extra_time(db, "P-1", date(2027, 1, 10), "Revisi", ACTOR, date(2026, 12, 10),
                            today=LATER)
    assert s.tahap == "kesempatan" and s.kesempatan_sampai == date(2027, 1, 10)
    # A kesempatan does not move the contract end (§5.3), so neither the planned pelaksanaan.
    assert planned_pelaksanaan(db) == (date(2026, 2, 2), date(2026, 12, 1))
    with pytest.raises(GuardFailed, match="diminta 51 hari"):
        kt.grant_extra_time(db, "P-1", date(2027, 1, 21), "Lagi", ACTOR, date(2026, 12, 10),
                            today=LATER)


def test_denda_on_the_late_part_only_before_ppn(db):
    contract(db)
    with pytest.raises(InvalidInput, match="bagian terlambat"):
        kt.grant_extra_time(db, "P-1", END + timedelta(days=10), "Satu segmen", ACTOR, END,
                            today=LATER, bagian=NILAI + 1)
    kt.grant_extra_time(db, "P-1", END + timedelta(days=10), "Satu segmen", ACTOR, END,
                        today=LATER, bagian=111_000_000)
    s = kt.contract_status(db, "P-1", END + timedelta(days=7))
    assert (s.hari_terlambat, s.denda) == (7, 700_000)  # 7 × 1‰ × Rp 100.000.000


def test_kesempatan_counts_for_the_year_end_kritis_rule(db):
    contract(db, selesai=date(2026, 12, 1))
    pg.set_planned_curve(db, "P-1", [pg.parse_titik("2026-11-01=80")], ACTOR)
    assert report(db, date(2026, 11, 2), 77).kritis is False  # 3 behind, ends in the year
    kt.grant_extra_time(db, "P-1", date(2027, 1, 20), "Penyedia sanggup", ACTOR,
                        date(2026, 12, 1), today=LATER)
    assert report(db, date(2026, 12, 2), 78).kritis is True  # runs into 2027 now


# --- serah terima -------------------------------------------------------------------------


def test_pho_only_at_100_percent_then_pemeliharaan_and_fho(db):
    contract(db)
    report(db, date(2026, 6, 8), 99.99)
    with pytest.raises(GuardFailed, match="hanya pada realisasi fisik 100%; laporan progres "
                                          "terakhir 99,99%"):
        kt.hand_over(db, "P-1", ACTOR, date(2026, 6, 9), today=LATER)
    report(db, date(2026, 6, 9), 100, keuangan=NILAI * 95 // 100)
    s = kt.hand_over(db, "P-1", ACTOR, date(2026, 6, 9), today=LATER)
    assert s.tahap == "pemeliharaan" and s.pho == date(2026, 6, 9)
    assert s.akhir_pemeliharaan == date(2026, 12, 9)
    assert s.retensi == NILAI * 5 // 100 and s.denda == 0
    with pytest.raises(GuardFailed, match=r"FHO paling cepat 09/12/2026: masa pemeliharaan "
                                          r"6 bulan sejak PHO 09/06/2026"):
        advance(db, "P-1", "fho", ACTOR, tanggal=date(2026, 12, 8), today=LATER)
    assert tahap(db) == "pemeliharaan"
    advance(db, "P-1", "fho", ACTOR, tanggal=date(2026, 12, 9), today=LATER)
    assert kt.contract_status(db, "P-1", date(2026, 12, 9)).retensi is None


def test_hand_over_needs_a_progress_report(db):
    contract(db)
    with pytest.raises(GuardFailed, match="belum ada laporan progres"):
        kt.hand_over(db, "P-1", ACTOR, date(2026, 6, 9), today=LATER)
    assert tahap(db) == "pelaksanaan"


def test_masa_pemeliharaan_is_configurable(db, monkeypatch):
    monkeypatch.setenv("PENGADAAN_PEMELIHARAAN_BULAN", "12")
    db = replace(db, settings=Settings.from_env())  # what the CLI's entry point does
    contract(db)
    report(db, date(2026, 6, 9), 100)
    assert kt.hand_over(db, "P-1", ACTOR, date(2026, 6, 9), today=LATER).akhir_pemeliharaan \
        == date(2027, 6, 9)
    with pytest.raises(GuardFailed, match="masa pemeliharaan 12 bulan"):
        advance(db, "P-1", "fho", ACTOR, tanggal=date(2027, 6, 8), today=date(2027, 7, 1))
    monkeypatch.setenv("PENGADAAN_PEMELIHARAAN_BULAN", "enam")
    with pytest.raises(InvalidInput, match="PENGADAAN_PEMELIHARAAN_BULAN: 'enam'"):
        Settings.from_env()


def test_bast_only_at_100_percent_and_denda_stops_at_hand_over(db):
    contract(db, jenis="barang")
    report(db, date(2026, 6, 19), 50)
    with pytest.raises(GuardFailed, match="realisasi fisik 100%"):
        advance(db, "P-1", "bast", ACTOR, tanggal=date(2026, 6, 19), today=LATER)
    kt.grant_extra_time(db, "P-1", date(2026, 7, 9), "Barang impor tertahan", ACTOR, END,
                        today=LATER)
    report(db, date(2026, 6, 29), 100)
    s = kt.hand_over(db, "P-1", ACTOR, date(2026, 6, 29), today=LATER)
    assert s.tahap == "serah_terima"
    later = kt.contract_status(db, "P-1", date(2026, 8, 1))
    assert later.hari_terlambat == 20 and later.denda == DASAR * 20 // 1000


# --- putus kontrak, daftar hitam, follow-up -----------------------------------------------


def test_fraud_bars_two_years_and_blocks_new_contracts(db):
    contract(db)
    report(db, MID, 20, keuangan=250_000_000)
    s = kt.terminate(db, "P-1", "Dokumen jaminan palsu", ACTOR, curang=True, lanjutan="P-1L",
                     tanggal=MID, today=LATER)
    assert s.tahap == "putus_kontrak"
    [entry] = kt.blacklist(db, PENYEDIA.upper(), per=date(2028, 4, 19))
    assert entry.selesai == date(2028, 4, 20) and entry.curang
    assert kt.blacklist(db, per=date(2028, 4, 20)) == []  # the last day is excluded
    follow = show_paket(db, "P-1L")
    assert follow.paket.tahap == "rencana" and follow.paket.pagu == NILAI - 250_000_000
    assert follow.riwayat[0].catatan == "Paket lanjutan dari P-1 (putus kontrak)"
    assert "[paket lanjutan: P-1L]" in show_paket(db, "P-1").riwayat[-1].catatan
    # The barred penyedia can neither win nor sign another contract while barred.
    make_paket(db, "P-2")
    path = [p for p, _ in TENDER_KONSTRUKSI]
    for pemicu in path[:path.index("tetapkan_pemenang")]:
        advance(db, "P-2", pemicu, ACTOR, tanggal=date(2026, 5, 1), today=LATER,
                **inputs_for(pemicu, 1_000_000_000))
    barred = f"penyedia '{PENYEDIA.lower()}' sedang dalam daftar hitam"
    with pytest.raises(GuardFailed, match=barred):
        advance(db, "P-2", "tetapkan_pemenang", ACTOR, tanggal=date(2026, 5, 1), today=LATER,
                penyedia=PENYEDIA.lower(), nilai_kontrak=NILAI)
    contract(db, "P-3", first=False, penyedia="CV Lain")
    with pytest.raises(Conflict, match="'P-1L' sudah ada"):
        kt.terminate(db, "P-3", "Lalai", ACTOR, lanjutan="P-1L", tanggal=MID, today=LATER)
    assert tahap(db, "P-3") == "pelaksanaan"


def test_denda_stops_at_termination(db):
    contract(db)
    kt.terminate(db, "P-1", "Wanprestasi", ACTOR, tanggal=END + timedelta(days=5), today=LATER)
    s = kt.contract_status(db, "P-1", END + timedelta(days=40))
    assert (s.hari_terlambat, s.denda) == (5, DASAR * 5 // 1000)


def test_putus_kontrak_needs_a_reason_and_changes_nothing_without_one(db):
    contract(db)
    with pytest.raises(InvalidInput, match="alasan: wajib diisi"):
        kt.terminate(db, "P-1", "  ", ACTOR, tanggal=MID, today=LATER)
    assert tahap(db) == "pelaksanaan" and kt.blacklist(db) == []


@pytest.mark.both_databases
def test_kritis_list_in_sql_follows_the_report_in_force(db):
    contract(db)
    contract(db, "P-2", first=False, penyedia="CV Lain")
    report(db, MID, 30)  # kritis
    report(db, MID, 48, kode="P-2")
    report(db, date(2026, 5, 1), 60)  # recovered later
    with db.unit_of_work() as uow:
        ids = {k: repo.get_paket(uow.session, k).id for k in ("P-1", "P-2")}
        stages = ("pelaksanaan", "kritis")
        assert q.kritis_paket_ids(uow.session, MID, stages) == [ids["P-1"]]
        assert q.kritis_paket_ids(uow.session, date(2026, 5, 1), stages) == []
        assert q.kritis_paket_ids(uow.session, date(2026, 4, 19), stages) == []


@pytest.mark.both_databases
def test_kritis_flag_in_lateness_and_alerts(db):
    from pengadaan.usecases import dasbor, lateness

    contract(db)
    contract(db, "P-2", first=False, penyedia="CV Lain")
    report(db, MID, 40)  # exactly 10 behind: not kritis
    report(db, MID, 30, kode="P-2")  # kritis
    assert [t.flag for t in lateness.paket_flags(db, "P-1", MID)] == []
    [temuan] = [t for t in lateness.paket_flags(db, "P-2", MID) if t.flag == "kritis"]
    assert temuan.batas == END and temuan.hari == (MID - END).days
    alerts = alerts_uc.alerts(db, MID, flag="kritis")
    assert [(a.kode, a.batas) for a in alerts] == [("P-2", END)]
    assert dasbor.summary(db, MID).per_flag["kritis"] == 1
    assert alerts_uc.alerts(db, date(2026, 4, 19), flag="kritis") == []  # report not yet in
    # In the SCM escalation it stays kritis whatever the last report says.
    kt.declare_kritis(db, "P-2", ACTOR, MID, today=LATER)
    kt.hold_scm(db, "P-2", 5000, date(2026, 5, 4), ACTOR, MID, today=LATER)
    report(db, date(2026, 4, 27), 50, kode="P-2")
    assert [a.kode for a in alerts_uc.alerts(db, date(2026, 4, 27), flag="kritis")] == ["P-2"]
    assert "kritis" in {t.flag for t in lateness.paket_flags(db, "P-2", date(2026, 4, 27))}


@pytest.mark.both_databases
@pytest.mark.parametrize(("utc", "hari"), [
    ("2026-06-09 16:59:59", 0),  # 23:59:59 WIB on the end day: not late
    ("2026-06-09 17:00:00", 1),  # midnight WIB: the first late day
    ("2026-07-29 12:00:00", 50),  # the last day a kesempatan may reach
    ("2026-07-30 12:00:00", 51),
])
def test_denda_counts_calendar_days_in_wib(db, utc, hari):
    contract(db)
    with freeze_time(utc):
        s = kt.contract_status(db, "P-1")
    assert (s.hari_terlambat, s.denda) == (hari, DASAR * hari // 1000)


def test_a_report_dated_today_in_wib_is_accepted_after_utc_midnight(db):
    contract(db)
    with freeze_time("2026-04-20 17:00:00"):  # 00:00 WIB on 21/04
        assert pg.record_progress(db, "P-1", date(2026, 4, 21), 1000, ACTOR).tanggal \
            == date(2026, 4, 21)
        with pytest.raises(InvalidInput, match="22/04/2026 belum terjadi"):
            pg.record_progress(db, "P-1", date(2026, 4, 22), 1000, ACTOR)
