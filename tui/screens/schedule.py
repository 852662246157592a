"""Ubah jadwal: move one stage not yet passed, or re-plan the rest of the schedule from
the current stage (susun ulang sisa jadwal), with the reason the history keeps. A
changed stage shows its first plan and how often it changed."""

from __future__ import annotations

from dataclasses import replace

from pengadaan.tui.columns import tahap_pendek
from pengadaan.tui.data import BarisJadwal, HakPaket, PaketRingkas, SisaJadwal
from pengadaan.tui.screens.form import FormModal
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static

from pengadaan.domain.akses import Identitas
from pengadaan.domain.errors import InvalidInput, PengadaanError
from pengadaan.domain.formatting import parse_tanggal, tanggal
from pengadaan.presentation import jadwal_text as text

# The Select's value for the re-plan (no stage is named so).
SUSUN_ULANG = "susun_ulang"
SUSUN_ULANG_LABEL = "Susun ulang sisa jadwal"


class ScheduleModal(FormModal[bool | None]):
    """Dismisses with True after the change, None when cancelled."""

    def __init__(self, paket: PaketRingkas, rows: list[BarisJadwal], actor: str | Identitas,
                 rights: HakPaket | None = None, sisa: SisaJadwal | None = None) -> None:
        super().__init__(id="jadwal-modal")
        self.paket = paket
        self.actor = actor
        open_rows = [r for r in rows if not r.dilewati]
        # Only the stages whose schedule is this user's (issue #7); the use case checks again.
        mine = [r for r in open_rows if rights is None or rights.alasan_jadwal(r.tahap) is None]
        self.refusal = (rights.alasan_jadwal(open_rows[0].tahap)
                        if open_rows and not mine else None)
        self.rows = {r.tahap: r for r in mine}
        # The re-plan moves the stages of the rest that are this user's (the use case).
        self.sisa: SisaJadwal | None = None
        if sisa is not None:
            moves = [replace(m, bukan_wewenang=rights and rights.alasan_jadwal(m.tahap))
                     for m in sisa.tahapan]
            if any(m.bukan_wewenang is None for m in moves):
                self.sisa = replace(sisa, tahapan=moves)
        if not self.rows:
            self.nothing = "Tidak ada tahap yang masih dapat diubah."

    def heading(self) -> str:
        return (f"[b]Ubah jadwal: {self.paket.kode}[/b] — {self.paket.nama}\n"
                "Hanya tahap yang belum dilewati; alasan wajib dan dicatat di riwayat.")

    def fields(self) -> ComposeResult:
        yield Label("Tahap")
        choices = [(tahap_pendek(t) + (" (sekarang)" if r.sekarang else ""), t)
                   for t, r in self.rows.items()]
        if self.sisa is not None:
            choices.append((SUSUN_ULANG_LABEL, SUSUN_ULANG))
        yield Select(choices, allow_blank=False, id="jadwal-tahap")
        yield Label("Rencana mulai", classes="jadwal-tanggal")
        yield Input(id="jadwal-mulai", classes="jadwal-tanggal")
        yield Label("Rencana selesai (hari kerja)", classes="jadwal-tanggal")
        yield Input(id="jadwal-selesai", classes="jadwal-tanggal")
        yield Static(id="jadwal-rincian")
        yield Label("Alasan perubahan")
        yield Input(id="jadwal-alasan")

    def on_mount(self) -> None:
        if self.rows:
            self._fill()
            self.query_one("#jadwal-tahap", Select).focus()

    @property
    def replanning(self) -> bool:
        return self.query_one("#jadwal-tahap", Select).value == SUSUN_ULANG

    def _fill(self) -> None:
        """The chosen stage's dates and first plan, or the re-plan stage by stage."""
        for widget in self.query(".jadwal-tanggal"):
            widget.display = not self.replanning
        detail = self.query_one("#jadwal-rincian", Static)
        if self.replanning:
            detail.update(replan_text(self.sisa))
            return
        row = self.rows[str(self.query_one("#jadwal-tahap", Select).value)]
        self.query_one("#jadwal-mulai", Input).value = tanggal(row.rencana_mulai)
        self.query_one("#jadwal-selesai", Input).value = tanggal(row.rencana_selesai)
        detail.update(f"Rencana awal {text.rentang(row.awal_mulai, row.awal_selesai)}, "
                      f"{text.diubah(row.diubah)}" if row.diubah else "")

    def on_select_changed(self, event: Select.Changed) -> None:
        self._fill()

    def action_save(self) -> None:
        if not self.rows:
            return

        def value(name: str) -> str:
            return self.query_one(f"#jadwal-{name}", Input).value.strip()

        try:
            if self.replanning:
                self.app.sumber.replan_rest(self.paket.kode, value("alasan"), self.actor,
                                            self.paket.version)
                self.dismiss(True)
                return
            for name in ("mulai", "selesai"):
                if not value(name):
                    raise InvalidInput(f"{name}: wajib diisi")
            self.app.sumber.change_stage(
                self.paket.kode, str(self.query_one("#jadwal-tahap", Select).value),
                parse_tanggal(value("mulai"), "mulai"), parse_tanggal(value("selesai"), "selesai"),
                value("alasan"), self.actor, self.paket.version)
        except PengadaanError as err:
            self.refuse(err)
            return
        self.dismiss(True)


def replan_text(sisa: SisaJadwal) -> str:
    """How late the rest is, then each stage old → new (markup escaped)."""
    lines = [text.late_rest(sisa) if sisa.terlambat_hari > 0 else
             f"Sisa jadwal dihitung ulang dari {tanggal(sisa.mulai)} (mulai tahap sekarang):"]
    for m in sisa.tahapan:
        name, old, new, note = text.move_row(m)
        lines.append(f"{name}: {old} → {new}" + (f" ({note})" if note else ""))
    warning = text.past_fiscal_year(sisa)
    if warning:
        lines.append(warning)
    return "\n".join(lines).replace("[", r"\[")
