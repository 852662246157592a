"""SCM, pemberian kesempatan and putus kontrak leave the same records whichever way
they are fired — ``pengadaan kontrak …`` or the bare trigger of ``paket maju`` and the
TUI's advance form — and every contract action refuses a stale version (issues #5, #7).
On SQLite; the stale-version refusals on PostgreSQL too."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time

from pengadaan.domain.errors import Conflict, GuardFailed, InvalidInput
from pengadaan.domain.formatting import rupiah
from pengadaan.usecases import kontrak as kt
from pengadaan.usecases.paket import advance, show_paket
from tests.conftest import ACTOR, sqlite_copy
from tests.spine_paths import NILAI, PENYEDIA
from tests.test_execution_usecases import DASAR, END, LATER, MID, contract, report, tahap


def _kritis(db) -> None:
    contract(db)
    report(db, MID, 35)
    kt.declare_kritis(db, "P-1", ACTOR, MID, today=LATER)


def _unchanged(db, before) -> None:
    after = show_paket(db, "P-1")
    assert (after.paket, after.riwayat) == (before.paket, before.riwayat)


def _refused(db, pemicu: str, tanggal: date, message: str, inputs: dict) -> None:
    """The bare trigger of ``paket maju`` is refused with ``message`` and writes nothing."""
    before = show_paket(db, "P-1")
    with pytest.raises(InvalidInput, match=message):
        advance(db, "P-1", pemicu, ACTOR, tanggal=tanggal, today=LATER, **inputs)
    _unchanged(db, before)


@pytest.mark.parametrize(("inputs", "message"), [
    ({}, "target uji coba: wajib diisi"),
    ({"target_uji_coba": 5500}, "tanggal uji coba: wajib diisi"),
    ({"target_uji_coba": 0, "tgl_uji_coba": date(2026, 5, 4)}, "harus di atas 0%"),
    ({"target_uji_coba": 10_001, "tgl_uji_coba": date(2026, 5, 4)}, "paling tinggi 100%"),
    ({"target_uji_coba": 5500, "tgl_uji_coba": MID}, "harus sesudah tanggal SCM 20/04/2026"),
])
def test_bare_scm_trigger_needs_its_uji_coba(db, inputs, message):
    _kritis(db)
    _refused(db, "adakan_scm", MID, message, inputs)
    assert kt.contract_status(db, "P-1", MID).scm == []


def test_bare_scm_trigger_records_the_uji_coba_the_escalation_reads(db):
    _kritis(db)
    advance(db, "P-1", "adakan_scm", ACTOR, tanggal=MID, today=LATER, catatan="Rapat",
            target_uji_coba=10_000, tgl_uji_coba=date(2026, 5, 4))
    [scm] = kt.contract_status(db, "P-1", MID).scm
    assert (scm.tahap, scm.tanggal, scm.target_bp, scm.uji_coba) == (
        1, MID, 10_000, date(2026, 5, 4))
    last = show_paket(db, "P-1").riwayat[-1]
    assert last.catatan == "SCM tahap I: target uji coba 100,00% pada 04/05/2026. Rapat"
    # The recorded trial is what the next step is judged on: still running on 03/05.
    with pytest.raises(GuardFailed, match="uji coba SCM masih berjalan sampai 04/05/2026"):
        advance(db, "P-1", "adakan_scm", ACTOR, tanggal=date(2026, 5, 3), today=LATER,
                target_uji_coba=10_000, tgl_uji_coba=date(2026, 5, 17))
    advance(db, "P-1", "adakan_scm", ACTOR, tanggal=date(2026, 5, 5), today=LATER,
            target_uji_coba=10_000, tgl_uji_coba=date(2026, 5, 19))
    assert [s.tahap for s in kt.contract_status(db, "P-1", MID).scm] == [1, 2]


@pytest.mark.parametrize(("inputs", "message"), [
    ({"catatan": "Penyedia sanggup"}, "kesempatan sampai: wajib diisi"),
    ({"kesempatan_sampai": END + timedelta(days=10)}, "alasan: wajib diisi"),
    ({"kesempatan_sampai": END + timedelta(days=10), "catatan": "Sanggup",
      "bagian_terlambat": NILAI + 1}, "bagian terlambat"),
])
def test_bare_kesempatan_trigger_needs_its_end_and_reason(db, inputs, message):
    contract(db)
    _refused(db, "beri_kesempatan", END, message, inputs)


def test_bare_kesempatan_trigger_sets_where_denda_stops(db):
    contract(db)
    sampai = END + timedelta(days=50)  # the limit itself is allowed
    advance(db, "P-1", "beri_kesempatan", ACTOR, tanggal=END, today=LATER,
            catatan="Penyedia sanggup", kesempatan_sampai=sampai)
    s = kt.contract_status(db, "P-1", END + timedelta(days=80))
    assert s.tahap == "kesempatan" and s.kesempatan_sampai == sampai
    assert s.hari_terlambat == 80  # denda runs from the contract end (until hand-over)
    [adendum] = s.adendum
    assert (adendum.jenis, adendum.selesai_lama, adendum.selesai_baru, adendum.alasan) == (
        "kesempatan", END, sampai, "Penyedia sanggup")
    assert show_paket(db, "P-1").riwayat[-1].catatan == (
        "Pemberian kesempatan 50 hari kalender sampai 29/07/2026; denda 1‰/hari s.d. "
        f"{rupiah(DASAR * 50 // 1000)}. Penyedia sanggup")


def test_bare_putus_kontrak_trigger_bars_the_penyedia(db):
    contract(db)
    report(db, MID, 20, keuangan=250_000_000)
    advance(db, "P-1", "putus_kontrak", ACTOR, tanggal=MID, today=LATER,
            catatan="Dokumen jaminan palsu", curang=True, lanjutan="P-1L")
    [entry] = kt.blacklist(db)
    assert (entry.penyedia, entry.mulai, entry.selesai, entry.curang, entry.alasan) == (
        PENYEDIA, MID, date(2028, 4, 20), True, "Dokumen jaminan palsu")
    assert show_paket(db, "P-1L").paket.pagu == NILAI - 250_000_000
    assert show_paket(db, "P-1").riwayat[-1].catatan == (
        "Dokumen jaminan palsu [daftar hitam 2 tahun] [paket lanjutan: P-1L]")


def test_bare_putus_kontrak_refuses_its_own_kode_as_follow_up(db):
    contract(db)
    with pytest.raises(InvalidInput, match="kodenya harus berbeda"):
        advance(db, "P-1", "putus_kontrak", ACTOR, tanggal=MID, today=LATER,
                catatan="Lalai", lanjutan="P-1")
    assert tahap(db) == "pelaksanaan" and kt.blacklist(db) == []


@pytest.mark.parametrize(("stage", "action"), [
    ("pelaksanaan", lambda db, v: kt.declare_kritis(db, "P-1", ACTOR, MID, today=LATER,
                                                    expected_version=v)),
    ("kritis", lambda db, v: kt.hold_scm(db, "P-1", 5500, date(2026, 5, 4), ACTOR, MID,
                                         today=LATER, expected_version=v)),
    ("pelaksanaan", lambda db, v: kt.extend_contract(db, "P-1", END + timedelta(days=30),
                                                     "Banjir", ACTOR, MID, today=LATER,
                                                     expected_version=v)),
    ("pelaksanaan", lambda db, v: kt.change_value(db, "P-1", NILAI - 1, "Kurang volume", ACTOR,
                                                  MID, today=LATER, expected_version=v)),
    ("pelaksanaan", lambda db, v: kt.grant_extra_time(db, "P-1", END + timedelta(days=10),
                                                      "Sanggup", ACTOR, END + timedelta(days=1),
                                                      today=LATER, expected_version=v)),
    ("pelaksanaan", lambda db, v: kt.terminate(db, "P-1", "Lalai", ACTOR, tanggal=MID,
                                               today=LATER, expected_version=v)),
], ids=["kritis", "scm", "perpanjangan", "nilai", "kesempatan", "putus"])
@pytest.mark.both_databases
def test_contract_actions_refuse_a_stale_version(db, stage, action):
    contract(db)
    report(db, MID, 35)  # a kritis report: declaring kritis is allowed
    if stage == "kritis":
        kt.declare_kritis(db, "P-1", ACTOR, MID, today=LATER)
    read = show_paket(db, "P-1").paket.version
    kt.extend_contract(db, "P-1", END + timedelta(days=1), "Hujan", ACTOR, MID, today=LATER)
    before = show_paket(db, "P-1")
    with pytest.raises(Conflict, match=f"Anda membaca versi {read}"):
        action(db, read)
    _unchanged(db, before)
    assert len(kt.contract_status(db, "P-1", MID).adendum) == 1
    action(db, before.paket.version)  # the version just read goes through
    assert show_paket(db, "P-1").paket.version > before.paket.version


def test_bare_kritis_and_sp_triggers_write_the_notes_of_the_kontrak_commands(db):
    contract(db)
    report(db, MID, 35)
    advance(db, "P-1", "nyatakan_kritis", ACTOR, tanggal=MID, today=LATER, catatan="Rapat")
    assert show_paket(db, "P-1").riwayat[-1].catatan == (
        "Rencana 50,00%, realisasi 35,00% (20/04/2026). Rapat")
    for day in (21, 22, 23):  # three SCMs, each trial missed (no report within it)
        advance(db, "P-1", "adakan_scm", ACTOR, tanggal=date(2026, 4, day), today=LATER,
                target_uji_coba=9000, tgl_uji_coba=date(2026, 4, day + 1))
    advance(db, "P-1", "beri_sp", ACTOR, tanggal=date(2026, 4, 24), today=LATER)
    assert show_paket(db, "P-1").riwayat[-1].catatan == "Surat peringatan 1"


TABLES = ("paket", "riwayat", "jadwal", "scm", "adendum", "daftar_hitam")


def _dump(db) -> dict[str, list[tuple]]:
    db.engine.dispose()
    with sqlite3.connect(db.engine.url.database) as connection:
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                for t in TABLES}


def test_a_kontrak_command_and_its_bare_trigger_write_alike(sqlite_db, tmp_path):
    """The kontrak commands (paket.apply_trigger, on a loaded paket) and the bare
    triggers of ``paket maju`` (maju.fire, on a row it reads) take the same steps
    (usecases/langkah.take): byte for byte the same rows, the moment frozen — the row,
    its chained history with the notes, the schedule, the SCM, the kesempatan, the
    daftar hitam and the follow-up paket."""
    kesempatan = dict(kesempatan_sampai=date(2026, 7, 1))
    putus = dict(curang=True, lanjutan="P-1L")
    with freeze_time("2026-06-25 10:00:00+07:00"):
        contract(sqlite_db)
        report(sqlite_db, MID, 35)
        sqlite_db.engine.dispose()
        (tmp_path / "bare").mkdir()
        bare = sqlite_copy(Path(sqlite_db.engine.url.database), tmp_path / "bare")
        kt.declare_kritis(sqlite_db, "P-1", ACTOR, MID, "Rapat", today=LATER)
        kt.hold_scm(sqlite_db, "P-1", 9000, date(2026, 4, 24), ACTOR, date(2026, 4, 21),
                    today=LATER)
        kt.grant_extra_time(sqlite_db, "P-1", tanggal=date(2026, 6, 10), alasan="Sanggup",
                            actor=ACTOR, today=LATER, sampai=kesempatan["kesempatan_sampai"])
        kt.terminate(sqlite_db, "P-1", "Wanprestasi", ACTOR, tanggal=date(2026, 6, 20),
                     today=LATER, **putus)
        for pemicu, day, inputs in (
                ("nyatakan_kritis", MID, dict(catatan="Rapat")),
                ("adakan_scm", date(2026, 4, 21),
                 dict(target_uji_coba=9000, tgl_uji_coba=date(2026, 4, 24))),
                ("beri_kesempatan", date(2026, 6, 10), dict(kesempatan, catatan="Sanggup")),
                ("putus_kontrak", date(2026, 6, 20), dict(putus, catatan="Wanprestasi"))):
            advance(bare, "P-1", pemicu, ACTOR, tanggal=day, today=LATER, **inputs)
    by_command, by_trigger = _dump(sqlite_db), _dump(bare)
    for table in TABLES:
        assert by_command[table] == by_trigger[table], table
    assert [len(by_command[t]) for t in TABLES[3:]] == [1, 1, 1]
    assert tahap(bare, "P-1L") == "rencana"
