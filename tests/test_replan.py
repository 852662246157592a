"""Issue #13: a late paket can be re-planned. The pure shift at its boundaries (holiday,
weekend, hari kerja vs hari kalender, the contract period), how late the rest is, and
the use case: first plan kept, changes counted, roles, version, lateness judged
against the current plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pengadaan.domain.errors import Conflict, GuardFailed, InvalidInput, TidakBerwenang
from pengadaan.domain.kalender import Kalender
from pengadaan.domain.schedule import RencanaTahap, generate, replan, rest_delay
from pengadaan.usecases import jadwal, kontrak, lateness, sisa_jadwal
from pengadaan.usecases import pengguna as users
from pengadaan.usecases.paket import advance, show_paket
from tests.conftest import ACTOR, make_opd, make_paket
from tests.test_execution_usecases import contract

K = Kalender.build(range(2025, 2028))
DAY = timedelta(days=1)


def spans(rows: list[RencanaTahap]) -> list[tuple[str, date | None, date]]:
    return [(r.tahap, r.mulai, r.selesai) for r in rows]


# --- the pure shift ----------------------------------------------------------------------


def test_working_day_stages_skip_nyepi_idul_fitri_and_cuti_bersama():
    """Penawaran (3 hari kerja) begun Tuesday 17 March 2026: 18–24 March are Nyepi, Idul
    Fitri and cuti bersama, so its 2nd and 3rd working days are 25 and 26 March."""
    rows = replan("pengadaan_langsung", "barang", "penawaran", date(2026, 3, 17), K)
    assert spans(rows)[:4] == [
        ("penawaran", date(2026, 3, 17), date(2026, 3, 26)),
        ("evaluasi", date(2026, 3, 27), date(2026, 3, 30)),  # 2 hari kerja over a weekend
        ("negosiasi", date(2026, 3, 31), date(2026, 4, 1)),
        ("kontrak", date(2026, 4, 2), date(2026, 4, 8)),  # 7 hari kalender
    ]
    assert [r.tahap for r in rows[4:]] == ["pelaksanaan", "serah_terima"]


def test_calendar_day_stage_ending_on_a_sunday_moves_to_monday():
    """Pengumuman (7 hari kalender) from Monday 1 June 2026 (Hari Lahir Pancasila: the
    actual start counts even on a holiday) would end Sunday 7 June: Monday 8 June."""
    rows = replan("tender", "konstruksi", "pengumuman", date(2026, 6, 1), K)
    assert spans(rows)[:3] == [
        ("pengumuman", date(2026, 6, 1), date(2026, 6, 8)),
        ("penjelasan", date(2026, 6, 9), date(2026, 6, 11)),
        ("penawaran", date(2026, 6, 12), date(2026, 6, 18)),
    ]


@pytest.mark.parametrize(("metode", "jenis"), [
    ("tender", "konstruksi"), ("tender", "barang"), ("tender_cepat", "barang"),
    ("seleksi", "konsultansi"), ("pengadaan_langsung", "konstruksi"),
    ("e_purchasing", "barang"), ("swakelola", "jasa_lainnya")])
def test_the_rest_keeps_template_lengths_back_to_back(metode, jenis):
    """Re-planned from any stage of the plan, each stage keeps the length the first plan
    gave it (the same arithmetic as generate), starts the day after the one before and
    ends on a working day. (Persiapan is planned backwards from the selection start;
    re-planned, it runs forward from its actual start.)"""
    planned = {r.tahap: r for r in generate(metode, jenis, date(2026, 2, 2), K)}
    for current in list(planned)[2:]:
        start = planned[current].mulai
        rows = replan(metode, jenis, current, start, K)
        assert spans(rows) == [(t, r.mulai, r.selesai) for t, r in planned.items()
                               if r.urutan >= planned[current].urutan]
        assert all(K.is_working_day(r.selesai) for r in rows)
    later = replan(metode, jenis, "persiapan", date(2026, 5, 4), K)
    assert all(b.mulai == a.selesai + DAY for a, b in zip(later, later[1:], strict=False))


def test_the_contract_period_stays_and_the_next_stage_follows_it():
    fixed = {"pelaksanaan": (date(2026, 4, 6), date(2026, 6, 4))}
    rows = replan("tender", "barang", "kontrak", date(2026, 4, 1), K, fixed)
    assert spans(rows) == [
        ("kontrak", date(2026, 4, 1), date(2026, 4, 7)),
        ("pelaksanaan", date(2026, 4, 6), date(2026, 6, 4)),
        ("serah_terima", date(2026, 6, 5), date(2026, 6, 18)),
    ]


def test_only_stages_with_a_template_length_are_re_planned():
    for tahap in ("rencana", "kritis", "kesempatan", "gagal", "selesai"):
        assert replan("tender", "barang", tahap, date(2026, 4, 1), K) == []
    # sanggah banding is off the normal path of barang, but a paket in it is re-planned
    assert [r.tahap for r in replan("tender", "barang", "sanggah_banding",
                                    date(2026, 4, 1), K)][:2] == ["sanggah_banding", "sppbj"]


def test_how_late_the_rest_is():
    new = [RencanaTahap("penawaran", 1, date(2026, 3, 10), date(2026, 3, 16)),
           RencanaTahap("evaluasi", 2, date(2026, 3, 17), date(2026, 3, 20))]
    ends = {"penawaran": date(2026, 3, 12), "evaluasi": date(2026, 3, 18)}
    assert rest_delay(ends, new, "penawaran", date(2026, 3, 10)) == 4  # 12 → 16 March
    assert rest_delay(ends, new, "penawaran", date(2026, 3, 20)) == 8  # overdue since 12th
    on_time = {"penawaran": date(2026, 3, 16), "evaluasi": date(2026, 3, 25)}
    assert rest_delay(on_time, new, "penawaran", date(2026, 3, 16)) == 0
    assert rest_delay({}, new, "penawaran", date(2026, 3, 16)) == 0  # nothing planned yet


# --- the use case --------------------------------------------------------------------------

LATE = date(2026, 2, 24)  # pengumuman was planned 26 January – 2 February
TODAY = date(2026, 3, 1)


def late_tender(db, kode: str = "P-1", first: bool = True) -> str:
    """A tender konstruksi announced three weeks after its planned pengumuman."""
    if first:
        make_opd(db)
    make_paket(db, kode)
    advance(db, kode, "siapkan", ACTOR, tanggal=date(2026, 1, 20), today=TODAY)
    advance(db, kode, "umumkan", ACTOR, tanggal=LATE, today=TODAY, hps=900_000_000)
    return kode


def rows_of(db, kode: str = "P-1") -> dict[str, jadwal.BarisJadwal]:
    return {r.tahap: r for r in jadwal.show_schedule(db, kode)}


def test_rest_of_plan_says_how_late_and_what_a_re_plan_gives(db):
    late_tender(db)
    sisa = sisa_jadwal.rest_of_plan(db, "P-1", TODAY)
    assert (sisa.tahap, sisa.mulai, sisa.terlambat_hari) == ("pengumuman", LATE, 37)
    first = sisa.tahapan[0]
    assert (first.lama_selesai, first.baru_mulai, first.baru_selesai) == (
        date(2026, 2, 2), LATE, date(2026, 3, 2))
    assert [m.tahap for m in sisa.tahapan][-1] == "pemeliharaan"


def test_re_plan_keeps_the_first_plan_counts_and_writes_one_history_entry(db):
    late_tender(db)
    before = rows_of(db)
    history = len(show_paket(db, "P-1").riwayat)
    jadwal.replan_rest(db, "P-1", "Reviu HPS berulang", ACTOR, today=TODAY)
    after = rows_of(db)
    for tahap in ("pengumuman", "sanggah", "pelaksanaan", "pemeliharaan"):
        assert (after[tahap].awal_mulai, after[tahap].awal_selesai) == (
            before[tahap].rencana_mulai, before[tahap].rencana_selesai)
        assert after[tahap].diubah == 1
    assert (after["pengumuman"].rencana_mulai, after["pengumuman"].rencana_selesai) == (
        LATE, date(2026, 3, 2))
    assert after["persiapan"] == before["persiapan"]  # passed: untouched
    riwayat = show_paket(db, "P-1").riwayat
    assert len(riwayat) == history + 1
    assert riwayat[-1].pemicu == "susun_ulang_jadwal"
    assert "Reviu HPS berulang" in riwayat[-1].catatan
    assert "pengumuman 26/01/2026–02/02/2026 menjadi 24/02/2026–02/03/2026" in (
        riwayat[-1].catatan)
    # a second change moves the plan again but never the first plan
    jadwal.change_stage(db, "P-1", "penjelasan", date(2026, 3, 3), date(2026, 3, 6),
                        "Aanwijzing diundur", ACTOR, today=TODAY)
    again = rows_of(db)["penjelasan"]
    assert (again.awal_selesai, again.rencana_selesai, again.diubah) == (
        before["penjelasan"].rencana_selesai, date(2026, 3, 6), 2)


def test_re_plan_changes_the_flag_but_the_first_deadline_stays(db):
    late_tender(db)
    assert "terlambat" in [t.flag for t in lateness.paket_flags(db, "P-1", TODAY)]
    jadwal.replan_rest(db, "P-1", "Reviu HPS berulang", ACTOR, today=TODAY)
    flags = {t.flag: t for t in lateness.paket_flags(db, "P-1", TODAY)}
    assert "terlambat" not in flags and flags["hampir"].batas == date(2026, 3, 2)
    assert rows_of(db)["pengumuman"].awal_selesai == date(2026, 2, 2)
    assert sisa_jadwal.rest_of_plan(db, "P-1", TODAY).terlambat_hari == 0


def test_re_plan_needs_a_reason_and_a_stage_with_a_template(db):
    late_tender(db)
    with pytest.raises(InvalidInput, match="alasan: wajib diisi"):
        jadwal.replan_rest(db, "P-1", "  ", ACTOR, today=TODAY)
    make_paket(db, "P-2")
    with pytest.raises(GuardFailed, match="tidak dapat disusun ulang"):
        jadwal.replan_rest(db, "P-2", "x", ACTOR, today=TODAY)
    assert sisa_jadwal.rest_of_plan(db, "P-2", TODAY) is None
    assert all(r.diubah == 0 for r in rows_of(db, "P-2").values())


def test_each_user_re_plans_the_stages_whose_schedule_is_theirs(db):
    late_tender(db)
    make_opd(db, "DISHUB", "Dinas Perhubungan")
    users.add_user(db, "admin", "admin", ACTOR)
    users.add_user(db, "pokja", "ukpbj", "admin")
    users.add_user(db, "ppk_pupr", "ppk", "admin", opd="PUPR")
    users.add_user(db, "ppk_dishub", "ppk", "admin", opd="DISHUB")
    before = rows_of(db)
    with pytest.raises(TidakBerwenang, match="Dinas PUPR"):
        jadwal.replan_rest(db, "P-1", "x", "ppk_dishub", today=TODAY)
    assert rows_of(db) == before
    done = jadwal.replan_rest(db, "P-1", "Pokja menyusun ulang", "pokja", today=TODAY)
    left = {m.tahap for m in done.tahapan if m.bukan_wewenang}
    assert left == {"sppbj", "kontrak", "pelaksanaan", "pemeliharaan"}
    mid = rows_of(db)
    assert mid["sanggah_banding"].diubah == 1 and mid["sppbj"] == before["sppbj"]
    jadwal.replan_rest(db, "P-1", "PPK menyesuaikan", "ppk_pupr", today=TODAY)
    end = rows_of(db)
    assert end["sppbj"].rencana_mulai == end["sanggah_banding"].rencana_selesai + DAY
    assert end["sanggah_banding"] == mid["sanggah_banding"]  # nothing left to move: same
    assert sisa_jadwal.rest_of_plan(db, "P-1", TODAY).terlambat_hari == 0


@pytest.mark.both_databases
def test_re_plan_checks_the_version_read(db):
    late_tender(db)
    version = show_paket(db, "P-1").paket.version
    before = rows_of(db), len(show_paket(db, "P-1").riwayat)
    with pytest.raises(Conflict):
        jadwal.replan_rest(db, "P-1", "x", ACTOR, today=TODAY, expected_version=version - 1)
    assert (rows_of(db), len(show_paket(db, "P-1").riwayat)) == before
    jadwal.replan_rest(db, "P-1", "x", ACTOR, today=TODAY, expected_version=version)
    assert show_paket(db, "P-1").paket.version == version + 1
    assert rows_of(db)["pengumuman"].diubah == 1


def test_signing_fixes_pelaksanaan_an_adendum_perpanjangan_changes_it(db):
    """docs/aturan.md §3.5: the contract period is not an officer's re-plan; an adendum
    perpanjangan waktu is a change, and the period it replaced stays as the first."""
    contract(db)
    signed = rows_of(db)["pelaksanaan"]
    assert signed.diubah == 0 and signed.awal_selesai is None
    end = signed.rencana_selesai
    kontrak.extend_contract(db, "P-1", end + timedelta(days=30), "Banjir", ACTOR,
                            tanggal=end - timedelta(days=10), today=end)
    extended = rows_of(db)["pelaksanaan"]
    assert (extended.diubah, extended.awal_selesai, extended.rencana_selesai) == (
        1, end, end + timedelta(days=30))


def test_rapor_and_xlsx_show_the_first_deadline_beside_the_current(db, tmp_path):
    """A re-plan never hides the original deadline: judged later against the current
    plan, the rapor row and the workbook show both, and how often it changed."""
    from openpyxl import load_workbook
    from rich.console import Console

    from pengadaan.presentation.rapor import bermasalah_table
    from pengadaan.usecases import rapor
    from pengadaan.usecases.ekspor import export_xlsx

    late_tender(db)
    make_paket(db, "P-2")  # never changed
    jadwal.replan_rest(db, "P-1", "Reviu HPS berulang", ACTOR, today=TODAY)
    later = date(2026, 3, 10)  # the re-planned pengumuman (ends 02/03) is late again
    card = rapor.rapor(db, "PUPR", later)
    row = next(p for p in card.bermasalah if p.kode == "P-1" and p.peringatan == "terlambat")
    assert (row.batas, row.hari, row.batas_awal, row.diubah) == (
        date(2026, 3, 2), 8, date(2026, 2, 2), 1)
    console = Console(width=160, record=True, file=None, color_system=None)
    with console.capture() as out:
        console.print(bermasalah_table([row]))
    lines = [line for line in out.get().splitlines() if "│" in line]
    assert [line.split("│")[5].strip() for line in lines[:3]] == [
        "02/03/2026", "awal 02/02/2026", "diubah 1 kali"]  # the Batas column

    path = tmp_path / "rapat.xlsx"
    export_xlsx(db, path, later)
    sheet = load_workbook(path)["Paket"]
    headers = [c.value for c in sheet[3]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    assert headers.index("Batas Awal") == headers.index("Batas Tahap") + 1
    rows = {sheet.cell(r, col["Kode Paket"]).value: r for r in (4, 5)}

    def cells(kode: str) -> tuple:
        r = rows[kode]
        return (sheet.cell(r, col["Batas Tahap"]).value.date(),
                sheet.cell(r, col["Batas Awal"]).value.date(),
                sheet.cell(r, col["Diubah"]).value, sheet.cell(r, col["Status"]).value)

    assert cells("P-1") == (date(2026, 3, 2), date(2026, 2, 2), 1, "terlambat")
    planned = rows_of(db, "P-2")["rencana"].rencana_selesai
    assert cells("P-2")[:3] == (planned, planned, 0)


def test_a_contract_past_its_end_is_not_a_plan_to_re_plan(db):
    """Pelaksanaan follows the contract: past its end the paket is lewat kontrak (denda,
    adendum), and a re-plan cannot move it, so the rest is not called late; the stage
    after it would follow the contract end."""
    contract(db)  # pelaksanaan since 01/03/2026, contract 02/02/2026–09/06/2026
    sisa = sisa_jadwal.rest_of_plan(db, "P-1", date(2026, 7, 1))
    assert sisa.tahap == "pelaksanaan" and sisa.terlambat_hari == 0
    pelaksanaan, pemeliharaan = sisa.tahapan
    assert not pelaksanaan.berubah and pelaksanaan.baru_selesai == date(2026, 6, 9)
    assert pemeliharaan.baru_mulai == date(2026, 6, 10)


def test_the_tui_preview_warns_like_the_cli_when_the_work_ends_next_year():
    """The schedule form's re-plan preview (tui/screens/schedule.replan_text) carries the
    same fiscal-year warning as the CLI; pemeliharaan alone past 31/12 does not count."""
    from pengadaan.tui.screens.schedule import replan_text

    from pengadaan.presentation.jadwal_text import past_fiscal_year

    def sisa(pelaksanaan_end: date) -> sisa_jadwal.SisaJadwal:
        return sisa_jadwal.SisaJadwal("P-1", "pengumuman", date(2026, 11, 2), 0, [
            sisa_jadwal.GeserTahap("pelaksanaan", None, None, date(2026, 11, 20), pelaksanaan_end),
            sisa_jadwal.GeserTahap("pemeliharaan", None, None, pelaksanaan_end, date(2027, 6, 30)),
        ], date(2026, 12, 31))

    late = sisa(date(2027, 1, 4))
    assert past_fiscal_year(late) == ("Pelaksanaan menurut rencana baru selesai 04/01/2027, "
                                      "melewati akhir tahun anggaran 31/12/2026.")
    assert replan_text(late).endswith(past_fiscal_year(late))
    in_year = sisa(date(2026, 12, 31))
    assert past_fiscal_year(in_year) is None
    assert "melewati akhir tahun anggaran" not in replan_text(in_year)
