"""The bench's raw baselines replay what our read reports run (bench/_replay.py, issue
#15): the recording catches every statement a report's use case hands to sqlite3 on the
cached path, and plain sqlite3 given them back (through the JSON file the raw process
reads) returns as many rows as the use case read. The bench also checks this on its own
files, with the command's output; this holds it on the demo database, without them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench._replay import RAW_ROWS, recorded, replayed
from bench._reports import alerts_text, daftar_text, rekap_text, ringkas_text


@pytest.mark.parametrize("use_case", [ringkas_text, alerts_text, rekap_text, daftar_text],
                         ids=["ringkas", "json", "rekap", "daftar"])
def test_a_report_replayed_gives_the_rows_it_read(use_case, demo_template, tmp_path):
    into = tmp_path / "statements.json"
    recording, printed = recorded(demo_template, use_case, into)

    sql = [text for text, _ in recording.statements]
    assert sql[:3] == ["PRAGMA query_only = ON", "BEGIN",
                       "SELECT version_num FROM alembic_version"]
    assert len(sql) > 3 and printed
    assert recording.rows > 1  # the schema check's row and the report's
    rows = replayed(demo_template, recording.statements)
    assert rows.count("\n") == recording.rows


def test_the_raw_process_prints_what_the_replay_gives(demo_template, tmp_path):
    into = tmp_path / "statements.json"
    recording, _ = recorded(demo_template, alerts_text, into)

    out = subprocess.run([sys.executable, "-c", RAW_ROWS, str(demo_template), str(into)],
                         check=True, capture_output=True, text=True).stdout
    assert out == replayed(demo_template, recording.statements)
    assert out.count("\n") == recording.rows
