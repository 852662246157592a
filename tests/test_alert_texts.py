"""``peringatan --format json`` written straight from the rows (usecases/alert_texts.py,
issue #15): the same text as the JSON serializer makes of the alerts, on the cached and
the ORM path, with kendala, tindak lanjut, berisiko, denda and stored text that is
non-ASCII or holds control characters; and a database failure after the first chunk
says that the JSON printed is incomplete."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest
from pengadaan.db.reading import CachedDatabase, Unusable

from pengadaan.cli.peringatan import streamed_json_to
from pengadaan.domain.errors import DatabaseError
from pengadaan.presentation.json_lines import json_lines
from pengadaan.presentation.json_output import jsonable
from pengadaan.usecases.alert_texts import streamed_json
from pengadaan.usecases.alerts import alerts
from pengadaan.usecases.kendala import record_kendala, record_tindak_lanjut
from tests.conftest import ACTOR, make_opd, make_paket, sqlite_copy

PER = date(2026, 11, 25)
# Stored before the door refused control characters, or edited by hand: quotes, a
# backslash, a line break, a tab, non-ASCII, an emoji, a C0 control and U+202E.
ODD = ' "Balai" \\ Desa\nKudus\t— café 😀 \x01 \u202e'


@pytest.fixture(scope="module")
def odd_db(demo_template, tmp_path_factory):
    """The demo year with every paket name, kendala and tindak lanjut's text made odd, by
    hand (the triggers that keep kendala unchanged dropped first)."""
    db = sqlite_copy(demo_template, tmp_path_factory.mktemp("alert-texts"))
    db.engine.dispose()
    with sqlite3.connect(db.engine.url.database) as connection:
        for table in ("kendala", "tindak_lanjut"):
            connection.execute(f"DROP TRIGGER {table}_tolak_ubah")
        connection.execute("UPDATE paket SET nama = nama || ?", (ODD,))
        connection.execute("UPDATE kendala SET uraian = uraian || ?", (ODD,))
        connection.execute("UPDATE tindak_lanjut SET pelaksana = pelaksana || ?", (ODD,))
    return db


def _texts(db, **filters) -> str:
    with streamed_json(db, PER, **filters) as found:
        return json_lines(found)


@pytest.mark.parametrize("filters", [{}, {"opd": "dishub"},
                                     {"flag": "berisiko_tidak_terserap"},
                                     {"flag": "lewat_kontrak"}])
def test_the_rows_written_are_the_serializers_alerts(odd_db, filters):
    found = alerts(odd_db, PER, **filters)
    expected = json_lines(json.dumps(a, ensure_ascii=False) for a in jsonable(found))
    cached = CachedDatabase(odd_db.engine.url.database, odd_db.settings)
    assert _texts(cached, **filters) == _texts(odd_db, **filters) == expected
    if not filters:  # every part of the document is there
        assert any(a.kendala and a.tindak_lanjut for a in found)
        assert any(a.kendala and a.berisiko for a in found)
        assert any(a.denda for a in found) and any(a.kendala is None for a in found)
        assert ODD in found[0].nama and "\\u202e" in expected and "\\u0001" in expected


@pytest.mark.both_databases
def test_the_orm_rows_written_are_the_serializers_alerts(db):
    """On the ORM path (PostgreSQL's driver gives dates and its own numbers): a late
    paket with a kendala and its tindak lanjut, and one without."""
    make_opd(db)
    late = dict(metode="pengadaan_langsung", jenis="barang", pagu=150_000_000,
                mulai_pemilihan=date(2026, 3, 2))
    make_paket(db, "A-1", nama="Komputer — café", **late)
    make_paket(db, "B-1", nama="Meja", **late)
    kendala_id = record_kendala(db, "A-1", "cuaca", "Hujan \"deras\"", ACTOR,
                                tanggal=date(2026, 3, 3), today=date(2026, 6, 30)).id
    record_tindak_lanjut(db, kendala_id, "Lengkapi dokumen", "PPK", date(2026, 3, 10), ACTOR)
    on = date(2026, 3, 20)
    found = alerts(db, on)
    assert any(a.kendala and a.tindak_lanjut for a in found)
    assert any(a.kendala is None for a in found)
    with streamed_json(db, on) as texts:
        assert json_lines(texts) == json_lines(
            json.dumps(a, ensure_ascii=False) for a in jsonable(found))


def _failing(count: int, error: Exception):
    """``count`` alerts' texts, then ``error`` (as a failing read raises it)."""
    yield from (f'{{"n": {n}}}' for n in range(count))
    raise error


def test_a_failure_after_the_first_chunk_says_the_json_is_incomplete():
    written: list[str] = []
    failure = Unusable("disk I/O error")
    with pytest.raises(DatabaseError, match="keluaran JSON tidak lengkap") as raised:
        streamed_json_to(written.append, _failing(3, failure), chunk=2)
    assert "disk gagal dibaca/ditulis" in str(raised.value)
    assert written == ['[\n{"n": 0},\n{"n": 1}']  # what was printed stays unfinished
    odd = Unusable("database disk image is malformed")  # no Indonesian line for it
    with pytest.raises(DatabaseError, match=r"\(database disk image is malformed\); keluaran"):
        streamed_json_to([].append, _failing(3, odd), chunk=2)


def test_a_failure_before_anything_is_written_is_the_reads_own():
    """Nothing printed yet: the ORM path may still answer the whole (``Unusable``)."""
    written: list[str] = []
    failure = Unusable("disk I/O error")
    with pytest.raises(Unusable):
        streamed_json_to(written.append, _failing(1, failure), chunk=2)
    assert written == []
    assert streamed_json_to(written.append, iter(['{"n": 0}']), chunk=2) == 1
    assert written == ['[\n{"n": 0}', "\n]\n"]
