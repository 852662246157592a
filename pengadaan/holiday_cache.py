"""A year's national holidays kept as a small file in the user's cache folder.

Computing them with the ``holidays`` package costs about 0,1 s per process (its import
and its rules); every command that judges lateness needs them. The file name carries the
package's version, so an upgrade (a new decree) computes them again. A folder that
cannot be written only means computing every time.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
from contextlib import suppress
from datetime import date
from functools import cache
from pathlib import Path

from platformdirs import user_cache_path

from pengadaan.domain.kalender import HariLibur
from pengadaan.domain.kalender import libur_nasional as computed

FIELDS = ("tanggal", "keterangan", "jenis", "sumber")


def cache_file(year: int) -> Path:
    folder = user_cache_path("pengadaan", appauthor=False)
    return folder / f"libur-nasional-{year}-holidays-{_holidays_version()}.csv"


@cache
def _holidays_version() -> str:
    """The installed package's version, from its ``holidays-<version>.dist-info``
    folder beside it: :mod:`importlib.metadata` would cost ±30 ms of every command."""
    package = Path(importlib.util.find_spec("holidays").origin).parent
    for info in package.parent.glob("holidays-*.dist-info"):
        return info.name.removeprefix("holidays-").removesuffix(".dist-info")
    from importlib.metadata import version  # another layout of installation

    return version("holidays")


@cache
def libur_nasional(year: int) -> tuple[HariLibur, ...]:
    """The same days as :func:`pengadaan.domain.kalender.libur_nasional`, from the file
    when an earlier run wrote it."""
    path = cache_file(year)
    found = read(path)
    if not found:  # absent, unreadable or damaged: every year has holidays
        found = computed(year)
        with suppress(OSError):
            _write(path, found)
    return found


def read(path: Path) -> tuple[HariLibur, ...]:
    """The days a cache file holds (none when it is absent or damaged)."""
    with suppress(OSError, ValueError, KeyError, csv.Error), \
            path.open(encoding="utf-8", newline="") as f:
        return tuple(HariLibur(date.fromisoformat(r["tanggal"]), r["keterangan"],
                               r["jenis"], r["sumber"]) for r in csv.DictReader(f))
    return ()


def _write(path: Path, days: tuple[HariLibur, ...]) -> None:
    """Whole or not at all: a concurrent reader never sees half a file."""
    text = io.StringIO()
    writer = csv.DictWriter(text, FIELDS)
    writer.writeheader()
    writer.writerows({"tanggal": d.tanggal.isoformat(), "keterangan": d.keterangan,
                      "jenis": d.jenis, "sumber": d.sumber} for d in days)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(text.getvalue(), encoding="utf-8", newline="")
    os.replace(partial, path)
