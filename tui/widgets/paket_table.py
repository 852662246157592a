"""A virtual package table: only the rows on screen are ever fetched or drawn.

Textual's DataTable keeps every row as widgets' data (about 19 s to paint 100,000
rows), so this ScrollView asks a ``fetch(offset, limit)`` callback for pages of
rows as the view scrolls and keeps a few pages cached. The header is line 0.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from pengadaan.tui.bindings import TABLE_BINDINGS
from pengadaan.tui.columns import COLUMNS, GAP, Tata, cut, fit, level
from pengadaan.tui.data import Page, PaketStatus
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pengadaan.domain.formatting import angka

PAGE = 100
CACHED_PAGES = 12


@dataclass(frozen=True)
class _Page:
    """Rows as read, with each row's cells as text by column key: formatted once when
    the page arrives (a Rupiah amount through Babel costs ±80 µs), not again on every
    repaint of a line (each cursor move repaints the screen)."""

    rows: list[PaketStatus]
    texts: list[dict[str, str]]


class PaketTable(ScrollView, can_focus=True):
    """Rows of :class:`PaketStatus`, one page at a time, with a row cursor."""

    BINDINGS = TABLE_BINDINGS
    COMPONENT_CLASSES = {
        "paket-table--header", "paket-table--sorted", "paket-table--cursor",
        "paket-table--kritis", "paket-table--terlambat", "paket-table--hampir",
        "paket-table--selesai",
    }

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        def __init__(self, row: PaketStatus | None) -> None:
            super().__init__()
            self.row = row

    class Selected(Message):
        def __init__(self, row: PaketStatus) -> None:
            super().__init__()
            self.row = row

    class WindowChanged(Message):
        """The rows or the columns that fit changed (a resize)."""

    class SortClicked(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, fetch: Callable[[int, int], Page], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fetch = fetch
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self.total = 0
        self.sort_key = "kode"
        self.descending = False
        self.tata: Tata = fit(0)
        self._widest: dict[str, int] = {}  # longest cell read per never-cut column

    # -- data ------------------------------------------------------------------
    def reload(self, keep_position: bool = True) -> None:
        """Drop cached pages and read the first visible page again (and the total)."""
        kode = self.current.kode if keep_position and self.current else None
        self._pages.clear()
        self._page(self._page_of(int(self.scroll_y) if keep_position else 0))  # sets total
        if not keep_position:
            self.scroll_to(y=0, animate=False, immediate=True)
            self.cursor_row = 0
        self._resize_virtual()
        row = min(self.cursor_row, max(self.total - 1, 0))
        if kode is not None:
            row = self._near(kode, row)
        self.cursor_row = row
        self.refresh()

    def _near(self, kode: str, row: int) -> int:
        """Keep the cursor on ``kode`` if it moved only within its page."""
        page = self._pages.get(self._page_of(row))
        for i, item in enumerate(page.rows if page else []):
            if item.kode == kode:
                return self._page_of(row) * PAGE + i
        return row

    @staticmethod
    def _page_of(row: int) -> int:
        return row // PAGE

    def _page(self, number: int) -> _Page:
        if number in self._pages:
            self._pages.move_to_end(number)
            return self._pages[number]
        fetched = self._fetch(number * PAGE, PAGE)
        self.total = fetched.total
        page = self._pages[number] = _Page(
            fetched.rows, [{c.key: c.text(r) for c in COLUMNS} for r in fetched.rows])
        self._measure(page.texts)
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def _line(self, index: int) -> tuple[PaketStatus, dict[str, str]] | None:
        """Row ``index`` and its cells' texts (None past the end)."""
        if not 0 <= index < self.total:
            return None
        page = self._page(self._page_of(index))
        offset = index % PAGE
        return (page.rows[offset], page.texts[offset]) if offset < len(page.rows) else None

    def row_at(self, index: int) -> PaketStatus | None:
        line = self._line(index)
        return line[0] if line else None

    @property
    def current(self) -> PaketStatus | None:
        return self.row_at(self.cursor_row)

    def _measure(self, texts: list[dict[str, str]]) -> None:
        """Widen a never-cut column (kode, date, amount) whose new cells are longer
        than any read so far; the layout follows after this refresh."""
        grew = False
        for col in COLUMNS:
            if col.kind.whole and texts:
                longest = max(len(cells[col.key]) for cells in texts)
                if longest > self._widest.get(col.key, 0):
                    self._widest[col.key] = longest
                    grew = True
        if grew and self.is_mounted:
            self.call_after_refresh(self._resize_virtual)

    # -- geometry ----------------------------------------------------------------
    @property
    def body_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _resize_virtual(self) -> None:
        """The columns follow the width (tui/columns.fit); only if not even the most
        important ones fit does the table scroll sideways."""
        before = self.tata
        self.tata = fit(self.scrollable_content_region.width, widest=self._widest)
        self.virtual_size = Size(self.tata.width, self.total + 1)
        if self.tata != before:
            self.post_message(self.WindowChanged())

    def on_resize(self, event: events.Resize) -> None:
        self._resize_virtual()
        self._scroll_cursor_into_view()
        self.post_message(self.WindowChanged())

    # -- drawing -----------------------------------------------------------------
    def _cells(self, texts: list[str], style: Style, header: bool = False) -> list[Segment]:
        segments = []
        shown = self.tata.shown
        for i, ((col, width), text) in enumerate(zip(shown, texts, strict=True)):
            text = col.fit(text, width)
            text = text.rjust(width) if col.right else text.ljust(width)
            cell_style = style
            if header and col.key == self.sort_key:
                cell_style = style + self.get_component_rich_style("paket-table--sorted")
            segments.append(Segment(text, cell_style))
            if i < len(shown) - 1:
                segments.append(Segment(" " * GAP, style))
        return segments

    def _header_texts(self) -> list[str]:
        arrow = " ▼" if self.descending else " ▲"
        return [cut(c.header, width - len(arrow)) + arrow if c.key == self.sort_key
                else c.header for c, width in self.tata.shown]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("paket-table--header")
            segments = self._cells(self._header_texts(), style, header=True)
        else:
            index = scroll_y + y - 1
            line = self._line(index)
            if line is None:
                return Strip.blank(width, base)
            row, texts = line
            style = base
            kind = level(row)
            if kind:
                style = style + self.get_component_rich_style(f"paket-table--{kind}")
            if index == self.cursor_row and self.has_focus:
                style = style + self.get_component_rich_style("paket-table--cursor")
            elif index == self.cursor_row:
                style = style + Style(reverse=True)
            segments = self._cells([texts[c.key] for c, _ in self.tata.shown], style)
        strip = Strip(segments).crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, style)

    # -- cursor ------------------------------------------------------------------
    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    def _scroll_cursor_into_view(self) -> None:
        top = int(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + self.body_height:
            self.scroll_to(y=self.cursor_row - self.body_height + 1, animate=False,
                           immediate=True)

    def _move(self, row: int) -> None:
        self.cursor_row = max(0, min(row, self.total - 1))

    def action_cursor_up(self) -> None:
        self._move(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self._move(self.cursor_row - self.body_height)

    def action_page_down(self) -> None:
        self._move(self.cursor_row + self.body_height)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(self.total - 1)

    def action_select(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Selected(row))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- mouse -------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            key = self._column_at(offset.x + int(self.scroll_x))
            if key:
                self.post_message(self.SortClicked(key))
            return
        index = int(self.scroll_y) + offset.y - 1
        if 0 <= index < self.total:
            if index == self.cursor_row and event.chain >= 2:
                self.action_select()
            self.cursor_row = index

    def column_left(self, key: str) -> int:
        """Virtual x of a column's first cell (for clicks and tests)."""
        left = 0
        for col, width in self.tata.shown:
            if col.key == key:
                return left
            left += width + GAP
        raise KeyError(key)

    def _column_at(self, x: int) -> str | None:
        left = 0
        for col, width in self.tata.shown:
            if left <= x < left + width + GAP:
                return col.key
            left += width + GAP
        return None

    def window_text(self) -> str:
        """'baris 1 (1–25) dari 100.000' for the status line, then the sort if its
        column is hidden and which columns the width hides."""
        if not self.total:
            return "tidak ada paket"
        top = int(self.scroll_y)
        last = min(top + self.body_height, self.total)
        parts = [f"baris {angka(self.cursor_row + 1)} ({angka(top + 1)}–{angka(last)}) "
                 f"dari {angka(self.total)}"]
        hidden = self.tata.hidden
        for col in hidden:
            if col.key == self.sort_key:
                parts.append(f"urut {col.header} {'▼' if self.descending else '▲'}")
        if hidden:
            parts.append("tersembunyi: " + ", ".join(c.header for c in hidden))
        return " · ".join(parts)
