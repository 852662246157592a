"""The one width decision of every table (pengadaan/presentation/column_widths.py),
without Rich or Textual: its boundaries, and the CLI and the TUI taking it alike."""

from __future__ import annotations

from pengadaan.tui.columns import Kolom
from pengadaan.tui.columns import fit as fit_tui

from pengadaan.presentation.column_widths import Need, Spacing, decide, leaving_order, need
from pengadaan.presentation.fit import fit as fit_cli
from pengadaan.presentation.table_columns import Column, Kind

GAP = Spacing(between=1)
# Kode 10 (never leaves), Nama 16–40, Pagu 17 (leaves second), Hari 4 (leaves first).
COLUMNS = (Column("Kode", Kind.KODE), Column("Nama", Kind.NAME, drop=3),
           Column("Pagu", Kind.MONEY, drop=2), Column("Hari", Kind.NUMBER, drop=1))
NEEDS = (Need(10, 10), Need(16, 40), Need(17, 17), Need(4, 4))
NARROWEST = 10 + 16 + 17 + 4 + 3  # every column at its least, one cell between each


def test_exactly_fitting_keeps_every_column_at_its_least():
    layout = decide(COLUMNS, NEEDS, NARROWEST, GAP)
    assert layout.shown == (0, 1, 2, 3) and layout.hidden == ()
    assert layout.widths == (10, 16, 17, 4) and layout.width == NARROWEST


def test_one_cell_too_narrow_sends_the_first_to_leave_and_gives_its_room_to_nama():
    layout = decide(COLUMNS, NEEDS, NARROWEST - 1, GAP)
    assert layout.hidden == (3,)  # Hari, drop=1
    assert layout.widths == (10, 16 + 4, 17) and layout.width == NARROWEST - 1


def test_with_nothing_droppable_left_the_table_is_wider_than_the_room():
    layout = decide(COLUMNS, NEEDS, 12, GAP)
    assert layout.shown == (0,) and layout.hidden == (1, 2, 3)
    layout = decide(COLUMNS, NEEDS, 5, GAP)
    assert layout.shown == (0,) and layout.widths == (10,) and layout.width == 10


def test_of_equal_drop_numbers_the_rightmost_leaves_first():
    columns = (Column("A", Kind.KODE), Column("B", Kind.KODE, drop=1),
               Column("C", Kind.KODE, drop=1))
    needs = (Need(5, 5),) * 3
    assert decide(columns, needs, 12, GAP).hidden == (2,)
    assert leaving_order(columns) == [2, 1]


def test_a_whole_kind_is_as_wide_as_its_widest_cell_and_never_narrower():
    assert need(Kind.KODE, 24, 10) == Need(24, 24)  # a long imported kode widens it
    assert need(Kind.MONEY, None, 17) == Need(17, 17)
    assert need(Kind.NAME, 8, 16) == Need(8, 8)  # a short name: no room wasted
    assert need(Kind.NAME, None, 10) == Need(10, None)  # widest unknown: takes the rest


def test_labels_grow_whole_before_names_and_text_the_shortest_first():
    columns = (Column("Tahap", Kind.LABEL), Column("Tanda", Kind.LABEL),
               Column("Nama", Kind.NAME))
    needs = (Need(10, 20), Need(10, 14), Need(16, 40))
    assert decide(columns, needs, 10 + 10 + 16 + 2 + 6, GAP).widths == (12, 14, 16)
    assert decide(columns, needs, 100, GAP).widths == (20, 14, 40)


def test_names_of_unknown_width_share_what_is_left_equally():
    columns = (Column("Alasan", Kind.TEXT), Column("Kendala", Kind.TEXT))
    needs = (Need(10, None), Need(10, None))
    assert decide(columns, needs, 10 + 10 + 1 + 11, GAP).widths == (15, 16)


def test_cli_and_tui_hide_the_same_columns_for_the_same_declarations():
    rows = [("2026-00001", "Pengadaan Alat Tulis Kantor", "Rp 12.500.000.000", "+12")]
    kolom = tuple(Kolom(c.header.lower(), c.header, c.kind, c.drop, n.least,
                        lambda r, i=i: r[i]) for i, (c, n) in enumerate(
                            zip(COLUMNS, NEEDS, strict=True)))
    widest = {k.key: max(len(k.header), len(rows[0][i])) for i, k in enumerate(kolom)}
    for width in range(20, 90):
        tui = fit_tui(width, kolom, widest)
        cli = fit_cli(COLUMNS, rows, width, box=None, padding=(0, 1, 0, 0), pad_edge=False)
        assert cli.hidden == [c.header for c in tui.hidden], width
