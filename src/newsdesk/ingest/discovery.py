"""Finding article files under a folder, safely and always in the same order.

Corpus folders are the user's own: they may hold symlink loops, folders we may not
read, sockets and editor droppings. The walk follows directory symlinks (archives
are often assembled from links) but enters each real directory once, so a loop or a
diamond of links cannot make it hang or repeat files. It uses an explicit stack, so
depth is bounded by memory, not by Python's recursion limit.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from newsdesk.ingest.base import SUFFIXES
from newsdesk.ingest.decoding import os_reason

OnError = Callable[[Path, str], None]
_Identity = tuple[int, int]


def discover(root: Path, on_error: OnError | None = None) -> Iterator[Path]:
    """Article files under ``root``, depth first in name order; a file root yields itself.

    Hidden files and folders (a name starting with ".") are skipped. Problems (an
    unreadable folder, a symlink loop, a broken link to an article file) go to
    ``on_error`` with a one-line reason; the walk never raises and never hangs.
    """
    report = on_error or _ignore
    try:
        info = root.stat()
    except OSError as exc:
        report(root, f"cannot open: {os_reason(exc)}")
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(root, _identity(info), report)
    elif stat.S_ISREG(info.st_mode) and is_article_name(root.name):
        yield root
    else:
        report(root, "not a supported article file")


def is_article_name(name: str) -> bool:
    """Whether a file name has one of the supported suffixes."""
    return os.path.splitext(name)[1].lower() in SUFFIXES


def _walk(root: Path, root_id: _Identity, report: OnError) -> Iterator[Path]:
    chain, seen = [root_id], {root_id}
    stack = [_listing(root, report)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            chain.pop()
            continue
        path = Path(entry.path)
        info = _stat(entry, path, report)
        if info is None:
            continue
        if stat.S_ISREG(info.st_mode):
            yield path
        elif _enter(path, info, chain, seen, report):
            stack.append(_listing(path, report))
        elif not stat.S_ISDIR(info.st_mode) and is_article_name(entry.name):
            report(path, "not a regular file (a pipe, socket or device); skipped")


def _enter(
    path: Path, info: os.stat_result, chain: list[_Identity], seen: set[_Identity], report: OnError
) -> bool:
    """Whether to walk into ``path``: a folder not yet seen, and not one of its own parents."""
    if not stat.S_ISDIR(info.st_mode):
        return False
    ident = _identity(info)
    if ident in chain:
        report(path, "symlink loop: links back to a folder above it; skipped")
        return False
    if ident in seen:
        return False
    seen.add(ident)
    chain.append(ident)
    return True


def _listing(folder: Path, report: OnError) -> Iterator[os.DirEntry[str]]:
    """Visible entries of ``folder`` sorted by name; a folder we cannot read is reported."""
    try:
        with os.scandir(folder) as entries:
            visible = [entry for entry in entries if not entry.name.startswith(".")]
    except OSError as exc:
        report(folder, f"cannot read folder: {os_reason(exc)}")
        visible = []
    return iter(sorted(visible, key=lambda entry: entry.name))


def _stat(entry: os.DirEntry[str], path: Path, report: OnError) -> os.stat_result | None:
    """The entry's stat through links, or ``None`` for entries to pass over.

    A broken link is worth a report for an article file and for a name with no suffix
    (most likely a folder, such as a link to an unmounted disk: the indexer keeps what
    it had indexed below a reported path); a link loop always is.
    """
    try:
        info = entry.stat()
    except OSError as exc:
        folder_like = not os.path.splitext(entry.name)[1]
        if is_article_name(entry.name) or folder_like or exc.errno == errno.ELOOP:
            report(path, f"cannot open: {os_reason(exc)}")
        return None
    if stat.S_ISREG(info.st_mode) and not is_article_name(entry.name):
        return None
    return info


def _identity(info: os.stat_result) -> _Identity:
    return (info.st_dev, info.st_ino)


def _ignore(path: Path, reason: str) -> None:
    """The default ``on_error``: problems are skipped silently."""
