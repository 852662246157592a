"""``pengadaan tui`` (and ``pengadaan`` alone): the terminal app.

A module of its own, so opening the app imports nothing the other admin commands need
(the workflow diagram, Rich tables). On a SQLite file whose schema is current the
dashboard's first page is read from cached SQL (pengadaan/db/reading.py) and the ORM is
opened once the screen is drawn (issue #15); anything else opens the ORM first, as
every command does (it migrates, or says what is wrong before the screen opens).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from pengadaan import frozen_heap
from pengadaan.cli import start
from pengadaan.cli.common import Context, ctx_obj, date_option

if TYPE_CHECKING:
    from pengadaan.db.uow import Database
    from pengadaan.tui.data import Basis


def tui(
    ctx: typer.Context,
    per: Annotated[str | None, typer.Option(help="Keadaan per tanggal (YYYY-MM-DD)")] = None,
    opd: Annotated[str | None, typer.Option(help="Saring ke satu OPD")] = None,
) -> None:
    """Buka tampilan terminal (TUI)."""
    open_tui(ctx_obj(ctx), per=date_option(per, "per", default_today=False), opd=opd)


def open_basis(location: str | None, opener: Callable[[], Database]) -> Basis:
    """The app's database (tui/data.py): a SQLite file at ``location`` read from cached
    SQL, the ORM (``opener``) opened once the screen is drawn; anything else the ORM
    opened now, so a wrong ``--db`` is dealt with before the screen opens. Nothing is
    read here: each cached read checks the schema itself and hands a file to migrate
    to the ORM (``Basis.read``), the first of them before the screen opens too."""
    from pengadaan.db.reading import Unusable, open_cached
    from pengadaan.settings import Settings
    from pengadaan.tui.data import Basis

    try:
        return Basis(opener, open_cached(location, Settings.from_env()))
    except Unusable:
        basis = Basis(opener)
        basis.db  # noqa: B018
        return basis


def open_tui(obj: Context, per: date | None, opd: str | None) -> None:
    # Start-up builds ~140,000 objects that live as long as the app (Textual, the
    # stylesheet, later SQLAlchemy): no collection walks them until the app has collected
    # once and frozen them at the end of start-up (tui/app.py), a fifth less CPU to the
    # first paint. The heap the CLI's imports froze is the app's from then on
    # (pengadaan/frozen_heap.py): it stays frozen, and the app adds its own to it.
    gc.disable()
    try:
        from pengadaan.usecases.reads import opd_singkatan

        basis = open_basis(obj.location, lambda: obj.existing_db)
        # The OPD as the filter knows it (singkatan), or one clear error before the screen
        # opens.
        opd = basis.read(lambda db: opd_singkatan(db, opd)) if opd else None
        # Imported here: the domain package never depends on Textual.
        from pengadaan.tui.app import PengadaanApp

        app = PengadaanApp(basis, actor=obj.actor, per=per, opd=opd)
        frozen_heap.hand_over(start.OWNER, PengadaanApp.HEAP_OWNER)
    except BaseException:
        gc.enable()  # no app to do it
        raise
    app.run()
