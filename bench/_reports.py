"""The read reports of issues #2, #3, #8 and #15 as their commands run them in
process: each use case, given a database, returns the text its command prints. The
raw baselines record their statements from these (bench/_replay.py), so what a
command asks and what its baseline replays are written once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench._replay import (
    RAW_COUNT,
    RAW_DOCUMENT,
    RAW_ROWS,
    Recording,
    raw_rows,
    recorded,
    replayed,
)
from bench.data import PER
from pengadaan.cli.peringatan import alerts_json, ringkas_line
from pengadaan.cli.rapor import rekap_json
from pengadaan.presentation.json_lines import plain_rows_json
from pengadaan.usecases import alerts as alerts_uc
from pengadaan.usecases.alert_counts import counted
from pengadaan.usecases.daftar import PaketRingkas, paket_rows
from pengadaan.usecases.rapor import rekap

OPD = "DISHUB"  # a typical agency: about 3% of the packages


def ringkas_text(db) -> str:
    """``peringatan --per PER --ringkas``."""
    return ringkas_line(counted(db, PER)) + "\n"


def alerts_text(db) -> str:
    """``peringatan --per PER --format json``: streamed, as the command reads them."""
    with alerts_uc.streamed(db, PER) as found:
        return alerts_json(found)


def rekap_text(db) -> str:
    """``rekap --per PER --format json``."""
    return rekap_json(rekap(db, PER))


def daftar_text(db) -> str:
    """``paket daftar --opd OPD --format json``."""
    return plain_rows_json(paket_rows(db, opd=OPD, dates_as_text=True), PaketRingkas)


# Each report with the raw baseline it is measured against (bench/_replay.py): the rows
# as bare JSON lists where the report needs our rules to be written, the very document
# where its rows are the whole report, a count for the one-line summary.
RAW_OF = {ringkas_text: RAW_COUNT, alerts_text: RAW_ROWS, rekap_text: RAW_ROWS,
          daftar_text: RAW_DOCUMENT}


def replay_checked(path: Path, use_case: Callable[..., str], into: Path
                   ) -> tuple[Recording, str, Callable[[], str]]:
    """``use_case`` recorded on ``path`` (its statements written to ``into`` for the raw
    process), what it printed, and its raw baseline in process; checked first: the raw
    reads as many rows as the use case did."""
    raw = RAW_OF[use_case]
    recording, output = recorded(path, use_case, into)

    def replay() -> str:
        return replayed(path, recording.statements, raw)

    if raw_rows(raw, replay()) != recording.rows:
        raise AssertionError(f"{use_case.__name__}: baris mentah ≠ baris use case")
    return recording, output, replay
