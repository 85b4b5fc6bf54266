"""Incremental indexing: files → ingest → entities → Whoosh + SQLite, in committed batches.

Each batch is committed to Whoosh first and to SQLite second. The SQLite file manifest
is the record of what is done, so a run killed at any moment leaves, at worst, a batch
that the next run redoes; documents are keyed by id and path, so nothing is doubled.
Removals go the other way (SQLite first), so every article SQLite lists is searchable;
Whoosh documents the manifest does not know are found and removed by the next run.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import multiprocessing
import multiprocessing.queues
import os
import queue
import signal
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import chain
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import Protocol, TypeVar, cast

from newsdesk import ingest
from newsdesk.entities.workers import Watch
from newsdesk.errors import CorpusUnavailable
from newsdesk.index import catalogue
from newsdesk.index.engine import SearchEngine
from newsdesk.index.store import FileRecord, Store
from newsdesk.models import Article, IndexReport, IngestWarning, Mention, Mentions, Skipped
from newsdesk.safety import visible_path
from newsdesk.settings import Settings

_T = TypeVar("_T")
Progress = Callable[[int, int, int], None]
"""Called with (files done, files to do, articles done)."""
BATCH_ARTICLES = 2000
BATCH_SECONDS = 60.0
"""A commit per batch: larger batches mean fewer Whoosh segments (each one costs every
search), smaller ones less work redone after a crash."""
PREFETCH_FILES = 1000
"""Files read and analysed ahead of the commits: NER gets through about 500 articles
while a 2,000-article batch is committed, and what waits here is held in memory."""


class Recognizes(Protocol):
    """What the indexer needs of NER. The real one is ``entities.Recognizer``; the
    benchmarks hand over the entities they placed through the same path."""

    def extract_many(self, texts: Iterable[str]) -> Iterator[list[Mention]]: ...


@dataclass
class Plan:
    """What a run must do, worked out from stat calls and hashes alone."""

    process: list[FileRecord] = field(default_factory=list)
    touch: list[FileRecord] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    known: set[str] = field(default_factory=set)
    unchanged: int = 0


def dated_by_file(articles: list[Article], mtime_ns: int) -> list[Article]:
    """Articles without a date take their file's modification time (the
    ``date_from_file`` setting): an archive of bare text files can then be sorted and
    filtered by date, as well as its file times mean anything."""
    when = datetime.fromtimestamp(mtime_ns / 1e9, UTC)
    return [a if a.date else replace(a, date=when) for a in articles]


def file_sha1(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def make_plan(corpus: Path, manifest: dict[str, FileRecord], report: IndexReport) -> Plan:
    """What changed since the manifest. Only files the walk *saw* to be gone are removed:
    a folder or file that could not be looked at (unmounted, no permission) keeps what
    was indexed from it, and a corpus that cannot be opened at all changes nothing."""
    _check_corpus(corpus)
    plan = Plan(known=set(manifest))
    unseen: list[str] = []

    def skip(path: Path, reason: str) -> None:
        report.skipped.append(Skipped(visible_path(str(path)), reason))
        unseen.append(str(path))

    seen: set[str] = set()
    for path in ingest.discover(corpus, on_error=skip):
        key = str(path)
        seen.add(key)
        try:
            _plan_file(plan, path, manifest.get(key))
        except OSError as exc:
            skip(path, f"cannot read: {exc.strerror or exc}")
    plan.remove = sorted(p for p in set(manifest) - seen if not _inside_any(p, unseen))
    return plan


def _check_corpus(corpus: Path) -> None:
    try:
        with os.scandir(corpus):
            return
    except NotADirectoryError:
        reason = "not a folder"
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
    shown = visible_path(str(corpus))
    raise CorpusUnavailable(f"cannot open the corpus folder {shown} ({reason}); nothing changed")


def _inside_any(path: str, folders: list[str]) -> bool:
    """Whether ``path`` is one of ``folders`` or lies below one of them."""
    return any(path == f or path.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def _plan_file(plan: Plan, path: Path, old: FileRecord | None) -> None:
    st = path.stat()
    if old and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
        plan.unchanged += 1
        return
    record = FileRecord(str(path), st.st_size, st.st_mtime_ns, "")
    if st.st_size <= ingest.MAX_FILE_BYTES:
        record = FileRecord(record.path, record.size, record.mtime_ns, file_sha1(path))
    if old and old.sha1 and old.sha1 == record.sha1:
        plan.touch.append(record)
        plan.unchanged += 1
    else:
        plan.process.append(record)


class Indexer:
    """Runs one indexing pass over a corpus into an open generation."""

    def __init__(
        self,
        store: Store,
        ix: SearchEngine,
        settings: Settings,
        recognizer: Recognizes | None = None,
    ) -> None:
        self.store = store
        self.ix = ix
        self.settings = settings
        self.recognizer = recognizer

    def run(self, corpus: Path, progress: Progress | None = None) -> IndexReport:
        started = time.perf_counter()
        report = IndexReport()
        plan = make_plan(corpus, self.store.files(), report)
        self.store.touch_files(plan.touch)
        report.unchanged = plan.unchanged
        plan.remove += self.ix.stray_paths(plan.known | {r.path for r in plan.process})
        if plan.process or plan.remove:
            # The catalogue's stamp (see catalogue.is_stale) no longer matches until it is
            # rebuilt below: a run killed before that leaves it stale, not silently old.
            self.store.set_meta("aliases", "stale")
        if plan.process:
            with _workers_stop_on_interrupt():
                self._process(corpus, plan, report, progress)
        if plan.remove:
            self._remove(plan.remove, report)
        looked_at = [r.path for r in plan.process] + plan.remove
        self.store.record_notes((visible_path(p) for p in looked_at), report)
        if plan.process or plan.remove:
            self.store.find_copies()
        if plan.process or plan.remove or catalogue.is_stale(self.store, self.settings):
            catalogue.rebuild(self.store, self.settings)
        report.seconds = time.perf_counter() - started
        return report

    def _remove(self, paths: list[str], report: IndexReport) -> None:
        """SQLite first, the reverse of adding, so every article SQLite lists is always
        searchable; a run killed in between leaves Whoosh documents the manifest has
        forgotten, which the next run's ``stray_paths`` finds and deletes."""
        report.removed += sum(len(self.store.article_ids_for(p)) for p in paths)
        with self.store.transaction() as db:
            for path in paths:
                self.store.remove_file(db, path)
        self.ix.delete_paths(paths)

    def _process(
        self, corpus: Path, plan: Plan, report: IndexReport, progress: Progress | None
    ) -> None:
        """Commits happen here, in the calling thread; reading and NER run ahead in a
        thread of their own (see ``prefetched``), so NER goes on while a batch is
        written. Each file goes to Whoosh as it comes (``_Batch.filled``), not when its
        batch is full: analysing the documents is most of Whoosh's work, and done at the
        commit it ran after NER had ended for the last batch, on one core, the other
        idle (at 2,000 articles the whole batch waited for the end).
        """
        total, done, articles = len(plan.process), 0, 0

        def seen(record: FileRecord, results: list[tuple[Article, list[Mention]]]) -> None:
            nonlocal done, articles
            _report_entity_problems(record, results, report)
            done, articles = done + 1, articles + len(results)
            if progress:
                progress(done, total, articles)

        watch = Watch()
        halt = functools.partial(_stop_workers, watch.before)
        source = self._analysed(corpus, plan, report)
        with prefetched(source, PREFETCH_FILES, halt, watch.check) as analysed:
            while (first := next(analysed, None)) is not None:
                batch = _Batch(known=plan.known, seen=seen)
                self._commit(batch, batch.filled(chain([first], analysed)), report)

    def _analysed(
        self, corpus: Path, plan: Plan, report: IndexReport
    ) -> Iterator[tuple[FileRecord, list[tuple[Article, list[Mention]]]]]:
        """Read every file, then run NER over all their bodies in one stream (one pool)."""
        recognizer = self.recognizer or self._recognizer(len(plan.process))
        pending: deque[tuple[FileRecord, list[Article]]] = deque()
        texts = _bodies(self._read_all(corpus, plan.process, report), pending)
        results = recognizer.extract_many(texts)
        yield from _regroup(pending, results)

    def _recognizer(self, files: int) -> Recognizes:
        from newsdesk.entities import Recognizer

        n_process = self.settings.n_process or (2 if files > 200 else 1)
        return Recognizer(self.settings.spacy_model, self.settings.batch_size, n_process)

    def _read_all(
        self, corpus: Path, records: list[FileRecord], report: IndexReport
    ) -> Iterator[tuple[FileRecord, list[Article]]]:
        for record in records:
            path = Path(record.path)
            try:
                result = ingest.read_file(path, corpus)
            except ingest.IngestError as exc:
                report.skipped.append(Skipped(visible_path(record.path), str(exc)))
                result = ingest.FileResult([], [])
            shown = visible_path(record.path)
            report.warnings.extend(IngestWarning(shown, w) for w in result.warnings)
            if self.settings.date_from_file:
                yield record, dated_by_file(result.articles, record.mtime_ns)
            else:
                yield record, result.articles

    def _commit(self, batch: _Batch, files: Iterator[_Analysed], report: IndexReport) -> None:
        """Whoosh takes ``files`` as they come and commits; then SQLite, in one
        transaction, records the batch (the manifest: what is done)."""
        self.ix.write_files(files)
        with self.store.transaction() as db:
            for record, articles in batch.files:
                self.store.replace_file(db, record, articles)
        report.added += batch.added
        report.updated += batch.updated


def _report_entity_problems(
    record: FileRecord, results: list[tuple[Article, list[Mention]]], report: IndexReport
) -> None:
    """One line per article whose entities could not all be made; it is indexed anyway."""
    for article, mentions in results:
        if isinstance(mentions, Mentions) and mentions.problem:
            what = f'"{article.title}"' if len(results) > 1 else "this article"
            message = f"entities of {what} skipped ({mentions.problem}); the text is indexed"
            report.warnings.append(IngestWarning(visible_path(record.path), message))


class _Failed:
    """An exception raised in the prefetching thread, carried to the consumer."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


_END = object()
WATCH_SECONDS = 1.0
"""How often a consumer kept waiting by ``prefetched`` calls its ``check``."""


@contextmanager
def prefetched(
    source: Iterator[_T],
    size: int,
    halt: Callable[[threading.Thread], None] | None = None,
    check: Callable[[], None] | None = None,
) -> Iterator[Iterator[_T]]:
    """``source`` run in a daemon thread, at most ``size`` items ahead of the consumer.

    Its exceptions are raised in the consumer. Leaving the block (done, failed or
    interrupted) tells the thread to stop at its next item and closes ``source`` there.
    Left before the end (an error, an interrupt), ``halt`` is given the thread: the
    indexer's stops the NER workers the thread may be blocked on, and waits for it.
    ``check`` is called each ``WATCH_SECONDS`` the consumer waits, and may raise: the
    indexer's notices a dead worker, which would leave the thread waiting for ever.
    """
    items: queue.Queue[object] = queue.Queue(maxsize=size)
    stop = threading.Event()
    ended = threading.Event()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in source:
                if not offer(item):
                    return
            offer(_END)
        except BaseException as exc:  # carried to the consumer, raised there
            offer(_Failed(exc))
        finally:
            if isinstance(source, Generator):
                source.close()

    def next_item() -> object:
        while True:
            try:
                return items.get(timeout=WATCH_SECONDS if check else None)
            except queue.Empty:
                if check is not None:
                    check()

    def consume() -> Iterator[_T]:
        while (item := next_item()) is not _END:
            if isinstance(item, _Failed):
                raise item.error
            yield cast(_T, item)
        ended.set()

    thread = threading.Thread(target=run, name="newsdesk-analyse", daemon=True)
    thread.start()
    try:
        yield consume()
    finally:
        stop.set()
        if halt is not None and not ended.is_set():
            halt(thread)


@contextmanager
def _workers_stop_on_interrupt() -> Iterator[None]:
    """Ctrl-C while NER runs in worker processes: stop them, then interrupt as usual.

    Interrupted, spaCy joins its workers, and one blocked sending its results never
    exits: a SIGINT to this process alone hung the run. A Ctrl-C at a terminal reaches
    the workers too, and each printed a traceback. Forked workers inherit this handler
    and so ignore SIGINT; this process raises KeyboardInterrupt after starting a thread
    that terminates its workers (again for a while, in case one was being started).
    Only the main thread may set handlers; elsewhere (the reader indexes from a
    thread, and has no Ctrl-C) nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        if os.getpid() != owner:
            return
        threading.Thread(target=_terminate_workers, daemon=True).start()
        _abandon_worker_queues()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        with warnings.catch_warnings():
            # spaCy's "[W127] Not all Language.pipe worker processes completed" is
            # only ever the workers we stopped; the user gets one line, not three.
            warnings.filterwarnings("ignore", message=r"\[W127\]")
            yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _abandon_worker_queues() -> None:
    """Let the process exit without flushing the queues that fed the workers.

    Each multiprocessing queue has a thread writing into a pipe, and Python joins those
    threads at exit. Once the workers are stopped, a queue whose pipe had filled (a run
    interrupted well into its NER) blocks that join for ever: the run printed its one
    line and hung. What the queues still hold is work nobody will do.
    """
    for obj in gc.get_objects():
        if isinstance(obj, multiprocessing.queues.Queue):
            obj.cancel_join_thread()


def _stop_workers(before: set[BaseProcess], thread: threading.Thread,
                  seconds: float = 10.0) -> None:  # fmt: skip
    """Kill the NER workers started since ``before``, until ``thread`` (which started
    them) has ended, then let the process exit without flushing their queues.

    Any error while the workers ran used to hang the run for ever: spaCy joins its
    workers as its pipe is closed, a worker blocked writing results nobody reads never
    exits (each holds every pipe the others write to, so none sees end-of-file), and
    ``multiprocessing`` joins them again at exit. Once killed, they are joined at once;
    killing again until the thread is gone also stops a worker it was just starting.
    The wait is bounded (``seconds``): a thread stuck elsewhere (reading a file) is left
    to die with the process, and its workers with it (``entities.workers``). Measured
    with an error injected after the second commit: the process exits 0.6-1.1 s after
    the exception is raised (it never did before).
    """
    deadline = time.monotonic() + seconds
    while True:
        for child in multiprocessing.active_children():
            if child not in before:
                child.kill()
        thread.join(0.05)
        if not thread.is_alive() or time.monotonic() > deadline:
            break
    _abandon_worker_queues()


def _terminate_workers(seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for child in multiprocessing.active_children():
            child.terminate()
        time.sleep(0.05)


def _bodies(
    files: Iterable[tuple[FileRecord, list[Article]]],
    pending: deque[tuple[FileRecord, list[Article]]],
) -> Iterator[str]:
    """Feed article bodies to NER while remembering which file each came from."""
    for record, articles in files:
        pending.append((record, articles))
        for article in articles:
            yield article.body


def _regroup(
    pending: deque[tuple[FileRecord, list[Article]]], results: Iterable[list[Mention]]
) -> Iterator[tuple[FileRecord, list[tuple[Article, list[Mention]]]]]:
    """NER keeps input order, so results pair up with the queue of files read so far."""
    buffer: list[list[Mention]] = []
    for mentions in results:
        buffer.append(mentions)
        yield from _drain(pending, buffer)
    yield from _drain(pending, buffer)


def _drain(
    pending: deque[tuple[FileRecord, list[Article]]], buffer: list[list[Mention]]
) -> Iterator[tuple[FileRecord, list[tuple[Article, list[Mention]]]]]:
    while pending and len(pending[0][1]) <= len(buffer):
        record, articles = pending.popleft()
        taken = buffer[: len(articles)]
        del buffer[: len(articles)]
        yield record, list(zip(articles, taken, strict=True))


_Analysed = tuple[FileRecord, list[tuple[Article, list[Mention]]]]
"""One file read and through NER: its record, each article with its mentions."""


@dataclass
class _Batch:
    """The files of one commit, gathered as Whoosh takes them."""

    known: set[str]
    seen: Callable[[FileRecord, list[tuple[Article, list[Mention]]]], None]
    files: list[_Analysed] = field(default_factory=list)
    articles: int = 0
    added: int = 0
    updated: int = 0
    started: float = field(default_factory=time.monotonic)

    def filled(self, source: Iterator[_Analysed]) -> Iterator[_Analysed]:
        """Files from ``source``, each recorded here as it is handed on, until full:
        never one more is taken from ``source`` than the batch holds."""
        for record, results in source:
            self.add(record, results)
            yield record, results
            if self.full():
                return

    def add(self, record: FileRecord, results: list[tuple[Article, list[Mention]]]) -> None:
        self.seen(record, results)
        self.files.append((record, results))
        self.articles += len(results)
        if record.path in self.known:
            self.updated += len(results)
        else:
            self.added += len(results)

    def full(self) -> bool:
        return self.articles >= BATCH_ARTICLES or time.monotonic() - self.started > BATCH_SECONDS
