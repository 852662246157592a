"""Fast start (issue #15): what a command imports is a behaviour, checked in a fresh
interpreter through ``sys.modules`` (the times themselves are measured by
``make bench``, never asserted here)."""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
import typer

from pengadaan.cli import Commands, app, start
from pengadaan.cli.bahasa import IndonesianTyper
from pengadaan.cli.lazy import LazyGroup
from pengadaan.domain import kalender

HEAVY = ("sqlalchemy", "sqlmodel", "holidays", "textual", "alembic")


def _loaded_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages a new interpreter holds after running ``code``."""
    script = textwrap.dedent(code) + textwrap.dedent("""
        import json, sys
        print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, env=env)
    return set(json.loads(result.stdout.splitlines()[-1]))


def _help_of(*path: str) -> str:
    return f"""
        import contextlib, io, sys
        sys.argv = ["pengadaan", *{list(path)!r}, "--help"]
        from pengadaan.cli import main
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            main()
    """


def test_root_help_imports_no_command_nor_database_layer():
    loaded = _loaded_after(_help_of())
    assert "pengadaan" in loaded
    assert loaded.isdisjoint((*HEAVY, "pydantic"))


def test_a_commands_help_after_the_global_options_imports_no_pydantic():
    """``--db`` is checked before the sub-command's help: a text needs no pydantic
    (pengadaan/cli/plain_values.py)."""
    loaded = _loaded_after(_help_of("--db", "x.db", "--pengguna", "ani", "peringatan"))
    assert loaded.isdisjoint((*HEAVY, "pydantic"))


def test_the_alerts_help_loads_neither_the_deadline_rules_nor_rich_tables():
    """``peringatan --help`` lists the kinds of alert (domain/alert_kinds.py) and
    declares its columns (presentation/table_columns.py), nothing more."""
    script = textwrap.dedent(_help_of("peringatan")) + textwrap.dedent("""
        import json, sys
        print(json.dumps(sorted(sys.modules)))  # pengadaan/lazy.module binds outside it
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "pengadaan.domain.alert_kinds" in loaded
    assert loaded.isdisjoint({"pengadaan.domain.lateness", "pengadaan.domain.kalender",
                              "pengadaan.presentation.fit", "rich.table"})


def test_no_commands_help_imports_the_database_layer_nor_the_calendar():
    """Every command and group of ``docs/cli.md``, its module loaded and its ``--help``
    shown, in one interpreter: the first one that pulls in a heavy package is named.
    (pydantic is not checked: Typer itself checks option values with it.)"""
    script = f"""
        import contextlib, io, sys
        import typer
        from pengadaan.cli import app, main
        from pengadaan.cli.reference import commands

        root = typer.main.get_command(app)
        ctx = root.make_context("pengadaan", [], resilient_parsing=True)
        for path, _ in commands(root, ctx, ("pengadaan",)):
            sys.argv = [*path, "--help"]
            with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
                main()
            heavy = sorted({{m.split(".")[0] for m in sys.modules}} & {set(HEAVY)!r})
            assert not heavy, f"{{' '.join(path)}} --help imports {{heavy}}"
    """
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(script)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr.splitlines()[-1:]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cli_imports_frozen_and_leaves_the_collector_as_it_found_it(enabled):
    """What importing the CLI built is frozen (never walked again, pengadaan/cli/start.py);
    a collector disabled beforehand stays disabled."""
    script = textwrap.dedent(f"""
        import gc
        gc.enable() if {enabled} else gc.disable()
        import pengadaan.cli
        print(gc.isenabled(), gc.get_freeze_count() > 10000)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == [str(enabled), "True"]


def test_the_tui_takes_over_what_the_cli_froze_without_thawing_it():
    """One owner of the frozen heap (pengadaan/frozen_heap.py): the CLI's imports are
    the CLI's, and an app freezes nothing on top of them until ``pengadaan tui`` hands
    them over (pengadaan/cli/terminal.py); then the app adds its start-up to them,
    nothing thawed in between, and only it thaws the heap (at its exit)."""
    script = """
        import gc, json
        import pengadaan.cli
        from pengadaan import frozen_heap
        from pengadaan.cli import start
        from pengadaan.tui.app import PengadaanApp
        frozen = gc.get_freeze_count()
        steps = [frozen_heap.owner(), PengadaanApp.freeze_startup_objects(),
                 gc.get_freeze_count() == frozen]
        frozen_heap.hand_over(start.OWNER, PengadaanApp.HEAP_OWNER)  # as open_tui does
        steps.append(gc.get_freeze_count() == frozen)
        start_up = [[n] for n in range(1000)]  # what the app's start-up leaves
        steps += [PengadaanApp.freeze_startup_objects(),
                  gc.get_freeze_count() > frozen + 1000, frozen_heap.thaw(start.OWNER),
                  frozen_heap.thaw(PengadaanApp.HEAP_OWNER), gc.get_freeze_count()]
        print(json.dumps(steps))
    """
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(script)],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [start.OWNER, False, True, True, True, True, False,
                                         True, 0]


def test_root_help_lists_every_declared_command_with_its_declared_line():
    root = typer.main.get_command(app)
    text = root.get_help(root.make_context("pengadaan", [], resilient_parsing=True))
    listing = text.split("Perintah:")[1]
    for declared in Commands.declared:
        assert f"{declared.name}  " in listing
        assert declared.help in " ".join(listing.split())


def test_every_declared_command_loads_under_its_name():
    root = typer.main.get_command(app)
    for declared in Commands.declared:
        assert root.commands[declared.name].name == declared.name


def _eager(app: typer.Typer) -> typer.core.TyperGroup:
    """Typer's own build of every command of ``app``; a group declared command by
    command (pengadaan/cli/lazy.py ``LazyGroup``) registered on a plain Typer."""
    group = typer.main.get_group(app)
    if not isinstance(group, LazyGroup):
        return group
    plain = IndonesianTyper()
    for declared in group.declared:
        module, attribute = declared.target.split(":")
        plain.command(declared.name)(getattr(importlib.import_module(module), attribute))
    return typer.main.get_group(plain)


@pytest.mark.parametrize("declared", [d for d in Commands.declared
                                      if d.target.endswith(":app") or d.target.endswith("_app")],
                         ids=lambda d: d.name)
def test_a_group_builds_only_the_command_it_runs_and_the_same_commands_as_typer(declared):
    """A group's commands are built on lookup (pengadaan/cli/lazy.py): the same names
    in the same order, options and help, and the same ``--help`` listing, as Typer's
    own build of every command."""
    module, attribute = declared.target.split(":")
    eager = _eager(getattr(importlib.import_module(module), attribute))
    group = declared.load()
    first = next(iter(eager.commands))
    assert group.commands[first].name == first
    assert set(group.commands._loaded) == {first}  # no other command built yet
    assert list(group.commands) == list(eager.commands)
    for name, command in eager.commands.items():
        built = group.commands[name]
        assert (built.help, built.short_help, [p.opts for p in built.params]) == (
            command.help, command.short_help, [p.opts for p in command.params])
    eager.help = group.help  # the group's own line is the root's declaration
    listings = [g.get_help(g.make_context(declared.name, [], resilient_parsing=True,
                                          terminal_width=60)) for g in (group, eager)]
    assert listings[0] == listings[1] and f"  {first}  " in listings[0]


def test_paket_daftar_runs_without_the_other_paket_commands_module():
    """``paket`` declares each command where it lives (pengadaan/cli/paket_daftar.py):
    in a fresh interpreter ``daftar`` is built, and the group's names listed (a typo's
    suggestion), without pengadaan/cli/paket.py; the group's help loads it."""
    script = """
        import contextlib, io, json, sys
        from pengadaan.cli import Commands
        group = next(d for d in Commands.declared if d.name == "paket").load()
        daftar = group.commands["daftar"]
        names = list(group.commands)
        before = "pengadaan.cli.paket" in sys.modules
        ctx = group.make_context("paket", [], resilient_parsing=True)
        help_text = group.get_help(ctx)
        print(json.dumps([before, names, daftar.name, "pengadaan.cli.paket" in sys.modules,
                          help_text]))
    """
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(script)],
                            capture_output=True, text=True, check=True)
    before, names, name, after, help_text = json.loads(result.stdout)
    assert (before, after, name) == (False, True, "daftar")
    assert names == ["tambah", "daftar", "lihat", "maju", "jadwal"]
    assert "Daftar paket dengan saringan dan peringatannya." in help_text


def _lazily_bound() -> list[str]:
    """Every ``module("…")`` binding in the CLI's source."""
    folder = Path(__file__).resolve().parents[1] / "pengadaan" / "cli"
    return [node.args[0].value for path in sorted(folder.glob("*.py"))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "module"
            and node.args and isinstance(node.args[0], ast.Constant)]


def test_every_lazily_bound_module_exists():
    """A module bound with ``lazy.module`` loads only when a command uses it: import
    each one here, so a misspelt name fails a test and not a user's command."""
    names = _lazily_bound()
    assert len(names) >= 5
    for name in names:
        assert importlib.import_module(name).__name__ == name


def _cache_env(folder: Path) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(folder)}


def test_national_holidays_are_computed_once_then_read_from_the_cache(tmp_path):
    year = 2026
    reading = f"""
        from pengadaan.holiday_cache import libur_nasional, cache_file
        days = libur_nasional({year})
        assert cache_file({year}).exists()
    """
    first = _loaded_after(reading, env=_cache_env(tmp_path))
    second = _loaded_after(reading, env=_cache_env(tmp_path))
    assert "holidays" in first
    assert "holidays" not in second


def test_cached_holidays_are_the_computed_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    from pengadaan import holiday_cache

    holiday_cache.libur_nasional.cache_clear()
    try:
        written = holiday_cache.libur_nasional(2027)
        holiday_cache.libur_nasional.cache_clear()
        read = holiday_cache.libur_nasional(2027)
    finally:
        holiday_cache.libur_nasional.cache_clear()
    assert read == written == kalender.libur_nasional(2027)
    assert any(d.tanggal == date(2027, 8, 17) for d in read)  # Hari Kemerdekaan


@pytest.mark.parametrize("content", ["", "tanggal,keterangan\nbukan-tanggal,x\n"])
def test_a_damaged_cache_file_is_computed_again(tmp_path, monkeypatch, content):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    from pengadaan import holiday_cache

    path = holiday_cache.cache_file(2028)
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    holiday_cache.libur_nasional.cache_clear()
    try:
        found = holiday_cache.libur_nasional(2028)
    finally:
        holiday_cache.libur_nasional.cache_clear()
    assert found == kalender.libur_nasional(2028)
    assert holiday_cache.read(path) == found  # written again, whole


def test_the_holiday_cache_knows_the_installed_version_without_package_metadata():
    from importlib.metadata import version

    from pengadaan import holiday_cache

    assert holiday_cache._holidays_version() == version("holidays")
