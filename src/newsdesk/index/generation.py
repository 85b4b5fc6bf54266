"""One generation of an index on disk: its Whoosh folder and SQLite store, opened for
reading by every thread of a library, or filled by an indexing run."""

from __future__ import annotations

import errno
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from newsdesk.errors import IndexDamaged, IndexUnwritable, OtherCorpus
from newsdesk.index import layout
from newsdesk.index.engine import EngineKind, SearchEngine
from newsdesk.index.guard import WRITE_DAMAGE, is_damage
from newsdesk.index.schema import READABLE_VERSIONS, SCHEMA_VERSION, WHY_REBUILT
from newsdesk.index.store import Store
from newsdesk.index.whooshdb import WhooshIndex, damaged
from newsdesk.models import IndexReport
from newsdesk.settings import Settings

if TYPE_CHECKING:
    from newsdesk.index.indexer import Progress, Recognizes

STORE_FILE = "store.sqlite"
WHOOSH_DIR = "whoosh"
CORPUS_META = "corpus"
"""The resolved corpus folder a generation was built from, kept in its store's meta."""
ENGINE: EngineKind = WhooshIndex
"""The search engine every generation uses; the one implementation of the seam."""


class Generation:
    """The live generation's open handles, shared by every thread of one Library.

    Handles are lent, not owned: a read holds the generation (``lend`` … ``give_back``)
    and ``retire`` closes it only once the last read has given it back. Closing every
    thread's SQLite connection from the closing thread while a worker was mid-query
    crashed the interpreter (a segfault in ``Store.close``, seen in CI; a script with
    four reading threads and a close every 2 ms crashed 3 runs out of 3)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.whoosh = WhooshIndex.open(path / WHOOSH_DIR)
        self._local = threading.local()
        self._stores: list[Store] = []
        self._lock = threading.Lock()
        self._readers = 0
        self._retired = False

    @property
    def engine(self) -> SearchEngine:
        """The generation's search index, seen only through the engine seam."""
        return self.whoosh

    def store(self) -> Store:
        """This thread's read-only connection: a reader never creates or changes a store
        (a read-write one recreated an empty store in a generation being deleted)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.path / STORE_FILE, readonly=True)
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    def lend(self) -> None:
        """One more read in progress; the handles stay open until it gives them back."""
        with self._lock:
            self._readers += 1

    def give_back(self) -> None:
        """One read done; the last one out of a retired generation closes it."""
        with self._lock:
            self._readers -= 1
            last = self._retired and self._readers == 0
        if last:
            self._close()

    def retire(self) -> None:
        """No new reads will start here: close now, or when the last read is done."""
        with self._lock:
            self._retired = True
            idle = self._readers == 0
        if idle:
            self._close()

    def _close(self) -> None:
        """Called once, by whoever saw the generation retired with no read in progress."""
        self.whoosh.close()
        with self._lock:
            stores, self._stores = self._stores, []
        for store in stores:
            store.close()


def resumable(index_dir: Path) -> Path | None:
    """The first build's generation, if one was interrupted and can be continued.

    Its store and Whoosh commit batch by batch, so what they hold is whole; going on
    from there keeps the work of an interrupted first build (which may take an hour).
    """
    for generation in layout.unpublished(index_dir)[:1]:
        try:
            if compatible(generation):
                _verified(whoosh := WhooshIndex.open(generation / WHOOSH_DIR))
                whoosh.close()
                return generation
        except IndexDamaged:
            pass
    return None


def schema_of(generation: Path) -> str | None:
    """The schema version a generation was built with. A missing or unreadable store is
    damage, not an old schema: it raises ``IndexDamaged`` rather than passing for "not
    indexed yet"."""
    path = generation / STORE_FILE
    if not path.is_file():
        raise damaged(generation, f"{STORE_FILE} is missing")
    try:
        store = Store(path, readonly=True)
        try:
            return store.get_meta("schema")
        finally:
            store.close()
    except sqlite3.DatabaseError as exc:
        raise damaged(generation, exc) from exc


def compatible(generation: Path) -> bool:
    """Whether a generation has this version's schema (an older one is rebuilt by itself
    by the next indexing run, aside)."""
    return schema_of(generation) == str(SCHEMA_VERSION)


def readable(generation: Path) -> bool:
    """Whether this version can search the generation: its own schema, or an older one
    whose rebuild has not replaced it yet (searches are planned for its fields)."""
    return schema_of(generation) in READABLE_VERSIONS


def rebuild_reason(generation: Path | None) -> str | None:
    """One line saying why the next indexing run rebuilds ``generation`` (built by an
    older version), or ``None`` when it will be updated in place."""
    if generation is None:
        return None
    found = schema_of(generation)
    if found == str(SCHEMA_VERSION):
        return None
    why = WHY_REBUILT.get(found or "", "this version indexes articles differently")
    return (
        f"rebuilding the index aside, as it was made by an older newsdesk: {why}; "
        "the old index answers until the new one is ready"
    )


def _verified(whoosh: WhooshIndex) -> None:
    """Check the Whoosh files an update will build on, as searches will read them."""
    try:
        whoosh.verify_digests()
    except BaseException:
        whoosh.close()
        raise


def built_from(generation: Path) -> str | None:
    """The corpus folder a generation was built from; ``None`` for one built before this
    was recorded (the next indexing run records it)."""
    try:
        store = Store(generation / STORE_FILE, readonly=True)
        try:
            return store.get_meta(CORPUS_META)
        finally:
            store.close()
    except sqlite3.DatabaseError as exc:
        raise damaged(generation, exc) from exc


def check_corpus(index_dir: Path, generation: Path, corpus: Path) -> None:
    """Raise ``OtherCorpus`` when ``generation`` was built from another folder."""
    built = built_from(generation)
    if built is not None and built != str(corpus):
        raise OtherCorpus(index_dir, built, corpus)


def index_into(
    index_dir: Path,
    corpus: Path,
    settings: Settings,
    target: Path | None,
    live: Path | None,
    progress: Progress | None = None,
    recognizer: Recognizes | None = None,
) -> IndexReport:
    """Index into ``target`` (``None``: a new generation), publishing it unless it is
    already the live one. Damage met while updating the live one becomes IndexDamaged.

    The indexer (and through it ingest, with trafilatura) is imported here, not at the
    top, so opening the reader does not pay for modules only indexing needs."""
    from newsdesk.index.indexer import Indexer

    if target is None:
        target = layout.new_generation(index_dir)
        whoosh = WhooshIndex.create_recorded(target / WHOOSH_DIR)
    else:
        whoosh = WhooshIndex.open(target / WHOOSH_DIR)
        whoosh.merge = target != live  # a resumed first build: nobody reads it yet
        if target == live:  # a resumed build was verified by ``resumable``
            _verified(whoosh)
    try:
        store = Store(target / STORE_FILE)
    except sqlite3.DatabaseError as exc:
        whoosh.close()
        raise damaged(target, exc) from exc
    try:
        store.set_meta("schema", str(SCHEMA_VERSION))
        store.set_meta(CORPUS_META, str(corpus))
        report = Indexer(store, whoosh, settings, recognizer).run(corpus, progress)
    except WRITE_DAMAGE as exc:
        if target != live or isinstance(exc, OSError) or not is_damage(exc):
            raise
        raise damaged(target, exc) from exc
    finally:
        store.close()
        whoosh.close()
    if target != live:
        layout.publish(index_dir, target)
    return report


FULL = (errno.ENOSPC, errno.EDQUOT)


def unwritable(index_dir: Path, exc: OSError | sqlite3.OperationalError) -> IndexUnwritable:
    """The one-line error naming the index folder and why it cannot be written.

    A full disk reaches us as Whoosh's ``OSError(ENOSPC)`` or as SQLite's "database or
    disk is full" (``SQLITE_FULL``), whichever writes first; both say the same, with
    the way out: every committed batch is kept, and the next run resumes from there."""
    full = getattr(exc, "errno", None) in FULL
    full = full or getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    if full:
        return IndexUnwritable(
            f"no space left on the disk holding the index in {index_dir}: what was "
            "committed is kept; free some space and run newsdesk index again"
        )
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return IndexUnwritable(f"cannot write the index in {index_dir}: {reason}")
