"""The planned kurva S (docs/aturan.md §5.2): entered points or a generated standard curve.

Planned progress is cumulative, in basis points, judged at a date:

* **entered** (the contract's time schedule): straight lines between the entered
  (tanggal, rencana %) points; before the first point the line starts at 0% on the
  SPMK date (0% before SPMK); after the last point the last value holds.
* **generated** (every contract has a curve even without a time schedule): the
  cubic smoothstep ``f(t) = 3t² − 2t³`` with ``t = (tanggal − SPMK) / (selesai − SPMK)``
  clamped to 0–1. It starts and ends flat (mobilisation, finishing) and is steepest
  mid-contract; f(½) = 50%. Computed with exact fractions and rounded half up to a
  whole basis point, so the same dates always give the same number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from pengadaan.domain.execution.persen import PENUH


@dataclass(frozen=True)
class Titik:
    """One point of a curve: cumulative percent (basis points) at a date."""

    tanggal: date
    bp: int


def _round_half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)) // 1)


def smoothstep_bp(mulai: date, selesai: date, on: date) -> int:
    """The generated standard S-curve at ``on`` (see the module docstring)."""
    if on <= mulai:
        return 0
    if on >= selesai:
        return PENUH
    t = Fraction((on - mulai).days, (selesai - mulai).days)
    return _round_half_up(PENUH * (3 * t * t - 2 * t * t * t))


def interpolated_bp(points: Sequence[Titik], on: date, mulai: date | None = None) -> int:
    """Entered curve at ``on``: linear between points, from 0% at ``mulai`` (SPMK)."""
    ordered = sorted(points, key=lambda p: p.tanggal)
    if mulai is not None and (not ordered or mulai < ordered[0].tanggal):
        ordered = [Titik(mulai, 0), *ordered]
    if not ordered or on < ordered[0].tanggal:
        return 0
    for left, right in zip(ordered, ordered[1:], strict=False):
        if left.tanggal <= on <= right.tanggal:
            span = (right.tanggal - left.tanggal).days
            if span == 0:
                return right.bp
            step = Fraction((on - left.tanggal).days, span) * (right.bp - left.bp)
            return left.bp + _round_half_up(step)
    return ordered[-1].bp


def rencana_bp(
    on: date, mulai: date | None, selesai: date | None, points: Sequence[Titik] = ()
) -> int | None:
    """Planned progress at ``on``: the entered curve when there is one, else generated.

    ``None`` when neither exists (no entered points and no SPMK/end dates yet).
    """
    if points:
        return interpolated_bp(points, on, mulai)
    if mulai is None or selesai is None or selesai <= mulai:
        return None
    return smoothstep_bp(mulai, selesai, on)


def series(
    mulai: date, selesai: date, points: Sequence[Titik] = (), steps: int = 40
) -> list[Titik]:
    """The planned curve sampled at about ``steps`` dates from SPMK to the end (for charts)."""
    span = max((selesai - mulai).days, 1)
    days = sorted({round(span * i / steps) for i in range(steps + 1)})
    dates = sorted({mulai + timedelta(days=d) for d in days} | {p.tanggal for p in points})
    return [Titik(d, rencana_bp(d, mulai, selesai, points) or 0) for d in dates]


def validate_points(points: Sequence[Titik]) -> list[str]:
    """Problems of an entered curve, in Indonesian (empty when it is usable)."""
    problems = []
    ordered = sorted(points, key=lambda p: p.tanggal)
    if len({p.tanggal for p in ordered}) != len(ordered):
        problems.append("ada tanggal rencana yang berulang")
    for p in ordered:
        if not 0 <= p.bp <= PENUH:
            problems.append(f"rencana pada {p.tanggal.isoformat()} di luar 0–100%")
    for left, right in zip(ordered, ordered[1:], strict=False):
        if right.bp < left.bp:
            problems.append(
                f"rencana kumulatif turun dari {left.tanggal.isoformat()} ke "
                f"{right.tanggal.isoformat()}"
            )
    return problems
