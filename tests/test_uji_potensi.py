"""Issue #17, uji potensi: target curves built from the packages themselves
(pengadaan/domain/uji_potensi.py, usecases/target_usul.py): a December-heavy OPD gets a
back-loaded curve, an e-purchasing one an early curve; every curve never decreases and
stays ≤ 100%; an OPD's earlier slippage moves its curve later; the proposal file loads
back with `target impor`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from pengadaan.db.models import Jadwal, Paket

from pengadaan.domain.uji_potensi import (
    TERLALU_RENDAH,
    TERLALU_TINGGI,
    RencanaBayar,
    geser,
    kurva_usulan,
    tanda,
)
from pengadaan.usecases.target_usul import usul
from tests.cli_support import run
from tests.conftest import make_opd, make_paket

JUTA = 1_000_000


def december_works() -> list[RencanaBayar]:
    return [RencanaBayar("konstruksi", 900 * JUTA, date(2026, 8, 1), date(2026, 12, 20))
            for _ in range(3)]


def early_orders() -> list[RencanaBayar]:
    return [RencanaBayar("barang", 90 * JUTA, date(2026, 2, 10), date(2026, 3, 20))
            for _ in range(5)]


def test_december_contracts_give_a_back_loaded_curve_e_purchasing_an_early_one():
    late = kurva_usulan(december_works(), 3_000 * JUTA, 2026)
    early = kurva_usulan(early_orders(), 500 * JUTA, 2026)
    # Nothing by July, two thirds after September; 95% of the contracts by December
    # (retensi held), 85,50% of pagu.
    assert late[6] == 0 and late[8] < 3_400 and late[11] == 8_550
    assert early[1] == 0 and early[2] == 9_000  # paid once after delivery in March
    assert early[5] > late[5] and early[8] > late[8]


plan = st.builds(
    lambda jenis, nilai, start, days: RencanaBayar(
        jenis, nilai, date(2026, 1, 1) + timedelta(days=start),
        date(2026, 1, 1) + timedelta(days=start + days)),
    st.sampled_from(["barang", "konstruksi", "konsultansi", "jasa_lainnya"]),
    st.integers(0, 10**11), st.integers(-60, 400), st.integers(0, 300))


@given(st.lists(plan, max_size=12), st.integers(0, 10**12), st.integers(0, 120))
def test_a_proposal_never_decreases_and_stays_within_100(plans, extra, shift):
    pagu = sum(p.nilai for p in plans) + extra
    curve = kurva_usulan(plans, pagu, 2026, shift)
    assert len(curve) == 12 and all(0 <= bp <= 10_000 for bp in curve)
    assert curve == sorted(curve)
    assert all(a <= b for a, b in zip(curve, kurva_usulan(plans, pagu, 2026), strict=True))


def test_slippage_and_the_flag_margin():
    assert geser([]) == 0 and geser([10, 30, -10]) == 10 and geser([-20]) == 0
    on = date(2026, 6, 1)
    assert tanda(5_000, 4_000, on) is None and tanda(4_000, 5_000, on) is None  # 10 points
    assert tanda(5_001, 4_000, on) == TERLALU_TINGGI
    assert tanda(3_999, 5_000, on) == TERLALU_RENDAH


def _history(db, opd_id: int, days_late: int) -> None:
    """A 2025 pelaksanaan of the OPD that ended ``days_late`` after its first plan."""
    now = datetime(2025, 1, 2, tzinfo=UTC)
    with db.engine.begin() as conn:
        paket_id = conn.execute(sa.insert(Paket.__table__).values(
            kode=f"LAMA-{days_late}", nama="Paket lama", opd_id=opd_id, tahun=2025,
            jenis="konstruksi", metode="tender", pagu=JUTA, tahap="selesai", ulang=0,
            dibuat=now, diubah=now, version=1).returning(Paket.id)).scalar_one()
        conn.execute(sa.insert(Jadwal.__table__).values(
            paket_id=paket_id, tahap="pelaksanaan", urutan=5,
            rencana_mulai=date(2025, 6, 1), rencana_selesai=date(2025, 10, 1),
            realisasi_selesai=date(2025, 10, 1) + timedelta(days=days_late)))


def test_the_proposal_per_opd_from_the_jadwal_and_back_through_target_impor(sqlite_db,
                                                                             tmp_path):
    make_opd(sqlite_db, "PUPR", "Dinas PUPR")
    make_opd(sqlite_db, "DISDIK", "Dinas Pendidikan")
    for i in range(3):  # tenders planned for June: works run to the year end
        make_paket(sqlite_db, f"J-{i}", mulai_pemilihan=date(2026, 6, 1))
        make_paket(sqlite_db, f"E-{i}", opd="DISDIK", metode="e_purchasing", jenis="barang",
                   pagu=300 * JUTA, mulai_pemilihan=date(2026, 1, 12))
    with sqlite_db.engine.connect() as conn:
        pupr = conn.execute(sa.text("SELECT id FROM opd WHERE kode = 'PUPR'")).scalar_one()
    before = {u.opd: u for u in usul(sqlite_db, 2026)}
    _history(sqlite_db, pupr, 20)
    _history(sqlite_db, pupr, 40)
    after = {u.opd: u for u in usul(sqlite_db, 2026)}
    late, early = after["PUPR"], after["DISDIK"]
    assert (late.geser_hari, late.riwayat, early.riwayat) == (30, 2, 0)
    assert late.bulan[6].usul_bp < early.bulan[6].usul_bp  # July: DISDIK paid, PUPR not
    assert all(b.usul_bp <= a.usul_bp for a, b in zip(before["PUPR"].bulan, late.bulan,
                                                       strict=True))
    assert early.bulan[5].tanda == TERLALU_RENDAH  # default 40% in June, orders all paid

    target = tmp_path / "usul.csv"
    db_args = ("--db", sqlite_db.url.removeprefix("sqlite:///"))
    wrote = run(*db_args, "target", "usul", "--tahun", "2026", "--keluar", str(target))
    assert wrote.returncode == 0, wrote.stderr
    loaded = run(*db_args, "--pengguna", "penguji", "target", "impor", str(target),
                 "--tahun", "2026")
    assert loaded.returncode == 0, loaded.stderr
    curve = json.loads(run(*db_args, "target", "daftar", "DISDIK", "--tahun", "2026",
                           "-f", "json").stdout)
    assert [m["target_persen"] * 100 for m in curve] == [b.usul_bp for b in early.bulan]
    bad = run(*db_args, "target", "usul", "--tahun", "2026", "--keluar", str(tmp_path / "x.txt"))
    assert bad.returncode == 3 and bad.stderr.count("\n") == 1
