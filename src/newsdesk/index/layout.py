"""Where an index's pieces live on disk, how a rebuild is swapped in atomically, and
which folders newsdesk may delete.

An index folder holds numbered generations (``gen-000001/`` with ``whoosh/`` and
``store.sqlite``) and a ``CURRENT`` file naming the live one. A rebuild fills a new
generation aside and replaces ``CURRENT`` with one ``os.replace``: a rebuild that fails
or is killed leaves the old generation in use.

Ownership. The index folder may be one the user named (``--index``, ``NEWSDESK_INDEX``)
and may hold their own files, so newsdesk deletes only a generation it made: a real
folder (not a symlink) named exactly ``gen-`` and six or more digits, with the marker
file ``NEWSDESK`` inside, written when the generation is created. An empty folder of
that name (a generation killed before its marker) is removed with ``rmdir``, which
cannot delete anything. The index folder gets its own ``NEWSDESK`` marker when an
indexer first claims it (:func:`claim`): an empty or missing folder is claimed; so is one
that holds only what the previous release made (``CURRENT``, ``CURRENT.tmp``,
``indexer.lock`` and ``gen-NNNNNN`` folders holding only ``whoosh/`` and
``store.sqlite*``, one of them not empty if there is a ``CURRENT``), whose generations
are then marked, so that old indexes open and are updated as before. Any other
non-empty folder is refused with one line (``NotAnIndex``) before anything is written
in it.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from newsdesk.errors import IndexBusy, IndexDamaged, NotAnIndex
from newsdesk.index.whooshdb import damaged

CURRENT = "CURRENT"
LOCK = "indexer.lock"
MARKER = "NEWSDESK"
MARKER_TEXT = "Made by newsdesk. newsdesk may delete this folder when it is no longer live.\n"
INDEX_MARKER_TEXT = "A newsdesk index. newsdesk deletes only the gen-* folders it made here.\n"
GENERATION = re.compile(r"gen-[0-9]{6,}")
INDEX_FILES = frozenset({CURRENT, CURRENT + ".tmp", LOCK, MARKER})
"""What the previous release left in an index folder, besides its generations."""
GENERATION_FILES = frozenset(
    {"whoosh", "store.sqlite", "store.sqlite-wal", "store.sqlite-shm", "store.sqlite-journal"}
)
"""What the previous release left in a generation (SQLite adds the -wal/-shm/-journal)."""


def _number(path: Path) -> int:
    return int(path.name[4:])


def _generations(index_dir: Path) -> list[Path]:
    """Entries named like a generation (whoever made them), oldest first."""
    try:
        found = [p for p in index_dir.iterdir() if GENERATION.fullmatch(p.name)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(found, key=_number)


def owned(path: Path) -> bool:
    """Whether newsdesk made this generation: its exact name, a real folder, its marker."""
    return (
        GENERATION.fullmatch(path.name) is not None
        and not path.is_symlink()
        and path.is_dir()
        and (path / MARKER).is_file()
    )


def _remove(path: Path) -> None:
    """Delete a generation newsdesk made; anything else is left alone (an empty folder
    of a generation's name goes with ``rmdir``, which fails on anything else)."""
    if owned(path):
        shutil.rmtree(path, ignore_errors=True)
    elif GENERATION.fullmatch(path.name) and not path.is_symlink():
        with suppress(OSError):
            path.rmdir()


def live_generation(index_dir: Path) -> Path | None:
    """The generation ``CURRENT`` names; ``None`` when nothing was ever published.

    A ``CURRENT`` that is empty, garbage, names a missing folder, or points outside the
    index folder (``../x``, an absolute path, a symlink) is damage, not "no index":
    answering from it would read someone else's files, answering nothing would hide it.
    A missing folder is damage only if ``CURRENT`` still names it when read again: a
    rebuild swaps ``CURRENT`` and then deletes the old folder, and a reader that read
    the old name just before the swap finds the folder gone (a reader thread looping
    through a rebuild met this every few hundred reads).
    """
    name = _named(index_dir)
    for _ in range(SWAP_RETRIES):
        if name is None:
            return None
        path = index_dir / name
        if path.is_symlink():
            break
        if path.is_dir():
            return path
        again = _named(index_dir)
        if again == name:
            break
        name = again
    raise damaged(index_dir, f"{CURRENT} names {name}, which is not a folder here")


SWAP_RETRIES = 3
"""Re-reads of ``CURRENT`` when the folder it named is gone: one swap in between is
expected; several in a row mean something is rewriting it in a loop."""


def _named(index_dir: Path) -> str | None:
    """The generation name in ``CURRENT``; ``None`` without one; damage if garbage."""
    try:
        text = (index_dir / CURRENT).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise damaged(index_dir, f"{CURRENT} cannot be read: {exc.strerror or exc}") from exc
    name = text.decode("utf-8", "replace").strip()
    if not GENERATION.fullmatch(name):
        raise damaged(index_dir, f"{CURRENT} does not name a generation: {name[:40]!r}")
    return name


def current_generation(index_dir: Path) -> Path | None:
    """The live generation, or ``None`` when there is none or ``CURRENT`` is damaged."""
    try:
        return live_generation(index_dir)
    except IndexDamaged:
        return None


def claim(index_dir: Path) -> None:
    """Make sure ``index_dir`` is newsdesk's to write in, marking it (and the previous
    release's generations) as such; raise ``NotAnIndex`` for anyone else's folder."""
    if index_dir.is_symlink() and not index_dir.exists():
        raise NotAnIndex(f"the index folder {index_dir} is a dangling symlink")
    if index_dir.exists() and not index_dir.is_dir():
        raise NotAnIndex(f"the index folder {index_dir} is a file, not a folder")
    index_dir.mkdir(parents=True, exist_ok=True)
    if (index_dir / MARKER).is_file():
        return
    foreign = sorted(p.name for p in index_dir.iterdir() if not _left_by_newsdesk(p))
    built = [path for path in _generations(index_dir) if any(path.iterdir())]
    if not foreign and (index_dir / CURRENT).exists() and not built:
        foreign = [CURRENT]  # a lone file of that name is somebody's, not an index
    if foreign:
        raise NotAnIndex(
            f"{index_dir} is not a newsdesk index and holds other files ({foreign[0]!r}"
            f"{' …' if len(foreign) > 1 else ''}); give an empty or new folder with --index"
        )
    for path in built:
        _write_marker(path, MARKER_TEXT)
    _write_marker(index_dir, INDEX_MARKER_TEXT)


def _left_by_newsdesk(path: Path) -> bool:
    """An index folder entry newsdesk (this release or the previous one) makes."""
    if path.name in INDEX_FILES:
        return path.is_file() and not path.is_symlink()
    if not GENERATION.fullmatch(path.name) or path.is_symlink() or not path.is_dir():
        return False
    return all(entry.name in GENERATION_FILES | {MARKER} for entry in path.iterdir())


def _write_marker(folder: Path, text: str) -> None:
    (folder / MARKER).write_text(text, encoding="utf-8")


def new_generation(index_dir: Path) -> Path:
    """A new, marked generation numbered after every generation-named entry."""
    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [_number(p) for p in _generations(index_dir)]
    path = index_dir / f"gen-{max(numbers, default=0) + 1:06d}"
    path.mkdir()
    _write_marker(path, MARKER_TEXT)
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
    for path in _generations(index_dir):
        if _number(path) < _number(live):
            _remove(path)


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
    """Generations newsdesk made newer than the live one, newest first: what a killed
    build left."""
    live = current_generation(index_dir)
    found = [p for p in _generations(index_dir) if live is None or _number(p) > _number(live)]
    return [p for p in reversed(found) if owned(p)]


def discard_unpublished(index_dir: Path, keep: Path | None = None) -> None:
    """Drop generations a killed rebuild left behind (except ``keep``, being resumed),
    and a ``CURRENT.tmp`` it may have written; call only under the writer lock."""
    (index_dir / (CURRENT + ".tmp")).unlink(missing_ok=True)
    live = current_generation(index_dir)
    for path in _generations(index_dir):
        if path != live and path != keep:
            _remove(path)
