"""Every key binding of the TUI, in one place, so they can be read (and remapped) here.

The help screen lists these tables as they are; the footer shows those marked ``show``.
"""

from __future__ import annotations

from textual.binding import Binding

APP_BINDINGS = [
    Binding("q", "quit", "Keluar"),
    Binding("question_mark,f1", "help", "Bantuan", key_display="?"),
    Binding("o", "rekap", "Rekap OPD"),
    Binding("p", "peringatan", "Peringatan"),
    Binding("y", "proyeksi", "Proyeksi akhir tahun", show=False),
    Binding("i", "uji_potensi", "Uji potensi target", show=False),
    Binding("t", "toggle_theme", "Tema", show=False),
    Binding("ctrl+r", "reload", "Muat ulang", show=False),
    Binding("ctrl+p", "command_palette", "Perintah", show=False, priority=True),
]

DASHBOARD_BINDINGS = [
    Binding("slash", "focus_search", "Cari", key_display="/"),
    Binding("f", "focus_filters", "Saring", show=False),
    Binding("l", "toggle_late", "Terlambat"),
    Binding("s", "next_sort", "Urut"),
    Binding("u", "reverse_sort", "Balik urut", show=False),
    Binding("m", "advance", "Maju"),
    Binding("c", "progress", "Catat progres", show=False),
    Binding("e", "schedule", "Ubah jadwal", show=False),
    Binding("x", "clear_filters", "Hapus saringan", show=False),
    Binding("escape", "focus_table", "Ke tabel", show=False),
]

TABLE_BINDINGS = [
    Binding("up,k", "cursor_up", "Naik", show=False),
    Binding("down,j", "cursor_down", "Turun", show=False),
    Binding("pageup", "page_up", "Halaman naik", show=False),
    Binding("pagedown", "page_down", "Halaman turun", show=False),
    Binding("home,g", "first", "Baris pertama", show=False),
    Binding("end,G", "last", "Baris terakhir", show=False),
    Binding("enter", "select", "Rincian"),
]

DETAIL_BINDINGS = [
    Binding("escape,backspace", "app.pop_screen", "Kembali"),
    Binding("m", "advance", "Maju"),
    Binding("c", "progress", "Catat progres"),
    Binding("e", "schedule", "Ubah jadwal"),
    Binding("n", "kendala", "Catat kendala"),
]

# On the kendala (or tindak lanjut) highlighted in the detail's list; part of the detail.
KENDALA_BINDINGS = [
    Binding("l", "tindak_lanjut", "Tindak lanjut"),
    Binding("s", "status_tindak_lanjut", "Status tindak lanjut"),
    Binding("d", "kendala_selesai", "Kendala selesai"),
]

ADVANCE_BINDINGS = [
    Binding("escape", "cancel", "Batal"),
    Binding("ctrl+s", "save", "Simpan"),
]

REKAP_BINDINGS = [
    Binding("escape", "app.pop_screen", "Kembali"),
    Binding("enter", "choose", "Saring ke OPD ini", show=False),
    Binding("r", "rapor", "Rapor OPD ini"),
]

RAPOR_BINDINGS = [Binding("escape,backspace", "app.pop_screen", "Kembali")]

ALERT_BINDINGS = [
    Binding("escape", "app.pop_screen", "Kembali"),
    Binding("enter", "open", "Rincian", show=False),
    Binding("n", "kendala", "Catat kendala"),
]

# Rapim (pengadaan rapim, and the web): slides only; the digits jump to an OPD by its
# number in the ranking (two digits typed in a row: 1 then 2 is the twelfth).
# Priority: a scrolled slide or the ranking table never takes the arrows for itself.
RAPIM_BINDINGS = [
    Binding("right,pagedown", "next", "Berikut", key_display="→", priority=True),
    Binding("left,pageup", "previous", "Sebelum", key_display="←", priority=True),
    Binding("1", "nomor(1)", "OPD nomor", key_display="0–9", priority=True),
    *(Binding(str(d), f"nomor({d})", "OPD nomor", show=False, priority=True)
      for d in (0, *range(2, 10))),
    Binding("p", "pause", "Jeda/putar"),
    Binding("q", "app.quit", "Keluar"),
]

# The actions that open a window which writes: offered only to a user who may change
# something (PengadaanApp.allows), never in a read-only app (the web, Rapim).
CHANGE_ACTIONS = frozenset({"advance", "progress", "schedule", "kendala", "tindak_lanjut",
                            "status_tindak_lanjut", "kendala_selesai"})

USUL_BINDINGS = [Binding("escape", "app.pop_screen", "Kembali")]

PROYEKSI_BINDINGS = [
    Binding("escape", "app.pop_screen", "Kembali"),
    Binding("enter", "open", "Rincian", show=False),
]

HELP_BINDINGS = [Binding("escape,q,question_mark", "app.pop_screen", "Tutup")]

HELP_SECTIONS = (
    ("Di mana saja", APP_BINDINGS),
    ("Dasbor", DASHBOARD_BINDINGS),
    ("Tabel paket", TABLE_BINDINGS),
    ("Rincian paket", DETAIL_BINDINGS),
    ("Rincian paket: kendala terpilih (Tab ke daftar kendala, ↑/↓ memilih)",
     KENDALA_BINDINGS),
    ("Jendela maju, catat progres, ubah jadwal, kendala, tindak lanjut", ADVANCE_BINDINGS),
    ("Rekap OPD", REKAP_BINDINGS),
    ("Rapor OPD", RAPOR_BINDINGS),
    ("Peringatan", ALERT_BINDINGS),
    ("Proyeksi akhir tahun", PROYEKSI_BINDINGS),
    ("Uji potensi target", USUL_BINDINGS),
)
