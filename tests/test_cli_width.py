"""Every CLI table readable at 80 columns and at 200 (issue #14): a kode, a date, a Rupiah
amount or a percentage is never cut or wrapped; columns that do not fit leave in their
declared order and one line says which; piped output is not wrapped at 80."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from pengadaan.cli.paket import DAFTAR_COLUMNS
from pengadaan.cli.rapor import REKAP_COLUMNS
from pengadaan.domain.alert_kinds import flag_name
from pengadaan.domain.formatting import BULAN
from pengadaan.presentation.fit import Phrases, fit, priorities, wrap
from pengadaan.presentation.lateness_text import TANDA_KENDALA
from pengadaan.presentation.table_columns import NAME_MIN, Column, Kind
from tests.test_cli import Cli

PER = "2026-12-31"
KODE = ("1.03.01-2026-000123", "1.03.01-2026-000124")
NAMA = ("Pembangunan Jembatan Gantung Penghubung Desa Kedungsari dan Desa Tanjungrejo "
        "Tahap II", "Pengadaan Alat Berat Ekskavator Amfibi untuk Normalisasi Sungai")
PAGU = ("Rp 987.654.321.000", "Rp 12.500.000.000")
URAIAN = "Pembebasan lahan oleh pemerintah desa belum selesai karena ahli waris belum sepakat"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """One OPD with a long name, two packages with long codes and names and big pagu,
    late in every way by the end of the year; one with a kendala and a progress plan."""
    cli = Cli(tmp_path_factory.mktemp("width") / "template.db")
    cli.ok("init")
    cli.ok("opd", "tambah", "1.03.01",
           "Dinas Pekerjaan Umum dan Penataan Ruang dan Kawasan Permukiman",
           "--singkatan", "PUPR")
    for kode, nama, pagu, metode, jenis in zip(
            KODE, NAMA, ("987654321000", "12500000000"), ("tender", "e_purchasing"),
            ("konstruksi", "barang"), strict=True):
        cli.ok("paket", "tambah", "--kode", kode, "--nama", nama, "--opd", "PUPR",
               "--metode", metode, "--jenis", jenis, "--pagu", pagu, "--tahun", "2026",
               "--mulai-pemilihan", "2026-01-05", "--tanggal", "2026-01-02")
    cli.ok("kendala", "catat", KODE[0], "--kategori", "lahan", "--uraian", URAIAN,
           "--tanggal", "2026-03-03")
    return cli.path


@pytest.fixture
def cli(template, tmp_path) -> Cli:
    shutil.copy(template, tmp_path / "pengadaan.db")
    return Cli(tmp_path / "pengadaan.db")


def at(cli: Cli, columns: int | None, *args: str) -> str:
    """``pengadaan ARGS`` at ``columns`` (``None``: piped, no COLUMNS)."""
    result = cli(*args, env={"COLUMNS": None if columns is None else str(columns)})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout


def table_lines(out: str) -> list[str]:
    """The lines the terminal draws, without the one-line notes printed unwrapped."""
    return [line for line in out.splitlines() if not line.startswith("kolom disembunyikan")]


def hidden(out: str) -> list[str]:
    [line] = [line for line in out.splitlines() if line.startswith("kolom disembunyikan: ")]
    return line.removeprefix("kolom disembunyikan: ").split(" — ")[0].split(", ")


def header_line(out: str, first: str) -> str:
    return next(line for line in out.splitlines() if re.match(rf"^\W*{re.escape(first)}\b",
                                                              line))


def test_paket_daftar_at_80_keeps_every_kode_and_flag_whole(cli):
    rows = cli.json("paket", "daftar", "--opd", "PUPR", "--terlambat", "--per", PER)
    assert [r["kode"] for r in rows] == list(KODE)
    out = at(cli, 80, "paket", "daftar", "--opd", "PUPR", "--terlambat", "--per", PER)
    assert all(len(line) <= 80 for line in table_lines(out))
    for row in rows:
        assert row["kode"] in out  # on one line, whole
        assert len(row["flags"]) >= 3
        for flag in row["flags"]:  # every flag listed, none broken across lines
            assert flag_name(flag) in out
    assert TANDA_KENDALA in out
    gone = hidden(out)
    assert gone and set(gone) <= {c.header for c in DAFTAR_COLUMNS if c.drop}
    header = header_line(out, "Kode")
    assert "Nama" in header and "Peringatan" in header
    assert not any(name in header for name in gone)
    # what stayed is whole: when Pagu stayed, each amount is on one line
    if "Pagu" not in gone:
        assert all(pagu in out for pagu in PAGU)
    # the name shrank with an ellipsis, not to one syllable per line
    assert "…" in out and NAMA[0][:NAME_MIN - 1] in out


def test_paket_daftar_at_200_hides_nothing_and_nama_is_as_wide_as_the_longest(cli):
    out = at(cli, 200, "paket", "daftar", "--per", "2026-01-03", "--cari", "Ekskavator")
    assert "kolom disembunyikan" not in out
    [line] = [line for line in out.splitlines() if KODE[1] in line]
    assert PAGU[1] in line
    # the name fills its column exactly: one space of padding, then the border
    assert f"│ {NAMA[1]} │" in line
    both = at(cli, 200, "paket", "daftar", "--per", PER)
    assert "kolom disembunyikan" not in both  # the longer name shrinks instead
    assert all(pagu in both for pagu in PAGU)


def test_piped_output_is_one_line_per_row(cli):
    out = at(cli, None, "paket", "daftar", "--per", PER)
    assert "kolom disembunyikan" not in out
    for kode, nama, pagu in zip(KODE, NAMA, PAGU, strict=True):
        [line] = [line for line in out.splitlines() if kode in line]
        assert nama in line and pagu in line and "lewat tahun anggaran" in line
    assert max(len(line) for line in out.splitlines()) > 80
    alerts = at(cli, None, "peringatan", "--per", PER)
    assert any(NAMA[0] in line and KODE[0] in line for line in alerts.splitlines())


@pytest.mark.end_to_end
def test_a_real_pipe_is_not_wrapped_at_80(template, tmp_path):
    shutil.copy(template, tmp_path / "pengadaan.db")
    piped = Cli(tmp_path / "pengadaan.db", spawn=True)
    out = at(piped, None, "paket", "daftar", "--per", PER)
    [line] = [line for line in out.splitlines() if KODE[0] in line]
    assert NAMA[0] in line and PAGU[0] in line


@pytest.mark.end_to_end
def test_paket_daftar_s_table_in_a_fresh_process_at_80_and_200(template, cli, tmp_path):
    """The table path of ``paket daftar`` imports its columns, lateness and Rich only
    when it runs (pengadaan/cli/paket_daftar.py): a real process, nothing loaded by
    other tests, prints what the in-process run prints; kode and Rupiah whole."""
    shutil.copy(template, tmp_path / "spawned.db")
    spawned = Cli(tmp_path / "spawned.db", spawn=True)
    args = ("paket", "daftar", "--per", PER)
    narrow, wide = at(spawned, 80, *args), at(spawned, 200, *args)
    assert (narrow, wide) == (at(cli, 80, *args), at(cli, 200, *args))
    assert all(len(line) <= 80 for line in table_lines(narrow))
    assert "Pagu" in hidden(narrow) and "Kode" in header_line(narrow, "Kode")
    assert "kolom disembunyikan" not in wide
    for kode, pagu in zip(KODE, PAGU, strict=True):
        assert sum(kode in line for line in narrow.splitlines()) == 1  # whole, once
        [line] = [line for line in wide.splitlines() if kode in line]
        assert pagu in line


def test_rekap_at_80_cuts_nothing_and_names_what_left(cli):
    out = at(cli, 80, "rekap", "--per", PER)
    assert all(len(line) <= 80 for line in table_lines(out) if "│" in line or "─" in line)
    gone = hidden(out)
    leaving = [c.header for c in sorted(REKAP_COLUMNS, key=lambda c: c.drop) if c.drop]
    assert set(gone) == set(leaving[:len(gone)])  # in the declared order
    assert {"Ren", "Pml", "Ktr/Pel"} <= set(gone)
    kept = [c.header for c in REKAP_COLUMNS if c.header not in gone]
    assert {"#", "OPD", "Serapan", "Deviasi", "Warna", "Skor"} <= set(kept)
    assert "…" not in out
    [row] = [line for line in out.splitlines() if line.split()[:2] == ["1", "PUPR"]]
    assert "-100,00%" in row and "MERAH" in row  # the deviation and the band, whole
    wide = at(cli, 200, "rekap", "--per", PER)
    assert "kolom disembunyikan" not in wide and "Ktr/Pel" in wide


def test_rapor_at_80_keeps_dates_amounts_and_percentages_whole(cli):
    card = cli.json("rapor", "PUPR", "--per", PER)
    out = at(cli, 80, "rapor", "PUPR", "--per", PER)
    assert "…" not in header_line(out, "Kode")
    for row in card["bermasalah"]:
        assert row["kode"] in out
        day = "/".join(reversed(row["batas"].split("-")))
        assert day in out
    for name in BULAN:  # a month a line, its target and deviation whole
        [line] = [line for line in out.splitlines() if line.startswith(f"│ {name} ")]
        assert re.search(r"│ +\d+,\d\d% │ .* -\d+,\d\d% │", line), line
    assert "│ Rp 1.000.154.321.000 │" in out  # the pagu of both packages
    assert all(len(line) <= 80 for line in table_lines(out) if "│" in line)
    assert "kolom disembunyikan: " in out


def test_kendala_and_peringatan_at_80(cli):
    out = at(cli, 80, "kendala", "daftar")
    assert KODE[0] in out and "03/03/2026" in out
    assert all(len(line) <= 80 for line in table_lines(out))
    words = " ".join(line.strip("│ ") for line in out.splitlines())
    assert all(word in words for word in URAIAN.split())
    alerts = at(cli, 80, "peringatan", "--per", PER)
    assert all(len(line) <= 80 for line in table_lines(alerts) if not line.startswith("Hari:"))
    for kode in KODE:
        assert kode in alerts
    assert "31/12/2026" in alerts and "05/01/2026" in alerts


def test_paket_lihat_at_80_breaks_pemicu_inputs_between_options(cli):
    cli.ok("paket", "maju", KODE[0], "siapkan", "--tanggal", "2026-01-10")
    wide = at(cli, 200, "paket", "lihat", KODE[0])
    [line] = [line for line in wide.splitlines() if "umumkan" in line and "isian" in line]
    options = re.search(r"\(isian: (.*)\)", line).group(1).split(", ")
    narrow = at(cli, 40, "paket", "lihat", KODE[0])
    lines = narrow.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  umumkan"))
    block = lines[start:start + 6]
    for option in options:  # each option whole on one line
        assert any(option in line for line in block), option
    assert all(len(line) <= 40 for line in block)


# --- the mechanism itself ---------------------------------------------------------------

COLUMNS = (Column("Kode", Kind.KODE), Column("Nama", Kind.NAME),
           Column("Metode", Kind.LABEL, drop=1), Column("Pagu", Kind.MONEY, drop=2),
           Column("Tanggal", Kind.DATE), Column("Persen", Kind.PERCENT, drop=3),
           Column("Tanda", Kind.LABEL))
ROW = ("KODE-2026-000001", "Nama paket yang panjang sekali sampai tidak muat", "Tender Cepat",
       "Rp 1.234.567.890.000", "19/08/2026", "100,00%",
       Phrases(["tahap terlambat", "lewat tahun anggaran", "kontrak kritis"]))


def rendered(table, width: int) -> str:
    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(table)
    console.file.close()
    return console.export_text()


def test_columns_leave_in_their_order_and_whole_values_stay_whole():
    for width, gone in ((200, []), (110, ["Metode"]), (100, ["Metode", "Pagu"]),
                        (80, ["Metode", "Pagu", "Persen"])):
        fitted = fit(COLUMNS, [ROW], width)
        assert fitted.hidden == gone, width
        text = rendered(fitted.table, width)
        assert max(len(line) for line in text.splitlines()) <= width
        for value, column in zip(ROW, COLUMNS, strict=True):
            if column.header in gone or not column.kind.whole:
                continue
            assert value in text, (width, value)
        for phrase in ROW[-1]:
            assert phrase.plain in text
    assert fit(COLUMNS, [ROW], 100).note() == (
        "kolom disembunyikan: Metode, Pagu — perlebar terminal atau pakai --format json")
    assert fit(COLUMNS, [ROW], 200).note() is None


def test_the_name_shrinks_before_any_column_leaves_and_never_below_its_minimum():
    full = fit(COLUMNS, [ROW], 200)
    text = rendered(full.table, 200)
    assert ROW[1] in text  # at 200 the whole name, and its column no wider
    assert f"{ROW[1]} │" in text
    squeezed = rendered(fit(COLUMNS, [ROW], 120).table, 120)
    [line] = [line for line in squeezed.splitlines() if ROW[0] in line]
    name = line.split("│")[2].strip()
    assert name.endswith("…") and len(name) >= NAME_MIN


def test_without_a_width_every_column_stays_for_the_tui():
    fitted = fit(COLUMNS, [ROW], None)
    assert fitted.hidden == [] and len(fitted.table.columns) == len(COLUMNS)
    assert all(c.width is None for c in fitted.table.columns)


def test_priorities_read_the_declaration():
    assert priorities(COLUMNS) == (["Metode", "Pagu", "Persen"],
                                   ["Kode", "Nama", "Tanggal", "Tanda"])


def test_free_text_wraps_between_words_never_inside_an_amount_or_a_date():
    columns = (Column("Kode", Kind.KODE), Column("Alasan", Kind.TEXT, min_width=8))
    alasan = "lewat masa kontrak, denda Rp 207.569.000 dan Rp 1,2 M sejak 19/08/2026"
    for width in (25, 30, 40):  # 25: "Rp 207.569.000" alone fills the column
        text = rendered(fit(columns, [("K-1", alasan)], width).table, width)
        assert max(len(line) for line in text.splitlines()) <= width
        for value in ("Rp 207.569.000", "Rp 1,2 M", "19/08/2026"):
            assert value in text, (width, value)


def test_a_wrapped_line_keeps_its_indent_and_its_amount_whole():
    line = Text("  lewat masa kontrak: batas 09/06/2026 (176 hari terlambat), denda Rp 207.569.000")
    lines = wrap(line, 60, indent="    ").plain.split("\n")
    assert lines == ["  lewat masa kontrak: batas 09/06/2026 (176 hari terlambat),",
                     "    denda Rp 207.569.000"]
