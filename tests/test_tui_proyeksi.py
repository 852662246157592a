"""Issue #17 in the TUI: y opens the at-risk packages of the year-end forecast, largest
first, with the reason and the kendala; the heading says the forecast and the dana
berisiko; Enter opens the highlighted paket. The dashboard's summary gains their line.
i opens the uji potensi: every OPD's proposed monthly target beside its RAK."""

from __future__ import annotations

import asyncio

import pytest
from pengadaan.tui.screens.detail import DetailScreen
from pengadaan.tui.screens.proyeksi import ProyeksiScreen
from pengadaan.tui.screens.uji_potensi import UjiPotensiScreen
from pengadaan.tui.widgets.fitted_table import FittedTable
from pengadaan.tui.widgets.summary_bar import SummaryBar
from textual.widgets import Static

from pengadaan.domain.formatting import rupiah
from pengadaan.usecases.proyeksi import proyeksi
from pengadaan.usecases.target_usul import usul
from tests.tui_support import PER, SIZE, make_app, static_text, summary_shown, wait_until


@pytest.mark.asyncio
async def test_the_at_risk_packages_worst_first_and_open_one(demo_db):
    expected = proyeksi(demo_db, PER)
    assert expected.berisiko  # the demo year has money at risk on 25 November
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await summary_shown(app, pilot)
        bar = app.screen.query_one(SummaryBar)  # the dashboard's line, read after the rest
        await wait_until(pilot, lambda: bool(bar.forecast), "baris proyeksi")
        assert "Proyeksi 31 Des" in bar.forecast[0] and rupiah(expected.total.berisiko) in \
            bar.forecast[1]
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, ProyeksiScreen), "proyeksi")
        table = app.screen.query_one(FittedTable)
        await wait_until(pilot, lambda: bool(table.items), "paket berisiko")
        assert [p.kode for p in table.items] == [p.kode for p in expected.berisiko]
        heading = static_text(app.screen.query_one("#proyeksi-ringkas", Static))
        assert rupiah(expected.total.berisiko) in heading and "kabupaten" in heading
        first = expected.berisiko[0]
        row = [str(cell).strip() for cell in table.get_row_at(0)]
        assert first.kode in row and rupiah(first.berisiko) in row
        assert any(first.alasan_label.startswith(cell.rstrip("…")) for cell in row)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "rincian")
        assert app.screen.kode == first.kode
        await pilot.press("escape", "escape")
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, UjiPotensiScreen), "uji potensi")
        table = app.screen.query_one(FittedTable)
        await wait_until(pilot, lambda: bool(table.items), "usulan target")
        found = usul(demo_db, PER.year)
        assert [(r.opd, r.bulan, r.usul_bp, r.tanda) for r in table.items] == [
            (u.opd, b.bulan, b.usul_bp, b.tanda) for u in found for b in u.bulan]
        heading = static_text(app.screen.query_one("#usul-ringkas", Static))
        flagged = sum(b.tanda is not None for u in found for b in u.bulan)
        assert f"Uji potensi {PER.year}: {len(found)} OPD" in heading
        assert flagged == 0 or "terlalu" in heading
        # A worker's answer for a screen that has left (or an app that is closing) is
        # dropped, not drawn on widgets that are gone: a late forecast once failed a
        # run that had quit meanwhile. The screen still shown gets its answer.
        left = app.screen
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is not left, "uji potensi ditutup")
        shown: list[int] = []
        await asyncio.to_thread(left.answer, left.present, left.read())
        await asyncio.to_thread(app.screen.answer, shown.append, 1)
        assert shown == [1]
