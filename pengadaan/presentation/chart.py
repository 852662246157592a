"""What every plotext chart shares (CLI and TUI): a 0–100 % axis in Indonesian numbers.

plotext labels its own ticks with a decimal point (``83.3``); the ticks are given here.
"""

from __future__ import annotations

from pengadaan.domain.formatting import bilangan

PERCENT_TICKS = (0, 20, 40, 60, 80, 100)


def percent_axis(plt) -> None:
    """Fix the y axis of ``plt`` (plotext, or textual-plotext's ``plot.plt``) to 0–100 %."""
    plt.ylim(0, 100)
    plt.yticks(list(PERCENT_TICKS), [bilangan(t) for t in PERCENT_TICKS])
