"""Issue #17: the forecast use case and command on a small database, SQLite and
PostgreSQL: the set-based read (db/proyeksi.py) gives the pure model the facts it
needs (reports in force, the recent rate, the kesempatan end), the OPD sums and the
at-risk list with its kendala; ``pengadaan proyeksi`` prints, writes JSON and XLSX,
and refuses an unknown OPD in one line."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pengadaan.db.models import Adendum, Kendala, Opd, Paket, Progres

from pengadaan.usecases import alerts as alerts_uc
from pengadaan.usecases import proyeksi as uc
from pengadaan.usecases.proyeksi_paket import judged
from tests.cli_support import run

NOW = datetime(2026, 1, 2, tzinfo=UTC)
PER = date(2026, 12, 1)
NILAI = 1_000_000_000


def _insert(conn, table, **values) -> int:
    return conn.execute(sa.insert(table.__table__).values(**values)
                        .returning(table.id)).scalar_one()


def _paket(conn, opd_id: int, kode: str, tahap: str, **fields) -> int:
    values = dict(kode=kode, nama=f"Paket {kode}", opd_id=opd_id, tahun=2026,
                  jenis="konstruksi", metode="tender", pagu=1_100_000_000, tahap=tahap,
                  ulang=0, dibuat=NOW, diubah=NOW, version=1)
    values.update(fields)
    return _insert(conn, Paket, **values)


def _report(conn, paket_id: int, day: date, fisik: int, keuangan: int | None,
            kritis: bool = False) -> None:
    _insert(conn, Progres, paket_id=paket_id, tanggal=day, fisik_bp=fisik, keuangan=keuangan,
            kritis=kritis, dicatat=NOW, oleh="penguji")


def build(db) -> None:
    """PUPR: one finished, one tender too late to contract (with a kendala), one contract
    crossing the year by kesempatan; DINKES: one contract on plan."""
    contract = dict(nilai_kontrak=NILAI, tgl_kontrak_mulai=date(2026, 6, 1))
    with db.engine.begin() as conn:
        pupr = _insert(conn, Opd, kode="1.03", nama="Dinas PUPR", singkatan="PUPR")
        dinkes = _insert(conn, Opd, kode="1.02", nama="Dinas Kesehatan", singkatan="DINKES")
        done = _paket(conn, pupr, "A-1", "selesai", **contract,
                      tgl_kontrak_selesai=date(2026, 10, 28))
        _report(conn, done, date(2026, 10, 20), 10_000, 950_000_000)
        late = _paket(conn, pupr, "A-2", "pengumuman", tahap_sejak=date(2026, 11, 25),
                      tgl_awal_pemilihan=date(2026, 11, 25), pagu=2_000_000_000)
        _insert(conn, Kendala, paket_id=late, tanggal=date(2026, 11, 26), kategori="lahan",
                uraian="Lahan belum bebas", oleh="penguji", dicatat=NOW)
        crossing = _paket(conn, pupr, "A-3", "kesempatan", **contract,
                          tgl_kontrak_selesai=date(2026, 11, 30))
        _report(conn, crossing, date(2026, 11, 3), 6_000, 570_000_000)
        _report(conn, crossing, date(2026, 12, 1), 7_000, 665_000_000)
        _insert(conn, Adendum, paket_id=crossing, jenis="kesempatan", tanggal=date(2026, 12, 1),
                selesai_lama=date(2026, 11, 30), selesai_baru=date(2027, 1, 19),
                alasan="kesempatan", dicatat=NOW, oleh="penguji")
        on_plan = _paket(conn, dinkes, "B-1", "pelaksanaan", **contract, jenis="barang",
                         tgl_kontrak_selesai=date(2026, 12, 20))
        _report(conn, on_plan, date(2026, 11, 30), 8_000, 0)


@pytest.mark.both_databases
def test_forecast_per_opd_and_the_packages_at_risk(db):
    build(db)
    h = uc.proyeksi(db, PER)
    by_opd = {b.opd: b for b in h.baris}
    assert [p.kode for p in h.berisiko] == ["A-2", "A-3"]  # largest amount first
    late, crossing = h.berisiko
    assert (late.alasan, late.proyeksi) == ("tidak_sempat", 0)
    assert late.kendala is not None and "Lahan belum bebas" in late.kendala
    assert crossing.alasan == "kesempatan_lewat_tahun"
    # The rate since the report in force 28 days earlier: 10 points in 28 days.
    assert crossing.fisik_akhir_bp == 7_000 + 30 * 1_000 // 28
    # Finished: what it paid; on plan (barang, paid once after BAST): the whole contract.
    assert by_opd["DINKES"].proyeksi == NILAI
    assert by_opd["PUPR"].proyeksi == 950_000_000 + crossing.proyeksi
    assert by_opd["PUPR"].berisiko == late.berisiko + crossing.berisiko
    assert h.total.proyeksi == by_opd["PUPR"].proyeksi + by_opd["DINKES"].proyeksi
    assert h.total.paket_berisiko == 2 and h.total.target_akhir_bp == 10_000
    only = uc.proyeksi(db, PER, opd="dinkes")
    assert [b.opd for b in only.baris] == ["DINKES"] and not only.berisiko


@pytest.mark.both_databases
def test_the_sums_equal_the_model_on_every_paket(db):
    """The dashboard's sums (``ringkas``) and the report's lines come from the streamed
    fold with the paid-only stages summed by the database: equal to the model applied to
    every paket of the year, one by one, as the forecast was read before (issue #4)."""
    build(db)
    with db.engine.begin() as conn:  # cancelled after paying part: summed, not judged
        opd = conn.execute(sa.select(Opd.id).where(Opd.singkatan == "DINKES")).scalar_one()
        cut = _paket(conn, opd, "B-2", "putus_kontrak", nilai_kontrak=NILAI,
                     tgl_kontrak_mulai=date(2026, 6, 1), tgl_kontrak_selesai=date(2026, 9, 1))
        _report(conn, cut, date(2026, 8, 1), 3_000, 250_000_000)
    h = uc.proyeksi(db, PER)
    assert uc.ringkas(db, PER) == uc.RingkasProyeksi(h.per, h.tahun, h.baris, h.total)
    one_by_one: dict[str, uc._Sum] = {}
    with db.reading() as read:
        for f, p, who in judged(read, PER, None, ()):
            one_by_one.setdefault(who[4], uc._Sum()).add(f.pagu, f.keuangan or 0, p)
    assert {b.opd: (b.paket, b.pagu, b.realisasi, b.proyeksi, b.berisiko, b.paket_berisiko)
            for b in h.baris} == {
        opd: (s.paket, s.pagu, s.realisasi, s.proyeksi, s.berisiko, s.paket_berisiko)
        for opd, s in one_by_one.items()}
    dinkes = next(b for b in h.baris if b.opd == "DINKES")
    assert h.total.paket == 5 and dinkes.proyeksi == NILAI + 250_000_000


def test_the_command_prints_writes_json_and_xlsx(sqlite_db, tmp_path):
    build(sqlite_db)
    path = sqlite_db.url.removeprefix("sqlite:///")
    args = ("--db", path, "proyeksi", "--per", PER.isoformat())
    table = run(*args, env={"COLUMNS": "80"})
    assert table.returncode == 0, table.stderr
    assert "KABUPATEN" in table.stdout and "A-2" in table.stdout
    assert "dana berisiko" in table.stdout
    doc = json.loads(run(*args, "--format", "json").stdout)
    assert [p["kode"] for p in doc["berisiko"]] == ["A-2", "A-3"]
    assert doc["total"]["proyeksi"] == sum(b["proyeksi"] for b in doc["baris"])
    assert doc["total"]["target_akhir_persen"] == 100.0  # percentages, as in rekap
    assert doc["berisiko"][0]["alasan"] == "tidak_sempat"
    assert doc["anggapan"]["macet_hari"] == 45
    rekap = {r["opd"]: r for r in json.loads(run("--db", path, "rekap", "--per",
                                                  PER.isoformat(), "-f", "json").stdout)}
    assert rekap["KABUPATEN"]["proyeksi_akhir_tahun_persen"] == doc["total"]["proyeksi_persen"]
    assert rekap["PUPR"]["dana_berisiko"] == doc["baris"][1]["berisiko"]
    target = tmp_path / "p.xlsx"
    assert run(*args, "-f", "xlsx", "-o", str(target)).returncode == 0
    book = load_workbook(target)
    assert book.sheetnames == ["Proyeksi OPD", "Paket berisiko"]
    kodes = [row[0].value for row in book["Paket berisiko"].iter_rows(min_row=3)]
    assert kodes == ["A-2", "A-3"]
    # An empty --opd means every OPD, as in peringatan (a script passing "$OPD" unset).
    assert json.loads(run(*args, "--opd", "", "--format", "json").stdout) == doc
    wrong = run(*args, "--opd", "TIDAKADA")
    assert wrong.returncode == 3 and wrong.stderr.count("\n") == 1
    assert "TIDAKADA" in wrong.stderr


def test_peringatan_lists_the_money_at_risk_in_the_alert_order(sqlite_db):
    """berisiko_tidak_terserap: one alert per paket at risk, with the amount and its
    kendala, after the OPD's alerts at least as severe (A-3 is lewat kontrak)."""

    build(sqlite_db)
    alerts = alerts_uc.alerts(sqlite_db, PER)
    forecast = [a for a in alerts if a.peringatan == "berisiko_tidak_terserap"]
    h = uc.proyeksi(sqlite_db, PER)
    assert {(a.kode, a.berisiko) for a in forecast} == {(p.kode, p.berisiko)
                                                        for p in h.berisiko}
    assert all(a.batas == date(2026, 12, 31) and a.hari == -30 for a in forecast)
    assert next(a for a in forecast if a.kode == "A-2").kendala.uraian == "Lahan belum bebas"
    pupr = [(a.kode, a.peringatan) for a in alerts if a.opd == "PUPR"]
    assert pupr.index(("A-3", "lewat_kontrak")) < pupr.index(("A-2", "berisiko_tidak_terserap"))
    only = alerts_uc.alerts(sqlite_db, PER, flag="berisiko_tidak_terserap")
    assert [a.kode for a in only] == ["A-2", "A-3"]
    assert all(a.peringatan != "berisiko_tidak_terserap"
               for a in alerts_uc.alerts(sqlite_db, PER, forecast=False))


def test_the_forecast_alerts_merge_into_the_streamed_sql_order():
    """Streamed merge (``peringatan --format json`` writes while it reads): a forecast
    alert goes after its OPD's alerts at least as severe, before the rest, by kode; an
    OPD without SQL alerts where its name sorts, before, between or after the others."""
    from pengadaan.domain.alert_kinds import BERISIKO_SEVERITY
    from pengadaan.usecases.alert_results import Peringatan

    def alert(kode, opd, severity):
        return Peringatan(kode, "n", opd, "t", "f", date(2026, 12, 31), 0, None, severity)

    sql = [alert("s1", "B", BERISIKO_SEVERITY + 1), alert("s2", "B", BERISIKO_SEVERITY),
           alert("s3", "B", BERISIKO_SEVERITY - 1), alert("s4", "D", BERISIKO_SEVERITY + 1),
           alert("s5", "F", BERISIKO_SEVERITY - 1)]
    forecast = [alert(k, opd, BERISIKO_SEVERITY) for k, opd in (
        ("f2", "B"), ("f1", "B"), ("f3", "A"), ("f4", "C"), ("f5", "D"), ("f6", "F"),
        ("f7", "G"), ("f8", "E"))]
    merged = [a.kode for a in alerts_uc.with_forecast(iter(sql), forecast)]
    assert merged == ["f3", "s1", "s2", "f1", "f2", "s3", "f4", "s4", "f5", "f8", "f6", "s5",
                      "f7"]
    assert [a.kode for a in alerts_uc.with_forecast(iter(()), forecast[:2])] == ["f1", "f2"]
    assert [a.kode for a in alerts_uc.with_forecast(iter(sql), [])] == [a.kode for a in sql]


def test_the_back_test_grades_the_forecast_against_the_same_years_end():
    """The use case of `proyeksi uji` on a small demo year: three dates, the kabupaten
    error is forecast minus actual, the MAE is over the OPDs, the targets apply from
    1 July."""
    from pengadaan.usecases.proyeksi_uji import TARGET_KABUPATEN_BP, uji

    hasil = uji(2026, 60, 2026, "penguji")
    assert [b.per for b in hasil.baris] == [date(2026, 4, 1), date(2026, 7, 1),
                                            date(2026, 9, 1)]
    assert len({b.aktual_bp for b in hasil.baris}) == 1  # one 31 December
    for b in hasil.baris:
        assert b.galat_bp == b.proyeksi_bp - b.aktual_bp
        assert b.mae_bp == sum(abs(o.proyeksi_bp - o.aktual_bp) for o in b.opd) // len(b.opd)
    assert [b.target_kabupaten_bp for b in hasil.baris] == [None, TARGET_KABUPATEN_BP,
                                                            TARGET_KABUPATEN_BP]
    assert hasil.baris[0].lulus  # no target in April
