"""Issue #19 in the TUI: a form refuses a control character by name, and text already
stored with one is shown as a visible stand-in (the detail's title and tables, the
paket list), never sent raw to the terminal."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from pengadaan.tui.screens.detail import DetailScreen
from pengadaan.tui.screens.kendala import KendalaModal
from textual.widgets import Static

from pengadaan.usecases.kendala import list_kendala
from tests.factories import tender_in_pelaksanaan
from tests.test_tui_kendala import _fill as fill_kendala
from tests.tui_support import SIZE, make_app, static_text, wait_until

TENDER = "UJI-TENDER"


@pytest.mark.asyncio
async def test_form_refuses_escapes_and_stored_ones_are_shown(demo_db):
    kode = tender_in_pelaksanaan(demo_db, TENDER)
    with demo_db.engine.begin() as conn:  # written before the rule, or by hand
        conn.execute(sa.text("UPDATE paket SET penyedia = :p WHERE kode = :k"),
                     {"p": "CV\x1b[2J Muria\u202e", "k": kode})
    app = make_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_detail(kode)
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), "rincian")
        identity = static_text(app.screen.query_one("#identitas", Static))
        assert "CV␛[2J Muria\ufffd" in identity
        assert "\x1b" not in identity and "\u202e" not in identity
        await pilot.press("n")
        await fill_kendala(app, pilot, "cuaca", "Hujan\x1b[2J")
        assert isinstance(app.screen, KendalaModal)
        message = static_text(app.screen.query_one("#galat", Static))
        assert message.startswith("Ditolak: uraian: berisi karakter kendali U+001B"), message
    assert list_kendala(demo_db, kode) == []
