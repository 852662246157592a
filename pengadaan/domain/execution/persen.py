"""Percentages as integer basis points (100 bp = 1%): exact thresholds, no float drift."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pengadaan.domain import limits
from pengadaan.domain.errors import InvalidInput
from pengadaan.domain.formatting import percent

PENUH = 10_000  # 100% in basis points


def parse_persen(text: str | int | float | Decimal, field: str = "persen") -> int:
    """``76,91`` / ``76.91`` / ``76,91%`` → 7691; at most two decimals, 0–100."""
    raw = str(text).strip().rstrip("%").strip().replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InvalidInput(f"{field}: '{text}' bukan persentase yang sah (contoh: 76,91)") from None
    if not value.is_finite():
        raise InvalidInput(f"{field}: '{text}' bukan persentase yang sah")
    if not limits.PERSEN_MIN <= value <= limits.PERSEN_MAKS:
        shown = format_bp(to_bp(value)) if abs(value) < 1000 else f"'{text}'"
        raise InvalidInput(f"{field}: {shown} di luar rentang "
                           f"{limits.PERSEN_MIN}–{limits.PERSEN_MAKS}%")
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInput(f"{field}: '{text}' paling banyak dua angka desimal")
    return to_bp(value)


def to_bp(value: Decimal) -> int:
    """A percentage as Decimal → basis points, half up."""
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def as_decimal(bp: int | None) -> Decimal | None:
    """Basis points → the percentage as an exact Decimal (7691 → 76.91)."""
    return None if bp is None else Decimal(bp) / 100


def format_bp(bp: int | None, signed: bool = False) -> str:
    """``76,91%`` in Indonesian format (``-15,44%`` / ``+2,00%`` when ``signed``)."""
    return percent(as_decimal(bp), signed=signed)
