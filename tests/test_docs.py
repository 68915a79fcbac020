"""The README and docs/ point only at files a user of the repository has."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Pages that describe this repository: every path they name must exist. (Other pages may name
# files a reader will create, such as a new assignment's package.)
MAPS = {ROOT / "README.md", ROOT / "docs" / "architecture.md"}
TOP = ("grader", "reference", "assignments", "tests", "benchmarks", "docs", "examples", "scripts")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_CODE = re.compile(r"`([^`\s]+)`")


def _pointers(page: Path) -> list[str]:
    """Relative links, and code spans that name a path in the repository or outside it."""
    text = page.read_text(encoding="utf-8")
    links = [m for m in _LINK.findall(text) if not re.match(r"[a-z]+:|#", m)]
    spans = [
        m
        for m in _CODE.findall(text)
        if m.startswith("../")
        or (page in MAPS and "<" not in m and "/" in m and m.split("/")[0] in TOP)
    ]
    return [p.split("#")[0].split(":")[0] for p in links + spans]


def test_every_file_the_readme_and_docs_point_to_is_in_the_repository():
    missing = [
        f"{page.name}: {pointer}"
        for page in PAGES
        for pointer in _pointers(page)
        if not (page.parent / pointer).resolve().is_relative_to(ROOT)
        or not ((page.parent / pointer).exists() or (ROOT / pointer).exists())
    ]
    assert not missing


def test_the_readme_links_the_architecture_document():
    assert "docs/architecture.md" in _pointers(ROOT / "README.md")
    assert (ROOT / "docs" / "architecture.md").is_file()
