"""Concurrent use: reading while another process indexes, and two indexers at once.

The reader (a ``Library``, as the TUI holds one) keeps answering while a child process
runs ``newsdesk index`` on the same index, from several threads; what the writer
commits becomes visible batch by batch in the same ``Library``, and a rebuild's new
generation replaces the old one under it. A second indexer is told, in one line, that
the index is busy, and exits at once.
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsdesk.errors import IndexBusy
from newsdesk.index import layout
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings
from reliability_helpers import (
    FakeRecognizer,
    child_env,
    expected_ids,
    harness_command,
    make_corpus,
    run,
    start,
    wait_for,
)

pytestmark = pytest.mark.slow  # real processes: `-m 'not slow'` skips them for a quick pass

FIRST, ADDED, BATCH = 100, 100, 20


@pytest.fixture
def indexed(tmp_path: Path, settings: Settings) -> tuple[Path, Path]:
    """A corpus of ``FIRST`` articles, indexed; then ``ADDED`` more written, not indexed."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, FIRST)
    library = open_library(corpus, index_dir=index_dir, settings=settings)
    library.refresh(recognizer=FakeRecognizer())
    library.close()
    make_corpus(corpus, ADDED, start=FIRST)
    return corpus, index_dir


def writer(
    corpus: Path, index_dir: Path, home: Path, *extra: str, slow: float = 0.01
) -> subprocess.Popen[str]:
    """``newsdesk index`` in a child, slowed so reads surely overlap its batches."""
    cmd = harness_command("--index", str(index_dir), "index", str(corpus), *extra,
                          batch=BATCH, slow=slow)  # fmt: skip
    return start(cmd, child_env(home))


def holds_lock(index_dir: Path, pid: int) -> Callable[[], bool]:
    def check() -> bool:
        try:
            return (index_dir / layout.LOCK).read_text().strip() == str(pid)
        except OSError:
            return False

    return check


class Reader:
    """Threads reading through one Library until stopped, recording what they saw."""

    def __init__(self, library: Library, threads: int = 3) -> None:
        self.library = library
        self.counts: list[int] = []
        self.errors: list[BaseException] = []
        self.slowest = 0.0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._loop, daemon=True) for _ in range(threads)]

    def __enter__(self) -> Reader:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)
        assert not any(t.is_alive() for t in self._threads), "a reader hung"

    def _loop(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                self._read_once()
            except BaseException as exc:  # the test fails on any of these
                self.errors.append(exc)
                return
            self.slowest = max(self.slowest, time.monotonic() - started)

    def _read_once(self) -> None:
        total = self.library.search("story", limit=5).total
        listed = self.library.list_articles(limit=5)
        count = self.library.article_count()
        assert listed and total >= FIRST and count >= FIRST, (total, count)
        article = self.library.get_article(listed[0].id)
        assert article is not None and article.id == listed[0].id, "a listed article vanished"
        self.library.entity_articles("maria lopez", limit=5)
        self.counts.append(count)


def test_reads_continue_while_another_process_indexes(
    indexed: tuple[Path, Path], tmp_path: Path, settings: Settings
) -> None:
    corpus, index_dir = indexed
    library = open_library(corpus, index_dir=index_dir, settings=settings)
    try:
        assert library.search("uniq150x").total == 0
        child = writer(corpus, index_dir, tmp_path / "home")
        with Reader(library) as reader:
            _, err = child.communicate(timeout=60)
            time.sleep(0.2)
        assert child.returncode == 0, err
        assert not reader.errors, reader.errors
        assert reader.slowest < 5, f"a read took {reader.slowest:.1f} s during indexing"
        seen = sorted(set(reader.counts))
        assert any(FIRST < c < FIRST + ADDED for c in seen), f"no batch seen mid-run: {seen}"
        assert library.article_count() == FIRST + ADDED
        assert library.search("uniq150x").total == 1, "new articles not visible after commit"
        assert library.search("story").total == FIRST + ADDED
    finally:
        library.close()


def test_reads_continue_across_a_rebuild_and_see_the_new_generation(
    indexed: tuple[Path, Path], tmp_path: Path, settings: Settings
) -> None:
    corpus, index_dir = indexed
    old = layout.current_generation(index_dir)
    library = open_library(corpus, index_dir=index_dir, settings=settings)
    try:
        assert library.article_count() == FIRST
        child = writer(corpus, index_dir, tmp_path / "home", "--rebuild")
        with Reader(library) as reader:
            _, err = child.communicate(timeout=60)
            time.sleep(0.2)
        assert child.returncode == 0, err
        assert not reader.errors, reader.errors
        assert min(reader.counts) == FIRST, "the old generation stopped answering"
        assert old is not None and layout.current_generation(index_dir) != old
        assert not old.exists()
        assert library.article_count() == FIRST + ADDED
        assert library.search("uniq199x").total == 1
        assert {s.id for s in library.list_articles(limit=1000)} == expected_ids(corpus)
    finally:
        library.close()


def test_a_second_indexer_says_why_and_exits_at_once(
    indexed: tuple[Path, Path], tmp_path: Path, settings: Settings
) -> None:
    corpus, index_dir = indexed
    home = tmp_path / "home"
    first = writer(corpus, index_dir, home, slow=0.05)  # holds the lock for 5 s or more
    try:
        assert wait_for(holds_lock(index_dir, first.pid), timeout=30)
        started = time.monotonic()
        second = run(harness_command("--index", str(index_dir), "index", str(corpus)),
                     child_env(home), timeout=30)  # fmt: skip
        assert first.poll() is None, "the first indexer finished too soon to test anything"
        assert time.monotonic() - started < 15
        assert second.returncode == 1 and second.stdout == ""
        assert second.stderr.count("\n") == 1 and "Traceback" not in second.stderr
        assert re.search(rf"another newsdesk is indexing .*\(pid {first.pid}\)", second.stderr)
        library = open_library(corpus, index_dir=index_dir, settings=settings)
        try:
            with pytest.raises(IndexBusy, match=str(first.pid)):
                library.refresh(recognizer=FakeRecognizer())
        finally:
            library.close()
        _, err = first.communicate(timeout=60)
        assert first.returncode == 0, err
    finally:
        first.kill()
        first.communicate()
    assert open_library(corpus, index_dir=index_dir, settings=settings).article_count() == (
        FIRST + ADDED
    )
