"""OPD performance rules (TEPRA, docs/aturan.md §6): absorption, colour band, score, targets.

Pure arithmetic on integers: percentages are basis points (100 bp = 1%), money is
integer Rupiah, rounding is half up, so the same inputs give the same score anywhere.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pengadaan.domain import config, formatting
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.execution.persen import PENUH, format_bp


def div_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` (denominator > 0) rounded half up, in integers."""
    return (2 * numerator + denominator) // (2 * denominator)


def ratio_bp(part: int, whole: int) -> int | None:
    """``part / whole`` in basis points, half up; ``None`` when ``whole`` is 0."""
    if whole <= 0:
        return None
    return div_half_up(part * PENUH, whole)


def warna(deviasi_bp: int | None) -> str | None:
    """TEPRA colour of a deviasi (realisasi − target): each bound is inclusive, so
    exactly 10 points behind is still biru and exactly 30 is still kuning."""
    if deviasi_bp is None:
        return None
    behind = -deviasi_bp
    for name, bound in config.WARNA_BATAS_BP:
        if behind <= bound:
            return name
    return config.WARNA_LEWAT


@dataclass(frozen=True)
class Capaian:
    """What one OPD did, as counted in SQL; the inputs of its score."""

    paket: int
    realisasi: int
    pagu: int
    target_bp: int
    pemilihan_jatuh_tempo: int
    pemilihan_tepat: int
    perlu_kontrak: int
    terkontrak: int
    terbuka: int
    terlambat: int
    kritis: int


def komponen(c: Capaian) -> dict[str, int]:
    """The score's components in basis points (0–10000). Nothing due counts as 100%."""
    serapan = ratio_bp(c.realisasi, c.pagu) or 0
    capaian = PENUH if c.target_bp == 0 else min(PENUH, ratio_bp(serapan, c.target_bp))
    bermasalah = min(c.terbuka, c.terlambat + c.kritis)
    tertib = ratio_bp(c.terbuka - bermasalah, c.terbuka)
    return {
        "capaian_serapan": capaian,
        "tepat_waktu": _or_full(ratio_bp(c.pemilihan_tepat, c.pemilihan_jatuh_tempo)),
        "terkontrak": _or_full(ratio_bp(c.terkontrak, c.perlu_kontrak)),
        "tertib": _or_full(tertib),
    }


def _or_full(value: int | None) -> int:
    return PENUH if value is None else value


def skor_bp(parts: Mapping[str, int]) -> int:
    """Weighted mean of the components (weights: config.BOBOT_SKOR), half up."""
    total = sum(w for _, w in config.BOBOT_SKOR)
    weighted = sum(w * parts[name] for name, w in config.BOBOT_SKOR)
    return div_half_up(weighted, total)


# --- targets ---------------------------------------------------------------------------


def parse_bulan(text: str | int, field: str = "bulan") -> int:
    """``3``, ``03``, ``Maret`` or ``Mar`` → 3."""
    raw = str(text).strip()
    if raw.endswith(".0"):  # a spreadsheet number
        raw = raw[:-2]
    if raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    key = raw.lower()
    for number, name in enumerate(formatting.BULAN, start=1):
        if len(key) >= 3 and name.lower().startswith(key):
            return number
    bulan = formatting.BULAN
    raise InvalidInput(f"{field}: '{text}' bukan bulan (1–12 atau {bulan[0]}–{bulan[-1]})")


def effective_curve(own: Mapping[int, int]) -> list[int]:
    """The 12 cumulative month targets: the OPD's own where entered; a month without one
    takes the default curve, clamped between the month before it and the next entered
    target, so the curve never decreases while the entered targets do not."""
    curve: list[int] = []
    for month in range(1, 13):
        if month in own:
            curve.append(own[month])
            continue
        value = config.TARGET_SERAPAN_BAWAAN_BP[month - 1]
        later = [v for m, v in own.items() if m > month]
        if later:
            value = min(value, min(later))
        if curve:
            value = max(value, curve[-1])
        curve.append(value)
    return curve


def month_end_target(curve: Sequence[int], day: date) -> int:
    """The cumulative target at the end of ``day``'s month (the RAK's own number)."""
    return curve[day.month - 1]


def target_on(curve: Sequence[int], day: date) -> int:
    """The cumulative target at ``day`` (docs/aturan.md §6): a straight line by calendar
    day from the previous month-end target (0 before January: the fiscal year starts
    empty) to this month-end target, half up. Day d of an n-day month gives
    ``before + (end - before) * d / n``, so the last day gives exactly the month-end target
    and 1 December asks for 1/31 of December's step, not all of it."""
    before = curve[day.month - 2] if day.month > 1 else 0
    end = month_end_target(curve, day)
    days = calendar.monthrange(day.year, day.month)[1]
    return before + div_half_up((end - before) * day.day, days)


def first_decrease(own: Mapping[int, int]) -> tuple[int, int] | None:
    """The first entered month whose target is below the entered month before it, as
    ``(earlier, later)`` month numbers; None when the entered targets never decrease."""
    months = sorted(own)
    for earlier, later in zip(months, months[1:], strict=False):
        if own[later] < own[earlier]:
            return earlier, later
    return None


def decrease_message(own: Mapping[int, int], pair: tuple[int, int]) -> str:
    earlier, later = pair
    bulan = formatting.BULAN
    return (f"target {bulan[later - 1]} {format_bp(own[later])} lebih kecil dari "
            f"{bulan[earlier - 1]} {format_bp(own[earlier])} (target kumulatif tidak boleh "
            "turun)")
