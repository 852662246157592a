"""A horizontal Unicode bar, eighth-block precise, for charts inside tables."""

from __future__ import annotations

EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, maximum: float, width: int) -> str:
    """``value`` of ``maximum`` drawn in ``width`` cells (empty when maximum is 0)."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = round(min(value / maximum, 1.0) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")) or "▏"
