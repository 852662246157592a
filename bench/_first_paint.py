"""Whole-process cold start to first paint, as a user at a terminal feels it.

The program runs in a pseudo-terminal of a fixed size (so Textual draws as it would
for a person); the clock starts before the process is spawned and stops when the
terminal receives ``marker`` (a cell of the first page, e.g. its first kode). The
process is then killed: what it would do after the first paint is not its start-up.
Its CPU time by then is read too: on a shared machine it moves far less than the
wall time with the load.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 60.0


@dataclass(frozen=True)
class Paint:
    wall: float  # seconds from spawn to the marker on the terminal
    cpu: float | None  # the process's CPU seconds by then (None off Linux)


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a running process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_paint(argv: list[str], marker: str, size: tuple[int, int] = (200, 50),
                cwd: Path | None = None) -> Paint:
    """Time from spawning ``argv`` to ``marker`` appearing on its terminal."""
    master, slave = pty.openpty()
    columns, lines = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    environment = {**os.environ, "TERM": "xterm-256color",
                   "COLUMNS": str(columns), "LINES": str(lines)}
    wanted, seen = marker.encode(), b""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                               env=environment, cwd=cwd, start_new_session=True)
    os.close(slave)
    try:
        while wanted not in seen:
            if time.perf_counter() - start > TIMEOUT:
                raise TimeoutError(f"{argv[0]}: '{marker}' tidak tampil dalam {TIMEOUT} s; "
                                   f"keluaran terakhir: {seen[-500:]!r}")
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:  # the program exited and closed the terminal
                    chunk = b""
                if not chunk and process.poll() is not None:
                    raise RuntimeError(f"{argv[0]} berhenti sebelum tampilan pertama: "
                                       f"{seen[-500:]!r}")
                seen = (seen + chunk)[-(1 << 16):]  # the marker is a few bytes
        return Paint(time.perf_counter() - start, _cpu_seconds(process.pid))
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
