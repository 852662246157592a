"""Bantuan: every binding of every screen, generated from tui/bindings.py."""

from __future__ import annotations

from pengadaan.tui.bindings import HELP_BINDINGS, HELP_SECTIONS
from pengadaan.tui.columns import METODE_PENDEK
from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from pengadaan.domain.alert_kinds import (
    FLAG_LABEL,
    FLAG_NAME,
    FLAGS,
    GOLONGAN,
    GOLONGAN_KETERANGAN,
    GOLONGAN_LABEL,
)
from pengadaan.domain.vocabulary import METODE_LABEL
from pengadaan.presentation.lateness_text import TANDA_KENDALA, TANDA_KENDALA_ARTI

KEY_NAMES = {
    "question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter",
    "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End", "up": "↑",
    "down": "↓", "backspace": "Backspace",
}


def key_text(keys: str) -> str:
    names = []
    for key in keys.split(","):
        key = key.strip()
        if key.startswith("ctrl+"):
            names.append("Ctrl+" + KEY_NAMES.get(key[5:], key[5:].upper()))
        else:
            names.append(KEY_NAMES.get(key, key.upper() if len(key) > 1 else key))
    return " / ".join(names)


def bindings_table() -> Table:
    table = Table(expand=True, show_header=True, box=None, padding=(0, 2))
    table.add_column("Tombol", style="bold", no_wrap=True, width=22)
    table.add_column("Fungsi", ratio=1)
    for title, bindings in HELP_SECTIONS:
        table.add_row(f"[u]{title}[/u]", "")
        for b in bindings:
            table.add_row(key_text(b.key), b.description)
        table.add_row("", "")
    table.add_row("[u]Lainnya[/u]", "")
    table.add_row("Tab / Shift+Tab", "Pindah fokus antar kontrol")
    table.add_row("Klik judul kolom", "Urutkan menurut kolom itu (klik lagi: balik)")
    return table


def legend_table() -> Table:
    """What the counters and the Tanda column mean (domain/lateness: one meaning)."""
    table = Table(expand=True, show_header=True, box=None, padding=(0, 2))
    table.add_column("Tanda", style="bold", no_wrap=True, width=22)
    table.add_column("Arti", ratio=1)
    for word in GOLONGAN:
        table.add_row(f"PAKET {GOLONGAN_LABEL[word].upper()}", GOLONGAN_KETERANGAN[word])
    table.add_row("", "")
    for flag in FLAGS:
        table.add_row(FLAG_NAME[flag].upper(), FLAG_LABEL[flag])
    table.add_row(TANDA_KENDALA.upper(), TANDA_KENDALA_ARTI)
    return table


def metode_table() -> Table:
    """The metode names the dashboard shortens to fit its column, written out."""
    table = Table(expand=True, show_header=True, box=None, padding=(0, 2))
    table.add_column("Metode", style="bold", no_wrap=True, width=22)
    table.add_column("Kepanjangan", ratio=1)
    for code, short in METODE_PENDEK.items():
        if short != METODE_LABEL[code]:
            table.add_row(short, METODE_LABEL[code])
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = HELP_BINDINGS

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="bantuan"):
            yield Static("[b]Bantuan — tombol pintas[/b]  (Esc untuk menutup)")
            yield Static(bindings_table())
            yield Static("[b]Arti tanda dan penghitung[/b]  (merah: terlambat/kritis, "
                         "kuning: rawan)")
            yield Static(legend_table())
            yield Static("[b]Singkatan pada kolom Metode[/b]")
            yield Static(metode_table())
