"""The domain knows nothing of the UI, and start-up stays light: checked in a fresh
interpreter, over every module the package has (not a hand-kept list), beside the
import-linter contracts in pyproject.toml that ``make test`` runs."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import newsdesk

FRONT_ENDS = ("newsdesk.tui", "newsdesk.cli", "newsdesk.cliutil", "newsdesk.__main__")
UI_PACKAGES = ("textual", "rich", "click")


def domain_modules() -> list[str]:
    every = pkgutil.walk_packages(newsdesk.__path__, prefix="newsdesk.")
    names = [m.name for m in every]
    return sorted(n for n in names if not n.startswith(FRONT_ENDS))


def loaded_after(imports: list[str]) -> set[str]:
    code = "import sys\n" + "".join(f"import {m}\n" for m in imports)
    code += "print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def _packages(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_the_walk_finds_the_modules_the_layers_name() -> None:
    found = domain_modules()
    for expected in ("newsdesk.marks", "newsdesk.index.indexer", "newsdesk.index.catalogue",
                     "newsdesk.spans", "newsdesk.errors", "newsdesk.entities.linking"):  # fmt: skip
        assert expected in found


def test_domain_never_imports_a_ui_package() -> None:
    loaded = _packages(loaded_after(domain_modules()))
    assert not loaded & set(UI_PACKAGES), loaded & set(UI_PACKAGES)


def test_library_import_does_not_load_spacy_or_ingest_parsers() -> None:
    """The reader opens an index without paying for NER or the parsers of ingest."""
    loaded = loaded_after(["newsdesk.library", "newsdesk.entities"])
    assert not {"spacy", "trafilatura", "feedparser"} & _packages(loaded)
