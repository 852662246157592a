"""The installed package list matches the folders, and the layers keep their direction."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"pengadaan": "pengadaan", "db": "pengadaan.db", "tui": "pengadaan.tui"}


def _packages_on_disk() -> set[str]:
    """Every folder that holds a file: Python imports it, so setuptools must list it."""
    found = set()
    for folder, name in FOLDERS.items():
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                rel = path.parent.relative_to(ROOT / folder).parts
                found.add(".".join((name, *rel)))
    return found


def test_pyproject_lists_every_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert set(config["tool"]["setuptools"]["packages"]) == _packages_on_disk()


def _imports(folder: str) -> set[tuple[Path, str]]:
    out = set()
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                out.add((path, node.module))
            elif isinstance(node, ast.Import):
                out.update((path, a.name) for a in node.names)
    return out


def test_nothing_imports_the_old_top_level_names():
    stray = [(str(p), m) for f in ("pengadaan", "db", "tui", "tests", "bench")
             for p, m in _imports(f) if m.split(".")[0] in ("db", "tui")]
    assert stray == []


def test_core_never_imports_textual():
    offenders = [(str(p), m) for p, m in _imports("pengadaan") if m.split(".")[0] == "textual"]
    assert offenders == []


def test_domain_imports_no_outer_layer():
    outer = ("pengadaan.db", "pengadaan.usecases", "pengadaan.cli", "pengadaan.tui",
             "pengadaan.presentation", "pengadaan.demo", "sqlalchemy", "sqlmodel", "rich")
    offenders = [(str(p.relative_to(ROOT)), m) for p, m in _imports("pengadaan/domain")
                 if m.startswith(outer)]
    assert offenders == []


def test_only_the_tui_loads_textual():
    """Importing the CLI (every command module), use cases, domain, db and the rest
    loads no Textual: the CLI imports the TUI inside the command that opens it."""
    code = (
        "import importlib, pkgutil, sys\n"
        "import pengadaan, pengadaan.db\n"
        "names = [m.name for p in (pengadaan, pengadaan.db)\n"
        "         for m in pkgutil.walk_packages(p.__path__, p.__name__ + '.')\n"
        "         if not m.name.startswith(('pengadaan.tui', 'pengadaan.db.migrations'))]\n"
        "assert 'pengadaan.cli.admin' in names and 'pengadaan.db.uow' in names, names\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('textual', 'pengadaan.tui')))\n"
        "assert loaded == [], loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_the_tui_reaches_use_cases_and_db_only_through_sumber():
    """tui/data.py (Sumber and the result types it hands back) is the TUI's one door."""
    offenders = [(str(p.relative_to(ROOT)), m) for p, m in _imports("tui")
                 if p.name != "data.py" and m.startswith(("pengadaan.usecases", "pengadaan.db"))]
    assert offenders == []


def test_db_imports_only_the_domain():
    """pengadaan.db sits between the domain and the use cases: it never reaches up."""
    outer = ("pengadaan.usecases", "pengadaan.cli", "pengadaan.tui", "pengadaan.presentation",
             "pengadaan.demo", "pengadaan.exports", "pengadaan.imports", "textual", "rich")
    offenders = [(str(p.relative_to(ROOT)), m) for p, m in _imports("db") if m.startswith(outer)]
    assert offenders == []
