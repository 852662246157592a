"""Trigger inputs as command options, derived from their declarations
(pengadaan/domain/workflow/isian.py): the option name from the input's name, the help
from its caption and help text, the value parsed by its kind."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Annotated, Any

import typer

from pengadaan.domain.errors import PengadaanError
from pengadaan.domain.workflow.isian import CATATAN, TANGGAL, Isian, Kind


def flag(name: str) -> str:
    """``nilai_kontrak`` → ``--nilai-kontrak``: how the CLI asks for an input."""
    return "--" + name.replace("_", "-")


def option_help(isian: Isian) -> str:
    return f"{isian.caption}: {isian.help}"


def option(isian: Isian, *names: str) -> Any:
    """The ``Annotated`` type of a parameter taking ``isian`` (``names`` when a command
    calls it otherwise, e.g. ``kontrak scm --target``)."""
    info = typer.Option(*(names or (flag(isian.name),)), help=option_help(isian))
    return Annotated[bool if isian.kind == Kind.FLAG else str | None, info]


Tanggal = option(TANGGAL)
Catatan = option(CATATAN)


def with_inputs(inputs: Iterable[Isian]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Replace a command's ``isian`` parameter by one option per input; the command
    receives ``isian`` as a dict of typed values (blank: None, flags: bool)."""
    inputs = tuple(inputs)

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(command, eval_str=True)
        params: list[inspect.Parameter] = []
        for param in signature.parameters.values():
            if param.name != "isian":
                params.append(param)
                continue
            params += [inspect.Parameter(i.name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                         annotation=option(i),
                                         default=False if i.kind == Kind.FLAG else None)
                       for i in inputs]

        @functools.wraps(command)
        def wrapper(**kwargs: Any) -> Any:
            isian = {i.name: i.parse(kwargs.pop(i.name)) for i in inputs}
            return command(**kwargs, isian=isian)

        wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        return wrapper

    return decorate


def with_hint(err: PengadaanError) -> str:
    """The message, and which options fill the inputs it names (the one place the CLI
    says so): ``HPS belum ditetapkan (isi dengan --hps)``."""
    if not err.isian:
        return str(err)
    verb = "periksa" if err.periksa else "isi dengan"
    return f"{err} ({verb} {' dan '.join(flag(name) for name in err.isian)})"
