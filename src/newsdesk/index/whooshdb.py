"""The Whoosh side of an index: creating, opening, writing documents, long-lived
searchers, and bounded reads. ``WhooshIndex`` is the one implementation of
``engine.SearchEngine``; ``whoosh_query`` holds what it does with a query."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from whoosh import index as whoosh_index
from whoosh import sorting
from whoosh.index import Index
from whoosh.query import Every, Query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.numeric import to_sortable

from newsdesk.errors import IndexDamaged, SearchCancelled
from newsdesk.groups import group_of
from newsdesk.index import whoosh_query
from newsdesk.index.engine import Batch, EngineHits, Sort, Stop, too_slow
from newsdesk.index.schema import (
    ENTITY_FIELDS,
    PREFIXED,
    build_schema,
    day_number,
    prefix_source,
)
from newsdesk.index.store import real_path, stored_path
from newsdesk.models import Article, ArticleFilter, Mention

if TYPE_CHECKING:  # Whoosh's writing modules are not loaded by a search
    from newsdesk.index.whoosh_merge import MergingWriter

WRITER_LIMIT_MB = 512
"""Whoosh's posting pool per commit. Above it the pool is sorted to disk in runs that
are read back and merged in Python: with 256 MB a 2,000-article batch (about 2.6
million postings, most of them word beginnings) spilled, and a placed-entity build of
2,000 articles took 81 s; at 512 MB the batch is sorted in memory, 42 s, for a peak
indexer RSS of 623 MB against 433 (384 MB still spilled: 75 s, 592 MB)."""
DIGESTS = ".newsdesk-digests.json"
"""Beside Whoosh's files, the SHA-1 of each one the live TOC needs. A dot file: Whoosh's
clean-up skips those."""
SPARE_SEARCHERS = 4
"""Searchers kept between searches: the reader runs a few workers at once, not more."""
UNDATED = 2**62
"""Sorts after every real date, newest first: undated articles go last."""
T = TypeVar("T")
PRUNE_ABOVE = 5_000
"""Estimated matches above which a first page is taken from Whoosh's pruned collector
(``first_page``); below, the exact search is quick and one search is enough."""


_UNDATED_KEY = to_sortable(int, 64, True, UNDATED)
_KEYS = 2**64


def _oldest_key(key: int) -> int:
    """Oldest first, undated still last. ``key`` is the column's unsigned form of
    ``newest`` (minus the timestamp): turned round, every date stays below undated."""
    return key if key == _UNDATED_KEY else _KEYS - 1 - key


_SORTS: dict[str, object] = {
    "relevance": None,
    "date": "newest",
    "oldest": sorting.TranslateFacet(_oldest_key, sorting.FieldFacet("newest")),
}
"""Each engine sort as Whoosh's ``sortedby``: one sortable column serves both dates."""


TOC_FILE = re.compile(r"_MAIN_(\d+)\.toc")
"""Whoosh's table of contents for the default index name, one per generation."""


def recorded_digests(folder: Path) -> dict[str, list[object]]:
    """The digests recorded so far; none when the file is missing or unreadable (a
    power cut may lose it: what is not recorded is recorded again, not damage)."""
    try:
        found = json.loads((folder / DIGESTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def digest(path: Path) -> list[object]:
    with path.open("rb") as fh:
        return [os.fstat(fh.fileno()).st_size, hashlib.file_digest(fh, "sha1").hexdigest()]


def check_toc(folder: Path) -> None:
    """The newest TOC checked against its recorded digest before Whoosh unpickles it.

    A TOC is a pickle: one flipped byte in a length field asked for 23 GB before
    anything failed (the bit-flip test was killed by the kernel), where the other
    files fail small. The TOC is a few KB, so this costs one small read per opening;
    a TOC not recorded yet (older index, a run killed before its record) is trusted."""
    try:
        tocs = [
            (int(m.group(1)), m.group(0)) for m in map(TOC_FILE.fullmatch, os.listdir(folder)) if m
        ]
        if not tocs:
            return
        name = max(tocs)[1]
        wanted = recorded_digests(folder).get(name)
        if wanted is not None and digest(folder / name) != wanted:
            raise damaged(folder, f"{name} is not what was written (digest differs)")
    except OSError as exc:
        raise damaged(folder, exc) from exc


def _keeps_nothing(allowed: tuple[set[int] | None, set[int]] | None) -> bool:
    """A filter that keeps to no document: answered at once, since Whoosh reads an
    empty set as "any"."""
    return allowed is not None and allowed[0] is not None and not allowed[0]


class DeadlineExceeded(BaseException):
    """Raised inside work that ran past its deadline. A BaseException, so an
    ``except Exception`` inside Whoosh cannot swallow it."""


class Stopped(BaseException):
    """Raised inside work whose caller's ``stop()`` said yes (a newer search replaced
    it); a BaseException for the same reason as ``DeadlineExceeded``."""


REFIRE = 0.05
"""Seconds between repeats of a deadline's exception while the work still runs."""

STOP_POLL = 0.01
"""Seconds between looks at a caller's ``stop()`` while its work runs."""


class _QuietUnraisable:
    """Python's report of an exception it had to drop, minus ours.

    A ``DeadlineExceeded`` or ``Stopped`` that arrives while the thread runs a garbage
    collector's callback (a ``WeakSet`` entry being removed) cannot be raised there:
    Python drops it and prints "Exception ignored in …" with a traceback on stderr, in
    the middle of a ``newsdesk search`` answer. Dropping it is harmless, since it is raised
    again every ``REFIRE`` seconds until the work ends; only the report is left out.
    Every other dropped exception is reported as before."""

    def __init__(self, hook: Callable[[sys.UnraisableHookArgs], object]) -> None:
        self.hook = hook

    def __call__(self, args: sys.UnraisableHookArgs) -> None:
        kind = args.exc_type
        if not (isinstance(kind, type) and issubclass(kind, (DeadlineExceeded, Stopped))):
            self.hook(args)


def _quiet_dropped_interruptions() -> None:
    if not isinstance(sys.unraisablehook, _QuietUnraisable):
        sys.unraisablehook = _QuietUnraisable(sys.unraisablehook)


def within(seconds: float, work: Callable[[], T], stop: Stop | None = None) -> T:
    """``work()``, interrupted with ``DeadlineExceeded`` once it runs ``seconds``, or
    with ``Stopped`` soon after ``stop()`` says yes.

    Whoosh expands wildcards and fuzzy terms (and builds matchers for long OR lists)
    in pure-Python loops nothing interrupts: ``*a*`` over a large vocabulary ran many
    times over the limit. A timer raises the exception in the calling thread instead,
    at its next bytecode, like Ctrl-C does for the main thread, but in any thread (the
    reader searches from workers). If it fires just as ``work`` returns, the late
    exception is caught here and dropped.

    The one time limit of a search: it bounds parsing, expanding and collecting alike.
    It used to be backed by Whoosh's time-limited collector, with the message written
    twice; instead the exception is raised again every ``REFIRE`` seconds until the
    work ends, since one can be lost: raised inside a garbage-collector callback that
    the thread happened to be running, Python reports it as unraisable and drops it.

    ``stop`` (asked from a thread of its own, so it must be safe to call from any
    thread) reaches the parts the collector's own check does not (parsing, expanding,
    the corrector behind a spelling hint): at 100k a hint for a half-typed name took
    30-335 ms, and the stale one ran on beside the next keystroke's search.
    """
    _quiet_dropped_interruptions()
    deadline = _Deadline(seconds, stop)
    try:
        return work()
    finally:
        if deadline.end():
            _let_it_arrive()


class _Deadline:
    """Raises ``DeadlineExceeded`` in the creating thread once ``seconds`` have passed,
    then again every ``REFIRE`` seconds, until ``end()``. Given ``stop``, a second
    thread asks it every ``STOP_POLL`` seconds and, once it says yes, raises
    ``Stopped`` the same way: apart from the deadline's timer, so a ``stop`` that is
    slow to answer never holds the deadline back."""

    def __init__(self, seconds: float, stop: Stop | None) -> None:
        self.target = threading.get_ident()
        self.lock = threading.Lock()
        self.ended = threading.Event()
        self.done = False
        self.fired = False
        with self.lock:
            self.timer = self._arm(seconds)
        if stop is not None:
            threading.Thread(target=self._watch, args=(stop,), daemon=True).start()

    def _arm(self, seconds: float) -> threading.Timer:
        timer = threading.Timer(seconds, self._fire)
        timer.daemon = True
        timer.start()
        return timer

    def _fire(self) -> None:
        with self.lock:
            if self._raise(DeadlineExceeded):
                self.timer = self._arm(REFIRE)

    def _watch(self, stop: Stop) -> None:
        while not self.ended.wait(STOP_POLL):
            if stop():
                break
        while not self.ended.is_set():
            with self.lock:
                if not self._raise(Stopped):
                    return
            self.ended.wait(REFIRE)

    def _raise(self, exc: type[BaseException]) -> bool:
        """Raise ``exc`` in the searching thread unless the work has ended; called
        with the lock held, so ``end()`` never returns with one still being sent."""
        if self.done:
            return False
        self.fired = True
        _raise_in(self.target, exc)
        return True

    def end(self) -> bool:
        """Stop raising; whether it ever fired (then one may still be on its way)."""
        with self.lock:
            self.done = True
            self.timer.cancel()
        self.ended.set()
        return self.fired


def _raise_in(thread_id: int, exc: type[BaseException]) -> None:
    """Schedule ``exc`` to be raised in a thread at its next bytecode."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc))


def _let_it_arrive() -> None:
    """Receive a scheduled ``DeadlineExceeded`` or ``Stopped`` that has not been raised
    yet, and drop it.

    Not withdrawn through the C API: on CPython 3.11 that leaves the interpreter
    checking for pending work at every bytecode, for good (it ran 100 times slower).
    A loop's backward jump is such a check, so the exception arrives here.
    """
    try:
        for _ in range(100):
            pass
    except (DeadlineExceeded, Stopped):
        pass


def _bounded(seconds: float, work: Callable[[], T], stop: Stop | None = None) -> T:
    """``work()`` within the search time limit, or the one-line ``QueryError``;
    ``SearchCancelled`` once ``stop()`` says yes."""
    try:
        return _stoppable(seconds, work, stop)
    except DeadlineExceeded:
        raise too_slow(seconds) from None


def _stoppable(seconds: float, work: Callable[[], T], stop: Stop | None) -> T:
    """``within``, with ``Stopped`` turned into the ``SearchCancelled`` callers know."""
    try:
        return within(seconds, work, stop)
    except Stopped:
        raise SearchCancelled from None


PARSE_LIMIT = 3.0
"""Seconds reading a query may take where no search bound applies (``validate``)."""
_PARSER = whoosh_query.QueryParser()
"""Shared: a parse builds its own Whoosh parser, so threads can parse at once."""


def damaged(where: Path, cause: BaseException | str) -> IndexDamaged:
    """One line for the user: what is damaged, the low-level reason, and the command
    that repairs it (a rebuild never reads the damaged generation)."""
    reason = cause if isinstance(cause, str) else f"{type(cause).__name__}: {cause}"
    reason = " ".join(reason.split())
    if len(reason) > 120:
        reason = reason[:119] + "…"
    return IndexDamaged(where, reason)


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
    for field, prefixes in PREFIXED.items():
        doc[prefixes] = prefix_source(str(doc[field]))
    if article.date:
        doc["date"] = day_number(utc_naive(article.date))  # type: ignore[arg-type]
    doc["newest"] = -int(article.date.timestamp()) if article.date else UNDATED
    doc.update(entity_fields(mentions))
    return doc


class FilterCache:
    """The documents of each recent date filter, per generation of the index.

    Whoosh's searcher keeps a filter cache it never reads, so a date filter passed as a
    query was worked out again on every search: ``date:>2019-06-01 word`` spent most of
    its time there. A set of document numbers is only valid for the commit it was read
    from (a merge renumbers), so entries are keyed by the reader's generation and those
    of other generations are dropped when a new one is stored. Bounded: at 100,000
    articles a set of every document is ~8 MB.
    """

    SIZE = 8

    def __init__(self) -> None:
        self._docs: OrderedDict[tuple[int, str], set[int]] = OrderedDict()
        self._lock = threading.Lock()

    def docs(self, searcher: Searcher, q: Query | None) -> set[int] | None:
        """The documents ``q`` matches, read once per generation; ``None`` for none."""
        if q is None:
            return None
        key = (searcher.reader().generation(), repr(q))
        with self._lock:
            found = self._docs.get(key)
            if found is not None:
                self._docs.move_to_end(key)
                return found
        found = set(searcher.docs_for_query(q))  # Whoosh takes a set, not a frozenset
        self._store(key, found)
        return found

    def _store(self, key: tuple[int, str], found: set[int]) -> None:
        with self._lock:
            for old in [k for k in self._docs if k[0] != key[0]]:
                del self._docs[old]
            self._docs[key] = found
            while len(self._docs) > self.SIZE:
                self._docs.popitem(last=False)

    def __len__(self) -> int:
        return len(self._docs)


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
        self._docnum_cache: dict[str, tuple[int, ...]] = {}
        self._docnum_generation: int | None = None
        self.filters = FilterCache()
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
    def create_recorded(cls, folder: Path) -> WhooshIndex:
        """A new, empty index whose first TOC is recorded in the digests."""
        fresh = cls.create(folder)
        fresh.record_digests()
        return fresh

    @classmethod
    def open(cls, folder: Path) -> WhooshIndex:
        """Open and check: Whoosh reads segments lazily, so a searcher is opened here to
        find a missing or truncated segment now, not in the middle of a search. It is
        kept for the first search: a command-line search opened every segment twice."""
        check_toc(folder)
        try:
            ix = whoosh_index.open_dir(str(folder))
            searcher = ix.searcher()
        except Exception as exc:  # Whoosh raises many types for a broken folder
            raise damaged(folder, exc) from exc
        opened = cls(ix)
        opened._searchers.add(searcher)
        opened._spare.append(searcher)
        return opened

    def write_files(self, files: Batch) -> None:
        """Each file's documents analysed as it comes, all committed at the end."""
        writer = self._writer()
        try:
            for record, articles in files:
                writer.delete_by_term("path", stored_path(record.path))
                for article, mentions in articles:
                    writer.add_document(**document(article, record.path, mentions))
        except BaseException:
            writer.cancel()
            raise
        self._commit(writer)

    def _writer(self) -> MergingWriter:
        """Segments written as separate files: Whoosh reads a compound segment by copying
        each part into memory (420 MB for a 10,000-article index), separate files it
        reads from disk (30 MB). The writer's merges stream (:mod:`.whoosh_merge`)."""
        from newsdesk.index.whoosh_merge import MergingWriter

        return MergingWriter(self.ix, limitmb=WRITER_LIMIT_MB, compound=False)

    def _commit(self, writer: MergingWriter) -> None:
        """Commit, merging by tiers only where :attr:`merge` allows, and record digests."""
        from whoosh.writing import NO_MERGE

        from newsdesk.index.whoosh_merge import tiered

        writer.commit(mergetype=tiered if self.merge else NO_MERGE)
        self.record_digests()

    def delete_paths(self, paths: list[str]) -> None:
        writer = self._writer()
        for path in paths:
            writer.delete_by_term("path", stored_path(path))
        self._commit(writer)

    # --- digests of the write-once files ---------------------------------
    @property
    def folder(self) -> Path:
        return Path(self.ix.storage.folder)

    def live_files(self) -> list[str]:
        """What a search can read: the latest TOC and every file of its segments."""
        names = os.listdir(self.folder)
        toc = f"_{self.ix.indexname}_{self.ix.latest_generation()}.toc"
        prefixes = tuple(f"{segment.segment_id()}." for segment in self.ix._segments())
        return [toc, *sorted(n for n in names if n.startswith(prefixes))]

    def _recorded(self) -> dict[str, list[object]]:
        return recorded_digests(self.folder)

    def _digest(self, name: str) -> list[object]:
        return digest(self.folder / name)

    def record_digests(self) -> None:
        """After a commit: digest the files it added, forget the ones it let go. Each
        file is hashed once, when written (Whoosh never rewrites one), so this costs
        a read of what the commit wrote."""
        recorded = self._recorded()
        digests = {name: recorded.get(name) or self._digest(name) for name in self.live_files()}
        tmp = self.folder / (DIGESTS + ".tmp")
        tmp.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.folder / DIGESTS)

    def verify_digests(self) -> None:
        """Raise ``IndexDamaged`` if a file a search will read is not what was written.

        Why every ``newsdesk index`` run reads every file: Whoosh has no checksums, and
        a flipped byte in a postings file surfaced only in the search that read it, while
        ``index`` said "unchanged". Checking sizes and mtimes would miss bit rot; so the
        run re-hashes the lot, as a backup tool's verify or a file system scrub does, at
        the price of reading the index once (SHA-1 runs at ~1.4 GB/s here; the measured
        cost is in docs/reliability.md). Files not yet recorded (an index from the
        previous release, a run killed between a commit and its record) are recorded
        now, trusted as they are. Searches do not verify: they must answer in
        milliseconds, and they report what they meet.
        """
        recorded = self._recorded()
        try:
            for name in self.live_files():
                if name in recorded and self._digest(name) != recorded[name]:
                    raise damaged(self.folder, f"{name} is not what was written (digest differs)")
        except OSError as exc:  # a file the TOC names is gone or unreadable
            raise damaged(self.folder, exc) from exc
        self.record_digests()

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

    @staticmethod
    def validate(text: str) -> None:
        """Raise ``QueryError`` for what Whoosh's parser cannot read; needs no index.
        Reading is bounded too: Whoosh's parser is quadratic (5,000 words took 35 s)."""
        _bounded(PARSE_LIMIT, lambda: _PARSER.parse(text))

    def search(
        self,
        text: str,
        limit: int,
        offset: int,
        sort: Sort,
        seconds: float,
        stop: Stop | None,
        only: ArticleFilter | None = None,
    ) -> EngineHits:
        """One page and the exact total, and the terms matched, within ``seconds``
        (reading the query included). Empty text with a filter: every article it lets
        through."""
        sortedby = _SORTS[sort]
        if only is not None and only.keep is not None and not only.keep:
            return EngineHits(0, [], frozenset())  # Whoosh takes an empty set for "any"

        def run() -> EngineHits:
            with self.searching() as searcher:
                plan, terms, allowed = self._planned(searcher, text, only)
                if _keeps_nothing(allowed):
                    return EngineHits(0, [], terms)
                found = whoosh_query.collect(
                    searcher, plan.query, offset + limit, sortedby, stop, allowed
                )
                page = [(hit["id"], hit.score or 0.0) for hit in found[offset : offset + limit]]
                return EngineHits(len(found), page, terms)

        return _bounded(seconds, run, stop)

    def first_page(
        self,
        text: str,
        limit: int,
        seconds: float,
        stop: Stop | None,
        only: ArticleFilter | None = None,
    ) -> EngineHits:
        """Whoosh's own top-N collector, which skips blocks that cannot reach the page
        (2-8x on single frequent words); its count is only of what it saw, so the total
        is ``estimate_size`` unless it saw every match (fewer than ``limit``). A query
        estimated under ``PRUNE_ABOVE`` matches is searched exactly at once: there the
        pruned collector saved nothing (1-2x slower at 2,000 articles) and the reader
        would then search twice."""

        def run() -> EngineHits:
            with self.searching() as searcher:
                plan, terms, allowed = self._planned(searcher, text, only)
                if _keeps_nothing(allowed):
                    return EngineHits(0, [], terms)
                keep = None if allowed is None else allowed[0]
                guess = whoosh_query.estimate(searcher, plan.query, keep)
                if guess < PRUNE_ABOVE:
                    found = whoosh_query.collect(searcher, plan.query, limit, None, stop, allowed)
                    page = [(hit["id"], hit.score or 0.0) for hit in found]
                    return EngineHits(len(found), page, terms)
                found = whoosh_query.pruned(searcher, plan.query, limit, stop, allowed)
                page = [(hit["id"], hit.score or 0.0) for hit in found]
                if len(page) < limit:
                    return EngineHits(len(page), page, terms)
                return EngineHits(max(guess, len(page)), page, terms, exact=False)

        return _bounded(seconds, run, stop)

    def count(
        self, text: str, seconds: float, stop: Stop | None, only: ArticleFilter | None = None
    ) -> int:
        def run() -> int:
            with self.searching() as searcher:
                plan, _, allowed = self._planned(searcher, text, only)
                if _keeps_nothing(allowed):
                    return 0
                return whoosh_query.count(searcher, plan.query, stop, allowed)

        return _bounded(seconds, run, stop)

    def _planned(
        self, searcher: Searcher, text: str, only: ArticleFilter | None
    ) -> tuple[whoosh_query.Plan, frozenset[str], tuple[set[int] | None, set[int]] | None]:
        """The query mapped onto this index's fields, the terms it matched, and the
        filter (documents to keep to and to keep out). Empty text: every document."""
        parsed = _PARSER.parse(text).query if text.strip() else Every()
        plan = whoosh_query.plan(parsed, searcher.schema)
        terms = whoosh_query.query_terms(parsed, searcher)
        return plan, terms, self._filter(searcher, plan, only)

    def _filter(
        self, searcher: Searcher, plan: whoosh_query.Plan, only: ArticleFilter | None
    ) -> tuple[set[int] | None, set[int]] | None:
        """The user's filter and the plan's dates (cached) as documents to keep to and
        to keep out."""
        dates = self.filters.docs(searcher, plan.dates)
        return whoosh_query.narrowed(self._allowed(searcher, only), dates)

    def _allowed(
        self, searcher: Searcher, only: ArticleFilter | None
    ) -> tuple[set[int] | None, set[int]] | None:
        """The filter's ids as document numbers (to keep to, to keep out)."""
        if only is None:
            return None
        keep = None if only.keep is None else self._docnums(searcher, only.keep)
        return keep, self._docnums(searcher, only.drop)

    def _docnums(self, searcher: Searcher, ids: frozenset[str]) -> set[int]:
        """Document numbers of article ids, remembered until the index changes: each
        is a term lookup, and ``is:unread`` drops every read article (see the figures
        in docs/reliability.md); remembered, later searches pay only for new marks."""
        reader = searcher.reader()
        generation = reader.generation()
        with self._lock:
            if generation != self._docnum_generation:
                self._docnum_cache, self._docnum_generation = {}, generation
            cache = self._docnum_cache
        found: set[int] = set()
        for article_id in ids:
            numbers = cache.get(article_id)
            if numbers is None:
                numbers = cache[article_id] = whoosh_query.docnums_of(reader, article_id)
            found.update(numbers)
        return found

    def terms(self, text: str, seconds: float) -> frozenset[str]:
        def expand() -> frozenset[str]:
            parsed = _PARSER.parse(text).query
            with self.searching() as searcher:
                return whoosh_query.query_terms(parsed, searcher)

        return _bounded(seconds, expand)

    def corrections(
        self, words: Sequence[str], seconds: float, stop: Stop | None = None
    ) -> dict[str, str]:
        """Respellings found in ``seconds``; none when that runs out (a long OR list of
        unknown words costs a corrector lookup per word). ``SearchCancelled`` once
        ``stop()`` says yes."""
        if seconds <= 0:
            return {}

        def correct() -> dict[str, str]:
            with self.searching() as searcher:
                return whoosh_query.corrections(searcher, words)

        try:
            return _stoppable(seconds, correct, stop)
        except DeadlineExceeded:
            return {}

    def marker(self, terms: frozenset[str]) -> Callable[[str], bool]:
        return whoosh_query.marker(terms)

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
