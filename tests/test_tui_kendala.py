"""Kendala in the TUI (issue #13): shown in the detail, recorded with n from the detail
and from the alert list, through the same use case as ``pengadaan kendala catat``.
The actions on a listed kendala are in test_tui_tindak_lanjut.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pengadaan.tui.screens.alerts import AlertsScreen
from pengadaan.tui.screens.detail import DetailScreen
from pengadaan.tui.screens.kendala import KendalaModal
from pengadaan.tui.widgets.fitted_table import FittedTable
from textual.widgets import Input, Select, Static

from pengadaan.usecases import kendala
from pengadaan.usecases.kendala import list_kendala
from tests.factories import tender_in_pelaksanaan, two_opds
from tests.tui_support import PER, SIZE, answered, kendala_lines, make_app, static_text, wait_until

TENDER = "UJI-TENDER"


async def _fill(app, pilot, kategori: str, uraian: str) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, KendalaModal), "form kendala")
    app.screen.query_one("#kendala-kategori", Select).value = kategori
    app.screen.query_one("#kendala-uraian", Input).value = uraian
    await answered(app, pilot, app.screen, pilot.press("ctrl+s"))


@pytest.mark.asyncio
async def test_record_from_the_detail_and_see_it_there(demo_db):
    kode = tender_in_pelaksanaan(demo_db, TENDER)
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_detail(kode)
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "rincian")
        assert not app.screen.query_one("#kendala").display  # none yet
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, KendalaModal), "form kendala")
        app.screen.query_one("#kendala-uraian", Input).value = "Hujan deras"
        # no kategori chosen: refused, nothing written
        await answered(app, pilot, app.screen, pilot.press("ctrl+s"))
        assert isinstance(app.screen, KendalaModal)
        assert static_text(app.screen.query_one("#galat", Static)).startswith("Ditolak: kategori")
        assert list_kendala(demo_db, kode) == []
        await _fill(app, pilot, "cuaca", "Hujan deras tiga minggu, galian tergenang")
        assert isinstance(app.screen, DetailScreen), static_text(app.screen.query_one("#galat"))
        assert app.screen.query_one("#kendala").display
        text = "\n".join(kendala_lines(app.screen))
        assert "Cuaca/bencana" in text and "Hujan deras tiga minggu" in text
        assert "25/11/2026" in text and "Terbuka" in text
    [found] = list_kendala(demo_db, kode)
    assert (found.kategori, found.tanggal, found.oleh) == ("cuaca", PER, "penguji")


@pytest.mark.asyncio
async def test_record_from_the_alert_list_for_the_highlighted_paket(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, AlertsScreen)
                         and app.screen.query_one(FittedTable).row_count > 0, "peringatan")
        table = app.screen.query_one(FittedTable)
        kode = table.text_at(table.cursor_row, "kode")
        before = [k.uraian for k in list_kendala(demo_db, kode)]  # the demo's own, if any
        await pilot.press("n")
        await _fill(app, pilot, "lahan", "Lahan belum dibebaskan")
        assert isinstance(app.screen, AlertsScreen)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "rincian")
        assert app.screen.kode == kode
        text = "\n".join(kendala_lines(app.screen))
        assert "Lahan/perizinan" in text and "Lahan belum dibebaskan" in text
    after = [k.uraian for k in list_kendala(demo_db, kode)]
    assert sorted(after) == sorted([*before, "Lahan belum dibebaskan"])


@pytest.mark.asyncio
async def test_the_section_reads_at_80_columns(sqlite_db):
    """Dates whole on one line; long text wrapped, never cut; tindak lanjut under theirs."""
    two_opds(sqlite_db)
    kode = tender_in_pelaksanaan(sqlite_db, TENDER)
    uraian = "Pembebasan lahan di ruas utara belum selesai karena pemilik menggugat " * 2
    first = kendala.record_kendala(sqlite_db, kode, "pemilihan_ulang", uraian, "admin",
                                   tanggal=PER - timedelta(days=30), today=PER)
    kendala.record_tindak_lanjut(sqlite_db, first.id, "Rapat dengan pemilik lahan",
                                 "Bagian Pemerintahan", PER + timedelta(days=14), "admin")
    second = kendala.record_kendala(sqlite_db, kode, "administrasi", "Banjir", "admin",
                                    tanggal=PER - timedelta(days=9), today=PER)
    kendala.resolve_kendala(sqlite_db, second.id, "Air surut", "admin", tanggal=PER,
                            today=PER)
    app = make_app(sqlite_db, actor="admin")
    async with app.run_test(size=(80, 60)) as pilot:
        await pilot.pause()
        app.open_detail(kode)
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen)
                         and app.screen.query_one("#kendala").display, "rincian")
        lines = kendala_lines(app.screen)
    assert max(len(line.rstrip()) for line in lines) <= 78
    cells = " ".join(lines)
    for day in (PER - timedelta(days=30), PER + timedelta(days=14), PER - timedelta(days=9)):
        assert sum(day.strftime("%d/%m/%Y") in line for line in lines) == 1
    for word in ("Terbuka", "Selesai", "Direncanakan", "Gagal/ulang", "Administrasi/dokumen",
                 "tindak lanjut", "Pemerintahan", "menggugat", "Banjir", "Air surut"):
        assert word in cells, word
