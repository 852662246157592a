"""Rapor OPD on SQLite, its SQL sums and ranking on PostgreSQL too (issue #8): the
rekap's counts, absorption, targets, colours, ranking and totals; one OPD's report card.

Packages are written in their stage directly (as the demo loader does), so each count
is set up by hand: the rekap reads columns, it never runs the workflow.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pengadaan.db import repository as repo
from pengadaan.db.models import Jadwal, Paket, Progres
from pengadaan.db.uow import Database

from pengadaan.domain import config
from pengadaan.domain.errors import InvalidInput, NotFound
from pengadaan.usecases import rapor as uc
from pengadaan.usecases import target as target_uc
from tests.conftest import ACTOR, make_opd

PER = date(2026, 6, 30)  # default target for Juni: 40%
JUTA = 1_000_000


class Kabupaten:
    """Writes packages, schedule rows and progress reports straight into the tables."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.opd_ids: dict[str, int] = {}

    def opd(self, kode: str) -> None:
        make_opd(self.db, kode, f"Dinas {kode}")
        with self.db.unit_of_work() as uow:
            self.opd_ids[kode] = repo.find_opd(uow.session, kode).id

    def paket(self, kode: str, opd: str, tahap: str, pagu: int = 1_000 * JUTA,
              metode: str = "tender", tahun: int = 2026, tgl_awal: date | None = None,
              nilai_kontrak: int | None = None, kontrak_selesai: date | None = None,
              jadwal: dict[str, tuple[date | None, date | None]] | None = None,
              progres: list[tuple[date, int | None, bool, int | None, int]] = ()) -> None:
        """``jadwal``: tahap → (realisasi_mulai, rencana_selesai); ``progres``: (tanggal,
        keuangan, kritis, rencana_bp, fisik_bp) in the order they were filed."""
        now = datetime(2026, 1, 2, tzinfo=UTC)
        with self.db.unit_of_work(write=True) as uow:
            repo.bulk_insert(uow.session, Paket, [dict(
                kode=kode, nama=f"Paket {kode}", opd_id=self.opd_ids[opd], tahun=tahun,
                jenis="konstruksi", metode=metode, pagu=pagu, tahap=tahap, ulang=0,
                tgl_awal_pemilihan=tgl_awal, nilai_kontrak=nilai_kontrak,
                tgl_kontrak_selesai=kontrak_selesai, dibuat=now,
                diubah=now, version=1)])
            paket_id = repo.get_paket(uow.session, kode).id
            repo.bulk_insert(uow.session, Jadwal, [
                dict(paket_id=paket_id, tahap=stage, urutan=i, realisasi_mulai=mulai,
                     rencana_selesai=selesai)
                for i, (stage, (mulai, selesai)) in enumerate((jadwal or {}).items())])
            for tanggal, keuangan, kritis, rencana_bp, fisik_bp in progres:
                repo.bulk_insert(uow.session, Progres, [dict(
                    paket_id=paket_id, tanggal=tanggal, fisik_bp=fisik_bp, keuangan=keuangan,
                    rencana_bp=rencana_bp, kritis=kritis, dicatat=now, oleh=ACTOR)])
            uow.commit()


@pytest.fixture
def kab(db) -> Kabupaten:
    return build(db)


def build(db: Database) -> Kabupaten:
    """PUPR: 7 packages of 2026 (+1 of 2025), DISHUB: 1 swakelola, KOSONG: none."""
    k = Kabupaten(db)
    for kode in ("PUPR", "DISHUB", "KOSONG"):
        k.opd(kode)
    k.paket("P1", "PUPR", "pelaksanaan", tgl_awal=date(2026, 1, 15), nilai_kontrak=900 * JUTA,
            jadwal={"pengumuman": (date(2026, 1, 10), None)},
            progres=[(date(2026, 5, 31), 300 * JUTA, False, 3_000, 3_000),
                     (date(2026, 6, 15), 400 * JUTA, False, 6_000, 5_500),
                     (date(2026, 6, 15), 380 * JUTA, True, 6_000, 4_500),  # correction
                     (date(2026, 7, 5), 500 * JUTA, False, 7_000, 7_000)])  # after PER
    k.paket("P2", "PUPR", "pelaksanaan", nilai_kontrak=800 * JUTA,
            progres=[(date(2026, 6, 1), 100 * JUTA, False, 2_000, 2_000),
                     (date(2026, 6, 20), None, False, 3_000, 3_000)])  # no keuangan
    k.paket("P3", "PUPR", "pengumuman", tgl_awal=date(2026, 3, 1),
            jadwal={"pengumuman": (date(2026, 3, 5), date(2026, 6, 29))})  # late by 1 day
    k.paket("P4", "PUPR", "rencana", tgl_awal=date(2026, 7, 1),
            jadwal={"rencana": (None, PER)})  # deadline day: not late
    k.paket("P5", "PUPR", "batal")
    k.paket("P6", "PUPR", "selesai", pagu=200 * JUTA, metode="e_purchasing",
            tgl_awal=date(2026, 2, 1), nilai_kontrak=200 * JUTA,
            jadwal={"pemesanan": (date(2026, 2, 1), None)},
            progres=[(date(2026, 4, 1), 200 * JUTA, False, 10_000, 10_000)])
    k.paket("P7", "PUPR", "scm_1", nilai_kontrak=700 * JUTA)
    k.paket("P8", "PUPR", "pelaksanaan", tahun=2025, nilai_kontrak=999 * JUTA,
            progres=[(date(2025, 6, 1), 999 * JUTA, True, 5_000, 1_000)])
    k.paket("S1", "DISHUB", "pelaksanaan", pagu=500 * JUTA, metode="swakelola",
            progres=[(date(2026, 6, 10), 250 * JUTA, False, 5_000, 5_000)])
    return k


def _row(r: uc.Rekap, opd: str) -> uc.BarisRekap:
    return next(b for b in r.baris if b.opd == opd)


@pytest.mark.both_databases
def test_rekap_counts_and_sums_per_opd(kab):
    pupr = _row(uc.rekap(kab.db, PER), "PUPR")
    assert (pupr.paket, pupr.pagu) == (7, 6_200 * JUTA)
    assert (pupr.rencana, pupr.pemilihan, pupr.kontrak_pelaksanaan, pupr.selesai,
            pupr.gagal_batal) == (1, 1, 3, 1, 1)
    assert pupr.tepat_waktu_bp == 6_667  # P1 and P6 of P1, P3, P6 started on time
    assert pupr.terkontrak_bp == 6_667  # P1, P2, P6, P7 of six that need a contract
    assert pupr.terlambat == 1  # P3; P4's deadline is today
    assert pupr.kritis == 2  # P1 (its correction is kritis), P7 (in SCM)
    assert pupr.nilai_kontrak == 2_600 * JUTA


def test_late_counts_every_red_lateness_flag(kab):
    kab.opd("DINKES")
    kab.paket("D1", "DINKES", "rencana", tgl_awal=date(2026, 6, 29))  # belum mulai
    kab.paket("D2", "DINKES", "pelaksanaan", nilai_kontrak=500 * JUTA,
              kontrak_selesai=date(2026, 6, 29))  # lewat kontrak
    kab.paket("D3", "DINKES", "pelaksanaan", nilai_kontrak=500 * JUTA,
              kontrak_selesai=PER)  # ends today: not late
    kab.paket("D4", "DINKES", "selesai", tgl_awal=date(2026, 1, 1),
              jadwal={"selesai": (None, date(2026, 2, 1))})  # finished: never late
    assert _row(uc.rekap(kab.db, PER), "DINKES").terlambat == 2
    late = {p.kode: p for p in uc.rapor(kab.db, "DINKES", PER).bermasalah}
    assert set(late) == {"D1", "D2"}
    assert (late["D2"].peringatan, late["D2"].hari) == ("lewat_kontrak", 1)
    assert "denda Rp 450.450" in late["D2"].alasan  # 1‰ × (500 jt sebelum PPN) × 1 hari


@pytest.mark.both_databases
def test_realisasi_is_the_latest_cumulative_keuangan_as_of(kab):
    pupr = _row(uc.rekap(kab.db, PER), "PUPR")
    # P1: the correction of 15/06 (380 jt), not the report after PER; P2: 100 jt (a later
    # report without keuangan does not reset it); P6: 200 jt.
    assert pupr.realisasi_keuangan == 680 * JUTA
    assert _row(uc.rekap(kab.db, date(2026, 6, 14)), "PUPR").realisasi_keuangan == 600 * JUTA
    assert _row(uc.rekap(kab.db, date(2026, 7, 5)), "PUPR").realisasi_keuangan == 800 * JUTA


def test_absorption_target_deviation_colour_and_score(kab):
    r = uc.rekap(kab.db, PER)
    pupr, dishub = _row(r, "PUPR"), _row(r, "DISHUB")
    assert pupr.penyerapan_bp == 1_097  # 680 jt / 6,2 M = 10,968%
    assert pupr.target_bp == 4_000
    assert pupr.deviasi_bp == -2_903
    assert pupr.warna == "kuning"
    assert pupr.komponen == {"capaian_serapan": 2_743, "tepat_waktu": 6_667,
                             "terkontrak": 6_667, "tertib": 4_000}
    assert pupr.skor_bp == 4_305
    assert (dishub.penyerapan_bp, dishub.deviasi_bp, dishub.warna) == (5_000, 1_000, "biru")
    assert dishub.skor_bp == 10_000


@pytest.mark.both_databases
def test_ranking_and_opd_without_packages(kab):
    r = uc.rekap(kab.db, PER)
    assert [(b.opd, b.peringkat) for b in r.baris] == [
        ("DISHUB", 1), ("PUPR", 2), ("KOSONG", None)]
    kosong = r.baris[-1]
    assert (kosong.paket, kosong.penyerapan_bp, kosong.warna, kosong.skor_bp) == (
        0, None, None, None)


@pytest.mark.both_databases
def test_totals_row_for_the_kabupaten(kab):
    total = uc.rekap(kab.db, PER).total
    assert total.opd == uc.TOTAL_OPD and total.peringkat is None
    assert (total.paket, total.pagu, total.terlambat, total.kritis) == (8, 6_700 * JUTA, 1, 2)
    assert total.realisasi_keuangan == 930 * JUTA
    assert total.kontrak_pelaksanaan == 4
    assert total.penyerapan_bp == 1_388
    assert total.target_bp == 4_000


@pytest.mark.both_databases
def test_total_target_is_weighted_by_pagu(kab):
    target_uc.set_target(kab.db, "DISHUB", 6, "50", 2026, ACTOR)
    total = uc.rekap(kab.db, PER).total
    # (40% × 6,2 M + 50% × 0,5 M) / 6,7 M = 40,746…%
    assert total.target_bp == 4_075


def test_own_target_replaces_the_default(kab):
    target_uc.set_target(kab.db, "PUPR", "Juni", "10,5", 2026, ACTOR)
    pupr = _row(uc.rekap(kab.db, PER), "PUPR")
    assert (pupr.target_bp, pupr.deviasi_bp, pupr.warna) == (1_050, 47, "biru")
    # Months without a target follow the default, never above a later entered target.
    assert _row(uc.rekap(kab.db, date(2026, 5, 31)), "PUPR").target_bp == 1_050
    assert _row(uc.rekap(kab.db, date(2026, 2, 28)), "PUPR").target_bp == \
        config.TARGET_SERAPAN_BAWAAN_BP[1]


def on_curve_at_november_end(kab: Kabupaten) -> None:
    """TEPAT absorbed exactly its November month-end target (86%) by 30 November."""
    kab.opd("TEPAT")
    kab.paket("T1", "TEPAT", "pelaksanaan", pagu=10_000 * JUTA, nilai_kontrak=10_000 * JUTA,
              progres=[(date(2026, 11, 30), 8_600 * JUTA, False, 8_600, 8_600)])


@pytest.mark.both_databases
def test_on_1_december_an_opd_on_its_curve_is_not_measured_against_100(db):
    kab = Kabupaten(db)
    on_curve_at_november_end(kab)
    tepat = _row(uc.rekap(db, date(2026, 12, 1)), "TEPAT")
    # 86% + (100% − 86%) × 1/31, not December's 100%.
    assert (tepat.target_bp, tepat.target_akhir_bulan_bp) == (8_645, 10_000)
    assert (tepat.deviasi_bp, tepat.warna) == (-45, "biru")
    assert tepat.komponen["capaian_serapan"] == 9_948  # 86,00 / 86,45
    total = uc.rekap(db, date(2026, 12, 1)).total  # the only pagu: the same targets
    assert (total.target_bp, total.target_akhir_bulan_bp) == (8_645, 10_000)
    assert _row(uc.rekap(db, date(2026, 11, 30)), "TEPAT").deviasi_bp == 0
    last = _row(uc.rekap(db, date(2026, 12, 31)), "TEPAT")
    assert (last.target_bp, last.deviasi_bp, last.warna) == (10_000, -1_400, "hijau")


def test_on_1_january_the_target_starts_from_zero(db):
    kab = Kabupaten(db)
    kab.opd("AWAL")
    kab.paket("A1", "AWAL", "rencana")
    awal = _row(uc.rekap(db, date(2026, 1, 1)), "AWAL")
    assert (awal.target_bp, awal.target_akhir_bulan_bp) == (10, 300)  # 3% × 1/31
    assert (awal.deviasi_bp, awal.warna) == (-10, "biru")


def test_rapor_months_use_the_target_at_their_last_day(db):
    kab = Kabupaten(db)
    on_curve_at_november_end(kab)
    months = uc.rapor(db, "TEPAT", date(2026, 12, 1)).bulanan
    november, december = months[10], months[11]
    assert (november.sampai, november.target_bp, november.target_akhir_bulan_bp,
            november.deviasi_bp) == (date(2026, 11, 30), 8_600, 8_600, 0)
    assert (december.sampai, december.target_bp, december.target_akhir_bulan_bp,
            december.deviasi_bp, december.warna) == (date(2026, 12, 1), 8_645, 10_000, -45,
                                                     "biru")


def test_other_years_packages_and_targets_are_left_out(kab):
    target_uc.set_target(kab.db, "PUPR", 6, "1", 2025, ACTOR)
    r = uc.rekap(kab.db, date(2025, 6, 30))
    pupr = _row(r, "PUPR")
    assert (pupr.paket, pupr.realisasi_keuangan, pupr.kritis, pupr.target_bp) == (
        1, 999 * JUTA, 1, 100)


def test_rapor_of_one_opd(kab):
    card = uc.rapor(kab.db, "pupr", PER)
    assert card.baris.peringkat == 2 and card.dinilai == 2
    late = {p.kode: p for p in card.bermasalah}
    assert set(late) == {"P1", "P3", "P7"}
    assert (late["P3"].peringatan, late["P3"].batas, late["P3"].hari) == (
        "terlambat", date(2026, 6, 29), 1)
    assert late["P3"].alasan == "tahap melewati jadwal: Pengumuman, batas 29/06/2026"
    assert late["P1"].peringatan == "kritis" and "15/06/2026" in late["P1"].alasan
    assert "SCM" in late["P7"].alasan
    assert [m.bulan for m in card.bulanan] == [1, 2, 3, 4, 5, 6]
    may, june = card.bulanan[4], card.bulanan[5]
    assert (may.sampai, may.realisasi, may.target_bp) == (date(2026, 5, 31), 500 * JUTA, 3_100)
    assert (june.realisasi, june.penyerapan_bp, june.warna) == (680 * JUTA, 1_097, "kuning")


def test_rapor_mid_month_stops_at_the_as_of_date(kab):
    card = uc.rapor(kab.db, "PUPR", date(2026, 6, 14))
    assert card.bulanan[-1].sampai == date(2026, 6, 14)
    assert card.bulanan[-1].realisasi == 600 * JUTA


def test_rapor_unknown_opd(kab):
    with pytest.raises(NotFound, match="OPD 'XYZ' tidak ditemukan"):
        uc.rapor(kab.db, "XYZ", PER)


# --- targets -----------------------------------------------------------------------------


def test_set_target_keeps_the_curve_cumulative(db):
    make_opd(db, "PUPR")
    curve = target_uc.set_target(db, "PUPR", 6, "35", 2026, ACTOR)
    assert curve[5].persen_bp == 3_500 and not curve[5].bawaan and curve[4].bawaan
    with pytest.raises(InvalidInput, match="target Juli 30,00% lebih kecil dari Juni 35,00%"):
        target_uc.set_target(db, "PUPR", 7, "30", 2026, ACTOR)
    target_uc.set_target(db, "PUPR", 9, "60", 2026, ACTOR)
    with pytest.raises(InvalidInput, match="target September 60,00% lebih kecil dari Juni "
                                           "65,00%"):
        target_uc.set_target(db, "PUPR", 6, "65", 2026, ACTOR)
    assert target_uc.curve(db, "PUPR", 2026)[5].persen_bp == 3_500  # unchanged
    curve = target_uc.set_target(db, "PUPR", 6, "55", 2026, ACTOR)  # overwrite
    assert [t.persen_bp for t in curve[5:9]] == [5_500, 5_500, 5_600, 6_000]


@pytest.mark.parametrize(("bulan", "persen", "message"), [
    ("13", "50", "bukan bulan"), ("6", "101", "di luar rentang"),
    ("6", "abc", "bukan persentase"), ("6", "40,123", "dua angka desimal"),
])
def test_set_target_refuses_bad_input(db, bulan, persen, message):
    make_opd(db, "PUPR")
    with pytest.raises(InvalidInput, match=message):
        target_uc.set_target(db, "PUPR", bulan, persen, 2026, ACTOR)


def test_set_target_unknown_opd(db):
    with pytest.raises(NotFound):
        target_uc.set_target(db, "XYZ", 6, "40", 2026, ACTOR)


def _write_csv(tmp_path, text: str, name: str = "target.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_csv_with_indonesian_percent(db, tmp_path):
    make_opd(db, "PUPR")
    make_opd(db, "DISHUB", "Dinas Perhubungan")
    path = _write_csv(tmp_path, "OPD;Bulan;Target %\nPUPR;1;5,5\nPUPR;Februari;10\n"
                                "PUPR;3;14,91%\ndishub;12;100\n")
    result = target_uc.import_targets(db, path, 2026, ACTOR)
    assert (result.baris, result.opd) == (4, 2)
    curve = target_uc.curve(db, "PUPR", 2026)
    assert [t.persen_bp for t in curve[:3]] == [550, 1_000, 1_491]
    assert target_uc.curve(db, "DISHUB", 2026)[11].persen_bp == 10_000


def test_import_reports_every_row_error_and_writes_nothing(db, tmp_path):
    make_opd(db, "PUPR")
    path = _write_csv(tmp_path, "opd,bulan,target\nPUPR,1,5\nXYZ,2,10\nPUPR,13,10\n"
                                "PUPR,4,abc\n,5,10\nPUPR,1,6\n")
    with pytest.raises(InvalidInput) as err:
        target_uc.import_targets(db, path, 2026, ACTOR)
    text = str(err.value)
    assert text.startswith("berkas target.csv: 5 kesalahan, tidak ada data yang diubah")
    for part in ("baris 3, kolom OPD: 'XYZ' tidak dikenal", "baris 4, kolom bulan",
                 "baris 5, kolom target", "baris 6, kolom OPD: kosong",
                 "baris 7: PUPR Januari 2026 sudah ada di baris 2"):
        assert part in text
    assert all(t.bawaan for t in target_uc.curve(db, "PUPR", 2026))


def test_import_refuses_a_decreasing_curve(db, tmp_path):
    make_opd(db, "PUPR")
    path = _write_csv(tmp_path, "OPD,bulan,target\nPUPR,5,30\nPUPR,6,25\n")
    with pytest.raises(InvalidInput, match="baris 3: OPD PUPR 2026: target Juni 25,00% lebih "
                                           "kecil dari Mei 30,00%"):
        target_uc.import_targets(db, path, 2026, ACTOR)
    assert all(t.bawaan for t in target_uc.curve(db, "PUPR", 2026))


def test_import_missing_column_and_empty_file(db, tmp_path):
    make_opd(db, "PUPR")
    with pytest.raises(InvalidInput, match="kolom wajib tidak ada: target"):
        target_uc.import_targets(db, _write_csv(tmp_path, "OPD,bulan\nPUPR,1\n"), 2026, ACTOR)
    with pytest.raises(InvalidInput, match="tidak ada baris data"):
        target_uc.import_targets(db, _write_csv(tmp_path, "OPD,bulan,target\n"), 2026, ACTOR)
    with pytest.raises(InvalidInput, match="gunakan .csv atau .xlsx"):
        target_uc.import_targets(db, _write_csv(tmp_path, "x", "t.txt"), 2026, ACTOR)
    with pytest.raises(InvalidInput, match="tidak ditemukan"):
        target_uc.import_targets(db, tmp_path / "tidak-ada.csv", 2026, ACTOR)


def test_import_xlsx_with_percent_cells_and_year_column(db, tmp_path):
    from openpyxl import Workbook

    make_opd(db, "PUPR")
    book = Workbook()
    sheet = book.active
    sheet.append(["OPD", "Tahun", "Bulan", "Target (%)"])
    sheet.append(["PUPR", 2027, "Januari", 0.055])
    sheet["D2"].number_format = "0.00%"
    sheet.append(["PUPR", 2027, 2, 12.5])
    sheet.append(["PUPR", 2027, 3, "20,25"])
    path = tmp_path / "target.xlsx"
    book.save(path)
    assert target_uc.import_targets(db, path, 2026, ACTOR).baris == 3
    assert [t.persen_bp for t in target_uc.curve(db, "PUPR", 2027)[:3]] == [550, 1_250, 2_025]
    assert all(t.bawaan for t in target_uc.curve(db, "PUPR", 2026))
