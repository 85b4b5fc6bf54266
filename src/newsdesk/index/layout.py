"""Where an index's pieces live on disk, and how a rebuild is swapped in atomically.

An index folder holds numbered generations (``gen-000001/`` with ``whoosh/`` and
``store.sqlite``) and a ``CURRENT`` file naming the live one. A rebuild fills a new
generation aside and replaces ``CURRENT`` with one ``os.replace``: a rebuild that fails
or is killed leaves the old generation in use.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CURRENT = "CURRENT"
LOCK = "indexer.lock"


class IndexBusy(Exception):
    """Another indexer holds this index; the message says which process."""


def current_generation(index_dir: Path) -> Path | None:
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    path = index_dir / name
    return path if name.startswith("gen-") and path.is_dir() else None


def new_generation(index_dir: Path) -> Path:
    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[4:]) for p in index_dir.glob("gen-*") if p.name[4:].isdigit()]
    path = index_dir / f"gen-{max(numbers, default=0) + 1:06d}"
    path.mkdir()
    return path


def publish(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` the live one, atomically, then drop the others."""
    tmp = index_dir / (CURRENT + ".tmp")
    tmp.write_text(generation.name + "\n", encoding="utf-8")
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    remove_stale(index_dir)


def remove_stale(index_dir: Path) -> None:
    """Delete generations that are neither live nor newer (a rebuild may be filling one)."""
    live = current_generation(index_dir)
    if live is None:
        return
    for path in index_dir.glob("gen-*"):
        if path.name < live.name:
            shutil.rmtree(path, ignore_errors=True)


_held_locks: set[int] = set()
"""Descriptors of the writer locks this process holds (see ``_drop_locks_in_child``)."""


def _drop_locks_in_child() -> None:
    """After ``fork``, in the child: let go of the writer locks the parent holds.

    An ``flock`` belongs to the open file, which a forked child shares: spaCy's NER
    workers, forked while the lock was held, kept it after the indexer was killed, and
    every later run said the index was busy, naming a dead pid. Pointing the child's
    copy of the descriptor at ``/dev/null`` drops its share and keeps the number valid
    (nothing in the child may close it again by mistake). ``flock`` is kept over
    ``lockf`` because a POSIX record lock is per process: two indexers in one process
    (the reader indexes from a thread) would not exclude each other, and closing any
    descriptor of the file anywhere in the process would silently release it.
    """
    if not _held_locks:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    for fd in _held_locks:
        os.dup2(null, fd, inheritable=False)
    os.close(null)
    _held_locks.clear()


os.register_at_fork(after_in_child=_drop_locks_in_child)


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """One indexer per index. The kernel drops the lock when its process dies, so a
    killed indexer never leaves a lock that blocks the next one; processes it forked
    do not share it (``_drop_locks_in_child``)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / LOCK).open("a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise IndexBusy(f"another newsdesk is indexing {index_dir} (pid {holder})") from None
        _held_locks.add(fh.fileno())
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            _held_locks.discard(fh.fileno())
            fh.truncate(0)
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def unpublished(index_dir: Path) -> list[Path]:
    """Generations newer than the live one, newest first: what a killed build left."""
    live = current_generation(index_dir)
    found = [p for p in index_dir.glob("gen-*") if live is None or p.name > live.name]
    return sorted(found, key=lambda p: p.name, reverse=True)


def discard_unpublished(index_dir: Path, keep: Path | None = None) -> None:
    """Drop generations a killed rebuild left behind (except ``keep``, being resumed),
    and a ``CURRENT.tmp`` it may have written; call only under the writer lock."""
    (index_dir / (CURRENT + ".tmp")).unlink(missing_ok=True)
    live = current_generation(index_dir)
    for path in index_dir.glob("gen-*"):
        if (live is None or path.name != live.name) and path != keep:
            shutil.rmtree(path, ignore_errors=True)
