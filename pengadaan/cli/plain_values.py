"""Option values that need no conversion, checked without pydantic (issue #15).

Typer 0.29 converts every option and argument through a pydantic ``TypeAdapter``,
built on first use, even for a value that is absent: importing pydantic and building
the adapters costs ±50 ms of every command, ``--help`` of a sub-command included (the
root's ``--db`` is converted before the sub-command's help). :class:`PlainValue`
converts nothing for an absent value, and for the plain annotations (text, flag,
choice of an ``Enum``, unbounded whole number, list of texts) returns the value Typer's
adapter would when the value plainly fits; any other value (a wrong choice, ``007``,
a path) goes through Typer's own conversion, so errors and every other type stay
Typer's, word for word.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from typer._click import Context
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, lenient_issubclass
from typer.core import _TyperParameter


@dataclass(frozen=True)
class PlainValue(RuntimeParam):
    """Any parameter: an absent value needs no conversion (Typer passes ``None`` by
    before converting); a ``str``, ``bool``, ``Enum``, unbounded ``int`` or
    ``list[str]`` value that plainly fits becomes what Typer's adapter makes of it;
    anything else goes through Typer's own conversion, built only then."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        annotation = self.annotation
        if _plain(param.type_descriptor):
            if annotation in (str, bool) and isinstance(value, annotation):
                return value
            if annotation is int and isinstance(value, str) and _canonical_int(value):
                return int(value)
            if annotation == list[str] and isinstance(value, list | tuple) and all(
                    isinstance(item, str) for item in value):
                return list(value)
            if lenient_issubclass(annotation, Enum):
                try:
                    return coerce_cli_choice(value, choices=tuple(annotation),
                                             case_sensitive=self.parameter_info.case_sensitive,
                                             ctx=ctx)
                except ValueError:
                    pass  # Typer's own conversion words the error
        typer_own = build_runtime_param(param.type_descriptor)
        return typer_own._coerce_value(value, param=param, ctx=ctx)


def _canonical_int(text: str) -> bool:
    """``12``, ``-3``, ``0``: digits as ``str(int)`` writes them (anything else, such as
    ``007`` or ``1_000``, is left to Typer's conversion and its words)."""
    digits = text.removeprefix("-")
    return digits.isascii() and digits.isdigit() and str(int(digits)) == digits


def _plain(descriptor: TypeDescriptor) -> bool:
    """Whether a value of this parameter may take a plain path at all."""
    info, annotation = descriptor.parameter_info, descriptor.annotation
    if descriptor.file_annotation is not None or info.parser is not None:
        return False
    if annotation is int:
        return info.min is None and info.max is None and not info.clamp
    return annotation in (str, bool, list[str]) or lenient_issubclass(annotation, Enum)


def use_plain_values(params: list[Any]) -> None:
    """Give every Typer parameter among ``params`` a :class:`PlainValue` (Typer builds
    its adapter lazily, only for a parameter that has none)."""
    for param in params:
        if isinstance(param, _TyperParameter):
            param._runtime_param = PlainValue(param.type_descriptor.parameter_info,
                                              param.type_descriptor.annotation)
