"""The type checker ``make lint`` runs is strict, and only Whoosh and feedparser (which ship
no types and have no stubs) may be missing: checked by running mypy with the project's own
configuration on a small file that breaks each rule once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BROKEN = """\
from newsdesk.no_such_module import thing  # a moved or misspelt module of our own
from whoosh.fields import Schema  # untyped, no stubs: allowed
from feedparser import parse  # untyped, no stubs: allowed


def untyped(value):
    return value
"""


def mypy_errors(source: str, tmp_path: Path) -> list[str]:
    """mypy's error lines for ``source``, checked as if it were part of the package."""
    checked = tmp_path / "broken.py"
    checked.write_text(source)
    command = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
               "--cache-dir", str(tmp_path / "cache"), str(checked)]  # fmt: skip
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    return [line for line in done.stdout.splitlines() if ": error:" in line]


@pytest.mark.slow
def test_strict_mypy_reports_our_missing_modules_and_untyped_defs(tmp_path: Path) -> None:
    errors = mypy_errors(BROKEN, tmp_path)
    assert any(":1: error:" in e and "[import-not-found]" in e for e in errors), errors
    assert any(":6: error:" in e and "[no-untyped-def]" in e for e in errors), errors
    assert not [e for e in errors if ":2: error:" in e or ":3: error:" in e], errors
