"""Run the TUI headless on one database and print its timings as JSON (one process per
size, so the peak resident memory is the app's own). Used by bench/tui.py.

Each interaction is clocked from the change to the first frame that shows the screen
as it is at the end (``filter``, the user's wait; see bench/_frames.py), with the
process's CPU time over the same span (``filter_cpu``, every thread: the summary read
after a filter change competes with the table): on a busy shared machine the wall time
mostly measures the load, the CPU time much less so. ``filter_idle`` is the earlier
clock, stopped when ``pilot.pause()`` returns: that adds Textual's idle window (≈20 ms
of quiet, ``textual/_wait.py``) and the frame ``pause()`` forces at its end, which the
user does not wait for."""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from functools import partial
from pathlib import Path

from pengadaan.db.uow import open_database
from pengadaan.tui.app import PengadaanApp
from pengadaan.tui.screens.dashboard import DashboardScreen
from pengadaan.tui.screens.detail import DetailScreen

from bench._frames import Frames
from pengadaan.cli.terminal import open_basis

SIZE = (200, 50)
REPEAT = 5
SETTLE_LIMIT = 300.0  # seconds; only stops a hang (an empty database never fills it)


async def _first_paint(db, per: date) -> tuple[float, float]:
    """Seconds to the painted table, and to the summary line (read in a thread)."""
    start = time.perf_counter()
    app = PengadaanApp(db, actor="bench", per=per, live_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        painted = time.perf_counter() - start
        await _settle(app, pilot)
        return painted, time.perf_counter() - start


async def _settle(app, pilot) -> None:
    """Wait for the summary: its thread starts only after the table is painted."""
    board = app.screen_stack[0]
    deadline = time.monotonic() + SETTLE_LIMIT
    while board.summary.paket == 0:
        if time.monotonic() > deadline:
            raise SystemExit("ringkasan dasbor tidak pernah terisi: basis data kosong?")
        await pilot.pause(0.005)
    await app.workers.wait_for_complete()
    await pilot.pause()


def _opds(app: PengadaanApp, wanted: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The OPDs the filter returns to (``wanted`` where the database has them, else
    its first two) and those not shown yet, whose summary is read on the first visit
    (a shown one's is kept until the data change): as many as the database has."""
    names = [o.singkatan for o in app.sumber.opd_list()]
    known = [o for o in wanted if o in names] or names[:2]
    return known, [o for o in names if o not in known]


async def _interactions(db, per: date, opds: tuple[str, str]) -> dict[str, list[float]]:
    app = PengadaanApp(db, actor="bench", per=per, live_seconds=None)
    samples: dict[str, list[float]] = defaultdict(list)
    frames = Frames(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board: DashboardScreen = app.screen

        async def timed(name, change) -> None:
            await pilot.pause(0.05)  # let a pending summary thread start…
            await app.workers.wait_for_complete()  # …and finish: not counted
            await pilot.pause()
            start, cpu = frames.start()
            change()
            await pilot.pause()
            samples[f"{name}_idle"].append(time.perf_counter() - start - frames.overhead[0])
            shown = frames.painted()
            if shown is None:
                raise SystemExit("layar akhir tidak pernah digambar")
            painted, painted_cpu = shown
            samples[name].append(painted - start)
            samples[f"{name}_cpu"].append(painted_cpu - cpu)  # every thread's

        known, fresh = _opds(app, opds)
        for opd in known:  # shown once first: "filter" measures only returns to them
            board.apply(board.saringan.but(opd=opd))
            await pilot.pause()
            await app.workers.wait_for_complete()
        board.apply(board.saringan.but(opd=None))  # every round starts from all OPDs
        await pilot.pause()
        for i in range(REPEAT + 1):
            if i < len(fresh):
                await timed("filter_baru", partial(board.apply,
                                                   board.saringan.but(opd=fresh[i])))
            await timed("filter", partial(board.apply,
                                          board.saringan.but(opd=known[i % len(known)])))
            await timed("sort", partial(board.apply, board.saringan.but(
                sort=("pagu", "nama")[i % 2], descending=bool(i % 2))))
            await timed("cari", partial(board.apply, board.saringan.but(
                cari=("jalan", "gedung")[i % 2])))
            board.apply(board.saringan.but(opd=None, cari=""))
            await pilot.pause()
            await timed("end", board.table.action_last)
            kode = board.table.current.kode
            await timed("detail", partial(app.open_detail, kode))
            await app.workers.wait_for_complete()
            assert isinstance(app.screen, DetailScreen)
            app.pop_screen()
            await pilot.pause()
            board.table.action_first()
    # The first of each warms up; a figure with no other sample (a database with few
    # OPDs gives few first visits) is left out.
    return {name: values[1:] for name, values in samples.items() if len(values) > 1}


def peak_memory_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux keeps the parent's
    high-water mark across fork+exec, so a bench that just built a database would
    report that database's memory."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    path, per = sys.argv[1], date.fromisoformat(sys.argv[2])
    # As ``pengadaan tui`` opens it: the dashboard from cached SQL, the rest by the ORM.
    db = open_basis(path, lambda: open_database(path, create=False))
    asyncio.run(_first_paint(db, per))  # imports and CSS parsing, not the user's wait
    paints = [asyncio.run(_first_paint(db, per)) for _ in range(REPEAT)]
    result = {name: statistics.median(values) for name, values in
              asyncio.run(_interactions(db, per, ("DISHUB", "PUPR"))).items()}
    result["first_paint"] = statistics.median(p for p, _ in paints)
    result["summary"] = statistics.median(s for _, s in paints)
    result["maxrss_mb"] = peak_memory_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
