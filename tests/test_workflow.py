"""Every metode's happy path and every failure path (issue #2).

Mostly at the use-case level (happy paths on both databases); the graph itself is also checked on
plain :class:`PaketCase` objects.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from pengadaan.domain.errors import GuardFailed, TriggerNotAllowed
from pengadaan.domain.vocabulary import FINAL_TAHAP, TAHAP, Jenis, Metode
from pengadaan.domain.workflow import PEMICU_LABEL, WORKFLOWS, PaketCase, allowed, fire, stages_of
from pengadaan.domain.workflow.engine import machine_for
from pengadaan.domain.workflow.guards import is_static
from pengadaan.usecases.paket import advance, show_paket
from pengadaan.usecases.progres import record_progress
from tests.conftest import ACTOR, make_opd, make_paket
from tests.spine_paths import (
    BAST,
    HAPPY_PATHS,
    KONTRAK,
    NILAI,
    NON_TENDER,
    PENYEDIA,
    PHO_FHO,
    TENDER_FROM_EVALUASI,
    TENDER_KONSTRUKSI,
    TENDER_TO_EVALUASI,
    TODAY,
    Walker,
)

DAY = date(2026, 3, 2)


# --- happy paths at the use-case level --------------------------------------------------


@pytest.mark.both_databases
@pytest.mark.parametrize("name", list(HAPPY_PATHS))
def test_happy_path(db, name):
    metode, jenis, pagu, path = HAPPY_PATHS[name]
    make_opd(db)
    make_paket(db, metode=metode, jenis=jenis, pagu=pagu)
    walker = Walker(db, "P-1", pagu)
    detail = walker.walk(path)
    assert detail.paket.tahap == "selesai"
    assert detail.paket.version == 1 + len(path) + walker.reports
    assert detail.pemicu == []
    assert [r.pemicu for r in detail.riwayat] == ["buat", *[p for p, _ in path]]
    assert [r.ke for r in detail.riwayat] == ["rencana", *[s for _, s in path]]
    assert all(r.oleh == ACTOR for r in detail.riwayat)
    # Every stage entered has an actual start; every stage left has an actual end.
    # (Stages only planned, issue #3's jadwal, have no actual start.)
    jadwal = {j.tahap: j for j in detail.jadwal if j.realisasi_mulai}
    assert set(jadwal) == {s for _, s in path}
    assert jadwal["selesai"].realisasi_selesai is None
    assert all(j.realisasi_mulai for j in jadwal.values())
    assert all(j.realisasi_selesai for t, j in jadwal.items() if t != "selesai")
    if metode not in ("swakelola",):
        assert detail.paket.penyedia is not None
        assert detail.paket.nilai_kontrak is not None


def test_tender_konstruksi_records_winner_and_hps(db):
    make_opd(db)
    make_paket(db)
    detail = Walker(db, "P-1", 1_000_000_000).walk(TENDER_KONSTRUKSI[:7])
    assert detail.paket.tahap == "penetapan"
    assert (detail.paket.hps, detail.paket.penyedia, detail.paket.nilai_kontrak) == (
        900_000_000, PENYEDIA, NILAI)


# --- failure paths ------------------------------------------------------------------------


def _tender_to(db, path, **paket):
    make_opd(db)
    make_paket(db, **paket)
    walker = Walker(db, "P-1", 1_000_000_000)
    walker.walk(path)
    return walker


def test_gagal_then_evaluasi_ulang(db):
    w = _tender_to(db, TENDER_TO_EVALUASI)
    w.step("nyatakan_gagal", "gagal", catatan="Kesalahan evaluasi")
    assert {p.pemicu for p in show_paket(db, "P-1").pemicu} == {
        "evaluasi_ulang", "tender_ulang", "penunjukan_langsung", "batalkan"}
    w.step("evaluasi_ulang", "evaluasi")
    detail = w.walk([*TENDER_FROM_EVALUASI, ("sanggah_banding", "sanggah_banding"),
                     ("terbitkan_sppbj", "sppbj"), *KONTRAK, *PHO_FHO])
    assert detail.paket.tahap == "selesai"
    assert detail.paket.ulang == 0
    jadwal = {j.tahap: j for j in detail.jadwal}
    assert jadwal["gagal"].realisasi_selesai is not None


def test_gagal_after_winner_then_tender_ulang_clears_winner(db):
    w = _tender_to(db, [*TENDER_TO_EVALUASI, *TENDER_FROM_EVALUASI])
    w.step("nyatakan_gagal", "gagal", catatan="Sanggah benar dan material")
    detail = w.step("tender_ulang", "pengumuman")
    assert detail.paket.ulang == 1
    assert detail.paket.penyedia is None and detail.paket.nilai_kontrak is None
    assert detail.paket.hps == 900_000_000
    detail = w.walk(TENDER_KONSTRUKSI[2:])
    assert detail.paket.tahap == "selesai"
    assert detail.paket.ulang == 1
    assert detail.paket.metode == "tender"


def test_repeat_failed_then_penunjukan_langsung(db):
    w = _tender_to(db, TENDER_TO_EVALUASI)
    w.step("nyatakan_gagal", "gagal")
    w.step("tender_ulang", "pengumuman")
    w.walk(TENDER_TO_EVALUASI[2:])
    w.step("nyatakan_gagal", "gagal")
    detail = w.step("penunjukan_langsung", "penawaran", catatan="Tidak dapat ditunda",
                    persetujuan="Surat Bupati 027/99")
    assert detail.paket.metode == "penunjukan_langsung"
    assert detail.riwayat[-1].catatan == (
        "Tidak dapat ditunda [persetujuan PA/KPA: Surat Bupati 027/99]")
    assert {p.pemicu for p in detail.pemicu} == {"mulai_evaluasi", "nyatakan_gagal", "batalkan"}
    detail = w.walk([("mulai_evaluasi", "evaluasi"), ("mulai_negosiasi", "negosiasi"),
                     *KONTRAK, *PHO_FHO])
    assert detail.paket.tahap == "selesai"
    assert detail.paket.metode == "penunjukan_langsung"
    assert detail.paket.ulang == 1


def test_gagal_then_batalkan(db):
    w = _tender_to(db, TENDER_TO_EVALUASI)
    w.step("nyatakan_gagal", "gagal")
    with pytest.raises(GuardFailed, match="alasan wajib diisi"):
        w.step("batalkan", catatan=None)
    detail = w.step("batalkan", "batal", catatan="Kebutuhan tidak ada lagi")
    assert detail.pemicu == []
    assert detail.riwayat[-1].catatan == "Kebutuhan tidak ada lagi"
    with pytest.raises(TriggerNotAllowed, match="tahap akhir"):
        w.step("siapkan")


def test_pengadaan_langsung_gagal_then_undang_ulang(db):
    make_opd(db)
    make_paket(db, metode="pengadaan_langsung", jenis="barang", pagu=150_000_000)
    w = Walker(db, "P-1", 150_000_000)
    w.walk(NON_TENDER)
    w.step("nyatakan_gagal", "gagal")
    assert {p.pemicu for p in show_paket(db, "P-1").pemicu} == {"undang_ulang", "batalkan"}
    detail = w.step("undang_ulang", "penawaran")
    assert detail.paket.ulang == 1
    detail = w.walk([*NON_TENDER[2:], *KONTRAK, *BAST])
    assert detail.paket.tahap == "selesai"


def test_e_purchasing_gagal_then_pesan_ulang(db):
    make_opd(db)
    make_paket(db, metode="e_purchasing", jenis="barang")
    w = Walker(db, "P-1", 1_000_000_000)
    w.walk([("siapkan", "persiapan"), ("pesan", "pemesanan")])
    w.step("nyatakan_gagal", "gagal", catatan="Penyedia katalog menolak pesanan")
    detail = w.step("pesan_ulang", "pemesanan")
    assert detail.paket.ulang == 1
    detail = w.walk([*KONTRAK, *BAST])
    assert detail.paket.tahap == "selesai"


def _to_pelaksanaan(db):
    make_opd(db)
    make_paket(db)
    w = Walker(db, "P-1", 1_000_000_000)
    w.walk(TENDER_KONSTRUKSI[:-2])
    return w


def test_kritis_scm_three_times_then_pulih(db):
    w = _to_pelaksanaan(db)
    w.step("nyatakan_kritis", "kritis")
    w.step("adakan_scm", "scm_1")
    w.step("adakan_scm", "scm_2")
    detail = w.step("adakan_scm", "scm_3")
    assert "adakan_scm" not in {p.pemicu for p in detail.pemicu}
    with pytest.raises(TriggerNotAllowed, match="yang berlaku: beri_sp, pulih, beri_kesempatan, "
                                                "putus_kontrak, batalkan"):
        w.step("adakan_scm")
    with pytest.raises(GuardFailed, match="target uji coba SCM tidak tercapai"):
        w.step("pulih")  # nothing reported within SCM III's trial (it ends today)
    record_progress(db, "P-1", w.day, 8000, ACTOR, today=TODAY)  # the 80% target, in time
    w.step("pulih", "pelaksanaan")
    detail = w.walk(PHO_FHO)
    assert detail.paket.tahap == "selesai"


def test_kritis_then_putus_kontrak_needs_reason(db):
    w = _to_pelaksanaan(db)
    w.walk([("nyatakan_kritis", "kritis"), ("adakan_scm", "scm_1"), ("adakan_scm", "scm_2"),
            ("adakan_scm", "scm_3")])
    with pytest.raises(GuardFailed, match="alasan wajib diisi"):
        w.step("putus_kontrak", catatan="  ")
    detail = w.step("putus_kontrak", "putus_kontrak", catatan="SCM III tidak tercapai")
    assert detail.pemicu == []


def test_kesempatan_then_pho(db):
    w = _to_pelaksanaan(db)
    w.step("nyatakan_kritis", "kritis")
    w.step("beri_kesempatan", "kesempatan")
    detail = w.walk(PHO_FHO)
    assert detail.paket.tahap == "selesai"


@pytest.mark.parametrize("upto", range(len(TENDER_KONSTRUKSI)))
def test_batalkan_from_every_open_stage_of_a_tender(db, upto):
    """Use-case level on SQLite; every metode's graph is covered below on plain cases."""
    make_opd(db)
    make_paket(db)
    w = Walker(db, "P-1", 1_000_000_000)
    w.walk(TENDER_KONSTRUKSI[:upto])
    before = show_paket(db, "P-1")
    with pytest.raises(GuardFailed, match="alasan wajib diisi"):
        w.step("batalkan", catatan=None)
    assert show_paket(db, "P-1") == before
    assert w.step("batalkan", "batal", catatan="Direalokasi").paket.tahap == "batal"


# --- the graphs on plain cases ------------------------------------------------------------


def _case(metode: str, state: str = "rencana", jenis: str = "barang", **kw) -> PaketCase:
    if metode == "seleksi":
        jenis = "konsultansi"
    return PaketCase(state, metode, jenis, 2026, kw.pop("pagu", 1_000_000_000), **kw)


ALL_OPEN = [(m.value, s) for m in Metode for s in stages_of(m) if s not in FINAL_TAHAP]


@pytest.mark.parametrize(("metode", "state"), ALL_OPEN)
def test_batalkan_needs_reason_everywhere(metode, state):
    case = _case(metode, state)
    assert "batalkan" in [a.pemicu for a in allowed(case)]
    with pytest.raises(GuardFailed, match="alasan wajib diisi"):
        fire(case, "batalkan", DAY)
    with pytest.raises(GuardFailed, match="alasan wajib diisi"):
        fire(case, "batalkan", DAY, catatan="   ")
    assert fire(case, "batalkan", DAY, catatan="Direalokasi").state == "batal"


@pytest.mark.parametrize("metode", [m.value for m in Metode])
@pytest.mark.parametrize("state", sorted(FINAL_TAHAP))
def test_final_stages_allow_nothing(metode, state):
    case = _case(metode, state)
    assert allowed(case) == []
    with pytest.raises(TriggerNotAllowed, match="tahap akhir"):
        fire(case, "batalkan", DAY, catatan="x")


def test_fire_moves_a_copy_only():
    case = _case("tender", "persiapan")
    moved = fire(case, "umumkan", DAY, hps=500_000_000)
    assert (moved.state, moved.hps) == ("pengumuman", 500_000_000)
    assert (case.state, case.hps) == ("persiapan", None)


def test_refused_fire_leaves_case_untouched():
    case = _case("tender", "persiapan")
    with pytest.raises(GuardFailed):
        fire(case, "umumkan", DAY, hps=2_000_000_000)
    assert (case.state, case.hps) == ("persiapan", None)


def test_unknown_trigger_lists_allowed_ones():
    with pytest.raises(TriggerNotAllowed, match=r"pemicu 'fho' tidak berlaku pada tahap "
                                                r"'persiapan'.*yang berlaku: umumkan, batalkan"):
        fire(_case("tender", "persiapan"), "fho", DAY)


@pytest.mark.parametrize("metode", [m.value for m in Metode])
def test_graph_is_sound(metode):
    """Every stage is known, labelled, reachable from rencana and can reach an end."""
    steps = WORKFLOWS[Metode(metode)]
    stages = set(stages_of(Metode(metode)))
    assert stages <= set(TAHAP)
    assert all(step.trigger in PEMICU_LABEL for step in steps)
    reach = {"rencana"}
    while True:
        more = {s.dest for s in steps if reach & set(s.source)} - reach
        if not more:
            break
        reach |= more
    # penunjukan_langsung after a failed repeat continues in the PenL graph.
    assert stages <= reach
    for stage in stages - FINAL_TAHAP:
        ends, frontier = set(), {stage}
        while frontier:
            ends |= frontier
            frontier = {s.dest for s in steps if frontier & set(s.source)} - ends
        assert ends & FINAL_TAHAP, stage


def test_machines_are_built_once():
    assert machine_for("tender") is machine_for(Metode.TENDER)
    assert machine_for("tender") is not machine_for("seleksi")


def test_tender_cepat_skips_penjelasan_pembuktian_and_banding():
    assert "penjelasan" not in stages_of(Metode.TENDER_CEPAT)
    assert "pembuktian" not in stages_of(Metode.TENDER_CEPAT)
    assert "sanggah_banding" not in stages_of(Metode.TENDER_CEPAT)
    case = _case("tender_cepat", "sanggah", jenis="konstruksi")
    with pytest.raises(TriggerNotAllowed):
        fire(case, "sanggah_banding", DAY)


def test_swakelola_has_no_selection_nor_contract():
    stages = set(stages_of(Metode.SWAKELOLA))
    assert stages == {"rencana", "persiapan", "pelaksanaan", "serah_terima", "selesai", "batal"}


def test_konstruksi_hands_over_with_pho_not_bast():
    case = _case("tender", "pelaksanaan", jenis="konstruksi")
    with pytest.raises(GuardFailed, match="konstruksi diserahterimakan dengan 'pho'"):
        fire(case, "bast", DAY)
    assert fire(case, "pho", DAY).state == "pemeliharaan"
    with pytest.raises(GuardFailed, match="PHO hanya untuk pekerjaan konstruksi"):
        fire(_case("tender", "pelaksanaan", jenis="barang"), "pho", DAY)


# --- offered triggers: never one the static rules (jenis, metode) always refuse -------------

EVERY_OPEN = [(j.value, m.value, s) for j in Jenis for m in Metode for s in stages_of(m)
              if s not in FINAL_TAHAP]


@pytest.mark.parametrize(("jenis", "metode", "state"), EVERY_OPEN)
def test_offered_triggers_pass_their_static_rules(jenis, metode, state):
    """Offered: every trigger leaving the stage whose static guards pass, and only those.
    One left out is still refused by name, with its guard's own reason."""
    case = PaketCase(state, metode, jenis, 2026, 1_000_000_000)
    leaving = {}
    for step in WORKFLOWS[Metode(metode)]:
        if state in step.source:
            leaving.setdefault(step.trigger, [])
            leaving[step.trigger] += [r for r in (g(case, {}) for g in step.guards if is_static(g))
                                      if r]
    offered = [a.pemicu for a in allowed(case)]
    assert offered == [t for t, refusals in leaving.items() if not refusals]
    for trigger, refusals in leaving.items():
        if refusals:
            with pytest.raises(GuardFailed, match=f"^{re.escape(str(refusals[0]))}$"):
                fire(case, trigger, DAY)
            assert case.state == state


NOT_KONSTRUKSI = [j.value for j in Jenis if j != Jenis.KONSTRUKSI]
HANDING_OVER = [(m.value, s) for m in Metode if m != Metode.SWAKELOLA
                for s in ("pelaksanaan", "kesempatan")]


@pytest.mark.parametrize("jenis", NOT_KONSTRUKSI)
@pytest.mark.parametrize(("metode", "state"), HANDING_OVER)
def test_only_konstruksi_is_offered_pho_and_never_bast(jenis, metode, state):
    assert {"bast"} == {a.pemicu for a in allowed(PaketCase(state, metode, jenis, 2026, 1))
                        } & {"bast", "pho"}
    konstruksi = PaketCase(state, metode, "konstruksi", 2026, 1)
    assert {"pho"} == {a.pemicu for a in allowed(konstruksi)} & {"bast", "pho"}


@pytest.mark.parametrize("jenis", [j.value for j in Jenis])
def test_swakelola_hands_over_with_bast_whatever_its_jenis(jenis):
    offered = {a.pemicu for a in allowed(PaketCase("pelaksanaan", "swakelola", jenis, 2026, 1))}
    assert {"bast", "pho"} & offered == {"bast"}


@pytest.mark.parametrize("jenis", [j.value for j in Jenis])
def test_sanggah_banding_offered_to_konstruksi_only(jenis):
    offered = {a.pemicu for a in allowed(PaketCase("sanggah", "tender", jenis, 2026, 1))}
    assert ("sanggah_banding" in offered) == (jenis == "konstruksi")


def test_wrong_trigger_lists_only_the_offered_ones():
    case = _case("tender", "pelaksanaan", jenis="barang")
    with pytest.raises(TriggerNotAllowed, match=r"yang berlaku: nyatakan_kritis, beri_kesempatan, "
                                                r"putus_kontrak, bast, batalkan$"):
        fire(case, "fho", DAY)


def test_advance_via_use_case_defaults_to_today(db):
    make_opd(db)
    make_paket(db)
    detail = advance(db, "P-1", "siapkan", ACTOR, today=TODAY)
    assert detail.paket.tahap_sejak == TODAY
    assert detail.riwayat[-1].tanggal == TODAY
