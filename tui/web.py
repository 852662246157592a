"""What ``pengadaan web`` runs for each browser that connects: textual-serve starts a
command line per connection (its app_service), and this is that command. It opens the
database named by ``$PENGADAAN_DB`` (set by the server from ``--db``, so a PostgreSQL
password never shows on a command line) and runs the app read-only, whatever the OS
user serving it may do: the Rapim slides, or the dashboard without a write."""

from __future__ import annotations

import shlex
import sys
from datetime import date

from pengadaan.tui.data import Database, open_named
from textual.app import App

ACTOR = "web"  # named in the header only: a read-only app acts as nobody


def command(mode: str, per: date | None, putar: float | None) -> str:
    """The command line textual-serve runs (a shell string, as it wants)."""
    args = [sys.executable, "-m", "pengadaan.tui.web", mode, per.isoformat() if per else "-"]
    if putar:
        args.append(str(putar))
    return shlex.join(args)


def app_for(mode: str, db: Database, per: date | None, putar: float | None) -> App:
    """The app one browser gets: never one that writes."""
    if mode == "rapim":
        from pengadaan.tui.rapim import RapimApp

        return RapimApp(db, per, putar=putar)
    if mode == "dasbor":
        from pengadaan.tui.app import PengadaanApp

        return PengadaanApp(db, actor=ACTOR, per=per, read_only=True)
    raise SystemExit(f"mode tidak dikenal: {mode}")


def main(argv: list[str]) -> None:
    mode, per, *putar = argv
    app_for(mode, open_named(), None if per == "-" else date.fromisoformat(per),
            float(putar[0]) if putar else None).run()


if __name__ == "__main__":
    main(sys.argv[1:])
