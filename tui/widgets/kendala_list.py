"""A paket's kendala with their tindak lanjut as a list one can move through, so the
detail's keys act on the highlighted one (issue #13).

Each row is a Rich grid laid out at the list's width: dates whole on one line, the
text wrapped, never cut (readable at 80 columns).
"""

from __future__ import annotations

from pengadaan.tui.data import KendalaView, TindakLanjutView
from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pengadaan.domain.formatting import tanggal
from pengadaan.domain.kendala import kategori_label, status_label

HEADER = "kepala"


def row_grid(when: Text | str, kind: Text | str, uraian: Text | str,
             status: Text | str) -> Table:
    """One row; every row has the same columns, so they line up under the header."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=10, no_wrap=True)
    grid.add_column(width=20, overflow="fold")  # the longest label one word per line
    grid.add_column(ratio=1, overflow="fold")
    grid.add_column(width=12, no_wrap=True)
    grid.add_row(when, kind, uraian, status)
    return grid


def header_row() -> Table:
    return row_grid(*(Text(h, style="bold") for h in
                      ("Tanggal/\nbatas", "Kategori", "Uraian", "Status")))


def kendala_row(k: KendalaView) -> Table:
    if k.terbuka:
        return row_grid(tanggal(k.tanggal), kategori_label(k.kategori), k.uraian,
                        Text("Terbuka", style="bold"))
    return row_grid(tanggal(k.tanggal), kategori_label(k.kategori),
                    f"{k.uraian} (selesai: {k.selesai_catatan})",
                    Text(f"Selesai\n{tanggal(k.selesai_tanggal)}", style="dim"))


def tindak_lanjut_row(t: TindakLanjutView) -> Table:
    """Under its kendala: the deadline, what is done and by whom, the latest note."""
    kind = "rekomendasi" if t.rekomendasi else "tindak lanjut"
    text = f"{t.uraian} (pelaksana: {t.pelaksana})"
    if t.riwayat and t.riwayat[-1].catatan:
        text += f"; catatan: {t.riwayat[-1].catatan}"
    return row_grid(Text(tanggal(t.batas), style="dim"), Text(f"↳ {kind}", style="dim"),
                    text, status_label(t.status))


class KendalaList(OptionList):
    """The header, then each kendala followed by its tindak lanjut; the highlight stays
    on the same row when the list is shown again after a change."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kendala: dict[str, KendalaView] = {}
        self.follow_ups: dict[str, tuple[KendalaView, TindakLanjutView]] = {}

    def show(self, rows: list[KendalaView]) -> None:
        kept = self.highlighted_option.id if self.highlighted_option else None
        self.kendala, self.follow_ups = {}, {}
        options = [Option(header_row(), id=HEADER, disabled=True)]
        for k in rows:
            self.kendala[f"k{k.id}"] = k
            options.append(Option(kendala_row(k), id=f"k{k.id}"))
            for t in k.tindak_lanjut:
                self.follow_ups[f"t{t.id}"] = (k, t)
                options.append(Option(tindak_lanjut_row(t), id=f"t{t.id}"))
        self.set_options(options)
        ids = [o.id for o in options]
        self.highlighted = ids.index(kept) if kept in ids else (1 if rows else None)

    @property
    def selected_kendala(self) -> KendalaView | None:
        """The highlighted kendala, or the kendala of the highlighted tindak lanjut."""
        key = self.highlighted_option.id if self.highlighted_option else None
        if key in self.follow_ups:
            return self.follow_ups[key][0]
        return self.kendala.get(key)

    @property
    def selected_tindak_lanjut(self) -> TindakLanjutView | None:
        key = self.highlighted_option.id if self.highlighted_option else None
        found = self.follow_ups.get(key)
        return found[1] if found else None
