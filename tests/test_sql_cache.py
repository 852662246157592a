"""Read-only reports (``peringatan``, ``paket daftar``, ``rekap``, the year-end forecast
they add) from cached SQL text (issue #15, pengadaan/db/reading.py): the same rows as the
ORM path, the text SQLAlchemy compiles now, and a run that imports neither SQLAlchemy nor
pydantic once cached."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from pengadaan.db import reading, statements
from pengadaan.db.compiled_sql import compiled
from pengadaan.db.reading import CachedDatabase, Unusable
from pengadaan.tui.data import Basis, Saringan, Sumber

from pengadaan.cli.peringatan import alerts_json
from pengadaan.cli.rapor import rekap_json as rekap_cli_json
from pengadaan.cli.terminal import open_basis
from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import DatabaseError, NotFound, TidakBerwenang
from pengadaan.domain.kalender import years_around
from pengadaan.domain.lateness import Ambang, ambang
from pengadaan.domain.proyeksi import anggapan
from pengadaan.presentation.json_output import REKAP, json_text, plain_rows_json, rekap_json
from pengadaan.usecases import dasbor, kalender, pengguna, reads
from pengadaan.usecases import opd as opd_uc
from pengadaan.usecases.alerts import alerts
from pengadaan.usecases.daftar import PaketRingkas, list_paket, paket_rows
from pengadaan.usecases.pelaku import current_user_sqlite
from pengadaan.usecases.proyeksi import proyeksi
from pengadaan.usecases.proyeksi_paket import FAKTA, TIDAK_BERISIKO
from pengadaan.usecases.reads import kalender_read, opd_id_read
from pengadaan.usecases.rekap import rekap
from tests.conftest import ACTOR

PER = date(2026, 11, 25)


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """An empty user cache folder of its own (and a fresh cache file name)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    reading.cache_file.cache_clear()
    yield tmp_path / "cache"
    reading.cache_file.cache_clear()


def _cached(db) -> CachedDatabase:
    return CachedDatabase(db.engine.url.database, db.settings)


@pytest.mark.parametrize(("as_of", "opd", "flag", "with_kendala"), [
    (PER, None, None, True),
    (PER, "dishub", None, True),
    (PER, None, "terlambat", False),
    (date(2027, 1, 11), None, None, True),  # the next year: undated flags, other years
    (date(2026, 12, 24), None, "hampir", True),  # around the added day off
])
def test_cached_path_gives_the_orm_paths_alerts(demo_db, cache_home, as_of, opd, flag,
                                                with_kendala):
    kalender.add_day(demo_db, date(2026, 12, 28), "Hari Jadi Kabupaten", ACTOR)
    expected = alerts(demo_db, as_of, opd=opd, flag=flag, with_kendala=with_kendala,
                   forecast=False)
    assert expected
    if (opd, flag) == (None, None):
        assert any(a.kendala for a in expected) == with_kendala
    first = alerts(_cached(demo_db), as_of, opd=opd, flag=flag, with_kendala=with_kendala,
                   forecast=False)
    again = alerts(_cached(demo_db), as_of, opd=opd, flag=flag, with_kendala=with_kendala,
                   forecast=False)
    assert first == again == expected


@pytest.mark.parametrize(("as_of", "opd"), [(PER, None), (PER, "pupr"),
                                             (date(2026, 7, 1), None)])
def test_cached_path_gives_the_orm_paths_forecast(demo_db, cache_home, as_of, opd):
    """berisiko_tidak_terserap and the whole forecast (issue #17) from the cached text."""
    expected = alerts(demo_db, as_of, opd=opd, flag="berisiko_tidak_terserap")
    assert any(a.berisiko for a in expected)
    assert alerts(_cached(demo_db), as_of, opd=opd, flag="berisiko_tidak_terserap") == expected
    assert proyeksi(_cached(demo_db), as_of, opd) == proyeksi(demo_db, as_of, opd)


def test_the_cached_text_is_what_sqlalchemy_compiles_now(demo_db, cache_home):
    alerts(_cached(demo_db), PER, opd="dishub")
    stored = json.loads(reading.cache_file().read_text(encoding="utf-8"))
    with demo_db.reading() as read:
        a = ambang(PER, kalender_read(read, PER), demo_db.settings.hampir_hari_kerja)
        opd_id = opd_id_read(read, "dishub")
    years = years_around(PER)
    before = PER - timedelta(days=anggapan("jendela_laju_hari", PER))
    ran = ((statements.PERINGATAN, {"a": a, "opd_id": opd_id, "flags": None}),
           (statements.PROYEKSI_KONTRAK, {"tahun": PER.year}),
           (statements.PROYEKSI, {"tahun": PER.year, "as_of": PER, "before": before,
                                  "fields": FAKTA, "opd_id": opd_id, "skip": TIDAK_BERISIKO}),
           (statements.KENDALA_TERBUKA, {"as_of": PER, "opd_id": opd_id}),
           (statements.TINDAK_LANJUT_TERBUKA, {"as_of": PER, "opd_id": opd_id}),
           (statements.OPD_ID, {"text": "dishub"}),
           (statements.KALENDER_TAMBAHAN, {"first": date(years[0], 1, 1),
                                           "last": date(years[-1], 12, 31)}))
    assert stored.keys() == {"head", *(statement.key(**args) for statement, args in ran)}
    for statement, args in ran:
        assert stored[statement.key(**args)] == compiled(statement, args)


def test_the_dates_are_inputs_not_part_of_the_text():
    """Every value that follows the as-of date is a named input: two dates of the same
    shape compile to one text with the same constants."""
    a = Ambang(PER, PER + timedelta(days=3), PER - timedelta(days=20), ("konstruksi",))
    b = Ambang(PER + timedelta(days=400), PER, PER, ("konstruksi",))
    args_a, args_b = ({"a": a, "opd_id": 1, "flags": None}, {"a": b, "opd_id": 2, "flags": None})
    assert statements.PERINGATAN.key(**args_a) == statements.PERINGATAN.key(**args_b)
    assert compiled(statements.PERINGATAN, args_a) == compiled(statements.PERINGATAN, args_b)


def test_another_build_has_another_cache_file(cache_home, monkeypatch, tmp_path):
    source = tmp_path / "builder.py"
    source.write_text("A = 1\n")
    monkeypatch.setattr(reading, "_sources", lambda: [source])
    before = reading.cache_file()
    source.write_text("A = 2\n")
    reading.cache_file.cache_clear()
    assert reading.cache_file() != before
    assert reading.cache_file().parent == cache_home / "pengadaan"


def test_a_changed_source_is_compiled_again(demo_db, cache_home, monkeypatch, tmp_path):
    """A changed builder is a new file, filled by compiling afresh: nothing of the old
    build's text is read."""
    source = tmp_path / "builder.py"
    source.write_text("A = 1\n")
    monkeypatch.setattr(reading, "_sources", lambda: [source])
    list_paket(_cached(demo_db), opd="dishub")
    before = reading.cache_file()
    stored = json.loads(before.read_text(encoding="utf-8"))
    key = next(k for k in stored if k != "head")
    stored[key]["sql"] = "SELECT 'teks lama'"  # what the old build would have run
    before.write_text(json.dumps(stored), encoding="utf-8")
    source.write_text("A = 2\n")
    reading.cache_file.cache_clear()
    assert list_paket(_cached(demo_db), opd="dishub") == list_paket(demo_db, opd="dishub")
    after = json.loads(reading.cache_file().read_text(encoding="utf-8"))
    assert reading.cache_file() != before and after[key]["sql"] != "SELECT 'teks lama'"


def _other_build(folder, name: str, days_unused: float):
    path = folder / f"sql-sqlite-{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{}", encoding="utf-8")
    stamp = time.time() - days_unused * reading.DAY
    os.utime(path, (stamp, stamp))
    return path


def test_two_builds_keep_their_files(demo_db, cache_home, monkeypatch, tmp_path):
    """A checkout and a pipx install on one account: each build compiles once, then
    both read their own file; only another build's file unused for STALE_DAYS goes."""
    folder = cache_home / "pengadaan"
    in_use = _other_build(folder, "0123456789abcdef", 2)
    stale = _other_build(folder, "fedcba9876543210", reading.STALE_DAYS + 1)
    alerts(_cached(demo_db), PER, with_kendala=False, forecast=False)
    ours = reading.cache_file()
    assert sorted(folder.glob("sql-*")) == sorted([in_use, ours])
    source = tmp_path / "builder.py"  # the other build compiles: ours stays
    source.write_text("A = 1\n")
    monkeypatch.setattr(reading, "_sources", lambda: [source])
    reading.cache_file.cache_clear()
    alerts(_cached(demo_db), PER, with_kendala=False, forecast=False)
    assert {in_use, ours, reading.cache_file()} == set(folder.glob("sql-*"))
    assert not stale.exists()


def test_reading_marks_a_cache_file_used(demo_db, cache_home):
    """A build that only reads its file (nothing new to compile) keeps it fresh, so
    another build does not take it for unused."""
    alerts(_cached(demo_db), PER, with_kendala=False, forecast=False)
    ours = reading.cache_file()
    old = time.time() - 10 * reading.DAY
    os.utime(ours, (old, old))
    alerts(_cached(demo_db), PER, with_kendala=False, forecast=False)
    assert ours.stat().st_mtime > time.time() - reading.DAY


def test_the_cache_folder_holds_at_most_keep_builds_files(demo_db, cache_home):
    folder = cache_home / "pengadaan"
    others = [_other_build(folder, f"{n:016x}", n) for n in range(reading.KEEP_BUILDS + 2)]
    alerts(_cached(demo_db), PER, with_kendala=False, forecast=False)
    kept = set(folder.glob("sql-*"))
    assert len(kept) == reading.KEEP_BUILDS
    assert kept == {reading.cache_file(), *others[:reading.KEEP_BUILDS - 1]}  # most recent


def test_a_schema_to_migrate_is_left_to_the_orm_path(demo_db, cache_home):
    path = demo_db.engine.url.database
    demo_db.engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'lama'")
    with pytest.raises(Unusable), _cached(demo_db).reading():
        pass


def _opener(db, opened: list) -> callable:
    """The ORM database ``db``, noting each time it is asked for."""
    def opener():
        opened.append(db)
        return db
    return opener


def test_the_tui_opens_a_current_file_without_reading_it(demo_db, cache_home):
    """``pengadaan tui`` (open_basis): nothing is read to decide; the first page's reads
    check the schema themselves, and the ORM waits until the screen is drawn."""
    opened = []
    basis = open_basis(demo_db.engine.url.database, _opener(demo_db, opened))
    assert basis.cached is not None and opened == []
    assert basis.read(reads.opd_views) == opd_uc.list_opd(demo_db)
    assert opened == []  # answered from cached SQL


def test_the_tui_leaves_a_schema_to_migrate_to_the_orm_on_its_first_read(demo_db,
                                                                          cache_home):
    path = demo_db.engine.url.database
    expected = opd_uc.list_opd(demo_db)
    demo_db.engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'lama'")
    opened = []
    basis = open_basis(path, _opener(demo_db, opened))
    assert opened == []
    assert basis.read(reads.opd_views) == expected
    assert opened == [demo_db]  # the cached path said Unusable: the ORM answered


def test_the_tui_opens_the_orm_at_once_for_a_server(demo_db, cache_home):
    """Not a SQLite file: the ORM now, so a wrong address is said before the screen."""
    opened = []
    basis = open_basis("postgresql://nowhere/pengadaan", _opener(demo_db, opened))
    assert basis.cached is None and opened == [demo_db]


def test_the_tui_says_a_missing_file_before_opening(tmp_path):
    opened = []
    with pytest.raises(DatabaseError, match="belum ada"):
        open_basis(str(tmp_path / "tidak-ada.db"), _opener(None, opened))
    assert opened == []


def test_a_cron_run_imports_no_sqlalchemy_nor_pydantic_once_cached(demo_db, cache_home):
    """The first run compiles (and imports SQLAlchemy); the next ones read the text:
    the one-line summary, and the json of the alerts and of the rekap, which add the
    year-end forecast (issue #17), print what the ORM path gives."""
    path = demo_db.engine.url.database
    expected = {"peringatan": alerts_json(alerts(demo_db, PER)),
                "rekap": rekap_cli_json(rekap(demo_db, PER))}
    demo_db.engine.dispose()
    script = f"""
import contextlib, io, json, sys
sys.argv = ["pengadaan", "--db", {path!r}, sys.argv[1], "--per", "2026-11-25", *sys.argv[2:]]
from pengadaan.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
    main()
print(json.dumps([out.getvalue(), sorted({{m.split(".")[0] for m in sys.modules}})]))
"""
    runs = {}
    for name, args in (("first", ["peringatan", "--ringkas"]),
                       ("ringkas", ["peringatan", "--ringkas"]),
                       ("warm", ["peringatan", "--format", "json"]),  # compiles the rest
                       ("peringatan", ["peringatan", "--format", "json"]),
                       ("rekap", ["rekap", "--format", "json"])):
        if name == "rekap":  # its statements compiled in this process, into the same cache
            rekap(_cached(demo_db), PER)
        result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                                text=True, check=True)
        runs[name] = json.loads(result.stdout.splitlines()[-1])
    assert "sqlalchemy" in runs["first"][1]
    for name in ("ringkas", "peringatan", "rekap"):
        assert {"sqlalchemy", "sqlmodel", "pydantic", "alembic"}.isdisjoint(runs[name][1]), name
    assert {"rich", "babel"}.isdisjoint(runs["ringkas"][1])  # one plain line
    assert {"rich", "babel"}.isdisjoint(runs["peringatan"][1])  # JSON: no Rupiah text
    assert runs["ringkas"][0] == runs["first"][0]
    assert "paket terlambat" in runs["ringkas"][0]
    assert runs["peringatan"][0] == runs["warm"][0] == expected["peringatan"]
    assert "berisiko_tidak_terserap" in runs["peringatan"][0]
    assert runs["rekap"][0] == expected["rekap"]


def test_a_json_listing_loads_neither_rich_nor_the_workflows(demo_db, cache_home):
    """``paket daftar --format json`` once cached: the listing, without Rich (tables),
    the workflows as data or the engine, nor the module of the other ``paket``
    commands with their inputs and columns (pengadaan/cli/paket_daftar.py)."""
    path = demo_db.engine.url.database
    expected = plain_rows_json(list_paket(_cached(demo_db), opd="dishub"))  # compiles
    demo_db.engine.dispose()
    script = f"""
import contextlib, io, json, sys
sys.argv = ["pengadaan", "--db", {path!r}, "paket", "daftar", "--opd", "dishub", "-f", "json"]
from pengadaan.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
    main()
print(json.dumps([out.getvalue(), sorted(sys.modules)]))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    printed, modules = json.loads(result.stdout.splitlines()[-1])
    assert printed == expected and '"kode"' in printed
    loaded = {m.split(".")[0] for m in modules}
    assert {"sqlalchemy", "pydantic", "rich", "babel", "transitions"}.isdisjoint(loaded)
    assert {"pengadaan.domain.workflow.definitions", "pengadaan.cli.paket",
            "pengadaan.domain.workflow.isian", "pengadaan.presentation.table_columns",
            "pengadaan.cli.common"}.isdisjoint(modules)


@pytest.mark.parametrize("filters", [
    {}, {"opd": "dishub"}, {"tahap": ["pelaksanaan", "serah_terima"], "cari": "JALAN"},
    {"metode": "tender", "tahun": 2026, "limit": 3, "offset": 2}, {"jenis": "konstruksi"},
])
def test_cached_path_gives_the_orm_paths_listing(demo_db, cache_home, filters):
    expected = list_paket(demo_db, **filters)
    assert list_paket(_cached(demo_db), **filters) == expected
    assert plain_rows_json(expected) == json_text(expected)  # --format json without pydantic
    for db in (demo_db, _cached(demo_db)):  # the JSON listing writes the rows as read
        for as_text in (False, True):  # dates as read, or as their text (the command)
            rows = paket_rows(db, **filters, dates_as_text=as_text)
            assert plain_rows_json(rows, PaketRingkas) == json_text(expected)


@dataclass(frozen=True)
class _Satu:
    nama: str


@dataclass(frozen=True)
class _Baris:
    nama: str
    catatan: str | None
    pagu: int
    sejak: date | None


def test_flat_rows_json_writes_what_the_serializer_writes():
    """plain_rows_json splits the encoded rows on their NUL separators: text that looks
    like a separator or a row's end (a NUL, ``]`` then ``[``), quotes, line breaks,
    ``%``, non-ASCII and refused characters stay values."""
    rows = [_Baris('Jalan ",\n    "x": 1 Ñ', "a\nb\x1b\u202e", 0, date(2026, 1, 21)),
            _Baris("", None, -5, None),
            _Baris("a]\x00[b %s %%", "]", 7, None), _Baris("[", "x]\x00", 1, None)]
    assert plain_rows_json(rows) == json_text(rows)
    assert json.loads(plain_rows_json(rows))[0]["nama"] == rows[0].nama
    many = rows * 600  # written a chunk of rows at a time: two whole chunks and a part
    assert plain_rows_json(many) == json_text(many)
    assert plain_rows_json([]) == json_text([]) == "[]\n"
    one_field = [_Satu("é"), _Satu("x")]  # attrgetter of one name is no tuple
    assert plain_rows_json(one_field) == json_text(one_field)


@pytest.mark.parametrize("as_of", [PER, date(2026, 6, 30)])
def test_cached_path_gives_the_orm_paths_rekap(demo_db, cache_home, as_of):
    expected = rekap(demo_db, as_of)
    assert any(row.skor_bp for row in expected.baris)
    assert any(row.dana_berisiko for row in expected.baris)  # the forecast's columns
    assert rekap(_cached(demo_db), as_of) == expected
    rows = [*expected.baris, expected.total]
    assert rekap_json(rows) == json_text(rows, REKAP)  # --format json without pydantic


# -- The TUI's first paint (issue #15): the dashboard read from cached SQL -------------

@pytest.mark.parametrize("options", [
    {}, {"opd": "dishub", "limit": 7, "offset": 3},
    {"only_late": True, "sort": "severity", "descending": True},
    {"tahap": ["pelaksanaan", "serah_terima"], "cari": "a", "sort": "hari"},
    {"metode": "tender", "sort": "opd", "limit": None},
])
def test_cached_path_gives_the_orm_paths_dashboard_page(demo_db, cache_home, options):
    expected = dasbor.dashboard_page(demo_db, PER, **options)
    assert expected.rows and expected.total >= len(expected.rows)
    assert dasbor.dashboard_page(_cached(demo_db), PER, **options) == expected


@pytest.mark.parametrize(("as_of", "opd"), [(PER, None), (PER, "dishub"),
                                            (date(2026, 6, 30), None)])
def test_cached_path_gives_the_orm_paths_dashboard_summary(demo_db, cache_home, as_of, opd):
    expected = dasbor.summary(demo_db, as_of, opd)
    assert expected.paket and expected.realisasi and any(expected.per_flag.values())
    assert dasbor.summary(_cached(demo_db), as_of, opd) == expected


def test_cached_path_knows_who_acts_as_the_orm_path(demo_db, cache_home):
    pengguna.add_user(demo_db, "budi", "ppk", ACTOR, opd="dishub")
    for actor in (ACTOR, "budi", Identitas("budi", ACTOR)):
        try:
            expected = pengguna.current_user(demo_db, actor)
        except TidakBerwenang as err:
            expected = str(err)
        with _cached(demo_db).reading() as read:
            try:
                found = current_user_sqlite(read, actor)
            except TidakBerwenang as err:
                found = str(err)
        assert found == expected
    assert reads.opd_views(_cached(demo_db)) == opd_uc.list_opd(demo_db)
    assert reads.opd_singkatan(_cached(demo_db), "dishub") == "DISHUB"
    with pytest.raises(NotFound):
        reads.opd_singkatan(_cached(demo_db), "tidak-ada")


def test_the_tui_paints_its_first_page_before_importing_sqlalchemy(demo_db, cache_home):
    """``pengadaan tui`` on a SQLite file: the first page, summary and header come from
    cached SQL; SQLAlchemy is first imported after the table shows rows (by the worker
    that opens the ORM to read the change marker)."""
    path = demo_db.engine.url.database
    cached = CachedDatabase(path, demo_db.settings)
    warm = Sumber(Basis(lambda: demo_db, cached), PER)  # the SQL cache, compiled once
    warm.page(Saringan(), 0, 40), warm.summary(None), warm.opd_list(), warm.who(ACTOR)
    demo_db.engine.dispose()
    script = f"""
import asyncio, json, sys
from datetime import date
from pengadaan.db.reading import CachedDatabase
from pengadaan.settings import Settings
from pengadaan.tui.app import PengadaanApp
from pengadaan.tui.data import Basis

seen = []

class FirstImport:  # notes whether rows were on screen when SQLAlchemy is first imported
    def find_spec(self, name, path=None, target=None):
        if name == "sqlalchemy.engine" and not seen:
            app = globals().get("app")
            seen.append(app is not None and app.is_running
                        and app.dashboard.table.current is not None)

sys.meta_path.insert(0, FirstImport())

def opener():
    from pengadaan.db.uow import open_database
    return open_database({path!r}, create=False)

app = PengadaanApp(Basis(opener, CachedDatabase({path!r}, Settings())), actor={ACTOR!r},
                   per=date(2026, 11, 25), live_seconds=None)

async def main():
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(500):
            await app.workers.wait_for_complete()
            await pilot.pause(0.02)
            if seen and app.summary_shown:
                break
        print(json.dumps([seen, app.dashboard.summary.paket, app.title]))

asyncio.run(main())
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    seen, paket, title = json.loads(result.stdout.splitlines()[-1])
    assert seen == [True]
    assert paket == warm.summary(None).paket
    assert ACTOR in title


def test_the_tui_at_risk_list_is_read_from_cached_sql(demo_db, cache_home):
    """The y screen's forecast with its at-risk list (±22.800 rows at 100,000 paket)
    comes from cached SQL as the dashboard does: the ORM is never opened."""

    def no_orm():
        raise AssertionError("the ORM was opened")

    sumber = Sumber(Basis(no_orm, _cached(demo_db)), PER)
    for opd in (None, "pupr"):
        found = sumber.proyeksi(opd)
        assert found.berisiko
        assert found == proyeksi(demo_db, PER, opd)
