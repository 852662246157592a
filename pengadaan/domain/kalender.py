"""The working-day calendar: weekends, libur nasional, cuti bersama, local additions.

Pure Python. Durations in regulations are either hari kalender or hari kerja
(docs/aturan.md §8); this module does the hari kerja arithmetic. A working day is
Monday–Friday and not a holiday (5-day government offices, docs/aturan.md §8 [R]).
"""

from __future__ import annotations

import csv
import pkgutil
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from typing import NamedTuple

ONE_DAY = timedelta(days=1)
# Farthest a search for a working day may go: no real calendar has a month off.
_MAX_SCAN = 60


class Satuan(StrEnum):
    """The unit a duration is counted in (regulations say which)."""

    KALENDER = "hari_kalender"
    KERJA = "hari_kerja"


SATUAN_LABEL = {Satuan.KALENDER: "hari kalender", Satuan.KERJA: "hari kerja"}


class HariLibur(NamedTuple):
    """One non-working weekday with why, and where the rule comes from. A named tuple,
    and :class:`Kalender` a plain class: a frozen dataclass costs every command that
    judges lateness ±3 million instructions to create (issue #15)."""

    tanggal: date
    keterangan: str
    jenis: str  # "libur_nasional", "cuti_bersama" or "tambahan"
    sumber: str


@cache
def cuti_bersama() -> tuple[HariLibur, ...]:
    """Cuti bersama shipped with the program (pengadaan/data/cuti_bersama.csv), read
    through the package's loader (:func:`pkgutil.get_data`: :mod:`importlib.resources`
    costs a cron run ±5 ms more to import)."""
    text = pkgutil.get_data("pengadaan", "data/cuti_bersama.csv").decode("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(HariLibur(date.fromisoformat(r["tanggal"]), r["keterangan"], "cuti_bersama",
                           r["sumber"]) for r in rows)


@cache
def libur_nasional(year: int) -> tuple[HariLibur, ...]:
    """National holidays of ``year`` from the ``holidays`` package (Indonesia); the app
    reads them through pengadaan/holiday_cache.py, which calls this once per year."""
    import holidays  # ~0,05 s to import: only when a year is computed

    found = holidays.country_holidays("ID", years=year, language="id")
    return tuple(HariLibur(day, name, "libur_nasional", "holidays (ID), SKB 3 Menteri")
                 for day, name in sorted(found.items()))


class Kalender:
    """Holidays for a span of years plus administrator additions; answers hari kerja.
    Equal when their holidays are."""

    __slots__ = ("libur",)

    def __init__(self, libur: dict[date, HariLibur] | None = None) -> None:
        self.libur: dict[date, HariLibur] = {} if libur is None else libur

    def __eq__(self, other: object) -> bool:
        return self.libur == other.libur if type(other) is Kalender else NotImplemented

    __hash__ = None  # as the dataclass's: its holidays are a dict

    def __repr__(self) -> str:
        return f"Kalender(libur={self.libur!r})"

    @classmethod
    def build(cls, years: Iterable[int], tambahan: Iterable[HariLibur] = (),
              nasional: Callable[[int], Iterable[HariLibur]] | None = None) -> Kalender:
        """``nasional`` gives a year's national holidays (default :func:`libur_nasional`)."""
        libur: dict[date, HariLibur] = {}
        wanted = set(years)
        for year in sorted(wanted):
            for day in (nasional or libur_nasional)(year):
                libur.setdefault(day.tanggal, day)
        for day in (*cuti_bersama(), *tambahan):
            if day.tanggal.year in wanted:
                libur.setdefault(day.tanggal, day)
        return cls(libur)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.libur

    def on_or_after(self, day: date) -> date:
        """``day`` if it is a working day, else the next one (stages end on one)."""
        for _ in range(_MAX_SCAN):
            if self.is_working_day(day):
                return day
            day += ONE_DAY
        raise ValueError(f"tidak ada hari kerja dalam {_MAX_SCAN} hari setelah {day}")

    def on_or_before(self, day: date) -> date:
        """``day`` if it is a working day, else the previous one."""
        for _ in range(_MAX_SCAN):
            if self.is_working_day(day):
                return day
            day -= ONE_DAY
        raise ValueError(f"tidak ada hari kerja dalam {_MAX_SCAN} hari sebelum {day}")

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``day`` itself not counted); n ≥ 0.

        With n = 0 the answer is ``day`` itself, working or not.
        """
        if n < 0:
            raise ValueError("n tidak boleh negatif")
        while n:
            day += ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def sub_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day before ``day`` (``day`` itself not counted)."""
        if n < 0:
            raise ValueError("n tidak boleh negatif")
        while n:
            day -= ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def end_of(self, start: date, length: int, satuan: Satuan) -> date:
        """The last day of a stage of ``length`` units starting on ``start``, moved
        forward to a working day (a stage counts its first day; length ≥ 1)."""
        if satuan == Satuan.KERJA:
            return self.add_working_days(start - ONE_DAY, max(length, 1))
        return self.on_or_after(start + timedelta(days=max(length, 1) - 1))

    def holidays_in(self, year: int) -> list[HariLibur]:
        return sorted((d for d in self.libur.values() if d.tanggal.year == year),
                      key=lambda d: d.tanggal)


def years_around(*days: date | None, margin: int = 1) -> range:
    """The years a calculation near ``days`` may touch (one year either side)."""
    known = [d.year for d in days if d is not None]
    if not known:
        raise ValueError("years_around memerlukan paling sedikit satu tanggal")
    return range(min(known) - margin, max(known) + margin + 1)
