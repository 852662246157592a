"""The bench's raw baselines replay what our read reports run (bench/_replay.py, issue
#15): the recording catches every statement a report's use case hands to sqlite3 on the
cached path, and plain sqlite3 given them back (through the JSON file the raw process
reads) returns as many rows as the use case read. The bench also checks this on its own
files, with the command's output; this holds it on the demo database, without them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench._replay import raw_rows, raw_script, recorded, replayed
from bench._reports import RAW_OF

REPORTS = list(RAW_OF.items())
NAMES = [use_case.__name__.removesuffix("_text") for use_case in RAW_OF]


@pytest.mark.parametrize(("use_case", "raw"), REPORTS, ids=NAMES)
def test_a_report_replayed_gives_the_rows_it_read(use_case, raw, demo_template, tmp_path):
    into = tmp_path / "statements.json"
    recording, printed = recorded(demo_template, use_case, into)

    sql = [text for text, _ in recording.statements]
    assert sql[:3] == ["PRAGMA query_only = ON", "BEGIN",
                       "SELECT version_num FROM alembic_version"]
    assert len(sql) > 3 and printed
    assert recording.rows > 1  # the schema check's row and the report's
    assert raw_rows(raw, replayed(demo_template, recording.statements, raw)) == recording.rows


@pytest.mark.parametrize(("use_case", "raw"), REPORTS, ids=NAMES)
def test_the_raw_process_prints_what_the_replay_gives(use_case, raw, demo_template, tmp_path):
    into = tmp_path / "statements.json"
    recording, printed = recorded(demo_template, use_case, into)

    out = subprocess.run([sys.executable, "-c", raw_script(raw), str(demo_template), str(into)],
                         check=True, capture_output=True, text=True).stdout
    assert out == replayed(demo_template, recording.statements, raw)
    assert raw_rows(raw, out) == recording.rows
