"""The lines above the table: how many packages, how much money, how many in trouble.

The counts are packed into the width at item boundaries (nothing is cut mid-number);
the trouble counts are at most two lines, and the kinds that do not fit are named by
how many (the alerts screen, ``p``, lists them). This bar is also the start-up alert
summary: no toast covers the table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pengadaan.tui.columns import FLAG_LABEL
from pengadaan.tui.data import LATE_FLAGS, Ringkasan
from textual import events
from textual.content import Content
from textual.widgets import Static

from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import angka, percent, rupiah
from pengadaan.presentation.lateness_text import shown_kinds

if TYPE_CHECKING:  # loaded on first use (tui/data.py), not for an annotation
    from pengadaan.tui.data import BarisProyeksi

WIDE_GAP, NARROW_GAP = "  │  ", " │ "
TROUBLE_LINES = 2
# The whole bar at most: the table keeps its rows at 80×24 (the forecast's line gives way).
MOST_LINES = 4


def _cells(markup: str) -> int:
    return Content.from_markup(markup).cell_length


def pack(items: list[str], width: int, gaps: tuple[str, ...] = (WIDE_GAP, NARROW_GAP),
         most: int | None = None) -> tuple[list[str], int]:
    """``items`` (markup) joined into lines of at most ``width`` cells, with the widest
    gap that keeps them on one line; at most ``most`` lines. Returns the lines and how
    many items did not fit. Each item's markup is parsed once (a joined line's cells
    are its items' and its gaps')."""
    cells = [_cells(item) for item in items]
    for gap in gaps:
        if sum(cells) + _cells(gap) * max(len(items) - 1, 0) <= width:
            return [gap.join(items)], 0
    gap = gaps[-1]
    lines: list[list[str]] = [[]]
    used = 0  # cells of the last line so far
    for n, (item, size) in enumerate(zip(items, cells, strict=True)):
        if lines[-1] and used + _cells(gap) + size > width:
            if most is not None and len(lines) == most:
                return [gap.join(words) for words in lines], len(items) - n
            lines.append([])
        used = size if not lines[-1] else used + _cells(gap) + size
        lines[-1].append(item)
    return [gap.join(words) for words in lines], 0


def forecast_lines(total: BarisProyeksi | None) -> list[str]:
    """The year-end forecast's line (issue #17): the forecast against the year-end
    target, and the money at risk (none: no line)."""
    return [] if total is None else [
        f"[b]Proyeksi 31 Des[/b] {format_bp(total.proyeksi_bp) or '–'} "
        f"(target {format_bp(total.target_akhir_bp)})",
        f"[b]Dana berisiko[/b] {rupiah(total.berisiko) or 'Rp 0'} "
        f"({angka(total.paket_berisiko)} paket, y)",
    ]


class SummaryBar(Static):
    """Each count carries its own word, so the colours are only a second signal."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.summary: Ringkasan | None = None
        self.forecast: list[str] = []
        self._lines: int | None = None  # lines laid out last (None: lay out again)

    def show(self, s: Ringkasan, forecast: list[str] | None = None) -> None:
        """The summary; with the forecast's line (:func:`forecast_lines`) in the same
        draw when it is known already, else the line shown stays until
        :meth:`show_forecast`."""
        self.summary = s
        if forecast is not None:
            self.forecast = forecast
        self._draw()

    def show_forecast(self, total: BarisProyeksi | None) -> None:
        """The year-end forecast's line (issue #17), read after the summary."""
        self.show(self.summary, forecast_lines(total))

    def on_resize(self, event: events.Resize) -> None:
        self._lines = None
        self._draw()

    def _draw(self) -> None:
        s = self.summary
        width = self.content_size.width
        if s is None or width <= 0:
            return
        flags = s.per_flag or {}
        money = [
            f"[b]Paket[/b] {angka(s.paket)}",
            f"[b]Pagu[/b] {rupiah(s.pagu) or 'Rp 0'}",
            f"[b]Terkontrak[/b] {rupiah(s.terkontrak) or 'Rp 0'}"
            + (f" ({percent(100 * s.terkontrak / s.pagu)})" if s.pagu else ""),
        ]
        absorption = [
            f"[b]Realisasi keuangan[/b] {rupiah(s.realisasi) or 'Rp 0'}",
            f"[b]Penyerapan[/b] {percent(s.penyerapan) or '–'}",
            f"[b]⚠ {angka(s.alerts)} peringatan[/b]",
        ]
        paket = s.per_golongan or {}
        trouble = [f"[b reverse {style}] PAKET {word.upper()} {angka(paket.get(word, 0))} [/]"
                   for word, style in (("terlambat", "$text-error"), ("kritis", "$text-error"),
                                       ("rawan", "$text-warning"))]
        trouble += [f"[b {'$text-error' if f in LATE_FLAGS else '$text-warning'}]"
                    f"{FLAG_LABEL[f]} {angka(flags[f])}[/]" for f in shown_kinds(flags)]
        more = "+{} jenis lagi (p)"
        trouble_lines, left = pack(trouble, width - len(more.format(99)) - 2, ("  ",),
                                   TROUBLE_LINES)
        if left:
            trouble_lines[-1] += f"  {more.format(left)}"
        else:
            trouble_lines, _ = pack(trouble, width, ("  ",))
        lines = [*pack(money, width)[0], *pack(absorption, width)[0]]
        forecast = pack(self.forecast, width)[0] if self.forecast else []
        if len(lines) + len(forecast) + len(trouble_lines) > MOST_LINES:
            forecast = []  # a narrow terminal keeps the table's rows (y shows it)
        lines = [*lines, *forecast, *trouble_lines]
        # Laid out again only when its height changes (a layout of the dashboard costs
        # ±15 ms at 200×50, issue #15) and after a resize: updated without a layout
        # then, the bar kept the height of its earlier content (6 rows for 4 lines at
        # 80×24).
        self.update("\n".join(lines), layout=len(lines) != self._lines)
        self._lines = len(lines)
