"""The docs say what the reader does: the key table is the help screen's own."""

from __future__ import annotations

import importlib.util
import re

from helpers import ROOT
from newsdesk.tui.screens.help import KEYS


def _keys_module():
    spec = importlib.util.spec_from_file_location("doc_keys", ROOT / "docs" / "keys.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reader_guide_holds_the_help_screens_key_table() -> None:
    table = _keys_module().markdown_table()
    assert table in (ROOT / "docs" / "reader.md").read_text(encoding="utf-8")


def test_readme_quick_start_has_exactly_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    commands = [c for c in block.group(1).splitlines() if c.strip()]
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_fixed_key_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in ["/", "j", "k", "Enter", "]", "[", "n", "N", "e", "s", "ctrl+p", "Escape", "?", "q"]:
        assert f"`{key}`" in readme, key
    assert len(KEYS) > 20
