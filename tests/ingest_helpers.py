"""Helpers shared by the ingest tests: writing fixture files and dropping root privileges."""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from newsdesk.ingest import FileResult, read_file
from newsdesk.models import Article

T = TypeVar("T")
NOBODY = 65534


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8) to ``folder/name``, making parent folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read(folder: Path, name: str, content: str | bytes) -> FileResult:
    """Write a file and read it with ``folder`` as the corpus root."""
    return read_file(write(folder, name, content), folder)


def read_one(folder: Path, name: str, content: str | bytes) -> Article:
    """The single article of a freshly written file (and no warnings)."""
    result = read(folder, name, content)
    assert result.warnings == []
    assert len(result.articles) == 1
    return result.articles[0]


@contextmanager
def shared_tmp() -> Iterator[Path]:
    """A temporary folder that an unprivileged user can enter (pytest's tmp_path cannot)."""
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-ingest-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def as_unprivileged(func: Callable[[], T]) -> T:
    """``func()`` with permissions that bite: as root, run it in a child that drops to nobody.

    Root ignores file modes, so a permission test run as root would test nothing. The
    child sends back its (picklable) result, or why it failed, through a pipe. Only a
    machine that forbids dropping privileges at all skips the test.
    """
    if os.geteuid() != 0:
        return func()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(reader)
        with os.fdopen(writer, "wb") as out:
            out.write(pickle.dumps(_child_outcome(func)))
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as incoming:
        data = incoming.read()
    os.waitpid(pid, 0)
    status, value = pickle.loads(data)
    if status == "skip":
        pytest.skip(f"cannot drop root privileges here: {value}")
    if status == "error":
        raise AssertionError(f"unprivileged child failed: {value}")
    return value  # type: ignore[no-any-return]


def _child_outcome(func: Callable[[], object]) -> tuple[str, object]:
    try:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    except OSError as exc:
        return "skip", repr(exc)
    try:
        return "ok", func()
    except BaseException as exc:
        return "error", repr(exc)
