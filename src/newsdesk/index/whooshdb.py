"""The Whoosh side of an index: creating, opening, writing documents, and a long-lived searcher."""

from __future__ import annotations

import ctypes
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

from newsdesk.entities import group_of
from newsdesk.index.schema import ENTITY_FIELDS, build_schema
from newsdesk.index.store import FileRecord, real_path, stored_path
from newsdesk.models import Article, Mention

WRITER_LIMIT_MB = 256
SPARE_SEARCHERS = 4
"""Searchers kept between searches: the reader runs a few workers at once, not more."""
UNDATED = 2**62
"""Sorts after every real date, newest first: undated articles go last."""
T = TypeVar("T")


REFIRE = 0.1
"""Seconds between raising ``DeadlineExceeded`` again in work that outlived its deadline."""


class DeadlineExceeded(BaseException):
    """Raised inside work that ran past its deadline. A BaseException, so an
    ``except Exception`` inside Whoosh cannot swallow it."""


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, interrupted with ``DeadlineExceeded`` once it runs ``seconds``.

    Whoosh expands wildcards and fuzzy terms (and builds matchers for long OR lists)
    before its time-limited collector starts, in pure-Python loops nothing interrupts:
    ``*a*`` over a large vocabulary ran many times over the limit. A timer raises the
    exception in the calling thread instead, at its next bytecode, like Ctrl-C does
    for the main thread, but in any thread (the reader searches from workers). If it
    fires just as ``work`` returns, the late exception is caught here and dropped.

    The exception is raised again every ``REFIRE`` seconds until ``work`` ends: one that
    lands in a finalizer (``__del__``, a weakref callback run by the garbage collector
    mid-parse) is printed and dropped by Python, and the work would then run to its end
    (a 5,000-word query parse did, 35 s, about once in a test run).
    """
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if state["done"]:
                return
            state["fired"] = True
            _raise_in(target, DeadlineExceeded)
        again = threading.Timer(REFIRE, fire)
        again.daemon = True
        again.start()

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        return work()
    finally:
        with lock:
            state["done"] = True
        timer.cancel()
        if state["fired"]:
            _let_it_arrive()


def _raise_in(thread_id: int, exc: type[BaseException]) -> None:
    """Schedule ``exc`` to be raised in a thread at its next bytecode."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc))


def _let_it_arrive() -> None:
    """Receive a scheduled ``DeadlineExceeded`` that has not been raised yet, and drop it.

    Not withdrawn through the C API: on CPython 3.11 that leaves the interpreter
    checking for pending work at every bytecode, for good (it ran 100 times slower).
    A loop's backward jump is such a check, so the exception arrives here.
    """
    try:
        for _ in range(100):
            pass
    except DeadlineExceeded:
        pass


class IndexDamaged(Exception):
    """The index on disk cannot be opened; the message says what to run."""


REBUILD = "newsdesk index --rebuild"


def damaged(where: Path, cause: BaseException | str) -> IndexDamaged:
    """One line for the user: what is damaged, the low-level reason, and the command
    that repairs it (a rebuild never reads the damaged generation)."""
    reason = cause if isinstance(cause, str) else f"{type(cause).__name__}: {cause}"
    reason = " ".join(reason.split())
    if len(reason) > 120:
        reason = reason[:119] + "…"
    return IndexDamaged(f"the index in {where} is damaged ({reason}); run {REBUILD}")


def utc_naive(value: datetime | None) -> datetime | None:
    """Whoosh's DATETIME compares naive values: store everything as UTC."""
    return value.astimezone(UTC).replace(tzinfo=None) if value else None


def entity_fields(mentions: list[Mention]) -> dict[str, str]:
    """Per group, the names and surface forms of its entities, so ``person:aliyev`` matches."""
    words: dict[str, dict[str, None]] = {f: {} for f in ENTITY_FIELDS}
    for m in mentions:
        group = group_of(m.label)
        if group in words:
            words[group][m.name] = None
            words[group][m.text] = None
    return {g: " | ".join(names) for g, names in words.items() if names}


def document(article: Article, path: str, mentions: list[Mention]) -> dict[str, object]:
    doc: dict[str, object] = {
        "id": article.id, "path": stored_path(path), "title": article.title, "body": article.body,
        "plain": f"{article.title}\n{article.body}", "source": article.source,
        "author": article.author, "tags": ",".join(article.tags), "url": article.url,
    }  # fmt: skip
    if article.date:
        doc["date"] = utc_naive(article.date)
    doc["newest"] = -int(article.date.timestamp()) if article.date else UNDATED
    doc.update(entity_fields(mentions))
    return doc


def _has_live_doc(reader: IndexReader, term: bytes) -> bool:
    """Deleted documents keep their terms until a merge; look past them."""
    postings = reader.postings("path", term)
    return any(not reader.is_deleted(doc) for doc in postings.all_ids())


class WhooshIndex:
    """Owns one Whoosh index folder and lends searchers, kept between searches."""

    def __init__(self, ix: Index) -> None:
        self.ix = ix
        self._spare: list[Searcher] = []
        self._epoch = 0
        self._searchers: weakref.WeakSet[Searcher] = weakref.WeakSet()
        self._lock = threading.Lock()
        self.merge = False
        """Whether commits may merge segments. Merging deletes the merged files, which a
        reader in another process may still need (segments are separate files, opened
        lazily): so only a generation nobody reads yet, a fresh build, merges."""

    @classmethod
    def create(cls, folder: Path) -> WhooshIndex:
        folder.mkdir(parents=True, exist_ok=True)
        fresh = cls(whoosh_index.create_in(str(folder), build_schema()))
        fresh.merge = True
        return fresh

    @classmethod
    def open(cls, folder: Path) -> WhooshIndex:
        """Open and check: Whoosh reads segments lazily, so a reader is opened (and closed)
        here to find a missing or truncated segment now, not in the middle of a search."""
        try:
            ix = whoosh_index.open_dir(str(folder))
            ix.reader().close()
        except Exception as exc:  # Whoosh raises many types for a broken folder
            raise damaged(folder, exc) from exc
        return cls(ix)

    def write_files(
        self, files: list[tuple[FileRecord, list[tuple[Article, list[Mention]]]]]
    ) -> None:
        writer = self._writer()
        try:
            for record, articles in files:
                writer.delete_by_term("path", stored_path(record.path))
                for article, mentions in articles:
                    writer.add_document(**document(article, record.path, mentions))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=self.merge)

    def _writer(self) -> SegmentWriter:
        """Segments written as separate files: Whoosh reads a compound segment by copying
        each part into memory (420 MB for a 10,000-article index), separate files it
        reads from disk (30 MB)."""
        return self.ix.writer(limitmb=WRITER_LIMIT_MB, compound=False)

    def delete_paths(self, paths: list[str]) -> None:
        writer = self._writer()
        for path in paths:
            writer.delete_by_term("path", stored_path(path))
        writer.commit(merge=self.merge)

    @contextmanager
    def searching(self) -> Iterator[Searcher]:
        """A searcher lent to the calling thread for the block, then kept for the next one.

        Never used by two threads at once: a searcher reads segment files through shared
        file objects (seek, then read), which threads searching at once would scramble.
        Lent rather than kept per thread, because Textual runs each thread worker in a new
        thread: per thread, every keystroke opened a searcher. One whose block raised (a
        deadline may have interrupted it anywhere) is not taken back.
        """
        searcher, epoch = self._borrow()
        yield searcher
        with self._lock:
            if epoch == self._epoch and len(self._spare) < SPARE_SEARCHERS:
                self._spare.append(searcher)

    def _borrow(self) -> tuple[Searcher, int]:
        """A spare that still sees the latest commit, else a new searcher."""
        with self._lock:
            epoch = self._epoch
            spare = self._spare.pop() if self._spare else None
        if spare is not None and spare.up_to_date():
            return spare, epoch
        if self.ix.latest_generation() < 0:  # a rebuild swapped this folder out
            raise FileNotFoundError(f"{self.ix.storage.folder} was replaced")
        fresh = self.ix.searcher()
        with self._lock:
            self._searchers.add(fresh)
        return fresh, epoch

    def stray_paths(self, known: set[str]) -> list[str]:
        """Paths with live documents here that ``known`` (the SQLite manifest) lacks.

        A run killed between a batch's Whoosh commit and its SQLite commit leaves such
        documents; if their file is deleted before the next run, only this finds them.
        Usually empty; only unknown paths have their postings checked.
        """
        with self.ix.reader() as reader:
            unknown = [t for t in reader.lexicon("path") if real_path(t.decode()) not in known]
            live = [t for t in unknown if _has_live_doc(reader, t)]
        return sorted(real_path(t.decode()) for t in live)

    def forget_searchers(self) -> None:
        """Drop the spares, and those lent now when they come back: the next searcher is
        opened from what is on disk now. Not closed: a thread may still be reading one."""
        with self._lock:
            self._epoch += 1
            self._spare.clear()

    def doc_count(self) -> int:
        with self.searching() as searcher:
            return int(searcher.doc_count())

    def close(self) -> None:
        with self._lock:
            for searcher in list(self._searchers):
                searcher.close()
            self._searchers.clear()
            self._spare.clear()
        self.ix.close()
