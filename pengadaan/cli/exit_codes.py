"""What ``pengadaan``'s exit code means, declared once (docs/dasar.md lists the table).

A script or cron job must tell "there is something to report" from "the command could
not look": a missing or locked database never reads as an all-clear or as alerts.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Done; a check found nothing to report."""
    FOUND = 1
    """A check found something: alerts (``peringatan --gagal-jika-ada``), a broken
    history (``audit verifikasi``, ``cadangan``)."""
    USAGE = 2
    """The command line is wrong: unknown command or option, missing argument."""
    FAILED = 3
    """The command failed: database missing, locked or unreachable, bad input, a
    refused change; nothing was written."""
    INTERRUPTED = 130
    """Interrupted (Ctrl+C) or cancelled at a prompt."""
