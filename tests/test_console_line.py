"""``console.line`` (pengadaan/cli/session.py, issue #15): a one-line answer is the
bytes Rich would print, written without Rich when Rich would print it unchanged."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rich.console import Console

from pengadaan.cli.session import OnFirstUse

LINE = "Paket 2026-00115: nyatakan_kritis → Kontrak Kritis (02/12/2026)."


def _rich(text: str, width: int, **options: bool) -> str:
    rich = Console(highlight=False, width=width, force_terminal=False)
    with rich.capture() as captured:
        rich.print(text, **options)
    return captured.get()


HINT = ('Sisa jadwal paket [K-1] terlambat 299 hari: tahap Pemasukan Penawaran berjalan '
        'sejak 02/12/2026. Susun ulang: pengadaan paket jadwal K-1 --alasan "…"')


@pytest.mark.parametrize("text", [
    LINE,
    "Paket K-1: nyatakan_kritis → " + "Tahap Panjang " * 6 + "(02/12/2026).",  # wraps
    "Paket [b]K-1[/b]: siapkan → Persiapan (02/12/2026).",  # markup
    "Paket K:1:smile: siapkan → Persiapan.",  # an emoji code
    "Paket K-1: siapkan:smile: → Persiapan.",
    "Paket 漢字漢字漢字漢字漢字: siapkan → Persiapan.",  # wide: fits by length, not cells
    "Paket K-1́: siapkan → Persiapan.",  # a combining mark
    HINT,
])
@pytest.mark.parametrize("options", [{}, {"markup": False, "soft_wrap": True}])
@pytest.mark.parametrize("columns", ["40", "200"])
def test_a_line_is_what_rich_prints(text, options, columns, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", columns)
    OnFirstUse(False, highlight=False).line(text, **options)
    assert capsys.readouterr().out == _rich(text, int(columns), **options)


def test_a_line_goes_where_the_console_writes(capsys):
    OnFirstUse(False, stderr=True, highlight=False, soft_wrap=True).line(LINE)
    assert capsys.readouterr() == ("", LINE + "\n")
    OnFirstUse(False, highlight=False, width=30).line(LINE)
    assert capsys.readouterr().out == _rich(LINE, 30)


def test_a_control_character_is_shown_not_obeyed(capsys):
    OnFirstUse(False, highlight=False).line("Paket K-1\x1b[2J: siapkan → Persiapan.")
    assert "\x1b" not in capsys.readouterr().out


def test_a_plain_line_that_fits_loads_no_rich():
    """The process of a one-line answer: no Rich imported (what ``paket maju`` prints;
    tests/test_maju_cached.py checks the whole command)."""
    script = ("import sys; from pengadaan.cli.session import console; "
              f"console.line({LINE!r}); "
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, env={**os.environ, "COLUMNS": "80"})
    assert result.stdout == LINE + "\n[]\n"
