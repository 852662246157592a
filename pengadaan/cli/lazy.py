"""Sub-commands imported only when they run or show their own help.

A command's module pulls in what its work needs (SQLAlchemy, SQLModel, the workflow,
``holidays``, Rich tables): about half a second before anything happens. The root
group knows its sub-commands as :class:`Declared` (name, where the command lives, its
one-line help), lists them from those declarations for ``pengadaan --help``, and
imports one module when Click resolves that command by name. Inside a command module,
:func:`module` defers what only the command's work needs, so its own ``--help`` stays
as light.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from gettext import gettext
from typing import Any, NamedTuple

import typer

from pengadaan.cli.bahasa import IndonesianGroup, IndonesianTyper


class Declared(NamedTuple):
    """A sub-command: ``target`` is ``module:attribute``, a :class:`typer.Typer` (a
    group; ``help`` is its help) or a command function (``help`` is its line in the
    parent's listing, the function's docstring its own ``--help``; empty: the
    docstring's first sentence, so listing it loads its module). A named tuple: a
    dataclass costs ±3 million instructions (±1 ms) to create, on every command's start."""

    name: str
    target: str
    help: str = ""

    def load(self) -> typer.core.TyperCommand | typer.core.TyperGroup:
        module, attribute = self.target.split(":")
        found = getattr(importlib.import_module(module), attribute)
        if isinstance(found, typer.Typer):
            command = _group(found)
            command.help = self.help
        else:  # one function: Typer builds a lone command as itself, not as a group
            single = IndonesianTyper(add_completion=False)
            single.command(self.name)(found)
            command = typer.main.get_command(single)
            if self.help:
                command.short_help = self.help
        command.name = self.name
        return command


class _Registered:
    """A command of a group's :class:`typer.Typer`, built by Typer (its signature and
    annotations read) on its first lookup. A plain class, as :class:`Declared` is a
    named tuple."""

    __slots__ = ("app", "info", "name")

    def __init__(self, app: typer.Typer, info: typer.models.CommandInfo) -> None:
        self.app, self.info = app, info
        self.name = info.name or typer.main.get_command_name(info.callback.__name__)

    def load(self) -> typer.core.TyperCommand:
        return typer.main.get_command_from_info(
            self.info, pretty_exceptions_short=self.app.pretty_exceptions_short,
            rich_markup_mode=self.app.rich_markup_mode)


def _group(app: typer.Typer) -> typer.core.TyperGroup:
    """``app`` as Typer builds it, except that each command is built only when looked
    up: running ``kontrak adendum`` builds that one, not all of ``kontrak``'s (several
    ms); its ``--help`` lists them all, so builds them all. A :class:`LazyGroup` (the
    ``app``'s ``cls``) declares its commands instead of registering them."""
    if not app.registered_commands:
        return typer.main.get_group(app)
    bare = copy.copy(app)
    bare.registered_commands = []
    group = typer.main.get_group(bare)
    group.commands = LazyCommands(_registered(app), group.commands)
    return group


def _registered(app: typer.Typer) -> list[_Registered]:
    return [_Registered(app, info) for info in app.registered_commands]


class LazyCommands(MutableMapping):
    """A group's commands by name: a declared one is loaded on its first lookup, so
    listing the names (``--help``, a typo's suggestion) loads nothing."""

    def __init__(self, declared: Iterable[Declared], loaded: Mapping[str, Any]) -> None:
        self._declared = {d.name: d for d in declared}
        self._loaded = dict(loaded)

    def __getitem__(self, name: str):
        if name not in self._loaded:
            self._loaded[name] = self._declared[name].load()
        return self._loaded[name]

    def __setitem__(self, name: str, command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._loaded.pop(name, None)
        self._declared.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._declared, *self._loaded]))

    def __len__(self) -> int:
        return len(self._declared.keys() | self._loaded.keys())

    def __contains__(self, name: object) -> bool:
        return name in self._declared or name in self._loaded


class LazyGroup(IndonesianGroup):
    """A group whose :attr:`declared` sub-commands load on first use (subclass it and
    set :attr:`declared`)."""

    declared: tuple[Declared, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(self.declared, self.commands)

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(self.commands)  # the names only (Typer's own reads every item)

    def format_commands(self, ctx: typer.Context, formatter) -> None:
        """The listing from the declared lines: ``--help`` imports no command that has
        one (the others are loaded for their docstring, shortened as Typer does)."""
        declared = {d.name: d.help for d in self.declared if d.help}
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)
        rows = [(name, declared.get(name)
                 or self.commands[name].get_short_help_str(limit)) for name in names]
        if rows:
            with formatter.section(gettext("Commands")):
                formatter.write_dl(rows)
