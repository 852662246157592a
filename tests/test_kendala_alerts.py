"""Issue #13: alerts and counters that know about kendala. An overdue tindak lanjut is an
alert (``tindak_lanjut_lewat``) at its boundaries; ``peringatan`` JSON carries the open
kendala and its tindak lanjut; the dashboard marks a late row with an open kendala; the
rekap counts late packages nobody explained."""

from __future__ import annotations

from datetime import date

import pytest
from pengadaan.db.uow import open_database
from pengadaan.tui.columns import TANDA_MIN, TANDA_WIDTH, tanda

from pengadaan.domain.alert_kinds import SEVERITY, golongan
from pengadaan.presentation.lateness_text import TANDA_KENDALA
from pengadaan.usecases import alerts as alerts_uc
from pengadaan.usecases import dasbor, lateness, rapor
from pengadaan.usecases.kendala import (
    record_kendala,
    record_tindak_lanjut,
    resolve_kendala,
    update_tindak_lanjut,
)
from pengadaan.usecases.lateness_results import PaketStatus
from tests.conftest import ACTOR, make_opd, make_paket
from tests.test_cli import Cli

TODAY = date(2026, 6, 30)  # the use cases refuse kendala dated after "today"
KENDALA_DAY = date(2026, 3, 1)
BATAS = date(2026, 3, 10)


def overdue(db, on: date) -> list[tuple[str, date, int]]:
    """(kode, batas, hari) of the tindak_lanjut_lewat alerts on ``on``."""
    return [(a.kode, a.batas, a.hari) for a in alerts_uc.alerts(db, on)
            if a.peringatan == "tindak_lanjut_lewat"]


def one_kendala(db, kode: str = "P-1", day: date = KENDALA_DAY) -> int:
    return record_kendala(db, kode, "cuaca", "Hujan deras", ACTOR, tanggal=day,
                          today=TODAY).id


def test_the_kind_is_at_risk():
    assert SEVERITY["tindak_lanjut_lewat"] < SEVERITY["belum_mulai"]  # never late by itself
    assert golongan(["tindak_lanjut_lewat"]) == ("rawan",)
    assert golongan(["tindak_lanjut_lewat", "belum_mulai"]) == ("terlambat",)


@pytest.mark.both_databases
def test_overdue_from_the_day_after_batas(db):
    make_opd(db)
    make_paket(db)
    kendala_id = one_kendala(db)
    tl = record_tindak_lanjut(db, kendala_id, "Tambah shift", "Penyedia", BATAS, ACTOR)
    assert overdue(db, BATAS) == []  # batas is the last day
    assert overdue(db, date(2026, 3, 11)) == [("P-1", BATAS, 1)]
    flags = lateness.paket_flags(db, "P-1", date(2026, 3, 11))
    assert [(t.flag, t.batas, t.hari) for t in flags if t.flag == "tindak_lanjut_lewat"] == [
        ("tindak_lanjut_lewat", BATAS, 1)]
    row = dasbor.dashboard_page(db, date(2026, 3, 11)).rows[0]
    assert "tindak_lanjut_lewat" in row.flags and row.kendala_terbuka
    assert dasbor.summary(db, date(2026, 3, 11)).per_flag["tindak_lanjut_lewat"] == 1

    # A second, older overdue one: the alert dates from the oldest.
    record_tindak_lanjut(db, kendala_id, "Surati penyedia", "PPK", date(2026, 3, 5), ACTOR)
    assert overdue(db, date(2026, 3, 20)) == [("P-1", date(2026, 3, 5), 15)]

    # Berjalan is still not done; selesai ends it (the status in force now).
    update_tindak_lanjut(db, tl.id, "berjalan", ACTOR)
    assert overdue(db, date(2026, 3, 20)) == [("P-1", date(2026, 3, 5), 15)]
    for follow_up in lateness_follow_ups(db):
        if follow_up.status != "selesai":
            update_tindak_lanjut(db, follow_up.id, "selesai", ACTOR)
    assert overdue(db, date(2026, 3, 20)) == []


@pytest.mark.both_databases
def test_a_page_and_a_detail_judge_each_paket_by_its_own_kendala(db):
    """A page's rows and one paket's flags look up each paket's own kendala (not the
    statement-wide list a scan of every paket uses): the neighbours stay clear."""
    make_opd(db)
    for kode in ("A-1", "B-1", "C-1"):
        make_paket(db, kode)
    record_tindak_lanjut(db, one_kendala(db, "B-1"), "Tambah shift", "Penyedia", BATAS, ACTOR)
    on = date(2026, 3, 11)
    rows = dasbor.dashboard_page(db, on).rows
    assert [(r.kode, "tindak_lanjut_lewat" in r.flags, r.kendala_terbuka) for r in rows] == [
        ("A-1", False, False), ("B-1", True, True), ("C-1", False, False)]
    assert [kode for kode in ("A-1", "B-1", "C-1") if "tindak_lanjut_lewat" in
            {t.flag for t in lateness.paket_flags(db, kode, on)}] == ["B-1"]


def lateness_follow_ups(db):
    from pengadaan.usecases.kendala import list_kendala

    return [t for k in list_kendala(db, "P-1") for t in k.tindak_lanjut]


@pytest.mark.both_databases
def test_resolved_kendala_ends_the_alert_from_its_resolution(db):
    make_opd(db)
    make_paket(db)
    kendala_id = one_kendala(db)
    record_tindak_lanjut(db, kendala_id, "Tambah shift", "Penyedia", BATAS, ACTOR)
    resolve_kendala(db, kendala_id, "Cuaca membaik", ACTOR, tanggal=date(2026, 3, 15),
                    today=TODAY)
    assert overdue(db, date(2026, 3, 14)) == [("P-1", BATAS, 4)]  # not resolved yet then
    assert overdue(db, date(2026, 3, 15)) == []
    assert overdue(db, date(2026, 2, 28)) == []  # before the kendala was recorded


@pytest.mark.both_databases
def test_alerts_carry_the_open_kendala_and_rekap_counts_the_unexplained(db):
    make_opd(db)
    late = dict(metode="pengadaan_langsung", jenis="barang", pagu=150_000_000,
                mulai_pemilihan=date(2026, 3, 2))
    make_paket(db, "A-1", **late)
    make_paket(db, "B-1", **late)
    on = date(2026, 3, 20)
    kendala_id = one_kendala(db, "A-1", date(2026, 3, 3))
    record_tindak_lanjut(db, kendala_id, "Lengkapi dokumen", "PPK", date(2026, 3, 25), ACTOR)

    alerts = {a.kode: a for a in alerts_uc.alerts(db, on)}
    assert alerts["A-1"].kendala.id == kendala_id
    assert (alerts["A-1"].kendala.kategori, alerts["A-1"].kendala.tanggal) == (
        "cuaca", date(2026, 3, 3))
    assert (alerts["A-1"].tindak_lanjut.pelaksana, alerts["A-1"].tindak_lanjut.status) == (
        "PPK", "direncanakan")
    assert alerts["B-1"].kendala is None and alerts["B-1"].tindak_lanjut is None
    counted = alerts_uc.alerts(db, on, with_kendala=False)  # the banner only counts them
    assert [(a.kode, a.peringatan, a.batas) for a in counted] == [
        (a.kode, a.peringatan, a.batas) for a in alerts_uc.alerts(db, on)]
    assert all(a.kendala is None and a.tindak_lanjut is None for a in counted)

    rows = {r.kode: r for r in dasbor.dashboard_page(db, on).rows}
    assert all("terlambat" in golongan(r.flags) for r in rows.values())
    assert (rows["A-1"].kendala_terbuka, rows["B-1"].kendala_terbuka) == (True, False)

    total = rapor.rekap(db, on).total
    assert (total.terlambat, total.terlambat_tanpa_kendala) == (2, 1)
    before = rapor.rekap(db, date(2026, 3, 2)).total  # the day before the kendala
    assert (before.terlambat, before.terlambat_tanpa_kendala) == (2, 2)
    resolve_kendala(db, kendala_id, "Dokumen lengkap", ACTOR, tanggal=date(2026, 3, 18),
                    today=TODAY)
    assert rapor.rekap(db, on).total.terlambat_tanpa_kendala == 2
    assert rapor.rekap(db, date(2026, 3, 17)).total.terlambat_tanpa_kendala == 1


@pytest.fixture
def cli(tmp_path) -> Cli:
    path = tmp_path / "pengadaan.db"
    db = open_database(f"sqlite:///{path}")
    make_opd(db)
    late = dict(metode="pengadaan_langsung", jenis="barang", pagu=150_000_000,
                mulai_pemilihan=date(2026, 3, 2))
    make_paket(db, "A-1", nama="Komputer", **late)
    make_paket(db, "B-1", nama="Meja", **late)
    kendala_id = one_kendala(db, "A-1", date(2026, 3, 3))
    record_tindak_lanjut(db, kendala_id, "Lengkapi dokumen", "PPK", date(2026, 3, 10), ACTOR)
    db.engine.dispose()
    return Cli(path)


def test_peringatan_json_and_table(cli):
    alerts = cli.json("peringatan", "--per", "2026-03-20")
    by_kind = {(a["kode"], a["peringatan"]): a for a in alerts}
    a1 = by_kind["A-1", "belum_mulai"]
    assert a1["kendala"] == {"id": 1, "kategori": "cuaca", "uraian": "Hujan deras",
                             "tanggal": "2026-03-03"}
    assert a1["tindak_lanjut"] == {"uraian": "Lengkapi dokumen", "pelaksana": "PPK",
                                   "batas": "2026-03-10", "status": "direncanakan"}
    assert by_kind["A-1", "tindak_lanjut_lewat"]["batas"] == "2026-03-10"
    assert by_kind["B-1", "belum_mulai"]["kendala"] is None
    assert by_kind["B-1", "belum_mulai"]["tindak_lanjut"] is None
    table = cli.ok("peringatan", "--per", "2026-03-20")
    assert "Cuaca/bencana" in table and "tindak lanjut lewat" in table
    assert max(len(line) for line in table.splitlines()) <= 80


def test_paket_daftar_marks_late_rows_with_an_open_kendala(cli):
    rows = {r["kode"]: r for r in cli.json("paket", "daftar", "--per", "2026-03-20")}
    assert (rows["A-1"]["kendala_terbuka"], rows["B-1"]["kendala_terbuka"]) == (True, False)
    def table(per: str) -> dict[str, str]:
        out = cli("paket", "daftar", "--per", per, env={"COLUMNS": "200"}).stdout
        return {kode: line for line in out.splitlines() for kode in ("A-1", "B-1")
                if f" {kode} " in line}

    lines = table("2026-03-20")
    assert TANDA_KENDALA in lines["A-1"] and TANDA_KENDALA not in lines["B-1"]
    # The day before the kendala was recorded: late, unexplained.
    early = table("2026-03-02")
    assert "tahap terlambat" in early["A-1"] and TANDA_KENDALA not in early["A-1"]
    rekap = cli.json("rekap", "--per", "2026-03-20")
    assert (rekap[-1]["terlambat"], rekap[-1]["terlambat_tanpa_kendala"]) == (2, 1)


def status(flags, kendala_terbuka) -> PaketStatus:
    return PaketStatus("A-1", None, "Paket", "PUPR", 2026, "pengadaan_langsung", "barang",
                       None, 1, None, None, None, None, "persiapan", None, None, 1,
                       flags=tuple(flags),
                       kendala_terbuka=kendala_terbuka)


def test_tui_tanda_keeps_the_mark_visible():
    mark = TANDA_KENDALA.upper()
    assert tanda(status(["terlambat"], True)) == f"TAHAP TERLAMBAT {mark}"
    long = tanda(status(["kontrak_tertunda", "lewat_tahun_anggaran"], True))
    assert long == "KONTRAK TERTUNDA +1 +K" and len(long) <= TANDA_WIDTH
    roomy = tanda(status(["lewat_kontrak", "lewat_tahun_anggaran"], True))
    assert roomy == f"LEWAT KONTRAK +1 {mark}"
    assert tanda(status(["hampir"], True)) == "HAMPIR JATUH TEMPO"  # at risk: no mark
    assert tanda(status(["terlambat"], False)) == "TAHAP TERLAMBAT"


def test_tui_tanda_at_its_narrowest_never_cuts_the_worst_kind():
    """Issue #14: at 80 columns Tanda is TANDA_MIN wide; for every pair of kinds and
    for all of them, with and without a kendala, the worst kind shows whole, then how
    many more, then the mark where the row carries one."""
    from itertools import combinations

    from pengadaan.tui.columns import FLAG_LABEL

    from pengadaan.domain.alert_kinds import FLAGS, in_order
    from pengadaan.presentation.lateness_text import marked_kendala

    sets = [(f,) for f in FLAGS] + list(combinations(FLAGS, 2)) + [FLAGS]
    for kinds in sets:
        ordered = in_order(kinds)
        for open_kendala in (False, True):
            shown = tanda(status(ordered, open_kendala), TANDA_MIN)
            assert len(shown) <= TANDA_MIN and shown.startswith(FLAG_LABEL[ordered[0]])
            assert "…" not in shown, shown
            if len(ordered) > 1 and len(shown) < len(tanda(status(ordered, open_kendala),
                                                           None)):
                assert f"+{len(ordered) - 1}" in shown
            if marked_kendala(ordered, open_kendala):
                assert shown.endswith((" +KENDALA", " +K")), shown
