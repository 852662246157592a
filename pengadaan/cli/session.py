"""What the root command sets up before any sub-command loads: the global options
(:class:`Context`), the acting user's login and the consoles. Kept light: ``--help``
imports this and no database layer."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import typer

if TYPE_CHECKING:
    from pengadaan.db.uow import Database
    from pengadaan.domain.akses import Identitas
    from pengadaan.presentation.safe_console import SafeConsole

T = TypeVar("T")
# Piped output (not a terminal, no COLUMNS): a table row is one line, never wrapped at 80.
PIPE_WIDTH = 1000


class OnFirstUse:
    """A :class:`pengadaan.presentation.safe_console.SafeConsole` made when something
    first prints through it or asks it anything: a command that writes only JSON or a
    file never loads Rich (issue #15). Attributes and ``with`` go to the console."""

    def __init__(self, sized: bool, **options: Any) -> None:
        self.__dict__.update(_options=options, _sized=sized, _made=None)

    @property
    def made(self) -> SafeConsole:
        if self._made is None:
            from pengadaan.presentation.safe_console import SafeConsole

            self.__dict__["_made"] = SafeConsole(**self._options)
            if self._sized:
                _size(self._made)
        return self._made

    def size(self) -> None:
        """The width rule of :func:`size_console`, now or when the console is made."""
        if self._made is None:
            self.__dict__["_sized"] = True
        else:
            _size(self._made)

    def line(self, text: str, markup: bool = True, soft_wrap: bool | None = None) -> None:
        """``print(text, markup=…, soft_wrap=…)`` through the console, the same bytes: a
        plain line that Rich would leave as it is (and that fits every width Rich could
        wrap at, unless soft-wrapped) is written directly while the console has not been
        made, so a one-line answer (``paket maju``) does not load Rich (issue #15)."""
        options = self._options
        unwrapped = options.get("soft_wrap", False) if soft_wrap is None else soft_wrap
        if (self._made is None and options.keys() <= _DIRECT_OPTIONS and _plain(text, markup)
                and (unwrapped or len(text) <= _narrowest())):
            (sys.stderr if options.get("stderr") else sys.stdout).write(text + "\n")
        else:
            self.made.print(text, markup=markup, soft_wrap=soft_wrap)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.made, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.made, name, value)

    def __enter__(self) -> SafeConsole:
        return self.made.__enter__()

    def __exit__(self, *exc: object) -> None:
        self.made.__exit__(*exc)


# Stored text is shown, never obeyed by the terminal (presentation/safe_text.py).
console = OnFirstUse(False, highlight=False)
err_console = OnFirstUse(False, stderr=True, highlight=False, soft_wrap=True)


_EMOJI_CODE = re.compile(r":\S*:")
# Console options under which a plain line is written as Rich writes it (no file of its
# own, no fixed width, no recording).
_DIRECT_OPTIONS = {"highlight", "stderr", "soft_wrap"}


def _plain(text: str, markup: bool) -> bool:
    """Text Rich prints unchanged: printable, one cell a character, no markup (``[``)
    when markup is on, nothing Rich could read as an emoji code (``:name:``, no space
    between the colons)."""
    return (text.isprintable() and _one_cell_each(text)
            and not (markup and "[" in text) and _EMOJI_CODE.search(text) is None)


def _one_cell_each(text: str) -> bool:
    """No combining mark, no wide character, nothing beyond the alphabets, punctuation
    and arrows that a terminal (and Rich) surely gives one cell."""
    if text.isascii():
        return True
    import unicodedata

    return not any(ord(char) >= 0x2400 or unicodedata.category(char) in ("Mn", "Me")
                   or unicodedata.east_asian_width(char) in ("W", "F") for char in text)


def _narrowest() -> int:
    """The least of the widths Rich may wrap at: 80, ``COLUMNS``, each standard
    stream's terminal."""
    widths = [80]
    if (columns := _columns_env()) is not None:
        widths.append(columns)
    for stream in (0, 1, 2):
        with contextlib.suppress(OSError, ValueError):  # not a terminal
            widths.append(os.get_terminal_size(stream).columns or 80)
    return min(widths)


def _columns_env() -> int | None:
    """``COLUMNS`` when it holds a width."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else None


def _size(made: SafeConsole) -> None:
    if (columns := _columns_env()) is not None:
        made.width = columns
    elif not made.is_terminal:
        made.width = PIPE_WIDTH


def size_console() -> None:
    """The output's width: ``COLUMNS`` when set, else the terminal's; piped, wide enough
    that no row wraps (a script reads whole lines)."""
    console.size()


_UNOPENED = object()


class Context:
    """Global options, resolved lazily so ``--help`` never touches (or imports) the
    database layer. A plain class: a dataclass costs ±2 million instructions to create,
    on every command's start (issue #15)."""

    def __init__(self, location: str | None, pengguna: str | None,
                 _db: Database | None = None) -> None:
        self.location, self.pengguna, self._db = location, pengguna, _db
        self._cached: Any = _UNOPENED  # the cached SQLite database, opened once

    @property
    def db(self) -> Database:
        """The database, created (and migrated) on first use: for commands that write."""
        return self._open(create=True)

    @property
    def existing_db(self) -> Database:
        """The database, which must exist already: a read-only command (peringatan,
        rekap, rapor, paket daftar, ekspor, tui) never creates an empty one, whose
        silence a cron job would take for an all-clear."""
        return self._open(create=False)

    def read_only(self, use_case: Callable[[Any], T]) -> T:
        """``use_case(db)`` for a read-only report: answered from cached SQL text
        without SQLAlchemy when it can be (pengadaan/db/reading.py), else from the
        existing database as always (which migrates, or says what is wrong)."""
        return self._cached_first(use_case, lambda: self.existing_db)

    def writes(self, use_case: Callable[[Any], T]) -> T:
        """``use_case(db)`` for a write with a cached SQLite path (``paket maju``,
        pengadaan/usecases/maju.py): there when it can be, else on the database as a
        write opens it (created and migrated on first use: a missing file too). Nothing
        is written by a cached attempt that gives up (:class:`Unusable`)."""
        return self._cached_first(use_case, lambda: self.db)

    def _cached_first(self, use_case: Callable[[Any], T], orm: Callable[[], Any]) -> T:
        """``use_case`` on the cached SQLite path, or on ``orm()`` when that path cannot
        answer (not SQLite, no file, a schema to migrate: :class:`Unusable`); a file
        still locked after the busy timeout is said once, by the cached path."""
        from pengadaan.db.reading import Unusable

        cached = self._cached_db()
        if cached is None:  # the ORM database says what is wrong
            return use_case(orm())
        try:
            return use_case(cached)
        except Unusable:
            return use_case(orm())

    def _cached_db(self) -> Any:
        """The run's cached SQLite database (its SQL cache file read once, however many
        use cases run: ``paket maju`` writes, then reads the lateness hint), or None
        when there is none (not SQLite, no file)."""
        if self._cached is _UNOPENED:
            from pengadaan.db.reading import Unusable, open_cached
            from pengadaan.domain.errors import DatabaseError
            from pengadaan.settings import Settings

            try:
                self._cached = open_cached(self.location, Settings.from_env())
            except (Unusable, DatabaseError):
                self._cached = None
        return self._cached

    def _open(self, create: bool) -> Database:
        if self._db is None:
            from pengadaan.db.uow import open_database
            from pengadaan.settings import Settings

            self._db = open_database(self.location, settings=Settings.from_env(),
                                     create=create)
        return self._db

    @property
    def actor(self) -> Identitas:
        """``--pengguna`` (if given) and the OS login; the use cases decide who may act."""
        from pengadaan.domain.akses import Identitas

        login = os_login()
        return Identitas((self.pengguna or login).strip(), login)


def os_login() -> str:
    """The login of the process's user: its uid's passwd entry, never ``$USER`` or
    ``$LOGNAME``, which whoever starts the process can set to anyone (a uid without an
    entry, in a container or during an LDAP outage, is refused, not guessed)."""
    try:
        import pwd
    except ImportError:  # Windows: no uids; the account name is the OS's own
        import getpass

        return getpass.getuser()
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        from pengadaan.domain.errors import TidakBerwenang

        raise TidakBerwenang(
            f"identitas tidak dapat dipastikan: uid {os.getuid()} tidak punya entri di "
            "basis data pengguna OS (passwd/LDAP); minta admin sistem menambahkannya. "
            "Nama dari variabel lingkungan tidak dipakai.") from None


def ctx_obj(ctx: typer.Context) -> Context:
    return ctx.find_root().obj
