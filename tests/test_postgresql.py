"""The product on PostgreSQL end to end (issue #7): the CLI pointed at the server by
``PENGADAAN_DB`` (its first command as a real process), its connection errors, and the
TUI opened on it.

The tests marked ``both_databases`` run on both through the ``db`` fixture; this is what only
a real server shows. Skipped without PostgreSQL (a failure under ``CI=true``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from pengadaan.db.uow import open_database
from textual.widgets import Static

from pengadaan.usecases.paket import list_paket
from tests.test_cli import TODAY, Cli
from tests.tui_support import SIZE, load, make_app, static_text, table, wait_until


class ServerCli(Cli):
    """``pengadaan …`` with ``PENGADAAN_DB`` set to the server, as a shared install has."""

    def __init__(self, url: str, spawn: bool = False) -> None:
        super().__init__(Path("/tidak/ada"), spawn)  # no SQLite file: nothing to dump
        self.url = url

    def __call__(self, *args: str, env: dict | None = None, db: str | None = None):
        return super().__call__(*args, env={"PENGADAAN_DB": self.url, **(env or {})},
                                db=db or self.url)


def test_cli_runs_on_the_server(pg_url):
    cli = ServerCli(pg_url)
    ServerCli(pg_url, spawn=True).ok(  # the installed script, as a process, on the server
        "opd", "tambah", "1.03.01", "Dinas Pekerjaan Umum", "--singkatan", "PUPR")
    cli.ok("paket", "tambah", "--kode", "K-1", "--nama", "Jalan Bae", "--opd", "PUPR",
           "--metode", "tender", "--jenis", "konstruksi", "--pagu", "1.250.000.000",
           "--tahun", str(TODAY.year))
    cli.ok("paket", "maju", "K-1", "siapkan", "--versi", "1")
    line = cli.fails("sudah diubah pengguna lain (versi 2, Anda membaca versi 1); muat ulang",
                     "paket", "maju", "K-1", "umumkan", "--hps", "1000000000", "--versi", "1")
    assert line.startswith("Galat: paket K-1")
    cli.fails("sudah diubah pengguna lain (versi 2, Anda membaca versi 1)", "paket", "jadwal",
              "K-1", "pengumuman", "--mulai", "2027-01-25", "--selesai", "2027-02-01",
              "--alasan", "mundur", "--versi", "1")
    shown = cli.json("paket", "lihat", "K-1")
    assert (shown["tahap"], shown["version"]) == ("persiapan", 2)
    assert [r["pemicu"] for r in shown["riwayat"]] == ["buat", "siapkan"]


def _variant(url: str, **parts) -> str:
    return sa.engine.make_url(url).set(**parts).render_as_string(hide_password=False)


@pytest.mark.parametrize(("parts", "reason"), [
    ({"password": "salah-sekali"}, "kata sandi pengguna '{user}' ditolak server"),
    ({"database": "tidak_ada_sama_sekali"}, "basis data 'tidak_ada_sama_sekali' tidak ada di "
                                            "server"),
    ({"port": 1}, "server tidak menjawab (belum berjalan, atau alamat/port salah)"),
])
def test_connection_errors_are_one_indonesian_line(pg_url, parts, reason):
    url = _variant(pg_url, **parts)
    safe = sa.engine.make_url(url).render_as_string(hide_password=True)
    result = ServerCli(url)("paket", "daftar")
    assert result.returncode == 3 and result.stdout == ""
    user = sa.engine.make_url(url).username
    assert result.stderr == (f"Galat: tidak dapat terhubung ke basis data {safe}: "
                             f"{reason.format(user=user)}\n")
    assert "salah-sekali" not in result.stderr


@pytest.mark.asyncio
async def test_tui_opens_on_the_server(pg_url):
    db = load(open_database(pg_url))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        t = table(app)
        assert t.total == len(list_paket(db)) > 0
        summary = app.screen.query_one("#ringkasan", Static)
        await wait_until(pilot, lambda: static_text(summary), "ringkasan tampil")
        assert f"Paket {t.total}" in static_text(summary)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.kode == t.current.kode
