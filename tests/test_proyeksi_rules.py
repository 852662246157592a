"""Issue #17: the year-end forecast of one paket (pengadaan/domain/proyeksi.py), checked
by hand against docs/proyeksi.md on a calendar of weekends only: the boundary cases the
issue names (no longer contractable in time, kritis, finished, crossing the fiscal year
by kesempatan) and the paths around them."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from pengadaan.domain.kalender import Kalender
from pengadaan.domain.proyeksi import (
    ALASAN,
    ALASAN_BERISIKO,
    ANGGAPAN,
    HANYA_DIBAYAR,
    FaktaProyeksi,
    Proyektor,
    anggapan,
    nilai_per_pagu_bp,
)

NILAI = 1_000_000_000


def model(as_of: date) -> Proyektor:
    return Proyektor(as_of, Kalender(), 9_000)


def kontrak(**fields) -> FaktaProyeksi:
    """A konstruksi contract of Rp 1 miliar, 1 March – 28 July 2026, in pelaksanaan."""
    values = dict(tahap="pelaksanaan", metode="tender", jenis="konstruksi", tahun=2026,
                  pagu=1_100_000_000, nilai_kontrak=NILAI, kontrak_mulai=date(2026, 3, 1),
                  kontrak_selesai=date(2026, 7, 28), tahap_sejak=date(2026, 3, 5))
    values.update(fields)
    return FaktaProyeksi(**values)


def test_every_assumption_is_dated_with_a_source():
    for name, entries in ANGGAPAN.items():
        assert entries and all(e.source for e in entries), name
        assert anggapan(name, date(2026, 7, 1)) == entries[0].value
    assert set(ALASAN_BERISIKO) <= set(ALASAN)


# --- a paket not yet contracted --------------------------------------------------------


def tender(as_of_tahap: str, sejak: date, jenis: str = "konstruksi",
           metode: str = "tender") -> FaktaProyeksi:
    return FaktaProyeksi(tahap=as_of_tahap, metode=metode, jenis=jenis, tahun=2026,
                         pagu=NILAI, tahap_sejak=sejak, tgl_awal_pemilihan=sejak)


def test_a_tender_announced_on_1_may_still_fits():
    """Tender konstruksi, pengumuman from 1 May: the selection stages (sanggah banding
    included), 14 hari kerja to the contract, 7 days to SPMK, 150 days of pelaksanaan:
    PHO on 21 December, inside the year."""
    p = model(date(2026, 5, 1)).proyeksi(tender("pengumuman", date(2026, 5, 1)))
    assert p.alasan == "sempat"
    assert p.selesai == date(2026, 12, 21)
    assert p.dasar == NILAI * 9_000 // 10_000  # the year's nilai/pagu ratio
    assert p.terserap == p.dasar * 95 // 100  # retensi held: FHO falls next year


def test_a_tender_announced_on_15_may_can_no_longer_be_contracted_in_time():
    """The same tender two weeks later: its work ends on 4 January, so nothing is
    counted and the whole expected value is at risk."""
    p = model(date(2026, 5, 15)).proyeksi(tender("pengumuman", date(2026, 5, 15)))
    assert p.alasan == "tidak_sempat" and p.terserap == 0
    assert p.selesai == date(2027, 1, 4)
    assert p.berisiko == p.dasar


def test_an_e_purchasing_order_in_september_still_fits():
    """10 hari kerja to order, 7 days to SPMK, 60 days of delivery, 14 to BAST."""
    order = tender("pemesanan", date(2026, 9, 1), jenis="barang", metode="e_purchasing")
    p = model(date(2026, 9, 1)).proyeksi(order)
    assert p.alasan == "sempat" and p.terserap == p.dasar
    assert model(date(2026, 10, 1)).proyeksi(
        tender("pemesanan", date(2026, 10, 1), jenis="barang", metode="e_purchasing")
    ).alasan == "tidak_sempat"


def test_an_overdue_stage_ends_today_at_best():
    """Pengumuman began 20 days ago (its 7 days long past): the rest starts tomorrow."""
    fresh = model(date(2026, 7, 1)).work_end(tender("pengumuman", date(2026, 7, 1)))
    late = model(date(2026, 7, 1)).work_end(tender("pengumuman", date(2026, 6, 11)))
    assert late is not None and fresh is not None and late <= fresh


def test_a_stage_that_has_not_moved_for_long_is_stalled():
    limit = anggapan("macet_hari", date(2026, 5, 1))
    as_of = date(2026, 5, 1)
    from datetime import timedelta
    moving = tender("evaluasi", as_of - timedelta(days=limit))
    stuck = tender("evaluasi", as_of - timedelta(days=limit + 1))
    assert model(as_of).proyeksi(moving).alasan == "sempat"
    assert model(as_of).proyeksi(stuck).alasan == "macet"
    assert model(as_of).proyeksi(stuck).terserap == 0


def test_a_failed_selection_absorbs_nothing():
    p = model(date(2026, 7, 1)).proyeksi(tender("gagal", date(2026, 6, 20)))
    assert (p.alasan, p.terserap) == ("gagal", 0)


# --- contracts ---------------------------------------------------------------------------


def test_a_contract_on_plan_ending_in_the_year_pays_all_but_the_retensi():
    p = model(date(2026, 5, 1)).proyeksi(kontrak(laporan=date(2026, 4, 30), fisik_bp=2_000,
                                                 keuangan=150_000_000))
    assert p.alasan == "sesuai_rencana" and p.fisik_bp == 10_000
    assert p.terserap == NILAI - NILAI * 5 // 100


def test_an_early_pho_gets_its_retensi_back_by_fho_within_the_year():
    """PHO 28 May + 6 months pemeliharaan = FHO 28 November: the retensi is paid too."""
    p = model(date(2026, 5, 1)).proyeksi(kontrak(kontrak_selesai=date(2026, 5, 28)))
    assert p.terserap == NILAI


def test_a_kritis_contract_goes_at_its_demonstrated_rate_not_the_plan():
    """Report of 1 September: 40%, four weeks after 30% (the report 28 days before):
    10 points in 28 days. 60 points remain, 168 days at that rate, beyond 31 December
    (121 days away): 40% + 121 × 10/28 = 83,21% → 83% fisik, paid per certificate,
    5% retensi held."""
    f = kontrak(tahap="kritis", kontrak_selesai=date(2026, 11, 30), report_kritis=True,
                laporan=date(2026, 9, 1), fisik_bp=4_000, keuangan=380_000_000,
                laporan_lalu=date(2026, 8, 4), fisik_lalu_bp=3_000)
    p = model(date(2026, 9, 1)).proyeksi(f)
    assert p.alasan == "kritis_tidak_selesai"
    assert p.fisik_bp == 4_000 + 121 * 1_000 // 28
    gross = NILAI * p.fisik_bp // 10_000
    assert p.terserap == gross - gross * 5 // 100
    assert p.berisiko == NILAI - p.terserap


def test_a_kritis_contract_fast_enough_still_finishes():
    f = kontrak(tahap="pelaksanaan", kontrak_selesai=date(2026, 11, 30), report_kritis=True,
                laporan=date(2026, 9, 1), fisik_bp=6_000, laporan_lalu=date(2026, 8, 4),
                fisik_lalu_bp=4_000)
    p = model(date(2026, 9, 1)).proyeksi(f)
    assert p.alasan == "kritis_terkejar" and p.fisik_bp == 10_000
    assert p.selesai == date(2026, 9, 1) + (date(2026, 9, 29) - date(2026, 9, 1)) * 2


def test_a_contract_crossing_the_year_by_kesempatan_counts_only_this_years_work():
    """Contract ended 30 November, kesempatan to 19 January (50 days): at 10 points a
    fortnight from 70% on 1 December it reaches 91% on 31 December, not 100%: only
    those termins are paid this year."""
    f = kontrak(tahap="kesempatan", kontrak_selesai=date(2026, 11, 30),
                kesempatan_sampai=date(2027, 1, 19), laporan=date(2026, 12, 1),
                fisik_bp=7_000, laporan_lalu=date(2026, 11, 17), fisik_lalu_bp=6_000,
                keuangan=650_000_000)
    p = model(date(2026, 12, 1)).proyeksi(f)
    assert p.alasan == "kesempatan_lewat_tahun"
    assert p.fisik_bp == 7_000 + 30 * 1_000 // 14
    assert p.terserap < NILAI * 95 // 100 and p.terserap >= 650_000_000


def test_a_kesempatan_within_the_year_that_finishes_pays_in_full():
    f = kontrak(tahap="kesempatan", kontrak_selesai=date(2026, 10, 31),
                kesempatan_sampai=date(2026, 11, 30), laporan=date(2026, 11, 1),
                fisik_bp=9_000, laporan_lalu=date(2026, 10, 18), fisik_lalu_bp=8_000)
    p = model(date(2026, 11, 1)).proyeksi(f)
    assert p.alasan == "kritis_terkejar" and p.fisik_bp == 10_000


def test_a_contract_ending_next_year_follows_its_planned_curve():
    """1 July – 29 June 2027: the standard kurva S at 31 December (day 183 of 363)."""
    f = kontrak(kontrak_mulai=date(2026, 7, 1), kontrak_selesai=date(2027, 6, 29))
    p = model(date(2026, 8, 1)).proyeksi(f)
    assert p.alasan == "lewat_tahun" and 5_000 <= p.fisik_bp <= 5_100
    assert 0 < p.terserap < NILAI


def test_a_finished_paket_counts_what_it_paid():
    p = model(date(2026, 7, 1)).proyeksi(kontrak(tahap="selesai", keuangan=950_000_000))
    assert (p.alasan, p.terserap, p.berisiko) == ("selesai", 950_000_000, 0)


def test_a_handed_over_paket_is_paid_in_full_less_retensi():
    p = model(date(2026, 8, 1)).proyeksi(kontrak(tahap="pemeliharaan",
                                                 tahap_sejak=date(2026, 7, 20)))
    assert (p.alasan, p.terserap) == ("serah_terima", NILAI - NILAI * 5 // 100)


def test_a_terminated_contract_keeps_what_was_paid():
    p = model(date(2026, 8, 1)).proyeksi(kontrak(tahap="putus_kontrak", keuangan=200_000_000))
    assert (p.alasan, p.terserap) == ("batal", 200_000_000)


@pytest.mark.parametrize(("fisik", "expected"), [(10_000, "sesuai_rencana"),
                                                 (5_000, "swakelola_laju")])
def test_swakelola_spends_along_its_reports(fisik, expected):
    """50% spent Rp 450 juta: Rp 9 juta per point; 5 points a fortnight from 1 December
    reach 60,71% on 31 December → Rp 546 juta."""
    f = FaktaProyeksi(tahap="pelaksanaan", metode="swakelola", jenis="jasa_lainnya",
                      tahun=2026, pagu=NILAI, tahap_sejak=date(2026, 6, 1),
                      laporan=date(2026, 12, 1), fisik_bp=fisik, keuangan=450_000_000 * fisik
                      // 5_000, laporan_lalu=date(2026, 11, 17), fisik_lalu_bp=fisik - 500)
    p = model(date(2026, 12, 1)).proyeksi(f)
    assert p.alasan == expected
    if fisik == 5_000:
        assert p.fisik_bp == 5_000 + 30 * 500 // 14
        assert p.terserap == 450_000_000 * p.fisik_bp // 5_000


def test_the_years_own_contract_ratio_once_there_are_enough_contracts():
    on = date(2026, 7, 1)
    assert nilai_per_pagu_bp(90, 100, 1, on) == anggapan("nilai_per_pagu_bp", on)
    enough = anggapan("min_kontrak_rasio", on)
    assert nilai_per_pagu_bp(91, 100, enough, on) == 9_100


def test_the_demo_generator_never_reads_the_forecast():
    """The back-test would grade the forecast against its own assumptions otherwise."""
    root = Path(__file__).parent.parent / "pengadaan" / "demo"
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any("proyeksi" in n for n in names), path.name


@pytest.mark.parametrize("metode", ["tender", "swakelola"])
def test_the_stages_the_alert_skips_are_never_at_risk(metode):
    """The alert's read leaves these stages out (usecases/proyeksi_paket.TIDAK_BERISIKO)."""
    from pengadaan.usecases.proyeksi_paket import TIDAK_BERISIKO, berisiko

    for tahap in TIDAK_BERISIKO:
        for keuangan in (None, 0, 500_000_000):
            f = kontrak(tahap=tahap, metode=metode, keuangan=keuangan,
                        tahap_sejak=date(2026, 11, 1))
            assert not berisiko(model(date(2026, 12, 1)).proyeksi(f)), (tahap, keuangan)


@pytest.mark.parametrize("metode", ["tender", "swakelola"])
def test_the_stages_summed_without_the_model_forecast_what_was_paid(metode):
    """The sums read HANYA_DIBAYAR summed from the database (usecases/proyeksi.summed):
    the model must forecast exactly the realisasi for them, and nothing at risk."""
    from pengadaan.usecases.proyeksi_paket import berisiko

    assert set(HANYA_DIBAYAR) == {"selesai", "batal", "putus_kontrak"}
    for tahap in HANYA_DIBAYAR:
        for keuangan in (None, 0, 500_000_000):
            p = model(date(2026, 12, 1)).proyeksi(kontrak(
                tahap=tahap, metode=metode, keuangan=keuangan, tahap_sejak=date(2026, 11, 1)))
            assert p.terserap == (keuangan or 0) and not berisiko(p), (tahap, keuangan)
