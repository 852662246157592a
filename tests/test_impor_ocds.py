"""Issue #6: importing OCDS (BIRMS Bandung releases), on SQLite."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from pengadaan.domain.errors import InvalidInput
from pengadaan.usecases.audit import verify_history
from pengadaan.usecases.impor import ImportRejected, import_ocds
from pengadaan.usecases.paket import advance, show_paket
from tests.conftest import ACTOR, contracts_off_plan, make_opd, make_paket, shared_file

SAMPLE = "data/external/bandung-birms-ocds/sample_releases.json"
BIRMS = "data/external/bandung-birms-ocds/birms_releases_2016-2018.jsonl.gz"
AS_OF = date(2026, 1, 10)


def _count(db, table: str) -> int:
    with db.engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def _counts(db) -> tuple[int, ...]:
    return tuple(_count(db, t) for t in ("opd", "paket", "riwayat", "jadwal"))


def _sample() -> list[dict]:
    return json.loads(shared_file(SAMPLE).read_text(encoding="utf-8"))


def test_sample_stages_values_and_schedule(db):
    summary = import_ocds(db, shared_file(SAMPLE), ACTOR, as_of=AS_OF)
    assert (summary.dibaca, summary.dibuat, summary.ditolak) == (22, 22, 0)
    # README: planning 1, tender 6, award 5, contract 10 (one with only a pending contract).
    assert summary.per_tahap == {"rencana": 1, "pengumuman": 1, "penawaran": 5,
                                 "negosiasi": 3, "penetapan": 3, "kontrak": 9}
    assert summary.tanggal_dibuang == 12  # placeholder -0001-11-30 dates
    contract = show_paket(db, "ocds-afzrfb-b-2016-38800")
    p = contract.paket
    assert (p.tahap, p.metode, p.jenis, p.pagu) == ("kontrak", "pengadaan_langsung", "barang",
                                                     212_000_000)
    assert p.nilai_kontrak == 202_950_990  # both active contracts
    assert p.penyedia.startswith("CV. ADI DJAYA")
    assert p.tahap_sejak == date(2016, 3, 30)
    assert contract.opd_nama.startswith("Sekolah Menengah Pertama Negeri 20")
    jadwal = {j.tahap: j for j in contract.jadwal}
    assert jadwal["kontrak"].realisasi_mulai == date(2016, 3, 30)
    assert {"persiapan", "penawaran", "evaluasi", "negosiasi", "pelaksanaan"} <= set(jadwal)
    assert [(r.pemicu, r.dari, r.ke, r.tanggal) for r in contract.riwayat] == [
        ("impor", None, "kontrak", date(2016, 3, 30))]

    award = show_paket(db, "ocds-afzrfb-s-2016-6124079").paket  # SPSE tender with a winner
    assert (award.tahap, award.metode, award.jenis) == ("penetapan", "tender", "konstruksi")
    assert (award.hps, award.nilai_kontrak, award.penyedia) == (
        591_695_000, 591_695_000, "CV. REZA PUTRA MANDIRI")
    pending = show_paket(db, "ocds-afzrfb-b-2016-36417").paket  # only a pending contract
    assert (pending.tahap, pending.penyedia) == ("negosiasi", "CV. Dua Mahkota")
    assert show_paket(db, "ocds-afzrfb-b-2016-37279").paket.tahap == "rencana"
    # Placeholder tender start: no date, and the stage dated on the import day.
    placeholder = show_paket(db, "ocds-afzrfb-s-2018-16256064").paket
    assert (placeholder.tgl_awal_pemilihan, placeholder.tahap_sejak) == (None, AS_OF)


def test_paket_maju_continues_from_imported_stage(db):
    import_ocds(db, shared_file(SAMPLE), ACTOR, as_of=AS_OF)
    moved = advance(db, "ocds-afzrfb-b-2016-38800", "terbitkan_spmk", ACTOR,
                    tanggal=date(2016, 4, 1), today=AS_OF)
    assert moved.paket.tahap == "pelaksanaan"
    tender = advance(db, "ocds-afzrfb-s-2016-6124079", "buka_sanggah", ACTOR,
                     tanggal=date(2016, 4, 2), today=AS_OF)
    assert tender.paket.tahap == "sanggah"


def test_contract_period_is_the_planned_pelaksanaan_also_on_reimport(db, tmp_path):
    """Issue #13: the schedule's pelaksanaan is the contract period, and follows a
    newer release that moves the contract end over the row already stored."""
    import_ocds(db, shared_file(SAMPLE), ACTOR, as_of=AS_OF)
    assert contracts_off_plan(db) == (9, [])

    releases = _sample()
    release = next(r for r in releases if r["ocid"] == "ocds-afzrfb-b-2016-38800")
    for contract in release["contracts"]:
        contract.setdefault("period", {})["endDate"] = "2016-05-31T00:00:00+07:00"
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(releases))
    import_ocds(db, path, ACTOR, as_of=AS_OF)
    jadwal = {j.tahap: j for j in show_paket(db, "ocds-afzrfb-b-2016-38800").jadwal}
    assert (jadwal["pelaksanaan"].rencana_mulai, jadwal["pelaksanaan"].rencana_selesai) == (
        date(2016, 3, 30), date(2016, 5, 31))
    assert contracts_off_plan(db) == (9, [])


@pytest.mark.parametrize("wrap", ["array", "release_package", "record_package", "jsonl",
                                  "jsonl_gz", "package_gz"])
def test_every_container_gives_the_same_result(sqlite_db, tmp_path, wrap):
    releases = _sample()
    path = tmp_path / "data.json"
    if wrap == "array":
        path.write_text(json.dumps(releases))
    elif wrap in ("release_package", "package_gz"):
        text = json.dumps({"uri": "x", "version": "1.1", "releases": releases})
        if wrap == "package_gz":
            path = tmp_path / "data.json.gz"
            path.write_bytes(gzip.compress(text.encode()))
        else:
            path.write_text(text)
    elif wrap == "record_package":
        records = [{"ocid": r["ocid"], "compiledRelease": r} for r in releases]
        path.write_text(json.dumps({"uri": "x", "version": "1.1", "records": records}))
    else:
        text = "\n".join(json.dumps(r) for r in releases) + "\n"
        if wrap == "jsonl_gz":
            path = tmp_path / "data.jsonl.gz"
            path.write_bytes(gzip.compress(text.encode()))
        else:
            path = tmp_path / "data.jsonl"
            path.write_text(text)
    summary = import_ocds(sqlite_db, path, ACTOR, as_of=AS_OF)
    assert (summary.dibaca, summary.dibuat) == (22, 22)
    assert summary.per_tahap["kontrak"] == 9


@pytest.mark.both_databases
def test_reimport_is_idempotent_and_never_moves_back(db, tmp_path):
    path = shared_file(SAMPLE)
    import_ocds(db, path, ACTOR, as_of=AS_OF)
    before = _counts(db)
    again = import_ocds(db, path, ACTOR, as_of=AS_OF)
    assert (again.dibuat, again.diperbarui, again.tetap) == (0, 0, 22)
    assert _counts(db) == before

    # An officer records SPMK; the (older) file still says kontrak: the stage stays.
    advance(db, "ocds-afzrfb-b-2016-38800", "terbitkan_spmk", ACTOR, tanggal=date(2016, 4, 1),
            today=AS_OF)
    kept = import_ocds(db, path, ACTOR, as_of=AS_OF)
    assert kept.tahap_dipertahankan == 1
    assert show_paket(db, "ocds-afzrfb-b-2016-38800").paket.tahap == "pelaksanaan"

    # A newer release of a tender-stage ocid with a winner moves it forward, once.
    releases = _sample()
    release = next(r for r in releases if r["ocid"] == "ocds-afzrfb-s-2017-10032604")
    release["date"] = "2017-03-01T10:00:00+00:00"
    release["tag"] = ["planning", "tender", "award"]
    release["awards"] = [{"id": "1", "status": "active", "date": "2017-03-01T10:00:00+00:00",
                          "value": {"amount": 2_000_000_000, "currency": "IDR"},
                          "suppliers": [{"name": "PT Maju"}]}]
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps([release]))
    summary = import_ocds(db, newer, ACTOR, as_of=AS_OF)
    assert (summary.dibuat, summary.diperbarui) == (0, 1)
    detail = show_paket(db, "ocds-afzrfb-s-2017-10032604")
    assert (detail.paket.tahap, detail.paket.penyedia, detail.paket.nilai_kontrak) == (
        "penetapan", "PT Maju", 2_000_000_000)
    assert [(r.pemicu, r.dari, r.ke, r.tanggal) for r in detail.riwayat] == [
        ("impor", None, "pengumuman", date(2017, 2, 2)),
        ("impor", "pengumuman", "penetapan", date(2017, 3, 1))]
    assert _count(db, "paket") == 22
    assert verify_history(db).utuh  # bulk entries chained after the existing ones (issue #7)


def test_latest_release_of_an_ocid_wins(db, tmp_path):
    release = next(r for r in _sample() if r["ocid"] == "ocds-afzrfb-s-2017-10032604")
    older = {**release, "date": "2017-01-01T00:00:00+00:00", "tag": ["planning"]}
    older.pop("tender")
    path = tmp_path / "two.json"
    path.write_text(json.dumps([release, older]))
    summary = import_ocds(db, path, ACTOR, as_of=AS_OF)
    assert (summary.dibaca, summary.dibuat) == (2, 1)
    assert show_paket(db, release["ocid"]).paket.tahap == "pengumuman"


def test_bad_releases_block_or_go_to_csv(db, tmp_path):
    releases = _sample()[:3]
    releases[1] = {**releases[1], "ocid": ""}
    releases[2] = {**releases[2], "planning": {"budget": {"amount": {"amount": -5}}}}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(releases))
    with pytest.raises(ImportRejected) as err:
        import_ocds(db, path, ACTOR, as_of=AS_OF)
    assert [(r.row, r.kolom) for r in err.value.rejections] == [
        (2, "ocid"), (3, "planning.budget.amount")]
    assert "tidak boleh negatif" in err.value.rejections[1].alasan
    assert _counts(db) == (0, 0, 0, 0)
    rejected = tmp_path / "salah.csv"
    summary = import_ocds(db, path, ACTOR, lewati_salah=True, berkas_salah=rejected, as_of=AS_OF)
    assert (summary.dibuat, summary.ditolak) == (1, 2)
    assert rejected.read_text(encoding="utf-8").splitlines()[1] == "2,ocid,wajib diisi"


def _truncated_gz(tmp_path: Path) -> bytes:
    data = gzip.compress(shared_file(SAMPLE).read_bytes())
    return data[: len(data) // 2]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.json", lambda p: b"", "berkas kosong"),
    ("blank.jsonl", lambda p: b"\n\n  \n", "berkas kosong"),
    ("broken.json", lambda p: b'{"releases": [{"ocid": "a",', "JSON rusak"),
    ("broken.jsonl", lambda p: b'{"ocid": "a", "buyer": {"name": "X"}}\n{"ocid": "b"\n',
     "JSON rusak pada baris 2"),
    ("cut.json.gz", _truncated_gz, "gzip rusak atau terpotong"),
    ("bad.gz", lambda p: b"\x1f\x8b\x08\x00\x00\x00\x00\x00garbage", "gzip rusak"),
    ("rup.csv", lambda p: b"kd_rup,nama_paket\n1,x\n", "JSON rusak"),
    ("latin1.json", lambda p: b"\xff\xfe\x00\x00\x81", "bukan teks UTF-8"),
    ("other.json", lambda p: b'{"hello": 1}', "bukan data OCDS"),
    ("nothing.json", lambda p: b'{"releases": []}', "tidak berisi rilis"),
])
def test_malformed_files_change_nothing(db, tmp_path, name, content, message):
    make_opd(db)
    make_paket(db)
    before = _counts(db)
    path = tmp_path / name
    path.write_bytes(content(tmp_path))
    with pytest.raises(InvalidInput, match=message):
        import_ocds(db, path, ACTOR, as_of=AS_OF)
    assert _counts(db) == before


@pytest.mark.slow
def test_whole_birms_file(sqlite_db, tmp_path):
    # One project name holds a backspace ("Rutin/\x08erkala"): a control character is
    # refused at the door (issue #19), so that release is named and skipped.
    summary = import_ocds(sqlite_db, shared_file(BIRMS), ACTOR, as_of=AS_OF, lewati_salah=True,
                          berkas_salah=tmp_path / "ditolak.csv")
    assert (summary.dibaca, summary.dibuat, summary.ditolak) == (31985, 31984, 1)
    assert "U+0008" in str(summary.penolakan[0])
    # README: planning 3,104; tender 26,259; award 1,170; contract 1,452 (320 contracts
    # pending: a process whose contracts are all pending stays before kontrak).
    per = summary.per_tahap
    assert per["rencana"] == 3104
    assert per["pengumuman"] + per["penawaran"] == 26259 - 1  # the refused release
    assert per["kontrak"] + per["negosiasi"] + per["penetapan"] == 1170 + 1452
    # Of the dates the tracker reads (not every date field), those that are placeholders
    # or implausible years; 7,675 placeholders exist in all fields together (README).
    assert summary.tanggal_dibuang == 6719
    assert _count(sqlite_db, "paket") == 31984
    assert _count(sqlite_db, "riwayat") == 31984
    with sqlite_db.engine.connect() as conn:
        years = conn.execute(sa.text(
            "SELECT min(tanggal), max(tanggal) FROM riwayat")).one()
    assert str(years[0]) >= "2000" and str(years[1]) <= AS_OF.isoformat()
    again = import_ocds(sqlite_db, shared_file(BIRMS), ACTOR, as_of=AS_OF, lewati_salah=True,
                        berkas_salah=tmp_path / "ditolak.csv")
    assert (again.dibuat, again.diperbarui, again.tetap) == (0, 0, 31984)


def test_ocds_release_with_kode_rup_updates_the_rup_paket(db, tmp_path):
    """SiRUP first, then the tender's OCDS release naming the kode RUP: one paket."""
    from pengadaan.usecases.impor import import_rup
    from tests.test_impor_rup import SIRUP_HEADER, _csv, _row

    import_rup(db, _csv(tmp_path / "rup.csv", SIRUP_HEADER, [_row(kd="777")]), ACTOR,
               as_of=AS_OF)
    release = next(r for r in _sample() if r["ocid"] == "ocds-afzrfb-s-2017-10032604")
    release["planning"]["budget"]["projectID"] = "777"
    path = tmp_path / "tender.json"
    path.write_text(json.dumps([release]))
    summary = import_ocds(db, path, ACTOR, as_of=AS_OF)
    assert (summary.dibuat, summary.diperbarui) == (0, 1)
    detail = show_paket(db, "777")
    assert (detail.paket.tahap, detail.paket.kode_rup) == ("pengumuman", "777")
    assert [(r.pemicu, r.dari, r.ke) for r in detail.riwayat] == [
        ("impor", None, "rencana"), ("impor", "rencana", "pengumuman")]
    assert _count(db, "paket") == 1
    assert verify_history(db).utuh
    again = import_ocds(db, path, ACTOR, as_of=AS_OF)
    assert (again.dibuat, again.diperbarui, again.tetap) == (0, 0, 1)


def test_database_failure_midway_leaves_nothing(sqlite_db):
    """A real failure after paket rows were written (a trigger refusing jadwal rows):
    the unit of work rolls everything back, OPDs included."""
    with sqlite_db.engine.begin() as conn:
        conn.execute(sa.text("CREATE TRIGGER tolak BEFORE INSERT ON jadwal "
                             "BEGIN SELECT RAISE(ABORT, 'uji kegagalan'); END"))
    with pytest.raises(sa.exc.SQLAlchemyError, match="uji kegagalan"):
        import_ocds(sqlite_db, shared_file(SAMPLE), ACTOR, as_of=AS_OF)
    assert _counts(sqlite_db) == (0, 0, 0, 0)


def test_lpse_tender_list_is_not_ocds(sqlite_db):
    """A real SPSE DataTables dump (LPSE Kab. Mamuju) given to ``impor ocds``."""
    path = shared_file("data/external/lpse-regency-tender-lists/kab-mamuju.json")
    with pytest.raises(InvalidInput, match="kab-mamuju.json: bukan data OCDS"):
        import_ocds(sqlite_db, path, ACTOR, as_of=AS_OF)
    assert _counts(sqlite_db) == (0, 0, 0, 0)


def test_two_releases_naming_one_kode_rup_update_it_in_turn(db, tmp_path):
    """A re-tender gets a new ocid but keeps the kode RUP: both releases land on the one
    paket, one after the other (the second update expects the first one's version)."""
    from pengadaan.usecases.impor import import_rup
    from tests.test_impor_rup import SIRUP_HEADER, _csv, _row

    import_rup(db, _csv(tmp_path / "rup.csv", SIRUP_HEADER, [_row(kd="777")]), ACTOR,
               as_of=AS_OF)
    releases = [r for r in _sample() if r["ocid"] in ("ocds-afzrfb-s-2017-10032604",
                                                      "ocds-afzrfb-s-2016-6124079")]
    assert len(releases) == 2
    for release in releases:
        release.setdefault("planning", {}).setdefault("budget", {})["projectID"] = "777"
    path = tmp_path / "tender.json"
    path.write_text(json.dumps(releases))
    summary = import_ocds(db, path, ACTOR, as_of=AS_OF)
    assert (summary.dibuat, summary.diperbarui) == (0, 2)
    detail = show_paket(db, "777")
    assert detail.paket.version == 3
    steps = [(r.dari, r.ke) for r in detail.riwayat]
    assert len(steps) == 3 and steps[0] == (None, "rencana"), steps
    # each entry starts where the one before it ended, the second update's included
    assert all(dari == before for (dari, _), (_, before) in zip(steps[1:], steps, strict=False))
    assert _count(db, "paket") == 1
    assert verify_history(db).utuh
