"""textual-serve's server, speaking Indonesian: what it prints on start, and only its
warnings after that (each connection would otherwise log a line in English)."""

from __future__ import annotations

import logging

from textual_serve.server import Server as TextualServer

TITLE = "pengadaan"


class Server(TextualServer):
    def __init__(self, command: str, *, host: str, port: int,
                 public_url: str | None) -> None:
        super().__init__(command, host=host, port=port, title=TITLE, public_url=public_url)

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="%(message)s")

    async def on_startup(self, app) -> None:
        self.console.print(f"Melayani di {self.public_url} (hanya baca). Ctrl+C berhenti.",
                           highlight=False, markup=False)
