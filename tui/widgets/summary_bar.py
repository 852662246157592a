"""The line above the table: how many packages, how much money, how many in trouble."""

from __future__ import annotations

from pengadaan.tui.columns import FLAG_LABEL
from pengadaan.tui.data import LATE_FLAGS, Ringkasan
from textual.widgets import Static

from pengadaan.domain.formatting import percent, rupiah
from pengadaan.presentation.lateness_text import count, shown_kinds


class SummaryBar(Static):
    """Each count carries its own word, so the colours are only a second signal."""

    def show(self, s: Ringkasan) -> None:
        flags = s.per_flag or {}
        money = [
            f"[b]Paket[/b] {count(s.paket)}",
            f"[b]Pagu[/b] {rupiah(s.pagu) or 'Rp 0'}",
            f"[b]Terkontrak[/b] {rupiah(s.terkontrak) or 'Rp 0'}"
            + (f" ({percent(100 * s.terkontrak / s.pagu)})" if s.pagu else ""),
        ]
        absorption = [
            f"[b]Realisasi keuangan[/b] {rupiah(s.realisasi) or 'Rp 0'}",
            f"[b]Penyerapan[/b] {percent(s.penyerapan) or '–'}",
            f"[b]⚠ {count(s.alerts)} peringatan[/b]",
        ]
        paket = s.per_golongan or {}
        trouble = [f"[b reverse {style}] PAKET {word.upper()} {count(paket.get(word, 0))} [/]"
                   for word, style in (("terlambat", "$text-error"), ("kritis", "$text-error"),
                                       ("rawan", "$text-warning"))]
        trouble += [f"[b {'$text-error' if f in LATE_FLAGS else '$text-warning'}]"
                    f"{FLAG_LABEL[f]} {count(flags[f])}[/]" for f in shown_kinds(flags)]
        self.update("\n".join(("  │  ".join(money), "  │  ".join(absorption),
                                "  ".join(trouble))))
