"""Users and roles (issue #7): who may change what, checked in the use cases.

Each role at its boundary (on SQLite; user management on PostgreSQL too); every refusal leaves the
history, the version and the rows exactly as they were.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from pengadaan.demo.load import load_demo
from pengadaan.domain.akses import PEMILIK_PEMICU, Identitas, Peran, pemilik_tahap
from pengadaan.domain.errors import Conflict, InvalidInput, NotFound, TidakBerwenang
from pengadaan.domain.vocabulary import TAHAP
from pengadaan.domain.workflow.definitions import WORKFLOWS
from pengadaan.usecases import jadwal, kalender, kontrak, progres, target
from pengadaan.usecases import pengguna as uc
from pengadaan.usecases.acting import acting
from pengadaan.usecases.impor import import_rup
from pengadaan.usecases.opd import add_opd
from pengadaan.usecases.paket import PaketBaru, advance, create_paket, show_paket
from tests.conftest import ACTOR, make_opd, make_paket
from tests.test_execution_usecases import LATER, contract

WHEN = date(2026, 2, 2)
OTHER_OPD = re.escape("Anda (ppk Dinas Perhubungan) tidak berwenang mengubah paket Dinas PUPR")


def _users(db) -> None:
    """PUPR and DISHUB, then one user per role; the first admin ends the bootstrap."""
    uc.add_user(db, "admin", "admin", ACTOR)
    uc.add_user(db, "pokja", "ukpbj", "admin")
    uc.add_user(db, "ppk_pupr", "ppk", "admin", opd="PUPR")
    uc.add_user(db, "ppk_dishub", "ppk", "admin", opd="DISHUB")
    uc.add_user(db, "sekda", "pengawas", "admin")


@pytest.fixture
def kab(db):
    return kabupaten(db)


def kabupaten(db):
    """P-1 (tender, Dinas PUPR) in rencana, made while nobody was admin yet; then the
    users of :func:`_users`."""
    make_opd(db)
    make_opd(db, "DISHUB", "Dinas Perhubungan")
    make_paket(db)
    _users(db)
    return db


def _snapshot(db, kode="P-1"):
    detail = show_paket(db, kode)
    return detail.paket.tahap, detail.paket.version, len(detail.riwayat)


def _refused(db, match: str, call, kode="P-1"):
    """``call`` is refused with ``match`` and nothing about the paket changes."""
    before = _snapshot(db, kode)
    with pytest.raises(TidakBerwenang, match=match):
        call()
    assert _snapshot(db, kode) == before


# --- the rules, derived from the workflows -------------------------------------------


def test_every_trigger_has_one_owner_from_the_stage_it_leads_to():
    triggers = {step.trigger for steps in WORKFLOWS.values() for step in steps}
    assert set(PEMILIK_PEMICU) == triggers
    for name in ("umumkan", "tetapkan_pemenang", "buka_sanggah", "nyatakan_gagal",
                 "tender_ulang", "evaluasi_ulang", "penunjukan_langsung", "undang", "pesan"):
        assert PEMILIK_PEMICU[name] == Peran.UKPBJ, name
    for name in ("siapkan", "terbitkan_sppbj", "tanda_tangan_kontrak", "terbitkan_spmk",
                 "nyatakan_kritis", "adakan_scm", "beri_sp", "beri_kesempatan", "putus_kontrak",
                 "pho", "fho", "bast", "batalkan", "laksanakan"):
        assert PEMILIK_PEMICU[name] == Peran.PPK, name
    assert {t for t in TAHAP if pemilik_tahap(t) == Peran.UKPBJ} == {
        "pengumuman", "penjelasan", "penawaran", "evaluasi", "pembuktian", "negosiasi",
        "penetapan", "sanggah", "sanggah_banding", "pemesanan", "gagal"}


# --- the acting user -------------------------------------------------------------------


@pytest.mark.both_databases
def test_fresh_database_everyone_acts_as_admin(db):
    pelaku = uc.current_user(db, Identitas("siapa", login="orang_lain"))
    assert pelaku.peran == Peran.ADMIN and pelaku.awal
    make_opd(db)
    uc.add_user(db, "ppk_pupr", "ppk", "siapa", opd="PUPR")  # still no admin: still bootstrap
    assert uc.current_user(db, "ppk_pupr").peran == Peran.ADMIN
    uc.add_user(db, "admin", "admin", "siapa")
    assert uc.current_user(db, "ppk_pupr").label == "ppk Dinas PUPR"
    with pytest.raises(TidakBerwenang, match="pengguna 'siapa' belum terdaftar"):
        uc.current_user(db, "siapa")


def test_unknown_and_inactive_users_are_refused(kab):
    _refused(kab, "pengguna 'penguji' belum terdaftar",
             lambda: advance(kab, "P-1", "siapkan", ACTOR, tanggal=WHEN))
    uc.set_active(kab, "ppk_pupr", False, "admin")
    _refused(kab, "pengguna 'ppk_pupr' nonaktif",
             lambda: advance(kab, "P-1", "siapkan", "ppk_pupr", tanggal=WHEN))
    uc.set_active(kab, "ppk_pupr", True, "admin")
    assert advance(kab, "P-1", "siapkan", "ppk_pupr", tanggal=WHEN).paket.tahap == "persiapan"
    assert show_paket(kab, "P-1").riwayat[-1].oleh == "ppk_pupr"


def test_choosing_another_user_needs_the_admins_permission(kab):
    as_ppk = Identitas("ppk_pupr", login="budi")
    _refused(kab, "--pengguna ppk_pupr ditolak: Anda masuk sebagai budi",
             lambda: advance(kab, "P-1", "siapkan", as_ppk, tanggal=WHEN))
    with pytest.raises(TidakBerwenang, match=r"Anda \(ppk Dinas PUPR\).*hanya admin"):
        uc.allow_choice(kab, True, "ppk_pupr")
    uc.allow_choice(kab, True, "admin")
    assert uc.choice_allowed(kab)
    assert advance(kab, "P-1", "siapkan", as_ppk, tanggal=WHEN).paket.tahap == "persiapan"
    _refused(kab, "admin hanya bertindak dari login OS-nya sendiri",
             lambda: advance(kab, "P-1", "batalkan", Identitas("admin", login="budi"),
                             tanggal=WHEN, catatan="x"))
    uc.allow_choice(kab, False, "admin")
    _refused(kab, "--pengguna sekda ditolak",
             lambda: uc.current_user(kab, Identitas("sekda", login="budi")))
    assert uc.current_user(kab, Identitas("sekda", login="sekda")).peran == Peran.PENGAWAS


# --- paket triggers ----------------------------------------------------------------------


def test_ppk_fires_its_own_opd_only(kab):
    _refused(kab, OTHER_OPD, lambda: advance(kab, "P-1", "siapkan", "ppk_dishub", tanggal=WHEN))
    assert advance(kab, "P-1", "siapkan", "ppk_pupr", tanggal=WHEN).paket.tahap == "persiapan"


def test_ukpbj_fires_selection_triggers_and_ppk_does_not(kab):
    _refused(kab, r"Anda \(ukpbj\) tidak berwenang menjalankan 'Mulai persiapan.*PPK",
             lambda: advance(kab, "P-1", "siapkan", "pokja", tanggal=WHEN))
    advance(kab, "P-1", "siapkan", "ppk_pupr", tanggal=WHEN)
    _refused(kab, r"Anda \(ppk Dinas PUPR\) tidak berwenang menjalankan 'Umumkan "
                  r"tender/seleksi': tahap pemilihan dijalankan UKPBJ/Pokja",
             lambda: advance(kab, "P-1", "umumkan", "ppk_pupr", tanggal=WHEN, hps=900_000_000))
    assert advance(kab, "P-1", "umumkan", "pokja", tanggal=WHEN,
                   hps=900_000_000).paket.tahap == "pengumuman"
    # batal is the PPK's (or the admin's), from any stage
    _refused(kab, r"Anda \(ukpbj\) tidak berwenang menjalankan 'Batalkan paket'",
             lambda: advance(kab, "P-1", "batalkan", "pokja", tanggal=WHEN, catatan="x"))
    assert advance(kab, "P-1", "batalkan", "admin", tanggal=WHEN,
                   catatan="realokasi").paket.tahap == "batal"


def test_pengawas_changes_nothing(kab):
    ditolak = r"Anda \(pengawas\) tidak berwenang mengubah paket Dinas PUPR: pengawas hanya"
    _refused(kab, ditolak, lambda: advance(kab, "P-1", "siapkan", "sekda", tanggal=WHEN))
    _refused(kab, ditolak, lambda: jadwal.change_stage(
        kab, "P-1", "pengumuman", date(2026, 3, 2), date(2026, 3, 6), "geser", "sekda"))
    _refused(kab, ditolak, lambda: create_paket(kab, PaketBaru(
        "P-2", "Gedung", "PUPR", "tender", "konstruksi", 500_000_000), "sekda"))
    _refused(kab, r"Anda \(pengawas\) tidak berwenang menambah hari libur: hanya admin",
             lambda: kalender.add_day(kab, date(2026, 6, 8), "Hari Jadi", "sekda"))
    _refused(kab, "mengatur target serapan: hanya admin",
             lambda: target.set_target(kab, "PUPR", 6, "40", 2026, "sekda"))
    _refused(kab, "menambah OPD: hanya admin",
             lambda: add_opd(kab, "DINKES", "Dinas Kesehatan", actor="sekda"))
    _refused(kab, "mengelola pengguna: hanya admin",
             lambda: uc.add_user(kab, "x", "ppk", "sekda", opd="PUPR"))
    # the reads stay open to everyone
    assert show_paket(kab, "P-1").paket.kode == "P-1"
    assert [u.nama for u in uc.list_users(kab)] == [
        "admin", "pokja", "ppk_dishub", "ppk_pupr", "sekda"]
    assert all(h.keterangan != "Hari Jadi" for h in kalender.list_year(kab, 2026).libur)


def test_ppk_creates_packages_for_its_own_opd(kab):
    baru = PaketBaru("P-2", "Halte", "DISHUB", "tender", "konstruksi", 500_000_000)
    with pytest.raises(TidakBerwenang, match="Anda \\(ppk Dinas PUPR\\) tidak berwenang "
                                             "mengubah paket Dinas Perhubungan"):
        create_paket(kab, baru, "ppk_pupr", as_of=date(2026, 1, 5))
    with pytest.raises(NotFound):
        show_paket(kab, "P-2")
    with pytest.raises(TidakBerwenang, match="ukpbj.*menambah paket"):
        create_paket(kab, baru, "pokja", as_of=date(2026, 1, 5))
    assert create_paket(kab, baru, "ppk_dishub", as_of=date(2026, 1, 5)) == "P-2"
    assert show_paket(kab, "P-2").riwayat[0].oleh == "ppk_dishub"


def test_schedule_of_a_stage_belongs_to_its_side(kab):
    geser = ("pengumuman", date(2026, 3, 2), date(2026, 3, 6), "pokja berubah")
    _refused(kab, r"ppk Dinas PUPR\) tidak berwenang mengubah jadwal tahap 'Pengumuman'",
             lambda: jadwal.change_stage(kab, "P-1", *geser, "ppk_pupr"))
    jadwal.change_stage(kab, "P-1", *geser, "pokja")
    kerja = ("pelaksanaan", date(2026, 6, 1), date(2026, 11, 30), "musim hujan")
    _refused(kab, r"Anda \(ukpbj\) tidak berwenang mengubah jadwal tahap 'Pelaksanaan'",
             lambda: jadwal.change_stage(kab, "P-1", *kerja, "pokja"))
    _refused(kab, OTHER_OPD, lambda: jadwal.change_stage(kab, "P-1", *kerja, "ppk_dishub"))
    jadwal.change_stage(kab, "P-1", *kerja, "ppk_pupr")
    assert [h.oleh for h in show_paket(kab, "P-1").riwayat[-2:]] == ["pokja", "ppk_pupr"]


# --- the contract under way --------------------------------------------------------------


@pytest.fixture
def berjalan(db):
    """P-1 (Dinas PUPR) in pelaksanaan since SPMK, then users registered."""
    contract(db)
    make_opd(db, "DISHUB", "Dinas Perhubungan")
    _users(db)
    return db


def test_progress_and_contract_actions_are_the_own_ppks(berjalan):
    db = berjalan
    for actor, match in (("ppk_dishub", OTHER_OPD), ("pokja", r"Anda \(ukpbj\)"),
                         ("sekda", "pengawas hanya membaca")):
        _refused(db, match, lambda a=actor: progres.record_progress(
            db, "P-1", date(2026, 4, 1), 2000, a, today=LATER))
        _refused(db, match, lambda a=actor: kontrak.extend_contract(
            db, "P-1", date(2026, 7, 9), "banjir", a, tanggal=date(2026, 5, 1), today=LATER))
        _refused(db, match, lambda a=actor: kontrak.terminate(
            db, "P-1", "wanprestasi", a, tanggal=date(2026, 5, 1), today=LATER))
        _refused(db, match, lambda a=actor: progres.set_planned_curve(db, "P-1", [], a))
    assert progres.list_progress(db, "P-1") == []
    assert kontrak.contract_status(db, "P-1", LATER).adendum == []
    assert kontrak.blacklist(db) == []
    report = progres.record_progress(db, "P-1", date(2026, 4, 1), 2000, "ppk_pupr",
                                     today=LATER)
    assert report.oleh == "ppk_pupr"
    status = kontrak.extend_contract(db, "P-1", date(2026, 7, 9), "banjir", "ppk_pupr",
                                     tanggal=date(2026, 5, 1), today=LATER)
    assert status.selesai == date(2026, 7, 9)


# --- administration ----------------------------------------------------------------------


def test_administration_is_the_admins(kab, tmp_path):
    rup = tmp_path / "rup.csv"
    rup.write_text("kd_rup,nama_paket,nama_satker,pagu,metode_pengadaan,jenis_pengadaan\n"
                   "R-9,Sumur,Dinas PUPR,150000000,Pengadaan Langsung,Pekerjaan Konstruksi\n")
    with pytest.raises(TidakBerwenang, match=r"Anda \(ukpbj\) tidak berwenang mengimpor data"):
        import_rup(kab, rup, "pokja", as_of=date(2026, 1, 5))
    with pytest.raises(TidakBerwenang, match="mengisi data contoh: hanya admin"):
        load_demo(kab, 5, date(2026, 11, 25), 1, actor="ppk_pupr")
    assert not _exists(kab, "R-9")
    assert import_rup(kab, rup, "admin", as_of=date(2026, 1, 5)).dibuat == 1
    kalender.add_day(kab, date(2026, 6, 8), "Hari Jadi Kabupaten", "admin")
    assert add_opd(kab, "DINKES", "Dinas Kesehatan", actor="admin").kode == "DINKES"
    # the admin is also the superuser of every paket step
    assert advance(kab, "P-1", "siapkan", "admin", tanggal=WHEN).paket.tahap == "persiapan"


def _exists(db, kode: str) -> bool:
    try:
        show_paket(db, kode)
    except NotFound:
        return False
    return True


@pytest.mark.both_databases
def test_user_management_rules(kab):
    with pytest.raises(InvalidInput, match="opd: wajib untuk peran ppk"):
        uc.add_user(kab, "x", "ppk", "admin")
    with pytest.raises(InvalidInput, match="opd: tidak dipakai untuk peran ukpbj"):
        uc.add_user(kab, "x", "ukpbj", "admin", opd="PUPR")
    with pytest.raises(InvalidInput, match="peran: 'bupati' tidak dikenal"):
        uc.add_user(kab, "x", "bupati", "admin")
    with pytest.raises(NotFound, match="OPD 'XYZ'"):
        uc.add_user(kab, "x", "pengawas", "admin", opd="XYZ")
    with pytest.raises(Conflict, match="pengguna 'pokja' sudah terdaftar"):
        uc.add_user(kab, "pokja", "ukpbj", "admin")
    with pytest.raises(Conflict, match="satu-satunya admin aktif"):
        uc.set_active(kab, "admin", False, "admin")
    with pytest.raises(Conflict, match="sudah aktif"):
        uc.set_active(kab, "pokja", True, "admin")
    view = uc.add_user(kab, "inspektur", "pengawas", "admin", opd="DISHUB")
    assert (view.peran, view.opd, view.aktif, view.oleh) == ("pengawas", "DISHUB", True, "admin")
    assert uc.current_user(kab, "inspektur").label == "pengawas Dinas Perhubungan"
    uc.add_user(kab, "admin2", "admin", "admin")
    uc.set_active(kab, "admin", False, "admin2")
    with pytest.raises(TidakBerwenang, match="nonaktif"):
        uc.current_user(kab, "admin")


def test_every_write_use_case_resolves_the_acting_user(kab):
    """A new use case that writes without asking who acts fails here, not in production:
    writing opens with ``acting`` (the one writing unit of work, usecases/acting.py),
    and ``acting`` refuses an unknown user before the body runs."""
    import ast
    from pathlib import Path

    import pengadaan.demo
    import pengadaan.usecases

    writers, unchecked = [], []
    packages = (pengadaan.usecases, pengadaan.demo)
    for path in sorted(p for pkg in packages for p in Path(pkg.__file__).parent.glob("*.py")):
        if path.name == "acting.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            source = ast.unparse(node)
            if "acting(" in source:
                writers.append(node.name)
            elif "unit_of_work(write=True)" in source or ".commit()" in source:
                unchecked.append(f"{path.name}:{node.name}")
    assert len(writers) >= 18 and unchecked == []  # the scan finds them (18 today)
    with pytest.raises(TidakBerwenang, match="pengguna 'siapa' belum terdaftar"), \
            acting(kab, "siapa"):
        raise AssertionError("the body ran for an unknown user")
