"""The line above the table: how many packages, how much money, how many in trouble."""

from __future__ import annotations

from pengadaan.tui.columns import FLAG_LABEL
from pengadaan.tui.data import LATE_FLAGS, Ringkasan
from textual.widgets import Static

from pengadaan.domain.formatting import percent, rupiah
from pengadaan.domain.lateness import FLAGS

# Most severe first (FLAGS is ordered; LATE_FLAGS is a set, whose order varies by run).
LATE = tuple(f for f in FLAGS if f in LATE_FLAGS)
RISK = tuple(f for f in FLAGS if f not in LATE_FLAGS)
# The kritis flag is the progress deviation; KONTRAK KRITIS counts declared stages.
LABEL = {**FLAG_LABEL, "kritis": "DEVIASI KRITIS"}


def count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


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
        trouble = [f"[b reverse $text-error] KONTRAK KRITIS {count(s.kritis)} [/]"]
        trouble += [f"[b $text-error]{LABEL.get(f, f.upper())} {count(flags.get(f, 0))}[/]"
                    for f in LATE]
        trouble += [f"[b $text-warning]{LABEL.get(f, f.upper())} {count(flags.get(f, 0))}[/]"
                    for f in RISK]
        self.update("\n".join(("  │  ".join(money), "  │  ".join(absorption),
                                "  ".join(trouble))))
