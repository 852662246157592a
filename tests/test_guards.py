"""Each workflow rule both ways, with its Indonesian reason; refusals change nothing.

Rules that only judge the case are fired on a :class:`PaketCase` without a database;
those whose inputs come through the use case (creation, dates, the CLI hints) go
through it on a SQLite file, and check that a refusal leaves the database as it was.

Also atomicity: a guard refusing after an effect ran, or the database failing after
the new state was written to the row, leaves state, version, history and schedule
exactly as they were (issue #2).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa

from pengadaan.domain import config
from pengadaan.domain.errors import Conflict, GuardFailed, InvalidInput, NotFound, TriggerNotAllowed
from pengadaan.domain.workflow import PaketCase, fire, stages_of
from pengadaan.domain.workflow import guards as g
from pengadaan.usecases.paket import PaketBaru, advance, create_paket, list_paket, show_paket
from tests.conftest import ACTOR, make_opd, make_paket
from tests.spine_paths import (
    HPS,
    NILAI,
    NON_TENDER,
    PENYEDIA,
    TENDER_FROM_EVALUASI,
    TENDER_TO_EVALUASI,
    TODAY,
    Walker,
)

PAGU = 1_000_000_000
DAY = date(2026, 3, 2)  # the effective date of a pure rule test


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of the tables a transition touches, in id order."""
    with db.engine.connect() as conn:
        return {
            table: [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY id"))]
            for table in ("paket", "riwayat", "jadwal")
        }


def _paket(db, **kw) -> Walker:
    make_opd(db)
    make_paket(db, **kw)
    return Walker(db, "P-1", kw.get("pagu", PAGU))


def _refused_case(case: PaketCase, match: str, pemicu: str, on: date | None = None,
                  **inputs) -> None:
    """The rule alone, no database: ``pemicu`` is refused with ``match`` and the case is
    left as it was (what reaches the database is checked by ``_refused``)."""
    before = replace(case)
    with pytest.raises(GuardFailed, match=match):
        fire(case, pemicu, on or DAY, **inputs)
    assert case == before


def _in_sanggah(metode: str, jenis: str) -> PaketCase:
    """A tender/seleksi whose winner was announced and whose sanggah period is open."""
    return PaketCase("sanggah", metode, jenis, 2026, PAGU, hps=HPS, penyedia=PENYEDIA,
                     nilai_kontrak=NILAI)


def _refused(db, match: str, pemicu: str, fields: tuple[str, ...] = (), **kw) -> None:
    """``pemicu`` is refused with ``match``, naming the trigger inputs ``fields`` that
    would fix it, and the database is unchanged."""
    before = snapshot(db)
    with pytest.raises(GuardFailed, match=match) as refused:
        advance(db, "P-1", pemicu, ACTOR, today=TODAY, **kw)
    assert refused.value.isian == fields
    assert snapshot(db) == before


# --- HPS <= pagu ----------------------------------------------------------------------------


def test_hps_at_creation(db):
    make_opd(db)
    make_paket(db, "P-1", hps=PAGU)
    with pytest.raises(GuardFailed, match=r"^HPS Rp 1\.000\.000\.001 melebihi pagu "
                                          r"Rp 1\.000\.000\.000$"):
        make_paket(db, "P-2", hps=PAGU + 1)
    with pytest.raises(NotFound):
        show_paket(db, "P-2")


@pytest.mark.parametrize(("metode", "jenis", "pemicu"), [
    ("tender", "konstruksi", "umumkan"),
    ("penunjukan_langsung", "barang", "undang"),
    ("e_purchasing", "barang", "pesan"),
])
def test_hps_within_pagu_when_selection_starts(metode, jenis, pemicu):
    case = PaketCase("persiapan", metode, jenis, 2026, PAGU)
    _refused_case(case, r"HPS Rp 1\.000\.000\.001 melebihi pagu Rp 1\.000\.000\.000", pemicu,
                  hps=PAGU + 1)
    assert fire(case, pemicu, DAY, hps=PAGU).hps == PAGU


def test_tender_needs_hps(db):
    w = _paket(db)
    w.step("siapkan")
    _refused(db, r"^HPS belum ditetapkan$", "umumkan", ("hps",), tanggal=w.day)


# --- nilai kontrak <= HPS, <= pagu without HPS -----------------------------------------------


def test_winner_within_hps(db):
    w = _paket(db)
    w.walk([*TENDER_TO_EVALUASI, TENDER_FROM_EVALUASI[0]])
    _refused(db, r"nilai kontrak Rp 900\.000\.001 melebihi HPS Rp 900\.000\.000",
             "tetapkan_pemenang", tanggal=w.day, penyedia="CV A", nilai_kontrak=900_000_001)
    _refused(db, r"^penyedia belum diisi$", "tetapkan_pemenang", ("penyedia",),
             tanggal=w.day, nilai_kontrak=900_000_000)
    detail = advance(db, "P-1", "tetapkan_pemenang", ACTOR, tanggal=w.day, today=TODAY,
                     penyedia="CV A", nilai_kontrak=900_000_000)
    assert (detail.paket.tahap, detail.paket.nilai_kontrak) == ("penetapan", 900_000_000)


def test_contract_within_pagu_without_hps():
    case = fire(PaketCase("persiapan", "e_purchasing", "barang", 2026, PAGU), "pesan", DAY,
                hps=None)
    assert (case.state, case.hps) == ("pemesanan", None)
    _refused_case(case, r"nilai kontrak Rp 1\.000\.000\.001 melebihi pagu Rp 1\.000\.000\.000",
                  "tanda_tangan_kontrak", penyedia="PT B", nilai_kontrak=PAGU + 1)
    assert fire(case, "tanda_tangan_kontrak", DAY, penyedia="PT B",
                nilai_kontrak=PAGU).state == "kontrak"


def test_contract_within_hps_when_given_at_signing():
    case = PaketCase("pemesanan", "e_purchasing", "barang", 2026, PAGU, hps=900_000_000)
    _refused_case(case, r"melebihi HPS Rp 900\.000\.000", "tanda_tangan_kontrak",
                  penyedia="PT B", nilai_kontrak=900_000_001)


# --- kontrak needs penyedia and nilai kontrak ---------------------------------------------


@pytest.mark.parametrize(("inputs", "match", "fields"), [
    ({}, r"^kontrak memerlukan penyedia dan nilai kontrak$", ("penyedia", "nilai_kontrak")),
    ({"penyedia": "PT B"}, r"^kontrak memerlukan nilai kontrak$", ("nilai_kontrak",)),
    ({"nilai_kontrak": 5_000_000}, r"^kontrak memerlukan penyedia$", ("penyedia",)),
    ({"penyedia": "   ", "nilai_kontrak": 5_000_000}, r"memerlukan penyedia", ("penyedia",)),
    ({"penyedia": "PT B", "nilai_kontrak": 0}, r"^nilai kontrak harus lebih dari Rp 0$", ()),
])
def test_contract_needs_penyedia_and_nilai(db, inputs, match, fields):
    w = _paket(db, metode="e_purchasing", jenis="barang")
    w.walk([("siapkan", "persiapan"), ("pesan", "pemesanan")])
    _refused(db, match, "tanda_tangan_kontrak", fields, tanggal=w.day, **inputs)


def test_contract_complete_is_allowed(db):
    w = _paket(db, metode="e_purchasing", jenis="barang")
    w.walk([("siapkan", "persiapan"), ("pesan", "pemesanan")])
    detail = advance(db, "P-1", "tanda_tangan_kontrak", ACTOR, tanggal=w.day,
                     today=TODAY, penyedia="  PT B ", nilai_kontrak=1)
    assert (detail.paket.penyedia, detail.paket.nilai_kontrak) == ("PT B", 1)


# --- pengadaan langsung ceiling, by jenis and date --------------------------------------------

APRIL_29, APRIL_30 = date(2025, 4, 29), date(2025, 4, 30)


@pytest.mark.parametrize(("jenis", "on", "limit", "source"), [
    ("konstruksi", APRIL_29, 200_000_000, "Perpres 12/2021"),
    ("konstruksi", APRIL_30, 400_000_000, "Perpres 46/2025"),
    ("konstruksi", date(2026, 1, 1), 400_000_000, "Perpres 46/2025"),
    ("barang", APRIL_29, 200_000_000, "Perpres 16/2018"),
    ("barang", APRIL_30, 200_000_000, "Perpres 16/2018"),
    ("jasa_lainnya", APRIL_30, 200_000_000, "Perpres 16/2018"),
    ("konsultansi", APRIL_29, 100_000_000, "Perpres 16/2018"),
    ("konsultansi", APRIL_30, 100_000_000, "Perpres 16/2018"),
])
def test_pl_ceiling_boundaries(jenis, on, limit, source):
    assert config.pl_limit(jenis, on).value == limit
    at_limit = PaketCase("persiapan", "pengadaan_langsung", jenis, on.year, limit)
    assert g.pl_ceiling(at_limit, {"tanggal": on}) is None
    over = PaketCase("persiapan", "pengadaan_langsung", jenis, on.year, limit + 1)
    reason = g.pl_ceiling(over, {"tanggal": on})
    assert reason.startswith(f"pagu Rp {limit + 1:,} melebihi batas pengadaan langsung "
                             f"Rp {limit:,}".replace(",", "."))
    assert source in reason and jenis in reason
    assert fire(at_limit, "undang", on).state == "penawaran"
    with pytest.raises(GuardFailed, match="melebihi batas pengadaan langsung"):
        fire(over, "undang", on)


def test_pl_ceiling_only_for_pengadaan_langsung():
    case = PaketCase("persiapan", "penunjukan_langsung", "barang", 2026, 5_000_000_000)
    assert fire(case, "undang", date(2026, 3, 1)).state == "penawaran"


def _pl_konstruksi_2025(db, kode: str, pagu: int, mulai: date | None) -> str:
    return create_paket(db, PaketBaru(kode=kode, nama="Rehab Jalan Dawe", opd="PUPR",
                                      metode="pengadaan_langsung", jenis="konstruksi", pagu=pagu,
                                      tahun=2025, mulai_pemilihan=mulai),
                        ACTOR, as_of=date(2025, 1, 6))


def test_pl_ceiling_at_creation_by_planned_start(db):
    make_opd(db)
    with pytest.raises(GuardFailed, match=r"Rp 300\.000\.000 melebihi batas pengadaan "
                                          r"langsung Rp 200\.000\.000 untuk jenis konstruksi"):
        _pl_konstruksi_2025(db, "A", 300_000_000, APRIL_29)
    with pytest.raises(GuardFailed, match="batas pengadaan langsung Rp 200.000.000"):
        _pl_konstruksi_2025(db, "B", 300_000_000, None)  # judged on 1 January
    assert _pl_konstruksi_2025(db, "C", 200_000_000, APRIL_29) == "C"
    assert _pl_konstruksi_2025(db, "D", 400_000_000, APRIL_30) == "D"
    with pytest.raises(GuardFailed, match="batas pengadaan langsung Rp 400.000.000"):
        _pl_konstruksi_2025(db, "E", 400_000_001, APRIL_30)


def test_pl_ceiling_at_invitation_by_its_date(db):
    make_opd(db)
    _pl_konstruksi_2025(db, "P-1", 300_000_000, APRIL_30)
    today = date(2025, 12, 31)
    advance(db, "P-1", "siapkan", ACTOR, tanggal=date(2025, 4, 1), today=today)
    before = snapshot(db)
    with pytest.raises(GuardFailed, match=r"batas pengadaan langsung Rp 200\.000\.000 untuk "
                                          r"jenis konstruksi \(Perpres 12/2021 Pasal 38\)"):
        advance(db, "P-1", "undang", ACTOR, tanggal=APRIL_29, today=today)
    assert snapshot(db) == before
    detail = advance(db, "P-1", "undang", ACTOR, tanggal=APRIL_30, today=today)
    assert detail.paket.tahap == "penawaran"


# --- sanggah banding only for konstruksi --------------------------------------------------------


@pytest.mark.parametrize(("metode", "jenis"), [("tender", "barang"), ("tender", "jasa_lainnya")])
def test_sanggah_banding_refused_outside_konstruksi(metode, jenis):
    _refused_case(_in_sanggah(metode, jenis),
                  r"^sanggah banding hanya untuk pekerjaan konstruksi \(Perpres 12/2021 "
                  r"Pasal 50\(2\)\)$", "sanggah_banding")


def test_seleksi_has_no_sanggah_banding():
    """Seleksi is for konsultansi only, so the konstruksi-only stage is not in its graph."""
    assert "sanggah_banding" not in stages_of("seleksi")
    assert "sanggah_banding" in stages_of("tender")
    case = _in_sanggah("seleksi", "konsultansi")
    with pytest.raises(TriggerNotAllowed, match="yang berlaku: terbitkan_sppbj, nyatakan_gagal, "
                                                "batalkan$"):
        fire(case, "sanggah_banding", DAY)
    assert case.state == "sanggah"


def test_sanggah_banding_allowed_for_konstruksi():
    case = _in_sanggah("tender", "konstruksi")
    assert fire(case, "sanggah_banding", DAY).state == "sanggah_banding"


# --- penunjukan langsung only after a failed repeat, with approval ---------------------------


def test_penunjukan_langsung_needs_failed_repeat_and_approval(db):
    w = _paket(db)
    w.walk(TENDER_TO_EVALUASI)
    w.step("nyatakan_gagal", "gagal")
    _refused(db, r"^penunjukan langsung hanya setelah tender ulang juga gagal$",
             "penunjukan_langsung", tanggal=w.day, persetujuan="Surat PA 027/1")
    w.step("tender_ulang", "pengumuman")
    w.walk(TENDER_TO_EVALUASI[2:])
    w.step("nyatakan_gagal", "gagal")
    for persetujuan in (None, "", "   "):
        _refused(db, r"^penunjukan langsung memerlukan persetujuan PA/KPA$",
                 "penunjukan_langsung", ("persetujuan",), tanggal=w.day,
                 persetujuan=persetujuan)
    detail = advance(db, "P-1", "penunjukan_langsung", ACTOR, tanggal=w.day, today=TODAY,
                     persetujuan="Surat PA 027/1")
    assert (detail.paket.tahap, detail.paket.metode) == ("penawaran", "penunjukan_langsung")
    assert detail.riwayat[-1].catatan == "[persetujuan PA/KPA: Surat PA 027/1]"


# --- kontrak not before 1 January of the tahun anggaran -----------------------------------------


def test_contract_not_before_fiscal_year():
    # Selection may run in 2026 (pengadaan dini); the winner is known in sppbj.
    case = PaketCase("sppbj", "tender", "konstruksi", 2027, PAGU, hps=HPS, penyedia=PENYEDIA,
                     nilai_kontrak=NILAI)
    _refused_case(case, r"^kontrak tahun anggaran 2027 baru boleh ditandatangani mulai "
                        r"01/01/2027", "tanda_tangan_kontrak", on=date(2026, 12, 31))
    assert fire(case, "tanda_tangan_kontrak", date(2027, 1, 1)).state == "kontrak"


# --- the effective date -----------------------------------------------------------------------


def test_effective_date_not_before_last_step_nor_in_future(db):
    _paket(db)
    advance(db, "P-1", "siapkan", ACTOR, tanggal=date(2026, 2, 10), today=TODAY)
    before = snapshot(db)
    with pytest.raises(InvalidInput, match=r"^tanggal: 09/02/2026 sebelum langkah terakhir "
                                           r"paket \(siapkan, 10/02/2026\)$"):
        advance(db, "P-1", "umumkan", ACTOR, tanggal=date(2026, 2, 9), today=TODAY, hps=1)
    with pytest.raises(InvalidInput, match=r"^tanggal: 01/01/2027 belum terjadi \(hari ini "
                                           r"31/12/2026\)$"):
        advance(db, "P-1", "umumkan", ACTOR, tanggal=date(2027, 1, 1), today=TODAY, hps=1)
    assert snapshot(db) == before
    # The same day as the last step, and today itself, are both allowed.
    advance(db, "P-1", "umumkan", ACTOR, tanggal=date(2026, 2, 10), today=TODAY, hps=1)
    detail = advance(db, "P-1", "beri_penjelasan", ACTOR, tanggal=TODAY, today=TODAY)
    assert detail.paket.tahap_sejak == TODAY


def test_creation_date_counts_as_last_step(db):
    _paket(db)  # created 05/01/2026
    with pytest.raises(InvalidInput, match=r"sebelum langkah terakhir paket \(buat, 05/01/2026\)"):
        advance(db, "P-1", "siapkan", ACTOR, tanggal=date(2026, 1, 4), today=TODAY)


# --- metode and jenis fit at creation ------------------------------------------------------------


@pytest.mark.parametrize(("metode", "jenis", "match"), [
    ("seleksi", "barang", "metode seleksi hanya untuk jenis konsultansi"),
    ("seleksi", "konstruksi", "metode seleksi hanya untuk jenis konsultansi"),
    ("seleksi", "jasa_lainnya", "metode seleksi hanya untuk jenis konsultansi"),
    ("tender", "konsultansi", "jasa konsultansi dipilih melalui seleksi, bukan tender"),
    ("tender_cepat", "konsultansi", "jasa konsultansi dipilih melalui seleksi, bukan tender"),
    ("lelang", "barang", r"^metode: 'lelang' tidak dikenal \(pilihan: tender, tender_cepat, "),
    ("tender", "jasa", r"^jenis: 'jasa' tidak dikenal \(pilihan: barang, konstruksi, "),
])
def test_metode_must_fit_jenis(db, metode, jenis, match):
    make_opd(db)
    with pytest.raises(InvalidInput, match=match):
        make_paket(db, metode=metode, jenis=jenis)
    assert snapshot(db)["paket"] == []


@pytest.mark.parametrize(("metode", "jenis"), [
    ("seleksi", "konsultansi"), ("tender", "barang"), ("tender", "konstruksi"),
    ("tender", "jasa_lainnya"), ("tender_cepat", "barang"), ("e_purchasing", "jasa_lainnya"),
    ("swakelola", "konstruksi"), ("penunjukan_langsung", "konsultansi"),
    ("Tender Cepat", "Jasa Lainnya"), ("pengadaan_langsung", "konsultansi"),
])
def test_metode_fitting_jenis_is_accepted(db, metode, jenis):
    make_opd(db)
    make_paket(db, metode=metode, jenis=jenis, pagu=90_000_000)
    paket = show_paket(db, "P-1").paket
    assert (paket.metode, paket.jenis) == (metode.lower().replace(" ", "_"),
                                           jenis.lower().replace(" ", "_"))


@pytest.mark.both_databases
def test_creation_refusals(db):
    make_opd(db)
    make_paket(db)
    with pytest.raises(Conflict, match="paket dengan kode 'P-1' sudah ada"):
        make_paket(db)
    with pytest.raises(InvalidInput, match=r"pagu: harus lebih dari Rp 0"):
        make_paket(db, "P-2", pagu=0)
    with pytest.raises(NotFound, match=r"OPD 'DISHUB' tidak ditemukan"):
        make_paket(db, "P-3", opd="DISHUB")
    with pytest.raises(InvalidInput, match=r"kode: wajib diisi"):
        make_paket(db, "  ")
    assert len(snapshot(db)["paket"]) == 1


# --- atomicity ----------------------------------------------------------------------------------


@pytest.mark.both_databases
def test_refusal_after_an_effect_leaves_everything(db):
    """``umumkan`` copies the HPS onto the case before the guard refuses it."""
    w = _paket(db, hps=None)
    w.step("siapkan")
    _refused(db, "melebihi pagu", "umumkan", tanggal=w.day, hps=PAGU + 1)
    paket = show_paket(db, "P-1").paket
    assert (paket.tahap, paket.hps, paket.version) == ("persiapan", None, 2)


# The planned schedule (issue #3) already has the row, so the transition updates it:
# refuse inserts and updates alike.
_REFUSE_SQLITE = tuple(f"""
CREATE TRIGGER tolak_jadwal_{event.lower()} BEFORE {event} ON jadwal
WHEN (SELECT tahap FROM paket WHERE id = NEW.paket_id) = 'pengumuman'
 AND (SELECT count(*) FROM riwayat WHERE paket_id = NEW.paket_id AND ke = 'pengumuman') = 1
BEGIN SELECT RAISE(ABORT, 'jadwal ditolak oleh basis data'); END
""" for event in ("INSERT", "UPDATE"))
_REFUSE_PG = (
    """
CREATE FUNCTION tolak_jadwal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT tahap FROM paket WHERE id = NEW.paket_id) = 'pengumuman'
     AND (SELECT count(*) FROM riwayat WHERE paket_id = NEW.paket_id
          AND ke = 'pengumuman') = 1 THEN
    RAISE EXCEPTION 'jadwal ditolak oleh basis data';
  END IF;
  RETURN NEW;
END $$
""",
    "CREATE TRIGGER tolak_jadwal BEFORE INSERT OR UPDATE ON jadwal "
    "FOR EACH ROW EXECUTE FUNCTION tolak_jadwal()",
)


@pytest.fixture
def refusing_schedule(db):
    """A database trigger that fails the schedule insert of a transition into
    ``pengumuman`` — after the paket row got its new state and the history row was
    written in the same transaction (the trigger checks both)."""
    sqlite = db.engine.dialect.name == "sqlite"
    with db.engine.begin() as conn:
        for statement in (_REFUSE_SQLITE if sqlite else _REFUSE_PG):
            conn.exec_driver_sql(statement)
    yield db
    with db.engine.begin() as conn:
        for statement in (("DROP TRIGGER tolak_jadwal_insert", "DROP TRIGGER tolak_jadwal_update")
                          if sqlite else ("DROP FUNCTION tolak_jadwal() CASCADE",)):
            conn.exec_driver_sql(statement)


def test_database_failure_after_state_was_written_rolls_back(refusing_schedule):
    db = refusing_schedule
    w = _paket(db, hps=None)
    w.step("siapkan")
    before = snapshot(db)
    with pytest.raises(sa.exc.DBAPIError, match="jadwal ditolak oleh basis data"):
        advance(db, "P-1", "umumkan", ACTOR, tanggal=w.day, today=TODAY, hps=PAGU)
    assert snapshot(db) == before
    paket = show_paket(db, "P-1").paket
    assert (paket.tahap, paket.hps, paket.version) == ("persiapan", None, 2)


@pytest.mark.both_databases
def test_stale_version_is_refused_and_changes_nothing(db):
    w = _paket(db)
    w.step("siapkan")
    before = snapshot(db)
    with pytest.raises(Conflict, match=r"^paket P-1 sudah diubah pengguna lain \(versi 2, "
                                       r"Anda membaca versi 1\); muat ulang lalu coba lagi$"):
        advance(db, "P-1", "umumkan", ACTOR, tanggal=w.day, today=TODAY, hps=PAGU,
                expected_version=1)
    assert snapshot(db) == before
    detail = advance(db, "P-1", "umumkan", ACTOR, tanggal=w.day, today=TODAY, hps=PAGU,
                     expected_version=2)
    assert detail.paket.version == 3


def test_non_tender_path_guards_nothing_extra(db):
    """Sanity for the PL rows above: a PL package within its ceiling walks freely."""
    w = _paket(db, metode="pengadaan_langsung", jenis="konsultansi", pagu=100_000_000)
    assert w.walk(NON_TENDER).paket.tahap == "negosiasi"


@pytest.mark.both_databases
def test_text_longer_than_its_column_is_refused_alike(db):
    """SQLite would store it and PostgreSQL would fail in English: both refuse it first."""
    w = _paket(db, metode="e_purchasing", jenis="barang")
    w.walk([("siapkan", "persiapan"), ("pesan", "pemesanan")])
    refused = "penyedia: paling panjang 200 karakter (201 diberikan)"
    before = snapshot(db)
    with pytest.raises(InvalidInput, match=re.escape(refused)):
        advance(db, "P-1", "tanda_tangan_kontrak", ACTOR, tanggal=w.day, today=TODAY,
                penyedia="P" * 201, nilai_kontrak=1)
    assert snapshot(db) == before
    detail = advance(db, "P-1", "tanda_tangan_kontrak", ACTOR, tanggal=w.day, today=TODAY,
                     penyedia="P" * 200, nilai_kontrak=1)
    assert len(detail.paket.penyedia) == 200
    with pytest.raises(InvalidInput, match=r"^nama: paling panjang 500 karakter"):
        make_paket(db, "P-2", nama="N" * 501)
    with pytest.raises(InvalidInput, match=r"^kode: paling panjang 60 karakter"):
        make_paket(db, "K" * 61)


def test_unknown_stage_filter_is_refused(db):
    make_opd(db)
    make_paket(db)
    assert [r.kode for r in list_paket(db, tahap=["rencana", "batal"])] == ["P-1"]
    with pytest.raises(InvalidInput, match=r"^tahap: 'rencan' tidak dikenal \(pilihan: "
                                           r"rencana, persiapan, "):
        list_paket(db, tahap=["rencan"])
