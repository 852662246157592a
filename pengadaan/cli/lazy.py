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
import importlib.util
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from gettext import gettext
from typing import Any, NamedTuple

import typer

from pengadaan.cli.bahasa import IndonesianGroup, IndonesianTyper


class Declared(NamedTuple):
    """A sub-command: ``target`` is ``module:attribute``, a :class:`typer.Typer` (a
    group; ``help`` is its help) or a command function (``help`` is its line in the
    parent's listing, the function's docstring its own ``--help``). A named tuple: a
    dataclass costs ±3 million instructions (±1 ms) to create, on every command's start."""

    name: str
    target: str
    help: str
    # A group's command in a module of its own (``module:function``, the function
    # named as the command): that module also declares the group's Typer (``target``'s
    # module imports it and registers every command on it), so running this command
    # does not import ``target``'s module; any other command, or listing them, does.
    alone: str | None = None

    def load(self) -> typer.core.TyperCommand | typer.core.TyperGroup:
        module, attribute = self.target.split(":")
        if self.alone and module not in sys.modules:
            home, function = self.alone.split(":")
            light = importlib.import_module(home)
            found = getattr(light, attribute)
            command = _group(found, _Completed(found, module, function,
                                               getattr(light, function)))
            command.help = self.help
            command.name = self.name
            return command
        found = getattr(importlib.import_module(module), attribute)
        if isinstance(found, typer.Typer):
            command = _group(found)
            command.help = self.help
        else:  # one function: Typer builds a lone command as itself, not as a group
            single = IndonesianTyper(add_completion=False)
            single.command(self.name)(found)
            command = typer.main.get_command(single)
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


def _group(app: typer.Typer, commands: _Completed | None = None) -> typer.core.TyperGroup:
    """``app`` as Typer builds it, except that each command is built only when looked
    up: running ``paket daftar`` builds that one, not all of ``paket``'s (several ms);
    its ``--help`` lists them all, so builds them all. ``commands``: the group's
    commands while the module registering them has not run (:attr:`Declared.alone`)."""
    bare = copy.copy(app)
    bare.registered_commands = []
    group = typer.main.get_group(bare)
    if commands is None:
        group.commands = LazyCommands(_registered(app), group.commands)
    else:
        commands.update(group.commands)
        group.commands = commands
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


class _Completed(LazyCommands):
    """The commands of a group whose module (``module``) has not run yet: the one
    declared alone (``name``: ``function``) is built as that module would register
    it, without it; looking up any other, or listing them, runs the module first (it
    registers every command on ``app``, in the order ``--help`` lists them)."""

    def __init__(self, app: typer.Typer, module: str, name: str,
                 function: Callable[..., Any]) -> None:
        super().__init__((), {})
        self._app, self._module, self._name, self._function = app, module, name, function

    def _complete(self) -> None:
        if self._module is not None:
            importlib.import_module(self._module)
            self._module = None
            self._declared = {r.name: r for r in _registered(self._app)}

    def __getitem__(self, name: str):
        if self._module is not None and name not in self._loaded:
            if name != self._name:
                self._complete()
            else:  # as ``app.command(name)(function)`` registers it, on a stand-in
                alone = IndonesianTyper()
                alone.command(name)(self._function)
                self._loaded[name] = _Registered(self._app,
                                                 alone.registered_commands[0]).load()
        return super().__getitem__(name)

    def __delitem__(self, name: str) -> None:
        self._complete()
        super().__delitem__(name)

    def __iter__(self) -> Iterator[str]:
        self._complete()
        return super().__iter__()

    def __len__(self) -> int:
        self._complete()
        return super().__len__()

    def __contains__(self, name: object) -> bool:
        if name == self._name or name in self._loaded:
            return True
        self._complete()
        return super().__contains__(name)


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
        """The listing from the declarations: ``--help`` imports no command."""
        declared = {d.name: d.help for d in self.declared}
        rows = [(name, declared[name] if name in declared
                 else self.commands[name].get_short_help_str(formatter.width))
                for name in self.list_commands(ctx)]
        if rows:
            with formatter.section(gettext("Commands")):
                formatter.write_dl(rows)
