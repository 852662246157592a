"""Click and Typer's own words (``--help``, usage errors) in Indonesian.

Two mechanisms, each the maintained one for its strings:

- Typer translates its section titles, ``[required]``, ``[default: …]`` and a few
  errors through :mod:`gettext` (the global ``messages`` domain). Our catalogue is
  ``locale/id/LC_MESSAGES/messages.po``, compiled to ``.mo`` by ``make install``
  (Babel's ``pybabel compile``; the ``.mo`` is a build product, not committed).
  The product speaks only Indonesian, so the language is fixed, not the user's locale.
- The words Typer's vendored Click hard-codes (``Usage:``, ``[OPTIONS]``, the help
  option's text, the value types ``<str>``, ``<int>``) are set through public
  parameters and overridable classes (``context_class``, ``formatter_class``):
  :class:`IndonesianTyper` builds every command and group with them.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from typer._click import HelpFormatter
from typer._click.exceptions import UsageError
from typer.core import TyperCommand, TyperGroup

from pengadaan.cli.plain_values import use_plain_values

LOCALE_DIR = Path(__file__).with_name("locale")
CATALOGUE = LOCALE_DIR / "id" / "LC_MESSAGES" / "messages.mo"

USAGE_PREFIX = "Pemakaian: "
OPTIONS_METAVAR = "[OPSI]"
SUBCOMMAND_METAVAR = "PERINTAH [ARGUMEN]..."
HELP_OPTION_HELP = "Tampilkan bantuan ini lalu keluar."

# Typer's display type of a value (``--tahun <int>``) → Indonesian words.
TYPE_WORDS = {
    "str": "teks",
    "int": "bilangan bulat",
    "int range": "bilangan bulat",
    "float": "bilangan",
    "float range": "bilangan",
    "path": "berkas",
    "list[str]": "teks",
}
_TYPE = re.compile(r"<([^<>]+)>")


def use_indonesian() -> None:
    """Point gettext's ``messages`` domain at our catalogue, in Indonesian."""
    gettext.bindtextdomain("messages", str(LOCALE_DIR))
    os.environ["LANGUAGE"] = "id"


class IndonesianFormatter(HelpFormatter):
    """The usage line's prefix and the value types of the option rows in Indonesian."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE_PREFIX if prefix is None else prefix)

    def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().write_dl([(_TYPE.sub(_type_words, term), text) for term, text in rows],
                         *args, **kwargs)


def _type_words(match: re.Match[str]) -> str:
    return f"<{TYPE_WORDS.get(match[1], match[1])}>"


class IndonesianContext(typer.Context):
    formatter_class = IndonesianFormatter


class _Indonesian:
    """Indonesian help for a command or group (mixed into Typer's classes)."""

    context_class = IndonesianContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_plain_values(self.params)

    def get_help_option(self, ctx):
        """Click builds ``--help`` itself, with its text fixed; the text is replaced."""
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
            use_plain_values([option])
        return option


class IndonesianCommand(_Indonesian, TyperCommand):
    pass


class IndonesianGroup(_Indonesian, TyperGroup):
    pass


class IndonesianTyper(typer.Typer):
    """``typer.Typer`` whose commands and groups speak Indonesian in ``--help``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", IndonesianGroup)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        kwargs.setdefault("rich_markup_mode", None)
        super().__init__(**kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None,
                **kwargs: Any):
        return super().command(name, cls=cls or IndonesianCommand, **kwargs)


_CLICK_PHRASES = (
    ("No such option", "opsi tidak dikenal"),
    ("Missing option", "opsi wajib belum diisi"),
    ("Missing argument", "argumen wajib belum diisi"),
    ("Missing parameter", "parameter wajib belum diisi"),
    ("Invalid value for", "nilai tidak sah untuk"),
    ("Got unexpected extra arguments", "argumen berlebih"),
    ("Got unexpected extra argument", "argumen berlebih"),
    ("requires an argument", "memerlukan nilai"),
    ("is not one of", "bukan salah satu dari"),
    ("is not a valid integer", "bukan bilangan bulat yang sah"),
    ("Possible options", "mungkin maksud Anda"),
    ("Did you mean", "Mungkin maksud Anda"),
    ("Input should be a valid integer, unable to parse string as an integer",
     "harus bilangan bulat"),
    ("Input should be greater than or equal to", "harus paling sedikit"),
    ("Input should be less than or equal to", "harus paling banyak"),
    ("Input should be greater than", "harus lebih dari"),
    ("Input should be less than", "harus kurang dari"),
    ("Value error, ", ""),
)


def usage_message(err: UsageError) -> str:
    """Click's usage errors, in Indonesian for the phrases users meet (vendored Click
    hard-codes them; Typer's own, such as "No such command", come from the catalogue)."""
    text = err.format_message()
    for english, indonesian in _CLICK_PHRASES:
        text = text.replace(english, indonesian)
    return text
