"""The line above the table: how many packages, how much money, how many in trouble."""

from __future__ import annotations

from textual.widgets import Static

from pengadaan.formatting import percent, rupiah

from ..columns import FLAG_LABEL
from ..data import LATE_FLAGS, Ringkasan

RISK = ("lewat_tahun_anggaran", "hampir")


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
        trouble = [f"[b reverse $text-error] KRITIS {count(s.kritis)} [/]"]
        trouble += [f"[b $text-error]{FLAG_LABEL[f]} {count(flags.get(f, 0))}[/]"
                    for f in LATE_FLAGS]
        trouble += [f"[b $text-warning]{FLAG_LABEL[f]} {count(flags.get(f, 0))}[/]"
                    for f in RISK]
        trouble.append(f"[b]⚠ {count(s.alerts)} peringatan[/b]")
        self.update("  │  ".join(money) + "\n" + "  ".join(trouble))
