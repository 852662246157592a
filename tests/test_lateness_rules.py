"""Issue #3: the working-day calendar, schedule templates and every lateness flag
both ways, at the boundaries (deadline day vs the day after, Saturday, national
holiday, cuti bersama, 31 December / 1 January, leap day), in plain Python."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from pengadaan.domain import alert_kinds as kinds
from pengadaan.domain import lateness as rules
from pengadaan.domain.formatting import today_wib
from pengadaan.domain.kalender import Kalender, Satuan, cuti_bersama
from pengadaan.domain.lateness import FaktaPaket, ambang, evaluate, flags_of
from pengadaan.domain.schedule import default_anchor, generate
from pengadaan.domain.schedule_templates import PELAKSANAAN, SELEKSI, contract_end

K = Kalender.build(range(2024, 2030))
N = 3


def fakta(**kw) -> FaktaPaket:
    base = dict(tahap="pengumuman", jenis="konstruksi", tahun=2026, tgl_awal_pemilihan=None,
                tahap_sejak=None, nilai_kontrak=None, tgl_kontrak_selesai=None,
                rencana_selesai=None)
    base.update(kw)
    return FaktaPaket(**base)


def flags(f: FaktaPaket, on: date, hampir: int = N) -> list[str]:
    return flags_of(f, on, K, hampir)


def found(f: FaktaPaket, on: date, flag: str):
    return next(t for t in evaluate(f, on, K, N) if t.flag == flag)


# --- calendar -------------------------------------------------------------------------


def test_weekends_national_holidays_and_cuti_bersama_are_not_working_days():
    assert K.is_working_day(date(2026, 6, 5))  # Friday
    assert not K.is_working_day(date(2026, 6, 6))  # Saturday
    assert not K.is_working_day(date(2026, 6, 7))  # Sunday
    assert not K.is_working_day(date(2026, 8, 17))  # Hari Kemerdekaan (Monday)
    assert not K.is_working_day(date(2026, 12, 24))  # cuti bersama Natal (Thursday)
    assert K.is_working_day(date(2026, 12, 23))


def test_cuti_bersama_2026_matches_the_skb():
    """docs/aturan.md §8: 16 Feb, 18 Mar, 20/23/24 Mar, 15 May, 28 May, 24 Dec."""
    days = {d.tanggal for d in cuti_bersama() if d.tanggal.year == 2026}
    assert days == {date(2026, 2, 16), date(2026, 3, 18), date(2026, 3, 20), date(2026, 3, 23),
                    date(2026, 3, 24), date(2026, 5, 15), date(2026, 5, 28), date(2026, 12, 24)}
    assert {d.tanggal.year for d in cuti_bersama()} == set(range(2020, 2028))
    assert all(d.sumber for d in cuti_bersama())


def test_working_day_arithmetic():
    assert K.add_working_days(date(2026, 6, 5), 1) == date(2026, 6, 8)  # Fri → Mon
    assert K.add_working_days(date(2026, 6, 5), 0) == date(2026, 6, 5)
    assert K.sub_working_days(date(2026, 6, 8), 1) == date(2026, 6, 5)
    # 1 June (Pancasila) + 14 hari kerja skips 16 June (1 Muharram): 22 June.
    assert rules.kontrak_deadline(date(2026, 6, 1), K) == date(2026, 6, 22)
    assert K.end_of(date(2026, 6, 1), 3, Satuan.KERJA) == date(2026, 6, 4)
    with pytest.raises(ValueError):
        K.add_working_days(date(2026, 6, 5), -1)


@pytest.mark.parametrize(("start", "length", "end"), [
    (date(2026, 6, 4), 3, date(2026, 6, 8)),  # would end Saturday → Monday
    (date(2026, 8, 15), 3, date(2026, 8, 18)),  # would end on 17 Agustus → Tuesday
    (date(2026, 12, 22), 3, date(2026, 12, 28)),  # 24 cuti bersama, 25 Natal, weekend
    (date(2026, 12, 29), 3, date(2026, 12, 31)),  # 31 December is a working day
    (date(2028, 2, 27), 3, date(2028, 2, 29)),  # leap day (Tuesday) is a working day
])
def test_stages_end_on_a_working_day(start, length, end):
    assert K.end_of(start, length, Satuan.KALENDER) == end


def test_admin_additions_are_non_working():
    from pengadaan.domain.kalender import HariLibur
    k = Kalender.build([2026], [HariLibur(date(2026, 6, 10), "Hari Jadi", "tambahan", "admin")])
    assert not k.is_working_day(date(2026, 6, 10))
    assert K.is_working_day(date(2026, 6, 10))


# --- schedule ---------------------------------------------------------------------------


@pytest.mark.parametrize("metode", list(SELEKSI))
@pytest.mark.parametrize("jenis", list(PELAKSANAAN))
def test_every_planned_stage_ends_on_a_working_day_in_order(metode, jenis):
    if metode.value == "seleksi" and jenis.value != "konsultansi":
        return
    rows = generate(metode, jenis, date(2026, 3, 2), K)
    assert [r.tahap for r in rows][:2] == ["rencana", "persiapan"]
    assert all(K.is_working_day(r.selesai) for r in rows)
    assert all(a.selesai < b.mulai for a, b in zip(rows[1:], rows[2:], strict=False))
    assert [r.urutan for r in rows] == sorted(r.urutan for r in rows)
    assert ("sanggah_banding" in {r.tahap for r in rows}) == (
        metode.value in ("tender", "seleksi") and jenis.value == "konstruksi")


def test_legal_durations_come_from_config():
    rows = {r.tahap: r for r in generate("tender", "konstruksi", date(2026, 3, 2), K)}
    assert rows["sanggah"].durasi.panjang == 8 and rows["sanggah"].durasi.satuan == "hari_kalender"
    assert rows["sanggah_banding"].durasi.panjang == 19
    assert rows["sppbj"].durasi.panjang == 14 and rows["sppbj"].durasi.satuan == "hari_kerja"
    assert all(d.sumber for d in PELAKSANAAN.values())
    assert all(d.satuan == Satuan.KALENDER and 0 < d.panjang < 365 for d in PELAKSANAAN.values())


def test_default_anchor_and_contract_end():
    # Registered 5 Jan 2026: 14 hari kerja of persiapan → 26 Jan (16 Jan is Isra Mikraj).
    assert default_anchor(date(2026, 1, 5), 2026, K) == date(2026, 1, 26)
    # Registered in December for next year: not before the first working day of 2027.
    assert default_anchor(date(2026, 11, 2), 2027, K) == date(2027, 1, 4)
    assert contract_end(date(2026, 3, 1), "konstruksi") == date(2026, 7, 28)
    assert contract_end(date(2028, 2, 1), "barang") == date(2028, 3, 31)  # through 29 Feb
    assert contract_end(date(2027, 2, 1), "barang") == date(2027, 4, 1)


# --- flags, both ways -----------------------------------------------------------------


def test_terlambat_deadline_day_is_not_late_the_day_after_is():
    f = fakta(rencana_selesai=date(2026, 6, 10))
    assert "terlambat" not in flags(f, date(2026, 6, 10))
    assert "terlambat" in flags(f, date(2026, 6, 11))
    assert found(f, date(2026, 6, 11), "terlambat").hari == 1
    assert found(f, date(2026, 6, 30), "terlambat").hari == 20


def test_saturday_deadline_moves_to_monday():
    end = K.end_of(date(2026, 6, 4), 3, Satuan.KALENDER)
    f = fakta(rencana_selesai=end)
    assert flags(f, date(2026, 6, 6)) == ["hampir"]  # the Saturday itself
    assert flags(f, date(2026, 6, 8)) == ["hampir"]  # Monday: due today
    assert flags(f, date(2026, 6, 9)) == ["terlambat"]


def test_national_holiday_and_cuti_bersama_deadlines():
    holiday = fakta(rencana_selesai=K.end_of(date(2026, 8, 15), 3, Satuan.KALENDER))
    assert "terlambat" not in flags(holiday, date(2026, 8, 18))
    assert "terlambat" in flags(holiday, date(2026, 8, 19))
    cuti = fakta(rencana_selesai=K.end_of(date(2026, 12, 22), 3, Satuan.KALENDER))
    assert "terlambat" not in flags(cuti, date(2026, 12, 24))
    assert "terlambat" not in flags(cuti, date(2026, 12, 28))
    assert "terlambat" in flags(cuti, date(2026, 12, 29))


def test_hampir_counts_working_days():
    # Friday 5 June + 3 hari kerja = Wednesday 10 June.
    assert "hampir" in flags(fakta(rencana_selesai=date(2026, 6, 10)), date(2026, 6, 5))
    assert "hampir" not in flags(fakta(rencana_selesai=date(2026, 6, 11)), date(2026, 6, 5))
    assert found(fakta(rencana_selesai=date(2026, 6, 10)), date(2026, 6, 5), "hampir").hari == -5
    # Over cuti bersama: Tue 22 Dec + 3 hari kerja = 29 Dec (24, 25, weekend skipped).
    assert "hampir" in flags(fakta(rencana_selesai=date(2026, 12, 29)), date(2026, 12, 22))
    assert "hampir" not in flags(fakta(rencana_selesai=date(2026, 12, 30)), date(2026, 12, 22))
    # N = 0: only a deadline today.
    assert flags(fakta(rencana_selesai=date(2026, 6, 5)), date(2026, 6, 5), hampir=0) == ["hampir"]
    assert flags(fakta(rencana_selesai=date(2026, 6, 8)), date(2026, 6, 5), hampir=0) == []


def test_hampir_is_configurable(monkeypatch):
    from pengadaan.domain.errors import InvalidInput
    from pengadaan.settings import Settings

    monkeypatch.delenv("PENGADAAN_HAMPIR_HARI_KERJA", raising=False)
    assert Settings.from_env().hampir_hari_kerja == 3
    monkeypatch.setenv("PENGADAAN_HAMPIR_HARI_KERJA", "5")
    assert Settings.from_env().hampir_hari_kerja == 5
    monkeypatch.setenv("PENGADAAN_HAMPIR_HARI_KERJA", "lima")
    with pytest.raises(InvalidInput, match="PENGADAAN_HAMPIR_HARI_KERJA"):
        Settings.from_env()


def test_belum_mulai():
    f = fakta(tahap="persiapan", tgl_awal_pemilihan=date(2026, 3, 2))
    assert "belum_mulai" not in flags(f, date(2026, 3, 2))
    assert "belum_mulai" in flags(f, date(2026, 3, 3))
    assert "belum_mulai" in flags(replace(f, tahap="rencana"), date(2026, 3, 3))
    assert "belum_mulai" not in flags(replace(f, tahap="pengumuman"), date(2026, 3, 3))
    assert "belum_mulai" not in flags(replace(f, tgl_awal_pemilihan=None), date(2026, 3, 3))


def test_kontrak_tertunda_after_14_hari_kerja():
    f = fakta(tahap="sppbj", tahap_sejak=date(2026, 6, 1))
    assert "kontrak_tertunda" not in flags(f, date(2026, 6, 22))
    assert "kontrak_tertunda" in flags(f, date(2026, 6, 23))
    t = found(f, date(2026, 6, 23), "kontrak_tertunda")
    assert (t.batas, t.hari) == (date(2026, 6, 22), 1)
    assert "kontrak_tertunda" not in flags(replace(f, tahap="kontrak"), date(2026, 6, 23))


def test_lewat_kontrak_with_denda():
    f = fakta(tahap="pelaksanaan", nilai_kontrak=1_110_000_000,
              tgl_kontrak_selesai=date(2026, 8, 31))
    assert flags(f, date(2026, 8, 31)) == ["hampir"]
    assert flags(f, date(2026, 9, 1)) == ["lewat_kontrak"]  # not also "terlambat"
    t = found(f, date(2026, 9, 10), "lewat_kontrak")
    # 1‰ per day of the value before PPN 11%: Rp 1.000.000.000 × 10 days / 1000.
    assert (t.hari, t.denda) == (10, 10_000_000)
    assert "lewat_kontrak" in flags(replace(f, tahap="kritis"), date(2026, 9, 1))
    assert "lewat_kontrak" in flags(replace(f, tahap="kesempatan"), date(2026, 9, 1))
    assert flags(replace(f, tahap="serah_terima"), date(2026, 9, 1)) == []


def test_swakelola_execution_without_contract_uses_the_plan():
    f = fakta(tahap="pelaksanaan", rencana_selesai=date(2026, 8, 31))
    assert flags(f, date(2026, 9, 1)) == ["terlambat"]


def test_lewat_tahun_anggaran_31_december_and_1_january():
    f = fakta(tahap="pelaksanaan", tgl_kontrak_selesai=date(2026, 12, 31))
    assert "lewat_tahun_anggaran" not in flags(f, date(2026, 10, 1))
    f = replace(f, tgl_kontrak_selesai=date(2027, 1, 1))
    assert "lewat_tahun_anggaran" in flags(f, date(2026, 10, 1))
    assert found(f, date(2026, 10, 1), "lewat_tahun_anggaran").batas == date(2026, 12, 31)
    # No contract yet: barang needs 60 days; 31 Dec - 2 Nov = 59 days left.
    pre = fakta(tahap="penawaran", jenis="barang")
    assert "lewat_tahun_anggaran" not in flags(pre, date(2026, 11, 1))
    assert "lewat_tahun_anggaran" in flags(pre, date(2026, 11, 2))
    assert "lewat_tahun_anggaran" in flags(pre, date(2027, 1, 1))  # the year is over
    assert "lewat_tahun_anggaran" not in flags(replace(pre, tahun=2027), date(2026, 12, 31))


def test_stage_deadline_on_31_december():
    f = fakta(rencana_selesai=date(2026, 12, 31))
    assert "terlambat" not in flags(f, date(2026, 12, 31))
    assert found(f, date(2027, 1, 1), "terlambat").hari == 1


def test_leap_day_deadline():
    f = fakta(tahun=2028, rencana_selesai=date(2028, 2, 29))
    assert found(f, date(2028, 2, 28), "hampir").hari == -1
    assert "terlambat" not in flags(f, date(2028, 2, 29))
    assert found(f, date(2028, 3, 1), "terlambat").hari == 1


@pytest.mark.parametrize("tahap", ["selesai", "batal", "putus_kontrak"])
def test_finished_or_cancelled_get_no_flags(tahap):
    f = fakta(tahap=tahap, rencana_selesai=date(2026, 1, 1), tgl_awal_pemilihan=date(2026, 1, 1),
              tgl_kontrak_selesai=date(2026, 1, 1), tahap_sejak=date(2026, 1, 1))
    assert flags(f, date(2027, 6, 1)) == []


def test_severity_orders_flags():
    f = fakta(tahap="persiapan", tgl_awal_pemilihan=date(2026, 11, 1),
              rencana_selesai=date(2026, 10, 30), jenis="konstruksi")
    assert flags(f, date(2026, 11, 2)) == ["terlambat", "belum_mulai", "lewat_tahun_anggaran"]
    assert all(rules.SEVERITY[x] >= kinds.LATE_MIN_SEVERITY for x in kinds.LATE_FLAGS)
    assert all(rules.SEVERITY[x] < kinds.LATE_MIN_SEVERITY
               for x in set(kinds.FLAGS) - kinds.LATE_FLAGS)


def test_sql_thresholds_match_the_rules():
    a = ambang(date(2026, 6, 23), K, 3)
    assert a.hampir_sampai == date(2026, 6, 26)
    assert a.sppbj_sebelum == date(2026, 6, 2)  # SPPBJ on 1 June is late, on 2 June not yet
    assert a.jenis_berisiko == ()
    assert ambang(date(2026, 11, 2), K, 3).jenis_berisiko == (
        "barang", "jasa_lainnya", "konstruksi", "konsultansi")


@pytest.mark.parametrize(("instant", "day"), [
    ("2026-06-10T16:59:00Z", date(2026, 6, 10)),  # 23:59 WIB: still the deadline day
    ("2026-06-10T17:00:00Z", date(2026, 6, 11)),  # 00:00 WIB: the day after
])
def test_today_is_today_in_wib(instant, day):
    with freeze_time(instant):
        today = today_wib()
    assert today == day
    late = "terlambat" in flags(fakta(rencana_selesai=date(2026, 6, 10)), today)
    assert late == (day > date(2026, 6, 10))


def test_years_far_from_the_calendar_still_count_weekends():
    assert K.add_working_days(date(2029, 12, 28), 1) == date(2029, 12, 31)
    assert date(2029, 12, 31) - date(2029, 12, 28) == timedelta(days=3)


@given(st.lists(st.tuples(st.none() | st.dates(date(2025, 1, 1), date(2027, 12, 31)),
                          st.none() | st.integers(0, 10**13)), max_size=30),
       st.dates(date(2026, 1, 1), date(2026, 12, 31)))
def test_denda_per_reference_date_is_the_sum_of_each_alerts(rows, as_of):
    """``peringatan --ringkas`` judges each reference date once (issue #15): the same
    Rupiah as :func:`temuan` per lewat_kontrak alert, each rounded down on its own."""
    grouped: dict = {}
    for tgl, nilai in rows:
        grouped.setdefault(tgl, []).append(nilai)
    each = sum(rules.temuan("lewat_kontrak", tgl, 2026, nilai, as_of, K).denda
               for tgl, nilai in rows)
    assert rules.denda_lewat_kontrak(grouped, as_of) == each
