"""Issue #3: the lateness rules written in SQL (lists and one paket) and in Python (the
oracle) agree on randomly generated packages, progress reports, kendala with their
tindak lanjut (issue #13) and as-of dates, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pengadaan.db.models import Jadwal, Kendala, Opd, Paket, Progres, TindakLanjut

from pengadaan.domain.alert_kinds import LATE_FLAGS, SEVERITY, in_order
from pengadaan.domain.kendala import StatusTindakLanjut, earliest_overdue
from pengadaan.domain.lateness import FaktaPaket, evaluate, flags_of
from pengadaan.domain.vocabulary import EXECUTION, TAHAP, Jenis
from pengadaan.usecases import alerts as alerts_uc
from pengadaan.usecases import dasbor, lateness
from pengadaan.usecases.kalender import kalender_for

NOW = datetime(2026, 1, 1, tzinfo=UTC)
# Dates near the as-of date hit the boundaries (deadline day, day after, N working days).
offset = st.one_of(st.none(), st.integers(-45, 45))
# Progress reports (issue #5): (days from the as-of date, kritis, corrects the previous
# one: same date, the later entry is in force); some after the as-of date (not yet in force).
report = st.tuples(st.integers(-60, 20), st.booleans(), st.booleans())
# Kendala (issue #13): recorded (days from the as-of date, some after it), resolved
# (none, or days from the as-of date), with tindak lanjut (batas near the as-of date, status).
follow_up = st.tuples(st.integers(-5, 5), st.sampled_from([s.value for s in StatusTindakLanjut]))
kendala = st.tuples(st.integers(-30, 3), st.one_of(st.none(), st.integers(-3, 3)),
                    st.lists(follow_up, max_size=3))


def _reports(drawn, near) -> list[tuple[date, bool]]:
    reports: list[tuple[date, bool]] = []
    for o, kritis, correction in drawn:
        day = reports[-1][0] if correction and reports else near(o)
        reports.append((day, kritis))
    return reports


@st.composite
def scenario(draw):
    as_of = draw(st.dates(date(2025, 6, 1), date(2028, 3, 31)))
    pakets = []
    for i in range(draw(st.integers(1, 25))):
        def near(o):
            return None if o is None else as_of + timedelta(days=o)
        pakets.append(dict(
            kode=f"H-{i:03d}",
            tahap=draw(st.one_of(st.sampled_from(list(TAHAP)), st.sampled_from(EXECUTION))),
            jenis=draw(st.sampled_from([j.value for j in Jenis])),
            tahun=as_of.year + draw(st.integers(-1, 1)),
            tgl_awal_pemilihan=near(draw(offset)), tahap_sejak=near(draw(offset)),
            tgl_kontrak_selesai=near(draw(st.one_of(offset, st.integers(-400, 400)))),
            nilai_kontrak=draw(st.one_of(st.none(), st.integers(0, 10**12))),
            rencana_selesai=near(draw(offset)), lain=near(draw(offset)),
            reports=_reports(draw(st.lists(report, max_size=3)), near),
            kendala=[(near(t), near(s), [(near(b), status) for b, status in tl])
                     for t, s, tl in draw(st.lists(kendala, max_size=2))],
        ))
    return as_of, pakets


def _insert(conn, table, rows: list[dict], returning=None) -> list:
    """Rows inserted in one batch (a round trip per batch, not per row); with
    ``returning``, that column of each row, in the order of ``rows``."""
    if not rows:
        return []
    statement = sa.insert(table.__table__)
    if returning is None:
        conn.execute(statement, rows)
        return []
    return conn.execute(statement.returning(returning, sort_by_parameter_order=True),
                        rows).scalars().all()


def _load(db, opd: str, pakets) -> None:
    """The packages under a new OPD ``opd``: the checks read that OPD alone. Earlier
    examples' rows stay, as kendala and tindak lanjut are append-only (the database
    refuses to delete them) and so are the packages under them."""
    with db.engine.begin() as conn:
        opd_id = conn.execute(sa.insert(Opd.__table__).values(
            kode=opd, nama=f"OPD uji {opd}", singkatan=opd).returning(Opd.id)).scalar_one()
        paket_ids = _insert(conn, Paket, [dict(
            kode=p["kode"], nama="Paket uji", opd_id=opd_id, tahun=p["tahun"],
            jenis=p["jenis"], metode="tender", pagu=10**12, tahap=p["tahap"], ulang=0,
            tgl_awal_pemilihan=p["tgl_awal_pemilihan"], tahap_sejak=p["tahap_sejak"],
            nilai_kontrak=p["nilai_kontrak"], tgl_kontrak_selesai=p["tgl_kontrak_selesai"],
            dibuat=NOW, diubah=NOW, version=1) for p in pakets], returning=Paket.id)
        placed = list(zip(paket_ids, pakets, strict=True))
        _insert(conn, Jadwal, [dict(paket_id=paket_id, tahap=p["tahap"], urutan=1,
                                    rencana_selesai=p["rencana_selesai"])
                               for paket_id, p in placed if p["rencana_selesai"] is not None])
        _insert(conn, Jadwal, [dict(  # never the current stage
            paket_id=paket_id, tahap="rencana" if p["tahap"] != "rencana" else "persiapan",
            urutan=0, rencana_selesai=p["lain"]) for paket_id, p in placed])
        # A paket's reports get growing ids in list order: its n-th report goes in the
        # n-th batch, after the batch that holds its earlier one.
        for n in range(max((len(p["reports"]) for p in pakets), default=0)):
            _insert(conn, Progres, [dict(paket_id=paket_id, tanggal=p["reports"][n][0],
                                         fisik_bp=5000, kritis=p["reports"][n][1],
                                         dicatat=NOW, oleh="penguji")
                                    for paket_id, p in placed if len(p["reports"]) > n])
        kendala = [(paket_id, k) for paket_id, p in placed for k in p["kendala"]]
        kendala_ids = _insert(conn, Kendala, [dict(
            paket_id=paket_id, tanggal=tanggal, kategori="lainnya", uraian="uji",
            oleh="penguji", dicatat=NOW, selesai_tanggal=selesai)
            for paket_id, (tanggal, selesai, _) in kendala], returning=Kendala.id)
        _insert(conn, TindakLanjut, [dict(
            kendala_id=kendala_id, uraian="uji", pelaksana="PPK", batas=batas, status=status,
            oleh="penguji", dicatat=NOW)
            for kendala_id, (_, (_, _, follow_ups)) in zip(kendala_ids, kendala, strict=True)
            for batas, status in follow_ups])


def _report_kritis(p, as_of) -> bool:
    """The verdict of the report in force on ``as_of``: latest date, then latest entry."""
    in_force = [(tanggal, i, kritis) for i, (tanggal, kritis) in enumerate(p["reports"])
                if tanggal <= as_of]
    return max(in_force)[2] if in_force else False


def _fakta(p, as_of) -> FaktaPaket:
    return FaktaPaket(p["tahap"], p["jenis"], p["tahun"], p["tgl_awal_pemilihan"],
                      p["tahap_sejak"], p["nilai_kontrak"], p["tgl_kontrak_selesai"],
                      p["rencana_selesai"], _report_kritis(p, as_of),
                      earliest_overdue(((t, s, b, status) for t, s, tl in p["kendala"]
                                        for b, status in tl), as_of))


def _python_flags(db, as_of, pakets) -> dict[str, list[str]]:
    with db.unit_of_work() as uow:
        kalender = kalender_for(uow.session, as_of)
    return {p["kode"]: flags_of(_fakta(p, as_of), as_of, kalender, db.settings.hampir_hari_kerja)
            for p in pakets}


def _python_alerts(db, as_of, pakets) -> set[tuple]:
    """(kode, flag, batas, hari, denda) of every flag, judged in Python."""
    with db.unit_of_work() as uow:
        kalender = kalender_for(uow.session, as_of)
    return {(p["kode"], t.flag, t.batas, t.hari, t.denda) for p in pakets
            for t in evaluate(_fakta(p, as_of), as_of, kalender, db.settings.hampir_hari_kerja)}


@pytest.mark.slow
@pytest.mark.both_databases
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=scenario())
def test_sql_and_python_agree(db, data):
    as_of, drawn = data
    with db.engine.begin() as conn:
        opd = f"U{conn.execute(sa.select(sa.func.count(Opd.id))).scalar_one() + 1}"
    pakets = [dict(p, kode=f"{opd}-{p['kode']}") for p in drawn]  # unique across examples
    _load(db, opd, pakets)
    expected = _python_flags(db, as_of, pakets)

    page = dasbor.dashboard_page(db, as_of, opd=opd, limit=None)
    assert {r.kode: list(r.flags) for r in page.rows} == expected
    assert all(r.severity == max([0] + [SEVERITY[f] for f in r.flags]) for r in page.rows)

    # The SQL kinds (berisiko_tidak_terserap is the forecast's, tests/test_proyeksi.py).
    alerts = alerts_uc.alerts(db, as_of, opd=opd, forecast=False)
    by_alert: dict[str, list[str]] = {}
    for a in alerts:
        by_alert.setdefault(a.kode, []).append(a.peringatan)
    # Alerts order equal severities by date, not by flag: compare in flag order.
    assert {k: in_order(v) for k, v in by_alert.items()} == {
        k: v for k, v in expected.items() if v}
    # The deadline, days and denda of each alert come from the SQL row's reference
    # date; the Python side derives them from the whole paket.
    assert {(a.kode, a.peringatan, a.batas, a.hari, a.denda) for a in alerts} == (
        _python_alerts(db, as_of, pakets))
    pairs = [(x, y) for x, y in itertools.pairwise(alerts) if x.opd == y.opd]
    assert all(x.severity >= y.severity for x, y in pairs)  # most severe first
    assert all(x.hari >= y.hari for x, y in pairs  # then most late first
               if x.peringatan == y.peringatan != "kritis")

    counts = dasbor.summary(db, as_of, opd=opd).per_flag
    assert counts == {f: sum(f in v for v in expected.values()) for f in counts}

    late = dasbor.dashboard_page(db, as_of, opd=opd, only_late=True, limit=None)
    assert {r.kode for r in late.rows} == {
        k for k, v in expected.items() if any(f in LATE_FLAGS for f in v)}
    assert late.total == len(late.rows)

    with db.unit_of_work() as uow:
        kalender = kalender_for(uow.session, as_of)
    for p in pakets:  # the one-paket path: the alert statement filtered to one paket
        assert lateness.paket_flags(db, p["kode"], as_of) == evaluate(
            _fakta(p, as_of), as_of, kalender, db.settings.hampir_hari_kerja)
