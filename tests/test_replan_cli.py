"""Issue #13 in the CLI: after ``paket maju`` on a late paket one line says how late
the rest of the plan is and the command that re-plans it; ``paket jadwal
--susun-ulang`` shows each stage old → new; ``paket jadwal`` shows the first plan and
how often a stage changed."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from pengadaan.db.uow import open_database

from tests.test_cli import Cli
from tests.test_replan import late_tender

HINT = 'Susun ulang: pengadaan paket jadwal P-1 --susun-ulang --alasan "…"'


@pytest.fixture
def cli(tmp_path) -> Cli:
    path = tmp_path / "pengadaan.db"
    db = open_database(f"sqlite:///{path}")
    late_tender(db)  # in pengumuman since 24/02/2026, planned to end 02/02/2026
    db.engine.dispose()
    return Cli(path)


def test_advance_on_a_late_paket_says_how_late_and_how_to_re_plan(cli):
    with freeze_time("2026-03-10 03:00:00"):  # 10:00 WIB
        out = cli.ok("paket", "maju", "P-1", "beri_penjelasan", "--tanggal", "2026-03-10")
    assert "Paket P-1: beri_penjelasan → Pemberian Penjelasan (10/03/2026)." in out
    # penjelasan was planned 03/02–05/02 and ends 12/03 from 10/03 (35 days later); the
    # stage slipping most is SPPBJ, 14 hari kerja now over Nyepi and Idul Fitri: 41 days
    assert ("Sisa jadwal paket P-1 terlambat 41 hari: tahap Pemberian Penjelasan berjalan "
            "sejak 10/03/2026, rencananya selesai 05/02/2026.") in " ".join(out.split())
    assert HINT in out


def test_re_plan_shows_old_and_new_then_the_schedule_both_plans(cli):
    with freeze_time("2026-03-01 03:00:00"):
        out = cli.ok("paket", "jadwal", "P-1", "--susun-ulang", "--alasan", "Reviu HPS")
        assert "disusun ulang dari tahap Pengumuman (mulai 24/02/2026)" in out
        assert "26/01/2026–02/02/2026" in out and "24/02/2026–02/03/2026" in out
        shown = cli.ok("paket", "jadwal", "P-1").splitlines()
        at = next(i for i, line in enumerate(shown) if "Pengumuman" in line)
        # current plan, first plan, actual: start above end; then the count
        assert shown[at].split("│")[2:5] == [" 24/02/2026 ", " 26/01/2026   ", " 24/02/2026 "]
        assert shown[at + 1].split("│")[2:6] == [" 02/03/2026 ", " 02/02/2026   ", " -          ",
                                                 " diubah 1 kali "]
        assert "Rencana awal" in shown[2]
        # on plan again: the next transition says nothing about lateness
        out = cli.ok("paket", "maju", "P-1", "beri_penjelasan", "--tanggal", "2026-03-01")
    assert "Sisa jadwal" not in out
    riwayat = cli.json("paket", "lihat", "P-1")["riwayat"]  # (pydantic: not under freezegun)
    assert [r["pemicu"] for r in riwayat[-2:]] == ["susun_ulang_jadwal", "beri_penjelasan"]


def test_schedule_of_a_paket_never_changed_has_no_first_plan_column(cli):
    assert "Rencana awal" not in cli.ok("paket", "jadwal", "P-1")


def test_re_plan_refusals_write_nothing(cli):
    before = cli.dump()
    cli.fails("menyusun ulang jadwal memerlukan --alasan", "paket", "jadwal", "P-1",
              "--susun-ulang")
    cli.fails("tanpa TAHAP", "paket", "jadwal", "P-1", "penjelasan", "--susun-ulang",
              "--alasan", "x")
    cli.fails("alasan: wajib diisi", "paket", "jadwal", "P-1", "--susun-ulang", "--alasan", " ")
    cli.fails("versi", "paket", "jadwal", "P-1", "--susun-ulang", "--alasan", "x",
              "--versi", "1")
    assert cli.dump() == before


def test_re_plan_warns_when_the_work_ends_after_the_fiscal_year(cli):
    """Re-planned from a late start the work still ends in the year: no warning; the
    same tender re-planned from a stage that started in November ends its pelaksanaan
    next year, and the output says so (the pemeliharaan after it never counts)."""
    with freeze_time("2026-03-01 03:00:00"):
        out = cli.ok("paket", "jadwal", "P-1", "--susun-ulang", "--alasan", "Reviu HPS")
    assert "melewati akhir tahun anggaran" not in out
    with freeze_time("2026-11-16 03:00:00"):
        cli.ok("paket", "maju", "P-1", "beri_penjelasan", "--tanggal", "2026-11-16")
        out = cli.ok("paket", "jadwal", "P-1", "--susun-ulang", "--alasan", "Tender molor")
    flat = " ".join(out.split())
    assert "melewati akhir tahun anggaran 31/12/2026." in flat
    ends = [line for line in out.splitlines() if "Pelaksanaan" in line]
    assert ends and "/2027" in ends[0]
