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

import importlib
import importlib.util
import sys
import types
from dataclasses import dataclass
from gettext import gettext

import typer

from pengadaan.cli.bahasa import IndonesianGroup, IndonesianTyper


@dataclass(frozen=True)
class Declared:
    """A sub-command: ``target`` is ``module:attribute``, a :class:`typer.Typer` (a
    group; ``help`` is its help) or a command function (``help`` is its line in the
    parent's listing, the function's docstring its own ``--help``)."""

    name: str
    target: str
    help: str

    def load(self) -> typer.core.TyperCommand | typer.core.TyperGroup:
        module, attribute = self.target.split(":")
        found = getattr(importlib.import_module(module), attribute)
        if isinstance(found, typer.Typer):
            command = typer.main.get_group(found)
            command.help = self.help
        else:  # one function: Typer builds a lone command as itself, not as a group
            single = IndonesianTyper(add_completion=False)
            single.command(self.name)(found)
            command = typer.main.get_command(single)
            command.short_help = self.help
        command.name = self.name
        return command


class LazyGroup(IndonesianGroup):
    """A group whose :attr:`declared` sub-commands load on first use (subclass it and
    set :attr:`declared`)."""

    declared: tuple[Declared, ...] = ()

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return [*self._eager(ctx), *(d.name for d in self.declared)]

    def _eager(self, ctx: typer.Context) -> list[str]:
        """Commands added the usual way (not those loaded from a declaration)."""
        declared = {d.name for d in self.declared}
        return [name for name in super().list_commands(ctx) if name not in declared]

    def get_command(self, ctx: typer.Context, cmd_name: str):
        if cmd_name not in self.commands:
            for declared in self.declared:
                if declared.name == cmd_name:
                    self.add_command(declared.load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: typer.Context, formatter) -> None:
        """The listing from the declarations: ``--help`` imports no command."""
        rows = [(name, self.commands[name].get_short_help_str(formatter.width))
                for name in self._eager(ctx) if not self.commands[name].hidden]
        rows += [(d.name, d.help) for d in self.declared]
        if rows:
            with formatter.section(gettext("Commands")):
                formatter.write_dl(rows)


def module(name: str) -> types.ModuleType:
    """``name``, executed on its first attribute access (the standard library's
    :class:`importlib.util.LazyLoader`): a command module binds the use cases and
    renderers its work needs this way, so its ``--help`` loads none of them."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    found = importlib.util.module_from_spec(spec)
    sys.modules[name] = found
    spec.loader.exec_module(found)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, found)
    return found
