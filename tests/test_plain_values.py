"""Option values converted without pydantic give what Typer's own conversion gives,
values and errors alike (pengadaan/cli/plain_values.py)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.plain_values import PlainValue


class Warna(StrEnum):
    merah = "merah"
    hijau = "hijau"


def _params() -> tuple[typer.Context, dict]:
    app = IndonesianTyper(add_completion=False)

    @app.command()
    def perintah(teks: Annotated[str | None, typer.Option()] = None,
                 warna: Annotated[Warna, typer.Option()] = Warna.merah,
                 ya: Annotated[bool, typer.Option()] = False,
                 jumlah: Annotated[int | None, typer.Option()] = None,
                 tahap: Annotated[list[str] | None, typer.Option()] = None,
                 paket: Annotated[int, typer.Option(min=1)] = 1,
                 berkas: Annotated[Path | None, typer.Option()] = None) -> None:
        pass

    command = typer.main.get_command(app)
    ctx = command.make_context("perintah", [], resilient_parsing=True)
    return ctx, {p.name: p for p in command.params}


def _outcome(runtime, value, param, ctx):
    try:
        return runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as err:
        return f"galat: {err.format_message()}"


@pytest.mark.parametrize(("name", "value"), [
    ("teks", "apa saja"), ("teks", ""), ("teks", None), ("teks", b"byte"),
    ("warna", "hijau"), ("warna", Warna.merah), ("warna", "HIJAU"), ("warna", "biru"),
    ("ya", True), ("ya", None), ("ya", "ya"),
    ("jumlah", "12"), ("jumlah", "-3"), ("jumlah", "0"), ("jumlah", None), ("jumlah", "007"),
    ("jumlah", " 5"), ("jumlah", "1_000"), ("jumlah", "dua"), ("jumlah", "٣"), ("jumlah", 4),
    ("tahap", ("rencana", "sppbj")), ("tahap", ()), ("tahap", None), ("tahap", "rencana"),
    ("paket", "0"), ("paket", "3"), ("paket", None), ("berkas", "a.json"), ("berkas", None),
])
def test_plain_conversion_equals_typers_own(name, value):
    ctx, params = _params()
    param = params[name]
    plain = param.get_runtime_param()
    assert isinstance(plain, PlainValue)  # every parameter: an absent one needs nothing
    typer_own = build_runtime_param(param.type_descriptor)
    assert _outcome(plain, value, param, ctx) == _outcome(typer_own, value, param, ctx)
