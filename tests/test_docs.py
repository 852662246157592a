"""The repository's docs stand on their own: the CLI reference matches the commands,
nothing points at files outside the repository, and every Markdown link resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pengadaan.cli.reference import render

ROOT = Path(__file__).resolve().parent.parent
THIS = Path(__file__).resolve()
SKIP_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis",
             "build"}
CACHED = ROOT / "bench" / "data"  # the benchmark's generated databases
# Briefs and other material live beside the repository, not in it: citing them leaves a
# reader with a dead reference. The repository's own docs are docs/*.md.
OUTSIDE = re.compile(r"shared/docs|(?:\.\./|/work/)shared\b")
# Large external sample data (BIRMS, SiRUP 2015) read by tests that skip without it.
# Not documentation; listed so that any other mention still fails.
OUTSIDE_DATA_ALLOWED = {"tests/conftest.py"}
MARKDOWN = [ROOT / "README.md", ROOT / "bench" / "README.md",
            *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
# A code path written in backticks, e.g. `pengadaan/domain/config.py` (bench/ is left out:
# its README names example modules one would create).
CODE_PATH = re.compile(r"`((?:pengadaan|db|tui|tests)/[\w/.-]+\.(?:py|csv|tcss))`")
README_MAX_LINES = 150


def test_cli_reference_is_current():
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == render(), (
        "docs/cli.md does not match the commands: run `make docs` and commit docs/cli.md")


def test_cli_reference_speaks_indonesian():
    text = render()
    assert not re.search(r"\b(Usage|Options|Arguments|Commands|default|required)\b", text)
    assert "#### `pengadaan paket maju`" in text and "- `--versi` (bilangan bulat)" in text


def _text_files():
    for path in ROOT.rglob("*"):
        if (path.is_dir() or SKIP_DIRS.intersection(path.relative_to(ROOT).parts[:-1])
                or path.is_relative_to(CACHED)):
            continue
        if path.suffix in (".db", ".db-wal", ".db-shm", ".xlsx", ".gz", ".pyc"):
            continue
        try:
            yield path, path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue


def test_nothing_points_outside_the_repository():
    found = []
    for path, text in _text_files():
        rel = path.relative_to(ROOT).as_posix()
        if path == THIS or (rel in OUTSIDE_DATA_ALLOWED and "shared/docs" not in text):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
    assert found == [], "cite the repository's own docs (docs/*.md) instead:\n" + "\n".join(found)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for line in _without_fences(path.read_text(encoding="utf-8")).splitlines():
        match = re.match(r"#{1,6}\s+(.*)", line)
        if match:
            slug = _slug(match.group(1))
            count = seen.get(slug, 0)
            anchors.add(slug if count == 0 else f"{slug}-{count}")
            seen[slug] = count + 1
    return anchors


def _without_fences(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)


def _prose(text: str) -> str:
    """Markdown without code blocks and inline code (their brackets are no links)."""
    return re.sub(r"`[^`\n]*`", "", _without_fences(text))


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_markdown_links_resolve(doc: Path):
    broken = []
    for target in LINK.findall(_prose(doc.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (doc.parent / file_part).resolve() if file_part else doc
        if not linked.is_relative_to(ROOT) or not linked.exists():
            broken.append(f"{target}: no such file in the repository")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{target}: no heading with this anchor")
    assert broken == [], f"{doc.relative_to(ROOT)}:\n" + "\n".join(broken)


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_code_paths_named_in_docs_exist(doc: Path):
    missing = sorted({p for p in CODE_PATH.findall(doc.read_text(encoding="utf-8"))
                      if not (ROOT / p).exists()})
    assert missing == [], f"{doc.relative_to(ROOT)} names files that moved or vanished"


def test_readme_stays_short():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines <= README_MAX_LINES, "README.md is for newcomers: move detail into docs/"


CITATION = re.compile(
    r"(?<![\w/])(?:docs/)?(domain|aturan|architecture|arsitektur)\.md(?: §(\d+(?:\.\d+)*))?")


def test_code_cites_sections_of_the_repositorys_own_docs():
    """A rule's source comment says ``docs/aturan.md §5.2``: the file is ours and the
    section exists, so a reader of the code can follow it."""
    domain = (ROOT / "docs" / "aturan.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^#+ (\d+(?:\.\d+)*)\.? ", domain, flags=re.M))
    wrong = []
    for folder in ("pengadaan", "db", "tui", "tests", "bench"):
        for path in (ROOT / folder).rglob("*"):
            if path == THIS or path.suffix not in (".py", ".csv", ".tcss", ".md"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for match in CITATION.finditer(line):
                    name, section = match.groups()
                    cited = match.group(0)
                    if (not cited.startswith("docs/") or name in ("domain", "architecture")
                            or (section and section not in sections)):
                        wrong.append(f"{path.relative_to(ROOT)}:{number}: {cited}")
    assert wrong == [], "cite docs/aturan.md §N (a section it has) or docs/arsitektur.md:\n" \
        + "\n".join(wrong)
