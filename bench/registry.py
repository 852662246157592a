"""The measurement registry: a module in ``bench/`` registers functions with
:func:`measurement`; ``python -m bench`` imports every module and runs them all.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """A measured figure that is not a time (statements, transitions per second) and
    the issue's target for it: at most or at least ``limit``."""

    value: float
    unit: str
    limit: float
    at_least: bool = False

    @property
    def target(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.limit:,.0f} {self.unit}".replace(",", ".")

    @property
    def missed(self) -> bool:
        return self.value < self.limit if self.at_least else self.value > self.limit

    def __str__(self) -> str:
        return f"{self.value:,.0f} {self.unit}".replace(",", ".")


@dataclass
class Result:
    """One measured operation at one size; ``baseline`` is the raw reference, if any."""

    name: str
    n: int
    seconds: float
    baseline: float | None = None
    baseline_name: str | None = None
    note: str = ""
    # The target, if any: at most this many seconds, or this ratio to baseline.
    target_seconds: float | None = None
    target_ratio: float | None = None
    # Peak memory of the measured process, and its target (issue #19), in MB.
    peak_mb: float | None = None
    target_mb: float | None = None
    figure: Figure | None = None  # its target is the row's target

    @property
    def notes(self) -> str:
        """The note, led by the figure when there is one."""
        return "; ".join(x for x in (self.figure and str(self.figure), self.note) if x)

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.baseline if self.baseline else None

    @property
    def target(self) -> str:
        """The target as the report prints it (``≤ 150 ms``, ``≤ 2,0×``, ``≤ 400 MB``,
        ``≤ 8 pernyataan``)."""
        if self.figure is not None:
            return self.figure.target
        parts = []
        if self.target_seconds is not None:
            parts.append(f"≤ {self.target_seconds * 1000:,.0f} ms")
        if self.target_ratio is not None:
            parts.append(f"≤ {self.target_ratio:.1f}×".replace(".", ","))
        if self.target_mb is not None:
            parts.append(f"≤ {self.target_mb:,.0f} MB")
        return ", ".join(parts)

    @property
    def missed(self) -> bool:
        """Over any of its targets (a result without one never misses)."""
        if self.figure is not None:
            return self.figure.missed
        return ((self.target_seconds is not None and self.seconds > self.target_seconds)
                or (self.target_ratio is not None and (self.ratio or 0) > self.target_ratio)
                or (self.target_mb is not None and (self.peak_mb or 0) > self.target_mb))


@dataclass
class Run:
    """What a measurement receives: the sizes asked for and a scratch folder."""

    sizes: list[int]
    seed: int
    scratch: Path
    results: list[Result] = field(default_factory=list)

    def add(self, result: Result) -> None:
        self.results.append(result)


Measurement = Callable[[Run], None]
MEASUREMENTS: dict[str, Measurement] = {}


def measurement(name: str) -> Callable[[Measurement], Measurement]:
    """Register ``fn(run)`` under ``name`` (unique across modules)."""

    def register(fn: Measurement) -> Measurement:
        if name in MEASUREMENTS:
            raise ValueError(f"measurement {name!r} registered twice")
        MEASUREMENTS[name] = fn
        return fn

    return register


def timed(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn`` in seconds, after ``warmup`` unmeasured calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def timed_each(fn: Callable[[str], object], kodes: list[str]) -> float:
    """Median seconds of ``fn(kode)`` over distinct packages (a write such as a
    transition runs once per package), the first call unmeasured."""
    queue = iter(kodes)
    return timed(lambda: fn(next(queue)), repeat=len(kodes) - 1, warmup=1)
