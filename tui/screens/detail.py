"""One package: identity and money, the stage timeline, the history, what can happen next."""

from __future__ import annotations

from datetime import date

from pengadaan.tui.bindings import DETAIL_BINDINGS, KENDALA_BINDINGS
from pengadaan.tui.columns import FLAG_LABEL
from pengadaan.tui.data import HakPaket, PaketDetail, TahapJadwal
from pengadaan.tui.screens.form import FormModal
from pengadaan.tui.screens.kendala import SelesaiKendalaModal
from pengadaan.tui.screens.page import PageScreen
from pengadaan.tui.screens.tindak_lanjut import StatusTindakLanjutModal, TindakLanjutModal
from pengadaan.tui.widgets.kendala_list import KendalaList
from pengadaan.tui.widgets.rendered_once import RenderedOnce
from rich import box
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static
from textual_plotext import PlotextPlot

from pengadaan.domain.execution.persen import format_bp
from pengadaan.domain.formatting import rupiah, tanggal
from pengadaan.domain.kendala import follows_up_as_rekomendasi
from pengadaan.domain.lateness import Temuan
from pengadaan.domain.vocabulary import (
    EXECUTION,
    FINAL_TAHAP,
    JENIS_LABEL,
    METODE_LABEL,
    tahap_label,
)
from pengadaan.presentation.chart import percent_axis
from pengadaan.presentation.safe_text import printable


def stage_delay(row: TahapJadwal, current: str, per: date) -> int | None:
    """Days past the planned end: at the actual end, or today for the stage in progress."""
    if row.rencana_selesai is None:
        return None
    if row.realisasi_selesai is not None:
        return (row.realisasi_selesai - row.rencana_selesai).days
    if row.tahap == current:
        return (per - row.rencana_selesai).days
    return None


def identity_table(d: PaketDetail, flags: list[Temuan]) -> Table:
    p = d.paket
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_column(style="bold", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    pairs = [
        ("OPD", f"{p.opd} – {d.opd_nama}", "Pagu", rupiah(p.pagu)),
        ("Metode", METODE_LABEL.get(p.metode, p.metode), "HPS", rupiah(p.hps) or "–"),
        ("Jenis", JENIS_LABEL.get(p.jenis, p.jenis), "Nilai kontrak",
         rupiah(p.nilai_kontrak) or "–"),
        ("Tahun anggaran", str(p.tahun), "Penyedia", p.penyedia or "–"),
        ("Tahap", f"{tahap_label(p.tahap)} (sejak {tanggal(p.tahap_sejak)})", "PPK",
         p.ppk or "–"),
        ("Kode RUP", p.kode_rup or "–", "Sumber dana", p.sumber_dana or "–"),
        ("Tanda", flags_text(flags), "Versi", str(p.version)),
    ]
    for row in pairs:
        table.add_row(*row)
    return table


def timeline_table(d: PaketDetail, per: date) -> Table:
    # One space between columns and no frame: at 80 columns the dates fit whole and
    # the stage names wrap.
    table = Table(title="Jadwal tahap (rencana dan realisasi)", title_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False, padding=0)
    table.add_column("Tahap", min_width=len("Ditandatangani"))  # its longest word
    for header in ("Rencana\nmulai", "Rencana\nselesai", "Realisasi\nmulai",
                   "Realisasi\nselesai"):
        table.add_column(header, no_wrap=True, min_width=len(tanggal(date.max)))
    table.add_column("Selisih\n(hari)", no_wrap=True, justify="right")
    table.add_column("Keterangan", no_wrap=True)
    for row in d.jadwal:
        delay = stage_delay(row, d.paket.tahap, per)
        note, style = "", ""
        if delay is not None and delay > 0:
            note, style = "TERLAMBAT", "bold red"
        elif row.tahap == d.paket.tahap and row.tahap not in FINAL_TAHAP:
            note = "berjalan"
        table.add_row(
            tahap_label(row.tahap).split(" (")[0], tanggal(row.rencana_mulai),
            tanggal(row.rencana_selesai), tanggal(row.realisasi_mulai),
            tanggal(row.realisasi_selesai),
            "" if delay is None else (f"+{delay}" if delay > 0 else str(delay)),
            Text(note, style=style),
        )
    if not d.jadwal:
        table.add_row("(belum ada jadwal)", "", "", "", "", "", "")
    return table


def history_table(d: PaketDetail) -> Table:
    table = Table(title="Riwayat", title_justify="left", expand=True)
    table.add_column("Tanggal", no_wrap=True, min_width=len(tanggal(date.max)))
    for header in ("Pemicu", "Dari → Ke", "Oleh", "Catatan"):
        table.add_column(header)
    for r in d.riwayat:
        moved = f"{tahap_label(r.dari).split(' (')[0] if r.dari else '–'} → " \
                f"{tahap_label(r.ke).split(' (')[0]}"
        table.add_row(tanggal(r.tanggal), r.pemicu, moved, r.oleh, r.catatan or "")
    return table


def progress_table(reports: list) -> Table:
    # Framed like the schedule: at 80 columns every date and amount fits whole.
    table = Table(title="Laporan progres", title_justify="left", box=box.SIMPLE_HEAD,
                  show_edge=False, padding=0)
    table.add_column("Tanggal", no_wrap=True, min_width=len(tanggal(date.max)))
    for header in ("Fisik", "Rencana", "Deviasi", "Keuangan", "Keuangan\n%", "Kritis"):
        table.add_column(header, no_wrap=True, justify="right")
    table.add_column("Oleh", overflow="fold")
    table.add_column("Catatan")
    for r in reports:
        table.add_row(tanggal(r.tanggal), format_bp(r.fisik_bp), format_bp(r.rencana_bp),
                      format_bp(r.deviasi_bp, signed=True), rupiah(r.keuangan),
                      format_bp(r.keuangan_bp), Text("KRITIS", "bold red") if r.kritis else "",
                      r.oleh, r.catatan or r.alasan_koreksi or "")
    return table


def draw_s_curve(plot: PlotextPlot, curve) -> None:
    """Planned and actual cumulative progress (%) against the date."""
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    plt.date_form("d/m/Y")
    plt.title("Kurva S (rencana dan realisasi, %)")
    if curve.rencana:
        plt.plot([tanggal(t.tanggal) for t in curve.rencana], [t.bp / 100 for t in curve.rencana],
                 label="Rencana", marker="braille")
    if curve.realisasi:
        plt.plot([tanggal(t.tanggal) for t in curve.realisasi],
                 [t.bp / 100 for t in curve.realisasi], label="Realisasi", marker="braille")
    percent_axis(plt)
    plot.refresh()


def actions_text(d: PaketDetail, hak: HakPaket | None = None) -> Text:
    """The triggers allowed now; only those this user may fire are offered (issue #7)."""
    if not d.pemicu:
        return Text("Tidak ada pemicu yang berlaku pada tahap ini.", style="dim")
    mine = [p for p in d.pemicu if hak is None or hak.alasan(p.pemicu) is None]
    if not mine:
        return Text(f"Pemicu yang berlaku sekarang: {_labels(d.pemicu)}. "
                    f"{hak.alasan(d.pemicu[0].pemicu)}.", style="dim")
    text = Text("Pemicu yang berlaku sekarang (tekan m): ", style="bold")
    text.append(_labels(mine), style="")
    return text


def _labels(pemicu) -> str:
    return ", ".join(p.choice for p in pemicu)


KENDALA_ACTIONS = {b.action for b in KENDALA_BINDINGS}


class DetailScreen(PageScreen[None]):
    """Built once and reused (composing a screen with its footer costs ~200 ms);
    :meth:`show` swaps the package in one use-case call (show_paket)."""

    BINDINGS = DETAIL_BINDINGS + KENDALA_BINDINGS

    def __init__(self) -> None:
        super().__init__(id="rincian")
        self.kode = ""
        self.detail: PaketDetail | None = None
        self._styled_theme: str | None = None  # the theme its styles were applied in

    def body(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="identitas")
            yield Static(id="aksi")
            yield Static(id="jadwal")
            with Vertical(id="kendala"):
                yield Static(id="kendala-judul")
                yield KendalaList(id="kendala-daftar")
            yield Static(id="progres")
            yield PlotextPlot(id="kurva")
            yield Static(id="riwayat")

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Its styles again only if the theme changed since it was last shown: Textual
        re-applies the stylesheet to every widget of a screen pushed again, ±7 ms of
        each opening at 200×50 for styles that did not change (issue #15). Runs before
        Textual's own handler (the subclass first), which reads the flag."""
        if self._styled_theme == self.app.theme:
            event.refresh_styles = False
        self._styled_theme = self.app.theme

    def show(self, kode: str) -> None:
        """The screen itself is marked for layout: the widgets :meth:`reload` filled ask
        for one only when they next idle, after Textual has drawn the pushed screen once
        in the previous paket's layout (the progress table shifted or missing), so the
        user waited for a second frame (issue #15)."""
        self.kode = kode
        self.reload()
        self.refresh(layout=True)
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def reload(self) -> None:
        if not self.kode:
            return
        app = self.app
        self.detail = d = app.sumber.detail(self.kode)
        flags = app.sumber.flags(self.kode)
        self.title = printable(f"{d.paket.kode} — {d.paket.nama}")
        self.sub_title = self.as_of()
        self.query_one("#identitas", Static).update(RenderedOnce(identity_table(d, flags)))
        rights = app.sumber.rights(app.actor, self.kode)
        self.query_one("#aksi", Static).update(actions_text(d, rights))
        self.query_one("#jadwal", Static).update(RenderedOnce(timeline_table(d, app.per)))
        self.query_one("#riwayat", Static).update(RenderedOnce(history_table(d)))
        self._show_kendala(d)
        self._show_progress(app.sumber)
        self.refresh_bindings()  # the kendala keys depend on the paket's kendala

    def _show_kendala(self, d: PaketDetail) -> None:
        """Like the progress reports: only when there are; the title names the keys this
        user has (the footer shows them too)."""
        section = self.query_one("#kendala", Vertical)
        section.display = bool(d.kendala)
        if not d.kendala:
            return
        rekomendasi = follows_up_as_rekomendasi(self.app.pelaku)
        keys = [f"{b.key} " + ("rekomendasi" if rekomendasi and b.action == "tindak_lanjut"
                               else b.description.lower())
                for b in KENDALA_BINDINGS if self.check_action(b.action, ()) is not False]
        hint = f" (Tab lalu ↑/↓ memilih; {', '.join(keys)})" if keys else ""
        self.query_one("#kendala-judul", Static).update(
            Text.assemble(("Kendala dan tindak lanjut", "bold"), (hint, "dim")))
        self.query_one(KendalaList).show(d.kendala)

    def _show_progress(self, sumber) -> None:
        """Reports and the kurva S, only once a contract is being executed."""
        reports = sumber.progress(self.kode)
        curve = (sumber.s_curve(self.kode)
                 if reports or self.detail.paket.tahap in EXECUTION else None)
        progres, kurva = self.query_one("#progres", Static), self.query_one(PlotextPlot)
        progres.display = bool(reports)
        if reports:
            progres.update(RenderedOnce(progress_table(reports)))
        # Drawn before the first paint (setting the data is ±1 ms): drawn after it, the
        # chart asked for one more compositor pass on every opening (issue #15).
        kurva.display = bool(curve and (curve.rencana or curve.realisasi))
        if kurva.display:
            draw_s_curve(kurva, curve)
        else:
            kurva.plt.clear_data()
            kurva.plt.clear_figure()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Change keys only for a user who may change something (hidden otherwise); the
        keys on kendala only when the paket has some (a tindak lanjut, for its status)."""
        if action in KENDALA_ACTIONS:
            kendala = self.detail.kendala if self.detail else []
            if action == "status_tindak_lanjut":
                kendala = [k for k in kendala if k.tindak_lanjut]
            if not kendala:
                return False
        return self.app.allows(action)

    def action_advance(self) -> None:
        self.app.open_advance(self.kode)

    def action_progress(self) -> None:
        self.app.open_progress(self.kode)

    def action_schedule(self) -> None:
        self.app.open_schedule(self.kode)

    def action_kendala(self) -> None:
        self.app.open_kendala(self.kode)

    def action_tindak_lanjut(self) -> None:
        if found := self._pick(self._list.selected_kendala, "kendala"):
            rekomendasi = follows_up_as_rekomendasi(self.app.pelaku)
            self._open(TindakLanjutModal(self.detail.paket, found, self.app.actor,
                                         rekomendasi))

    def action_status_tindak_lanjut(self) -> None:
        if found := self._pick(self._list.selected_tindak_lanjut, "tindak lanjut"):
            self._open(StatusTindakLanjutModal(self.detail.paket, found, self.app.actor))

    def action_kendala_selesai(self) -> None:
        if found := self._pick(self._list.selected_kendala, "kendala"):
            self._open(SelesaiKendalaModal(self.detail.paket, found, self.app.actor,
                                           self.app.per))

    @property
    def _list(self) -> KendalaList:
        return self.query_one(KendalaList)

    def _pick(self, found, what: str):
        """What the highlighted row names, or (None and) a hint how to pick one."""
        if found is None:
            self.notify(f"Pilih sebuah {what} di daftar kendala (Tab, lalu ↑/↓).",
                        severity="warning")
        return found

    def _open(self, form: FormModal[str | None]) -> None:
        self.app.push_screen(form, self._saved)

    def _saved(self, message: str | None) -> None:
        if message is not None:
            self.notify(message, title="Tersimpan")
            self.app.data_changed()


def flags_text(flags: list[Temuan]) -> str:
    """``LEWAT KONTRAK (batas 22/10/2026, +34 hari, denda Rp 5.000)`` per flag."""
    parts = []
    for f in flags:
        hari = (f"+{f.hari} hari" if f.hari > 0 else
                "hari ini" if f.hari == 0 else f"{-f.hari} hari lagi")
        denda = f", denda {rupiah(f.denda)}" if f.denda else ""
        parts.append(f"{FLAG_LABEL.get(f.flag, f.flag.upper())} (batas {tanggal(f.batas)}, "
                     f"{hari}{denda})")
    return "; ".join(parts) or "–"
