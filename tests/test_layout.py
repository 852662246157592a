"""The installed package list matches the folders, and the layers keep their direction."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"pengadaan": "pengadaan", "db": "pengadaan.db", "tui": "pengadaan.tui"}


def _packages_on_disk() -> set[str]:
    found = set()
    for folder, name in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder).parts
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
