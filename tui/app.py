"""The Textual app: composes the screens; every read and write goes through tui/data.py.

Only the dashboard is imported before the first paint: every other screen's module is
imported when it is first opened (the detail screen once start-up is over), so the
user waits for none of them (issue #15)."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from pengadaan.tui.bindings import APP_BINDINGS, CHANGE_ACTIONS
from pengadaan.tui.data import Basis, Ringkasan, Saringan, Sumber, SumberBaca
from pengadaan.tui.screens.dashboard import DashboardScreen
from textual.app import App, SystemCommand
from textual.screen import Screen

from pengadaan import frozen_heap
from pengadaan.domain.akses import (
    VERIFIKASI_SINGKAT,
    Identitas,
    may_change,
    may_record_progress,
)
from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import tanggal, today_wib
from pengadaan.domain.kendala import may_follow_up
from pengadaan.domain.vocabulary import tahap_label
from pengadaan.presentation.jadwal_text import late_rest

if TYPE_CHECKING:
    from pengadaan.tui.data import Database, PaketDetail
    from pengadaan.tui.screens.detail import DetailScreen

DARK, LIGHT = "textual-dark", "textual-light"
LIVE_SECONDS = 3.0
READ_ONLY_REASON = "Tampilan web"


class PengadaanApp(App):
    """Dashboard first; detail, rekap, alerts and help on top of it."""

    TITLE = "pengadaan"
    HEAP_OWNER = "pengadaan tui"  # its frozen start-up heap (pengadaan/frozen_heap.py)
    CSS_PATH = "app.tcss"
    BINDINGS = APP_BINDINGS

    def __init__(self, db: Database | Basis, actor: str | Identitas, per: date | None = None,
                 opd: str | None = None, *, live_seconds: float | None = LIVE_SECONDS,
                 read_only: bool = False) -> None:
        super().__init__()
        self.actor = actor
        self.per = per or today_wib()
        self.live_seconds = live_seconds
        self.theme = DARK
        # Read-only (the web): a source without writes and nobody to act as, so no
        # change key is offered, whatever the OS user could do.
        self.read_only = read_only
        self.sumber = SumberBaca(db, self.per) if read_only else Sumber(db, self.per)
        self.pelaku, self.read_only_reason = ((None, READ_ONLY_REASON) if read_only
                                              else self.sumber.who(actor))
        # A PPK (or a pengawas with an OPD) opens on its own OPD; x shows every OPD.
        self.start_opd = opd or (self.pelaku.opd_singkatan if self.pelaku else None)
        self.title = f"{self.TITLE} · {self.user_text}"
        self._detail_screen: DetailScreen | None = None
        self.froze_heap = False
        self._startup_parts: set[str] = set()

    @property
    def summary_shown(self) -> bool:
        """The first summary is on screen (it marks the end of start-up)."""
        return "ringkasan" in self._startup_parts

    @property
    def user_text(self) -> str:
        """``budi (ppk Dinas PUPR) · terverifikasi`` in the header: whom the app acts as,
        and whether the server checked it (SQLite: satu meja, nobody did)."""
        p = self.pelaku
        if p is None:
            return "hanya baca" if self.read_only else f"{self.actor} (hanya baca)"
        return (f"{p.nama} ({'admin awal' if p.awal else p.label}) · "
                f"{VERIFIKASI_SINGKAT[p.verifikasi]}")

    def allows(self, action: str) -> bool:
        """Whether a change action is offered at all (the use case still decides each
        write): a pengawas or an unknown user sees no change keys (nor kendala; a
        pengawas only its rekomendasi), UKPBJ no progress."""
        if action not in CHANGE_ACTIONS:
            return True
        if self.read_only:
            return False
        if action in ("advance", "schedule", "kendala", "status_tindak_lanjut",
                      "kendala_selesai"):
            return may_change(self.pelaku)
        if action == "tindak_lanjut":  # a pengawas too: its rekomendasi
            return may_follow_up(self.pelaku)
        return may_record_progress(self.pelaku)  # progress

    @property
    def per_text(self) -> str:
        return tanggal(self.per)

    def get_default_screen(self) -> Screen:
        return DashboardScreen(Saringan(opd=self.start_opd))

    @property
    def dashboard(self) -> DashboardScreen:
        return self.screen_stack[0]

    @property
    def detail_screen(self) -> DetailScreen:
        """One detail screen for the whole session (reused for every paket), built on
        first use: at the end of start-up, or sooner if a paket is opened before."""
        if self._detail_screen is None:
            from pengadaan.tui.screens.detail import DetailScreen

            self._detail_screen = DetailScreen()
            self.install_screen(self._detail_screen, "rincian")
        return self._detail_screen

    def summary_ready(self, summary: Ringkasan) -> None:
        """The dashboard's first summary marks the end of start-up. It is the start-up
        alert summary too (tui/widgets/summary_bar.py): no toast covers the table."""
        if not self.summary_shown:
            self.detail_screen  # noqa: B018 (built now, so its objects are frozen too)
            self._started("ringkasan")
        if self.read_only_reason:
            self.notify(f"{self.read_only_reason}. Hanya dapat membaca.", title="Pengguna",
                        severity="warning", timeout=10)
            self.read_only_reason = None

    def orm_ready(self) -> None:
        """The ORM is open (the dashboard's worker opened it after the first paint)."""
        self._started("orm")

    def _started(self, part: str) -> None:
        """Start-up is over once the first summary is shown and the ORM is open (in
        either order): SQLAlchemy's objects, imported after the first paint, are
        frozen with the rest."""
        self._startup_parts.add(part)
        if self._startup_parts == {"ringkasan", "orm"}:
            self.froze_heap = self.freeze_startup_objects()

    @classmethod
    def freeze_startup_objects(cls) -> bool:
        """Textual, the stylesheet and SQLAlchemy leave ~140,000 long-lived objects; each
        full collection walked them all again, at random moments such as opening a
        detail (+20–40 ms). Collected once, then kept out of the collector's sight until
        the app exits (:meth:`on_unmount`), when the app owns the frozen heap: nothing
        was frozen, or ``pengadaan tui`` handed it what the CLI's imports froze
        (pengadaan/cli/terminal.py; those stay frozen, the app's join them). A heap
        someone else owns (the test session, many apps in turn) stays as it is: False,
        nothing frozen. The collector, paused through start-up by ``pengadaan tui``,
        runs again from here."""
        gc.enable()
        if frozen_heap.owner() not in (None, cls.HEAP_OWNER):
            return False
        gc.collect()
        return frozen_heap.freeze(cls.HEAP_OWNER)

    def on_unmount(self) -> None:
        if self.froze_heap:
            frozen_heap.thaw(self.HEAP_OWNER)
        gc.enable()

    # -- navigation ----------------------------------------------------------------
    def open_detail(self, kode: str) -> None:
        screen = self.detail_screen
        if not screen.is_mounted:
            screen.kode = kode  # loaded by its on_mount
        if screen not in self.screen_stack:
            self.push_screen(screen)
        while self.screen is not screen:  # opened from a screen above it (alerts)
            self.pop_screen()
        if screen.is_mounted:
            screen.show(kode)

    def open_advance(self, kode: str) -> None:
        from pengadaan.tui.screens.advance import AdvanceModal

        detail = self.sumber.detail(kode)
        rights = self.sumber.rights(self.actor, kode)
        self.push_screen(AdvanceModal(detail, self.actor, self.per, rights), self._advanced)

    def open_progress(self, kode: str) -> None:
        from pengadaan.tui.screens.progress import ProgressModal

        paket = self.sumber.detail(kode).paket
        self.push_screen(ProgressModal(paket, self.actor, self.per), self._progress_saved)

    def open_schedule(self, kode: str) -> None:
        from pengadaan.tui.screens.schedule import ScheduleModal

        paket = self.sumber.detail(kode).paket
        rows = self.sumber.schedule(kode)
        rights = self.sumber.rights(self.actor, kode)
        sisa = self.sumber.rest_of_plan(kode)
        self.push_screen(ScheduleModal(paket, rows, self.actor, rights, sisa),
                         self._schedule_saved)

    def open_kendala(self, kode: str) -> None:
        from pengadaan.tui.screens.kendala import KendalaModal

        paket = self.sumber.detail(kode).paket
        self.push_screen(KendalaModal(paket, self.actor, self.per), self._kendala_saved)

    def _kendala_saved(self, found) -> None:
        if found is not None:
            self.notify(f"Kendala {found.paket} per {tanggal(found.tanggal)} dicatat.",
                        title="Tersimpan")
            self.data_changed()

    def _schedule_saved(self, changed: bool | None) -> None:
        if changed:
            self.notify("Jadwal diubah; alasan dicatat di riwayat.", title="Tersimpan")
            self.data_changed()

    def _progress_saved(self, report) -> None:
        if report is not None:
            self.notify(f"Progres {format_bp(report.fisik_bp)} per {tanggal(report.tanggal)}",
                        title="Tersimpan")
            self.data_changed()

    def _advanced(self, result: PaketDetail | None) -> None:
        if result is None:
            return
        self.notify(f"{result.paket.kode} → {tahap_label(result.paket.tahap)}",
                    title="Tersimpan")
        sisa = self.sumber.rest_of_plan(result.paket.kode)
        if sisa is not None and sisa.terlambat_hari > 0:  # offer the re-plan (issue #13)
            from pengadaan.tui.screens.schedule import SUSUN_ULANG_LABEL

            self.notify(f"{late_rest(sisa)} Tekan e lalu pilih '{SUSUN_ULANG_LABEL}'.",
                        title="Jadwal terlambat", severity="warning", timeout=12)
        self.data_changed()

    def data_changed(self) -> None:
        """Re-read every screen on the stack (this user just wrote something)."""
        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                screen.refresh_data()
            elif screen is self._detail_screen:
                screen.reload()

    # -- actions -------------------------------------------------------------------
    def action_help(self) -> None:
        from pengadaan.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_rekap(self) -> None:
        from pengadaan.tui.screens.rekap import RekapScreen

        if not isinstance(self.screen, RekapScreen):
            self.push_screen(RekapScreen(), self._filter_to_opd)

    def _filter_to_opd(self, opd: str | None) -> None:
        if opd:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            board = self.dashboard
            board.apply(board.saringan.but(opd=opd))

    def action_peringatan(self) -> None:
        from pengadaan.tui.screens.alerts import AlertsScreen

        if not isinstance(self.screen, AlertsScreen):
            self.push_screen(AlertsScreen(self.dashboard.saringan.opd))

    def action_proyeksi(self) -> None:
        from pengadaan.tui.screens.proyeksi import ProyeksiScreen

        if not isinstance(self.screen, ProyeksiScreen):
            self.push_screen(ProyeksiScreen(self.dashboard.saringan.opd))

    def action_uji_potensi(self) -> None:
        from pengadaan.tui.screens.uji_potensi import UjiPotensiScreen

        if not isinstance(self.screen, UjiPotensiScreen):
            self.push_screen(UjiPotensiScreen(self.dashboard.saringan.opd))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def action_reload(self) -> None:
        self.data_changed()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder="Cari perintah…"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette, in Indonesian (replaces Textual's English defaults)."""
        board = self.dashboard
        yield SystemCommand("Rekap OPD", "Ringkasan per OPD, terburuk dulu", self.action_rekap)
        yield SystemCommand("Peringatan", "Daftar paket terlambat dan hampir jatuh tempo",
                            self.action_peringatan)
        yield SystemCommand("Proyeksi akhir tahun",
                            "Serapan 31 Desember, dana berisiko dan paketnya (y)",
                            self.action_proyeksi)
        yield SystemCommand("Uji potensi target",
                            "Target bulanan yang pas menurut rencana paket, di samping RAK (i)",
                            self.action_uji_potensi)
        yield SystemCommand("Hanya terlambat", "Saring dasbor: hanya paket bermasalah",
                            board.action_toggle_late)
        yield SystemCommand("Hapus saringan", "Tampilkan semua paket",
                            board.action_clear_filters)
        yield SystemCommand("Ganti tema", "Gelap ↔ terang", self.action_toggle_theme)
        yield SystemCommand("Muat ulang", "Baca ulang data dari basis data",
                            self.action_reload)
        yield SystemCommand("Bantuan", "Semua tombol pintas", self.action_help)
        yield SystemCommand("Keluar", "Tutup aplikasi", self.exit)
