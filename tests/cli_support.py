"""Running the ``pengadaan`` command in tests.

In-process by default: Typer's ``CliRunner`` isolation (stdin, stdout, stderr and the
environment swapped) around :func:`pengadaan.cli.main` itself, so the exit code and the
one-line Indonesian errors are exactly what the console script prints, without starting
Python and importing everything for every command. A few tests marked ``end_to_end`` run
the installed script as a process instead (it starts, exit codes and stderr of a real
process, the PostgreSQL URL from the environment).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pengadaan.db.engine import get_engine, resolve_url
from typer.testing import CliRunner

from pengadaan.cli import main
from pengadaan.cli.common import console, err_console
from pengadaan.domain.errors import PengadaanError

BIN = Path(sys.executable).parent / "pengadaan"
# Never the developer's own database or debug switch; a fixed width, as without a tty.
BASE_ENV: dict[str, str | None] = {"PENGADAAN_DB": None, "PENGADAAN_DEBUG": None,
                                   "COLUMNS": "80"}


@dataclass(frozen=True)
class Ran:
    """What a run left: the same three fields as ``subprocess.CompletedProcess``."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str, env: dict[str, str | None] | None = None, cwd: Path | None = None,
        input: str | None = None, spawn: bool = False) -> Ran:
    """``pengadaan ARGS`` with ``env`` over the test's environment."""
    environ = {**BASE_ENV, **(env or {})}
    if spawn:
        return _spawned(args, environ, cwd, input)
    return _in_process(args, environ, cwd, input)


def checked(db_path: Path) -> Callable[..., Ran]:
    """``run(*args, code=0)`` on one database file: never a traceback, and the exit code
    the test expects (the output shown when it is not)."""
    def run_checked(*args: str, code: int = 0) -> Ran:
        result = run("--db", str(db_path), *args)
        assert "Traceback" not in result.stdout + result.stderr
        assert result.returncode == code, result.stdout + result.stderr
        return result

    return run_checked


def _spawned(args, environ, cwd, input) -> Ran:
    full = {k: v for k, v in os.environ.items() if k not in environ}
    full.update({k: v for k, v in environ.items() if v is not None})
    result = subprocess.run([str(BIN), *args], capture_output=True, text=True, env=full,
                            cwd=cwd, input=input, timeout=120)
    return Ran(result.returncode, result.stdout, result.stderr)


def _in_process(args, environ, cwd, input) -> Ran:
    argv = sys.argv
    with CliRunner().isolation(input=input, env=environ) as (out, err, _), \
            (contextlib.chdir(cwd) if cwd else contextlib.nullcontext()):
        sys.argv = ["pengadaan", *args]
        _console_width(os.environ.get("COLUMNS"))
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (exit_.code is not None)
        finally:
            sys.argv = argv
            _console_width(None)
            sys.stdout.flush()
            sys.stderr.flush()
            _close_databases(args)
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return Ran(int(code), stdout, stderr)


def _console_width(columns: str | None) -> None:
    """A new process sizes its consoles from ``COLUMNS``; the imported ones keep the width
    seen at import (pytest-xdist workers export COLUMNS), so set it per run and give
    them back their automatic width afterwards."""
    width = int(columns) if columns and columns.isdigit() else None
    for each in (console, err_console):
        each.width = width


def _close_databases(args) -> None:
    """What the end of the process does: close the connections the command opened (the
    engine is cached per URL), so SQLite checkpoints its WAL and the file is left as a
    finished command leaves it."""
    location = args[args.index("--db") + 1] if "--db" in args[:-1] else None
    location = location or os.environ.get("PENGADAAN_DB")
    if location:
        with contextlib.suppress(PengadaanError):
            get_engine(resolve_url(location)).dispose()
