"""The line above the table: how many packages, how much money, how many in trouble."""

from __future__ import annotations

from textual.widgets import Static

from pengadaan.formatting import percent, rupiah

from ..data import Ringkasan


def _count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class SummaryBar(Static):
    """Counts per flag carry their own word, so the colours are only a second signal."""

    def show(self, s: Ringkasan, alerts: int, lateness: bool) -> None:
        flags = s.per_flag or {}
        parts = [
            f"[b]Paket[/b] {_count(s.paket)}",
            f"[b]Pagu[/b] {rupiah(s.pagu) or 'Rp 0'}",
            f"[b]Terkontrak[/b] {rupiah(s.terkontrak) or 'Rp 0'}"
            + (f" ({percent(100 * s.terkontrak / s.pagu)})" if s.pagu else ""),
        ]
        if flags.get("realisasi") is not None:
            parts.append(f"[b]Realisasi[/b] {rupiah(flags['realisasi'])}")
        if lateness:
            parts.append(
                f"[b $text-error]TERLAMBAT {_count(flags.get('terlambat', 0))}[/]  "
                f"[b $text-warning]HAMPIR {_count(flags.get('hampir', 0))}[/]  "
                f"[b reverse $text-error]KRITIS {_count(flags.get('kritis', 0))}[/]"
            )
            parts.append(f"[b]⚠ {_count(alerts)} peringatan[/b]")
        else:
            parts.append("[dim]keterlambatan belum tersedia[/dim]")
        self.update("  │  ".join(parts))
