"""The hot lookups still seek through an index after migration 0010_indeks_paket dropped
the ones no plan needed (issue #15): SQLite's ``EXPLAIN QUERY PLAN`` of the compiled
statements, on a migrated (empty) database. Without statistics (the application never
runs ANALYZE) SQLite picks its plan from the schema alone, so an empty file shows the
plan a full one gets.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from pengadaan.db import bulk
from pengadaan.db import lateness_sql as late
from pengadaan.db import repository as repo
from pengadaan.db.models import Paket
from pengadaan.db.statements import PaketFilter

from pengadaan.domain.alert_kinds import FLAGS
from pengadaan.domain.lateness import Ambang

# Late in the year: the jenis-at-risk condition is part of the alerts.
AMBANG = Ambang(date(2026, 11, 25), date(2026, 12, 2), date(2026, 11, 10), ("konstruksi",))


@pytest.fixture(scope="module")
def explain(tmp_path_factory):
    """``explain(statement)``: the plan's detail lines of ``statement`` on SQLite."""
    from pengadaan.db.uow import open_database

    engine = open_database(str(tmp_path_factory.mktemp("plan") / "plan.db")).engine

    def plan(statement) -> list[str]:
        compiled = statement.compile(dialect=engine.dialect,
                                     compile_kwargs={"render_postcompile": True})
        # the plan does not depend on the values: an input without one is NULL
        values = compiled.construct_params(
            {key: None for key, bind in compiled.binds.items() if bind.required})
        params = [values[name] for name in compiled.positiontup]
        params = [v.isoformat() if isinstance(v, date) else v for v in params]
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.string}",
                                        tuple(params)).all()
        return [row[3] for row in rows]

    yield plan
    engine.dispose()


def _reads(plan: list[str], table: str) -> list[str]:
    """The lines that read ``table`` (itself, not an alias such as ``jadwal AS j``)."""
    return [line for line in plan if line.split(" ")[1:2] == [table]]


def test_a_paket_is_found_by_its_kode(explain):
    for statement in (repo._PAKET, repo._PAKET_LOCKED):
        assert _reads(explain(statement), "paket") == [
            "SEARCH paket USING INDEX ix_paket_kode (kode=?)"]


def test_an_opds_page_and_count_seek_by_opd(explain):
    """The TUI's OPD filter (page ids, count) and ``paket daftar --opd``."""
    flt = PaketFilter(opd_id=3)
    page = late._from(sa.select(Paket.id))
    statements = (late._filtered(page, AMBANG, flt, False).order_by(Paket.kode).limit(50),
                  late._filtered(sa.select(sa.func.count(Paket.id)), AMBANG, flt, False),
                  repo.list_query(flt, limit=50))
    for statement in statements:
        [line] = _reads(explain(statement), "paket")
        assert line.startswith("SEARCH paket USING ") and "ix_paket_opd_id (opd_id=?)" in line


def test_a_page_reads_its_rows_by_id(explain):
    rows = late._from(sa.select(*late.status_columns(AMBANG))).where(Paket.id.in_([1, 2, 3]))
    assert _reads(explain(rows), "paket") == [
        "SEARCH paket USING INTEGER PRIMARY KEY (rowid=?)"]


def test_every_alert_branch_of_an_opd_seeks_its_paket(explain):
    reads = _reads(explain(late.alert_query(AMBANG, 3, None)), "paket")
    assert len(reads) == len(FLAGS)
    by_stage = "SEARCH paket USING INDEX ix_paket_opd_tahap (opd_id=? AND tahap=?)"
    assert all(line.startswith((by_stage, "SEARCH paket USING INDEX ix_paket_opd_id (opd_id=?"))
               for line in reads), reads
    assert by_stage in reads  # the branches of a stage seek it inside the OPD


def test_alert_branches_read_only_the_stages_they_can_flag(explain):
    """Every branch seeks the stages its alert can hold (``ix_paket_tahap``) or its paket
    by id, except the two that hold for any open stage (a stage's deadline passed, or
    near): those read the table once each."""
    reads = _reads(explain(late.alert_query(AMBANG, None, None)), "paket")
    scans = [line for line in reads if line.startswith("SCAN")]
    assert scans == ["SCAN paket"] * 2
    assert all(line.startswith(("SEARCH paket USING INDEX ix_paket_tahap (tahap=?)",
                                "SEARCH paket USING INTEGER PRIMARY KEY (rowid=?)"))
               for line in reads if line not in scans), reads
    assert len(reads) >= len(FLAGS)  # one OR branch may seek two stage groups


def test_an_import_finds_existing_paket_and_schedules_by_index(explain):
    for column, index in ((Paket.kode, "ix_paket_kode"), (Paket.kode_rup, "ix_paket_kode_rup")):
        assert _reads(explain(bulk.paket_query(column, ["a", "b"])), "paket") == [
            f"SEARCH paket USING INDEX {index} ({column.key}=?)"]
    for statement in (bulk.jadwal_query([1, 2]), repo._SCHEDULE):
        [line] = _reads(explain(statement), "jadwal")
        assert line.startswith("SEARCH jadwal USING INDEX ") and "(paket_id=?)" in line, line


@pytest.mark.parametrize("opd_id", [None, 3])
def test_the_summary_looks_up_each_paket_s_report_and_follow_ups_once(explain, opd_id):
    """The dashboard summary judges every flag once per paket: a plain inner SELECT is
    folded into the sums, which then repeat the progres lookup (three times) and the
    tindak lanjut one (twice) for every paket."""
    plan = explain(late.summary_query(AMBANG, opd_id))
    assert len(_reads(plan, "progres")) == 1
    assert len(_reads(plan, "tindak_lanjut")) == 1
