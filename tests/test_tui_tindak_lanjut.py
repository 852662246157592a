"""The detail's kendala list acts on its highlighted row (issue #13): record a tindak
lanjut (a pengawas's is a rekomendasi), move its status, resolve the kendala, through
the use cases of ``pengadaan tindak-lanjut`` and ``kendala selesai``; a refusal stays
in the form and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pengadaan.tui.screens.detail import DetailScreen
from pengadaan.tui.screens.kendala import SelesaiKendalaModal
from pengadaan.tui.screens.tindak_lanjut import StatusTindakLanjutModal, TindakLanjutModal
from pengadaan.tui.widgets.kendala_list import KendalaList
from textual.widgets import Input, Select, Static

from pengadaan.usecases import kendala, pengguna
from pengadaan.usecases.kendala import list_kendala
from tests.factories import tender_in_pelaksanaan, two_opds
from tests.tui_support import PER, SIZE, answered, kendala_rows, make_app, static_text, wait_until

pytestmark = pytest.mark.asyncio

TENDER = "PUPR-TENDER"
KENDALA_KEYS = ("l", "s", "d")


def build_data(db) -> None:
    """A PUPR paket with one open kendala, and a user per role."""
    two_opds(db)
    tender_in_pelaksanaan(db, TENDER)
    pengguna.add_user(db, "admin", "admin", "penguji")
    pengguna.add_user(db, "ppk_dishub", "ppk", "admin", opd="DISHUB")
    pengguna.add_user(db, "sekda", "pengawas", "admin")
    kendala.record_kendala(db, TENDER, "cuaca", "Hujan deras, galian tergenang", "admin",
                           tanggal=PER - timedelta(days=10), today=PER)


@pytest.fixture
def kab(module_data):
    """``build_data``'s database, built once for the module, a fresh copy per test."""
    return module_data


async def _detail(app, pilot) -> DetailScreen:
    await pilot.pause()
    app.open_detail(TENDER)
    await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen)
                     and app.screen.query_one("#kendala").display, "rincian dengan kendala")
    return app.screen


async def _form(app, pilot, key: str, kind: type):
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    return app.screen


def _fill(form, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#{name}", Input).value = value


async def _save(app, pilot) -> str:
    """Save; the refusal shown when the form stays open ("" when it closed)."""
    form = app.screen
    await answered(app, pilot, form, pilot.press("ctrl+s"))
    return static_text(form.query_one("#galat", Static)) if app.screen is form else ""


def _shown(app) -> str:
    return "\n".join(kendala_rows(app.screen))


async def test_follow_up_move_it_and_resolve_the_kendala(kab):
    app = make_app(kab, actor="admin")
    async with app.run_test(size=SIZE) as pilot:
        detail = await _detail(app, pilot)
        assert "l" in detail.active_bindings and "d" in detail.active_bindings
        assert "s" not in detail.active_bindings  # no tindak lanjut to move yet
        judul = static_text(detail.query_one("#kendala-judul", Static))
        assert "l tindak lanjut" in judul and "d kendala selesai" in judul

        form = await _form(app, pilot, "l", TindakLanjutModal)
        assert "Catat tindak lanjut" in static_text(form.query_one("#maju-judul", Static))
        _fill(form, **{"tl-uraian": "Pompa air dan tambah shift",
                       "tl-pelaksana": "Penyedia", "tl-batas": "31/02/2026"})
        assert (await _save(app, pilot)).startswith("Ditolak: batas: '31/02/2026' bukan")
        assert list_kendala(kab, TENDER)[0].tindak_lanjut == []  # nothing written
        _fill(form, **{"tl-batas": ""})
        assert await _save(app, pilot) == "Ditolak: batas: wajib diisi"
        _fill(form, **{"tl-batas": "15/12/2026"})
        form.query_one("#tl-status", Select).value = "berjalan"
        assert await _save(app, pilot) == ""
        await wait_until(pilot, lambda: "Pompa air" in _shown(app), "tindak lanjut tampil")
        assert "15/12/2026" in _shown(app) and "Berjalan" in _shown(app)

        await pilot.press("s")  # the highlight is on the kendala: says how to pick one
        await pilot.pause()
        assert app.screen is detail
        assert "s" in detail.active_bindings
        await pilot.press("tab")  # from the page to the list, as the title says
        await wait_until(pilot, lambda: isinstance(app.focused, KendalaList), "fokus daftar")
        await pilot.press("down")
        form = await _form(app, pilot, "s", StatusTindakLanjutModal)
        assert form.query_one("#tl-status", Select).value == "selesai"  # the next one
        _fill(form, **{"tl-catatan": "Galian kering"})
        assert await _save(app, pilot) == ""
        await wait_until(pilot, lambda: "Galian kering" in _shown(app), "status baru tampil")
        assert "Selesai" in _shown(app) and "Terbuka" in _shown(app)

        form = await _form(app, pilot, "d", SelesaiKendalaModal)  # on the tindak lanjut's
        assert form.query_one("#selesai-tanggal", Input).value == "25/11/2026"
        assert await _save(app, pilot) == "Ditolak: catatan: wajib diisi"
        _fill(form, **{"selesai-catatan": "Musim hujan lewat"})
        assert await _save(app, pilot) == ""
        await wait_until(pilot, lambda: "Musim hujan lewat" in _shown(app), "selesai tampil")
        assert "Terbuka" not in _shown(app)
    [found] = list_kendala(kab, TENDER)
    assert (found.selesai_tanggal, found.selesai_catatan, found.selesai_oleh) == (
        PER, "Musim hujan lewat", "admin")
    [follow] = found.tindak_lanjut
    assert (follow.uraian, follow.pelaksana, follow.status, follow.rekomendasi) == (
        "Pompa air dan tambah shift", "Penyedia", "selesai", False)
    assert [(h.status, h.catatan) for h in follow.riwayat] == [
        ("berjalan", None), ("selesai", "Galian kering")]


async def test_pengawas_records_a_rekomendasi_only(kab):
    app = make_app(kab, actor="sekda")
    async with app.run_test(size=SIZE) as pilot:
        detail = await _detail(app, pilot)
        assert "l" in detail.active_bindings
        for key in ("n", "s", "d"):
            assert key not in detail.active_bindings
        judul = static_text(detail.query_one("#kendala-judul", Static))
        assert "l rekomendasi)" in judul and "kendala selesai" not in judul
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is detail
        form = await _form(app, pilot, "l", TindakLanjutModal)
        judul = static_text(form.query_one("#maju-judul", Static))
        assert "Catat rekomendasi" in judul and "Sebagai pengawas" in judul
        assert not form.query("#tl-status")  # a rekomendasi starts as direncanakan
        _fill(form, **{"tl-uraian": "Percepat pembayaran termin",
                       "tl-pelaksana": "BPKAD", "tl-batas": "2026-12-10"})
        assert await _save(app, pilot) == ""
        await wait_until(pilot, lambda: "↳ rekomendasi" in _shown(app), "rekomendasi tampil")
        assert "s" not in detail.active_bindings  # moving it is the paket roles' work
    [follow] = list_kendala(kab, TENDER)[0].tindak_lanjut
    assert (follow.rekomendasi, follow.status, follow.oleh) == (True, "direncanakan", "sekda")


async def test_ppk_of_another_opd_gets_the_refusal_in_the_form(kab):
    [open_one] = list_kendala(kab, TENDER)
    kendala.record_tindak_lanjut(kab, open_one.id, "Rapat lapangan", "PPK", PER, "admin")
    before = list_kendala(kab, TENDER)
    app = make_app(kab, actor="ppk_dishub")
    async with app.run_test(size=SIZE) as pilot:
        detail = await _detail(app, pilot)
        for key in KENDALA_KEYS:  # a PPK has these keys; the use case judges the OPD
            assert key in detail.active_bindings
        refusal = "Ditolak: Anda (ppk Dinas Perhubungan) tidak berwenang"
        form = await _form(app, pilot, "l", TindakLanjutModal)
        _fill(form, **{"tl-uraian": "Alihkan arus", "tl-pelaksana": "Dishub",
                       "tl-batas": "01/12/2026"})
        assert (await _save(app, pilot)).startswith(refusal)
        await pilot.press("escape")
        form = await _form(app, pilot, "d", SelesaiKendalaModal)
        _fill(form, **{"selesai-catatan": "Sudah"})
        assert (await _save(app, pilot)).startswith(refusal)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is detail, "kembali ke rincian")
        detail.query_one(KendalaList).highlighted = 2  # the tindak lanjut
        form = await _form(app, pilot, "s", StatusTindakLanjutModal)
        assert (await _save(app, pilot)).startswith(refusal)
    assert list_kendala(kab, TENDER) == before
