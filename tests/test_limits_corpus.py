"""Issue #19: the hostile-input corpus, run as real CLI invocations on SQLite and on
PostgreSQL. Every case ends in one Indonesian line and a non-zero exit: no traceback,
no "Galat tak terduga", no database message in English, and not one row written.

One database per engine, set up once (a paket in pelaksanaan, a tender in rencana);
the cases only fail, so they share it.
"""

from __future__ import annotations

import contextlib
import csv
import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from freezegun import freeze_time
from pengadaan.db.engine import get_engine
from pengadaan.db.models import SQLModel

from pengadaan.domain import limits
from tests.cli_support import run
from tests.conftest import _truncate_all
from tests.test_impor_rup import SIRUP_HEADER, _row

TODAY = "2026-03-10"
BIG = str(2**63)  # one past BIGINT
LONG = "K" * 100_000
ENGLISH = ("out of range", "value too long", "NUL", "Error", "error", "integer", "bigint")


@pytest.fixture(scope="module", autouse=True)
def frozen_today():
    # The PostgreSQL driver's C module is loaded before the clock is frozen: loaded
    # under freezegun it would see its fake date class.
    with contextlib.suppress(ImportError):
        import psycopg  # noqa: F401
    with freeze_time(f"{TODAY} 10:00:00+07:00"):
        yield


def _ok(db: str, *args: str) -> None:
    result = run("--db", db, "--pengguna", "penguji", *args)
    assert result.returncode == 0, result.stderr


def _fill(db: str) -> None:
    _ok(db, "opd", "tambah", "1.03.01", "Dinas PUPR", "--singkatan", "PUPR")
    common = ["--opd", "PUPR", "--jenis", "konstruksi", "--pagu", "390.000.000", "--tahun",
              "2026"]
    _ok(db, "paket", "tambah", "--kode", "K-1", "--nama", "Jalan", "--metode",
        "pengadaan_langsung", *common)
    _ok(db, "paket", "tambah", "--kode", "R-1", "--nama", "Gedung", "--metode", "tender",
        *common)
    for step in (["siapkan"], ["undang", "--hps", "380.000.000"], ["mulai_evaluasi"],
                 ["mulai_negosiasi"], ["tanda_tangan_kontrak", "--penyedia", "CV Muria",
                                       "--nilai-kontrak", "370.000.000"], ["terbitkan_spmk"]):
        _ok(db, "paket", "maju", "K-1", *step)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus_db(request, sqlite_template, tmp_path_factory) -> str:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("corpus") / "corpus.db"
        shutil.copy(sqlite_template, path)
        db = str(path)
    else:
        db = request.getfixturevalue("pg_migrated")
        _truncate_all(db)
    _fill(db)
    return db


def _files(folder: Path) -> dict[str, Path]:
    """The hostile import files, by name."""
    def rup(name: str, **row) -> Path:
        path = folder / name
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(SIRUP_HEADER)
            writer.writerow(_row(**row))
        return path

    def ocds(name: str, text: str) -> Path:
        (folder / name).write_text(text, encoding="utf-8")
        return folder / name

    release = {"ocid": "ocds-x-1", "date": "2026-01-05T00:00:00Z", "tag": ["planning"],
               "buyer": {"id": "B1", "name": "Dinas PUPR"},
               "planning": {"budget": {"amount": {"amount": 1000, "currency": "IDR"}}},
               "tender": {"title": "Jalan", "mainProcurementCategory": "works"}}

    def with_amount(raw: str) -> str:
        return json.dumps([release]).replace('"amount": 1000', f'"amount": {raw}')

    def with_field(path: tuple[str, ...], value: str) -> str:
        copy = json.loads(json.dumps(release))
        target = copy
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return json.dumps([copy])

    kendala = folder / "kendala.csv"
    with open(kendala, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kode paket", "tanggal", "kategori", "uraian"])
        writer.writerow(["K-1", "10/03/2026", "lahan", "Lahan\x1b[2J belum bebas"])
    target = folder / "target.csv"
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["OPD", "bulan", "target %"])
        writer.writerow(["PUPR", "3", "1e999"])
    return {
        "rup_big": rup("big.csv", pagu=BIG),
        "rup_float": rup("float.csv", pagu="9.3e18"),
        "rup_long_kode": rup("kode.csv", kd=LONG),
        "rup_long_opd": rup("opd.csv", satker="N" * 100_000),
        "rup_nul": rup("nul.csv", nama="Rehab\x00Gedung"),
        "rup_rlo": rup("rlo.csv", nama="Rehab \u202eGedung"),
        "ocds_big": ocds("big.json", with_amount(BIG)),
        "ocds_nan": ocds("nan.json", with_amount("NaN")),
        "ocds_inf": ocds("inf.json", with_amount("Infinity")),
        "ocds_1e999": ocds("e999.json", with_amount("1e999")),
        "ocds_long_kode": ocds("kode.json", with_field(("ocid",), LONG)),
        "ocds_long_opd": ocds("opd.json", with_field(("buyer", "name"), "N" * 100_000)),
        "ocds_nul": ocds("nul.json", with_field(("tender", "title"), "Jalan\x00")),
        "ocds_surrogate": ocds("sur.json", with_field(("tender", "title"), "Jalan\udc80")),
        "kendala_esc": kendala,
        "target_1e999": target,
    }


TAMBAH = ["paket", "tambah", "--nama", "Jalan", "--opd", "PUPR", "--metode", "tender",
          "--jenis", "barang", "--pagu", "1000"]


def _tambah(**options: str) -> list[str]:
    args = dict(zip(TAMBAH[2::2], TAMBAH[3::2], strict=True))
    args.setdefault("--kode", "X-1")
    args.update({f"--{k.replace('_', '-')}": v for k, v in options.items()})
    return ["paket", "tambah", *[x for pair in args.items() for x in pair]]


CATAT = ["progres", "catat", "K-1", "--tanggal", TODAY]
# (name, arguments; a {file} is one of _files)
CASES: list[tuple[str, list[str]]] = [
    ("pagu 2^63", _tambah(pagu=BIG)),
    ("pagu 100.000 digits", _tambah(pagu="9" * 100_000)),
    ("hps 2^63", _tambah(hps=BIG)),
    ("kode 100.000", _tambah(kode=LONG)),
    ("nama 100.000", _tambah(nama="N" * 100_000)),
    ("kode NUL", _tambah(kode="X\x00Y")),
    ("nama ESC", _tambah(nama="Jalan\x1b[2J")),
    ("nama RLO", _tambah(nama="Jalan \u202eBae")),
    ("nama surrogate", _tambah(nama="Jalan\udc80")),
    ("nama C1", _tambah(nama="Jalan\x9b2J")),
    ("nama newline", _tambah(nama="Jalan\nBae")),
    ("mulai 0001", _tambah(mulai_pemilihan="0001-01-01")),
    ("mulai 9999", _tambah(mulai_pemilihan="9999-12-31")),
    ("tanggal 0001", _tambah(tanggal="0001-01-01")),
    ("opd nama 100.000", ["opd", "tambah", "X", "N" * 100_000]),
    ("opd kode NUL", ["opd", "tambah", "X\x00", "Dinas"]),
    ("opd nama RLO", ["opd", "tambah", "X", "Dinas \u202eX"]),
    ("fisik 1e999", [*CATAT, "--fisik", "1e999"]),
    ("fisik NaN", [*CATAT, "--fisik", "NaN"]),
    ("fisik Infinity", [*CATAT, "--fisik", "Infinity"]),
    ("keuangan 1e30", [*CATAT, "--fisik", "5", "--keuangan", "1e30"]),
    ("keuangan 2^63", [*CATAT, "--fisik", "5", "--keuangan", BIG]),
    ("progres catatan NUL", [*CATAT, "--fisik", "5", "--catatan", "a\x00b"]),
    ("progres 9999", ["progres", "catat", "K-1", "--tanggal", "9999-12-31", "--fisik", "5"]),
    ("adendum nilai 1e30", ["kontrak", "adendum", "K-1", "--alasan", "x", "--nilai", "1e30"]),
    ("adendum nilai 2^63", ["kontrak", "adendum", "K-1", "--alasan", "x", "--nilai", BIG]),
    ("adendum selesai 9999", ["kontrak", "adendum", "K-1", "--alasan", "x", "--selesai",
                              "9999-12-31"]),
    ("adendum alasan ESC", ["kontrak", "adendum", "K-1", "--alasan", "\x1b[2J",
                            "--selesai", "2026-12-31"]),
    ("target atur 1e999", ["target", "atur", "PUPR", "3", "1e999"]),
    ("target atur NaN", ["target", "atur", "PUPR", "3", "NaN"]),
    ("rencana 9999", ["progres", "rencana", "K-1", "9999-12-31=50"]),
    ("rencana 0001", ["progres", "rencana", "K-1", "0001-01-01=50"]),
    ("rencana 1e999", ["progres", "rencana", "K-1", "2026-04-01=1e999"]),
    ("jadwal selesai 9999", ["paket", "jadwal", "R-1", "pengumuman", "--mulai", TODAY,
                             "--selesai", "9999-12-31", "--alasan", "x"]),
    ("jadwal mulai 0001", ["paket", "jadwal", "R-1", "pengumuman", "--mulai", "0001-01-01",
                           "--selesai", "2026-04-01", "--alasan", "x"]),
    ("maju catatan RLO", ["paket", "maju", "R-1", "siapkan", "--catatan", "\u202e"]),
    ("maju tanggal 9999", ["paket", "maju", "R-1", "siapkan", "--tanggal", "9999-12-31"]),
    ("kendala uraian NUL", ["kendala", "catat", "K-1", "--kategori", "lahan", "--uraian",
                            "a\x00"]),
    ("kendala tanggal 0001", ["kendala", "catat", "K-1", "--kategori", "lahan", "--uraian",
                              "a", "--tanggal", "0001-01-01"]),
    ("lihat surrogate kode", ["paket", "lihat", "X\udc80"]),
    ("versi 2^63", ["paket", "maju", "R-1", "siapkan", "--versi", BIG]),
    ("kendala nomor 2^63", ["kendala", "selesai", BIG, "--catatan", "x"]),
    ("tindak lanjut nomor 2^63", ["tindak-lanjut", "perbarui", BIG, "--status", "selesai"]),
    ("daftar tahun 2^63", ["paket", "daftar", "--tahun", BIG]),
    ("daftar batas 2^63", ["paket", "daftar", "--batas", BIG]),
    ("tambah tahun 2^63", _tambah(tahun=BIG)),
    ("per 0001 rekap", ["rekap", "--per", "0001-01-01"]),
    ("per 9999 rekap", ["rekap", "--per", "9999-12-31"]),
    ("per 9999 rapor", ["rapor", "PUPR", "--per", "9999-12-31"]),
    ("per 0001 peringatan", ["peringatan", "--per", "0001-01-01"]),
    ("per 9999 daftar", ["paket", "daftar", "--per", "9999-12-31"]),
    ("per 9999 lihat", ["paket", "lihat", "K-1", "--per", "9999-12-31"]),
    ("per 0001 ekspor csv", ["ekspor", "csv", "{out}/x.csv", "--per", "0001-01-01"]),
    ("per 9999 ekspor xlsx", ["ekspor", "xlsx", "{out}/x.xlsx", "--per", "9999-12-31"]),
    ("per 9999 ekspor ocds", ["ekspor", "ocds", "{out}/x.json", "--per", "9999-12-31"]),
    ("impor rup pagu 2^63", ["impor", "rup", "{rup_big}"]),
    ("impor rup pagu 9.3e18", ["impor", "rup", "{rup_float}"]),
    ("impor rup kode 100.000", ["impor", "rup", "{rup_long_kode}"]),
    ("impor rup OPD 100.000", ["impor", "rup", "{rup_long_opd}"]),
    ("impor rup NUL", ["impor", "rup", "{rup_nul}"]),
    ("impor rup RLO", ["impor", "rup", "{rup_rlo}"]),
    ("impor rup per 9999", ["impor", "rup", "{rup_nul}", "--per", "9999-12-31"]),
    ("impor ocds 2^63", ["impor", "ocds", "{ocds_big}"]),
    ("impor ocds NaN", ["impor", "ocds", "{ocds_nan}"]),
    ("impor ocds Infinity", ["impor", "ocds", "{ocds_inf}"]),
    ("impor ocds 1e999", ["impor", "ocds", "{ocds_1e999}"]),
    ("impor ocds kode 100.000", ["impor", "ocds", "{ocds_long_kode}"]),
    ("impor ocds OPD 100.000", ["impor", "ocds", "{ocds_long_opd}"]),
    ("impor ocds NUL", ["impor", "ocds", "{ocds_nul}"]),
    ("impor ocds surrogate", ["impor", "ocds", "{ocds_surrogate}"]),
    ("kendala impor ESC", ["kendala", "impor", "{kendala_esc}"]),
    ("target impor 1e999", ["target", "impor", "{target_1e999}", "--tahun", "2026"]),
]


def _counts(db: str) -> dict[str, int]:
    url = db if "://" in db else f"sqlite:///{db}"
    engine = get_engine(url)
    with engine.connect() as conn:
        return {t: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for t, table in SQLModel.metadata.tables.items()}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("berkas")
    return {**_files(folder), "out": folder}


def test_every_hostile_input_is_one_indonesian_line_and_writes_nothing(corpus_db, files):
    before = _counts(corpus_db)
    failures = []
    for name, template in CASES:
        args = [a.format(**files) if "{" in a else a for a in template]
        result = run("--db", corpus_db, "--pengguna", "penguji", *args)
        out = result.stdout + result.stderr
        lines = result.stderr.strip().splitlines()
        problems = [
            result.returncode == 0 and "exit 0",
            "Traceback" in out and "traceback",
            "tak terduga" in out and "Galat tak terduga",
            not lines and "no message",
            lines and not lines[-1].startswith("Galat") and "not Indonesian",
            any(word in result.stderr for word in ENGLISH) and "English",
            _counts(corpus_db) != before and "rows written",
        ]
        if any(problems):
            failures.append(f"{name}: {[p for p in problems if p]}: {out[:200]!r}")
    assert not failures, "\n".join(failures)


def test_the_limits_are_the_columns():
    """The column a limit guards is exactly as long as the limit (no cut to fit)."""
    from pengadaan.db.models import Opd, Paket

    assert Paket.__table__.c.kode.type.length == limits.KODE_PAKET.maks
    assert Paket.__table__.c.nama.type.length == limits.NAMA_PAKET.maks
    assert Opd.__table__.c.nama.type.length == limits.NAMA_OPD.maks
    assert limits.RUPIAH_MAKS * 90_000 < 2**63


@pytest.mark.parametrize(("text", "one_line_ok", "lines_ok"), [
    ("Jalan Bae", True, True),
    ("Jalan\nBae", False, True),
    ("Jalan\tBae", False, True),
    ("Jalan\x1b[2J", False, False),
    ("Jalan\u202eBae", False, False),
    ("Jalan\x85", False, False),  # C1 (NEL)
    ("Jalan\udc80", False, False),
    ("Jalan\x7f", False, False),
])
def test_which_characters_a_field_takes(text, one_line_ok, lines_ok):
    from pengadaan.domain.errors import InvalidInput

    for teks, ok in ((limits.NAMA_PAKET, one_line_ok), (limits.TEKS_BEBAS, lines_ok)):
        if ok:
            assert teks.periksa(text) == text
        else:
            with pytest.raises(InvalidInput, match="karakter kendali"):
                teks.periksa(text)


def test_an_imported_wrapped_cell_becomes_one_line():
    assert limits.one_line("Rehab\r\nGedung\tA") == "Rehab Gedung A"
    assert limits.one_line("Rehab\x1bGedung") == "Rehab\x1bGedung"  # left to be refused
