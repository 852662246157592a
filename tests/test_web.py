"""``pengadaan web`` in a real browser (issue #18): the server started as the user starts
it, on loopback and a free port, over a demo database; Debian's headless chromium
driven by Playwright reads what the app sends the page (the terminal's own stream, as
xterm.js draws it on a canvas), presses →, and can reach no write.

Skips, with the reason, where chromium or Playwright is missing; under CI=true it fails
instead (.ci/run installs both)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pengadaan.tui.app import PengadaanApp
from pengadaan.tui.bindings import CHANGE_ACTIONS, DETAIL_BINDINGS, KENDALA_BINDINGS
from pengadaan.tui.data import SumberBaca
from pengadaan.tui.rapim import RapimApp
from pengadaan.tui.web import app_for

from pengadaan.cli.exit_codes import ExitCode
from pengadaan.cli.rapim import loopback
from pengadaan.usecases import changes
from tests.cli_support import BIN, run
from tests.tui_support import PER

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The words of every change key (Maju, Catat progres …): none may reach the page.
CHANGE_WORDS = {b.description for b in (*DETAIL_BINDINGS, *KENDALA_BINDINGS)
                if b.action in CHANGE_ACTIONS}
ESCAPES = re.compile(r"\x1b\[[0-9;?<>=$]*[A-Za-z~]|\x1b[\]P_^].*?(?:\x07|\x1b\\)|\x1b.")


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI memasangnya: .ci/run)")
    pytest.skip(reason)


@pytest.fixture
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("paket Python playwright tidak terpasang")
    if not Path(CHROMIUM).exists():
        _missing("chromium (paket Debian) tidak terpasang")
    with sync_playwright() as p:
        # As root (CI) chromium needs --no-sandbox (the page is our own loopback server);
        # a container's small /dev/shm would crash its renderer.
        chromium = p.chromium.launch(executable_path=CHROMIUM,
                                     args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(demo_db, tmp_path) -> Iterator[str]:
    """``pengadaan web`` on the demo database until the test ends; its URL."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "PENGADAAN_DB"}
    server = subprocess.Popen(
        [str(BIN), "--db", demo_db.url, "web", "--port", str(port), "--per", PER.isoformat()],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    try:
        deadline = time.monotonic() + 60  # only stops a hang; never a check of speed
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"server tidak mulai: {server.stdout.read()}") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl+C: it stops its apps and exits
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # its own session: it and its apps
            server.wait()


@pytest.mark.slow
@pytest.mark.end_to_end
def test_rapim_in_a_browser(served, browser, demo_db, tmp_path):
    marker = changes.data_version(demo_db)
    seen: list[str] = []

    def screen_text() -> str:
        return ESCAPES.sub("", "".join(seen))

    def received(payload) -> None:
        seen.append(payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))

    def shows(words: str):
        return lambda _payload: words in screen_text()

    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    with page.expect_websocket() as opened:
        page.goto(served)
    socket_ = opened.value
    socket_.on("framereceived", received)
    socket_.wait_for_event("framereceived", shows("Ringkasan kabupaten"), timeout=60_000)
    page.mouse.click(960, 540)  # the terminal takes keys once it has the focus
    page.keyboard.press("ArrowRight")
    socket_.wait_for_event("framereceived", shows("Rapim · Peringkat OPD"), timeout=60_000)
    picture = tmp_path / "peringkat.png"
    page.screenshot(path=str(picture))
    assert picture.stat().st_size > 10_000

    # Every change key of the TUI and the palette: nothing opens, nothing is written.
    for key in ("m", "c", "e", "n", "l", "s", "d", "Control+p", "Enter"):
        page.keyboard.press(key)
    page.keyboard.press("ArrowLeft")  # a last key whose answer shows the others were read
    socket_.wait_for_event("framereceived", shows("Rapim · Ringkasan kabupaten — per"),
                           timeout=60_000)
    text = screen_text()
    assert "Berikut" in text and "Keluar" in text
    assert not [w for w in CHANGE_WORDS if w in text], CHANGE_WORDS
    assert "Cari perintah" not in text  # no command palette
    assert changes.data_version(demo_db) == marker


@pytest.mark.end_to_end
def test_off_loopback_warns_and_a_taken_port_is_one_line(demo_db):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("--db", demo_db.url, "web", "--host", "0.0.0.0", "--port", str(port),
                     spawn=True)
    assert result.returncode == ExitCode.FAILED
    warning, error = result.stderr.strip().splitlines()
    assert warning.startswith("Peringatan: 0.0.0.0 dapat dijangkau dari jaringan")
    assert "reverse proxy dengan autentikasi" in warning
    assert error.startswith(f"Galat: tidak dapat mendengarkan di 0.0.0.0:{port}")


@pytest.mark.parametrize("command", ["web", "rapim"])
def test_a_missing_database_is_not_shown_nor_created(tmp_path, command):
    missing = tmp_path / "tidak-ada.db"
    result = run("--db", str(missing), command)
    assert result.returncode == ExitCode.FAILED and "Galat" in result.stderr
    assert not missing.exists()


@pytest.mark.parametrize(("host", "near"), [("127.0.0.1", True), ("localhost", True),
                                            ("::1", True), ("0.0.0.0", False),
                                            ("10.1.2.3", False), ("rapim.local", False)])
def test_which_hosts_are_loopback(host, near):
    assert loopback(host) is near


def test_each_browser_gets_a_read_only_app(demo_db):
    dasbor = app_for("dasbor", demo_db, PER, None)
    assert isinstance(dasbor, PengadaanApp) and dasbor.read_only
    assert type(dasbor.sumber) is SumberBaca
    assert isinstance(app_for("rapim", demo_db, PER, 30.0), RapimApp)
