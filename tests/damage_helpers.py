"""Shared by the tests of damaged, missing and foreign index folders: a small real index
(real spaCy, real Whoosh, real SQLite), the CLI run in-process, and byte flipping."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from newsdesk.cli import main
from newsdesk.index import layout
from newsdesk.library import open_library
from newsdesk.settings import Settings
from reliability_helpers import make_corpus


def build_index(root: Path, settings: Settings, count: int = 24) -> tuple[Path, Path]:
    """(corpus, index folder): ``count`` small articles indexed with the pinned model."""
    corpus, index_dir = root / "corpus", root / "index"
    make_corpus(corpus, count)
    library = open_library(corpus, index_dir=index_dir, settings=settings)
    try:
        library.refresh()
    finally:
        library.close()
    return corpus, index_dir


def copy_index(pristine: Path, to: Path) -> tuple[Path, Path]:
    """A copy of an index folder, and its live generation."""
    shutil.copytree(pristine, to, symlinks=True)
    live = layout.current_generation(to)
    assert live is not None
    return to, live


def cli(*args: str) -> Result:
    """``newsdesk ARGS`` in this process; anything but a clean exit fails the test."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def assert_one_line(result: Result, *needles: str) -> None:
    """Exit status 1, nothing on stdout, one ``newsdesk:`` line on stderr holding each needle."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == "", result.stdout
    assert result.stderr.startswith("newsdesk: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def flip_bytes(path: Path, offset: int, rng: random.Random, count: int = 8) -> None:
    """XOR ``count`` bytes from ``offset`` with random non-zero values: bit rot, a bad
    sector, a stray write."""
    data = bytearray(path.read_bytes())
    for at in range(offset, min(offset + count, len(data))):
        data[at] ^= rng.randrange(1, 256)
    path.write_bytes(bytes(data))


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: file contents, symlink targets, folders as "dir"."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {path.readlink()}"
        elif path.is_dir():
            found[name] = "dir"
        else:
            found[name] = path.read_bytes()
    return found
