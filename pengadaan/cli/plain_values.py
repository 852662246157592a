"""Option values that need no conversion, checked without pydantic (issue #15).

Typer 0.29 converts every option and argument through a pydantic ``TypeAdapter``,
built on first use, even for a value that is absent: importing pydantic and building
the adapters costs ±50 ms of every command, ``--help`` of a sub-command included (the
root's ``--db`` is converted before the sub-command's help). For the annotations whose
conversion is the identity (a text that already is a ``str``, a flag, a choice of an
``Enum``) :class:`PlainValue` returns the same value Typer's adapter would; any
other value (a wrong choice, bytes) goes through Typer's own conversion, so errors and
every other type (int, Path, list) stay Typer's, word for word.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from typer._click import Context
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_choice, lenient_issubclass
from typer.core import _TyperParameter


@dataclass(frozen=True)
class PlainValue(RuntimeParam):
    """A ``str``, ``bool`` or ``Enum`` parameter: identity when the value fits (a flag
    not given is ``None``, which Typer passes by), Typer's conversion otherwise."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if self.annotation in (str, bool) and isinstance(value, self.annotation):
            return value
        if lenient_issubclass(self.annotation, Enum):
            try:
                return coerce_cli_choice(value, choices=tuple(self.annotation),
                                         case_sensitive=self.parameter_info.case_sensitive,
                                         ctx=ctx)
            except ValueError:
                pass  # Typer's own conversion words the error
        typer_own = build_runtime_param(param.type_descriptor)
        return typer_own._coerce_value(value, param=param, ctx=ctx)


def _plain(param: _TyperParameter) -> bool:
    descriptor = param.type_descriptor
    return (descriptor.file_annotation is None and descriptor.parameter_info.parser is None
            and (descriptor.annotation in (str, bool)
                 or lenient_issubclass(descriptor.annotation, Enum)))


def use_plain_values(params: list[Any]) -> None:
    """Give the ``str``, ``bool`` and ``Enum`` parameters among ``params`` a :class:`PlainValue`
    (Typer builds its adapter lazily, only for a parameter that has none)."""
    for param in params:
        if isinstance(param, _TyperParameter) and _plain(param):
            param._runtime_param = PlainValue(param.type_descriptor.parameter_info,
                                              param.type_descriptor.annotation)
