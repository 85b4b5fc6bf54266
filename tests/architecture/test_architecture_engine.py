"""The search engine is reached only through its seam (``newsdesk.index.engine``).

Above the ``index`` package nothing names Whoosh or its implementation modules: a
change of engine, or of Whoosh itself, stays inside the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import newsdesk

SRC = Path(newsdesk.__file__).parent
ABOVE_THE_SEAM = ["library.py", "search.py", "marks.py", "kwic.py", "cli.py", "cliutil.py"]
ENGINE_MODULES = (
    "whoosh",
    "newsdesk.index.whooshdb",
    "newsdesk.index.whoosh_query",
    "newsdesk.index.schema.build_schema",
    "newsdesk.index.schema.text_analyzer",
    "newsdesk.index.schema.plain_analyzer",
    "newsdesk.index.schema.name_analyzer",
)
"""Whoosh, our Whoosh modules, and the Whoosh objects in ``schema`` (its field names
and aliases are the query language's vocabulary, free to use)."""


def imported(source: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def engine_imports(names: set[str]) -> set[str]:
    return {n for n in names if n == "whoosh" or n.startswith(ENGINE_MODULES)}


@pytest.mark.parametrize("module", [*ABOVE_THE_SEAM, "tui"])
def test_nothing_above_the_seam_imports_the_engine(module: str) -> None:
    path = SRC / module
    files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
    found = {f.name: engine_imports(imported(f)) for f in files}
    assert not {name: hits for name, hits in found.items() if hits}


def test_the_seam_itself_names_no_engine() -> None:
    assert not engine_imports(imported(SRC / "index" / "engine.py"))
