"""Searchers are lent, kept between searches, never shared, and renewed after a commit."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from whoosh.searching import Searcher

from helpers import write
from newsdesk.index import layout
from newsdesk.index.whooshdb import WhooshIndex
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings

STORY = "Title: {}\nDate: 2021-05-01\nSource: Town Crier\n\n{}\n"


@pytest.fixture
def lib(tmp_path: Path, settings: Settings) -> Library:
    corpus = tmp_path / "corpus"
    write(corpus, "bridge.txt", STORY.format("Bridge reopens", "The old bridge reopened."))
    library = open_library(corpus, index_dir=tmp_path / "index", settings=settings)
    library.refresh()
    yield library  # type: ignore[misc]
    library.close()


def whoosh_of(lib: Library) -> WhooshIndex:
    live = layout.current_generation(lib.index_dir)
    assert live is not None
    return WhooshIndex.open(live / "whoosh")


def borrowed_in_thread(index: WhooshIndex) -> Searcher:
    """The searcher a fresh thread is lent, as each Textual thread worker is."""
    got: list[Searcher] = []

    def borrow() -> None:
        with index.searching() as searcher:
            got.append(searcher)

    worker = threading.Thread(target=borrow)
    worker.start()
    worker.join()
    return got[0]


def test_a_new_thread_reuses_the_searcher_the_last_one_gave_back(lib: Library) -> None:
    index = whoosh_of(lib)
    first = borrowed_in_thread(index)
    assert borrowed_in_thread(index) is first
    index.close()


def test_searchers_lent_at_the_same_time_are_different(lib: Library) -> None:
    index = whoosh_of(lib)
    with index.searching() as one, index.searching() as two:
        assert one is not two
    index.close()


def test_a_searcher_whose_block_raised_is_not_taken_back(lib: Library) -> None:
    index = whoosh_of(lib)
    with pytest.raises(RuntimeError), index.searching() as broken:
        raise RuntimeError("interrupted")
    with index.searching() as next_one:
        assert next_one is not broken
    index.close()


def test_forgetting_drops_spares_and_those_lent_now(lib: Library) -> None:
    index = whoosh_of(lib)
    spare = borrowed_in_thread(index)
    with index.searching() as lent:
        assert lent is spare
        index.forget_searchers()
    assert borrowed_in_thread(index) is not spare
    index.close()


def test_a_commit_by_another_writer_is_seen_by_the_next_search(
    lib: Library, tmp_path: Path
) -> None:
    assert lib.search("ferry").total == 0
    assert lib.corpus is not None
    write(lib.corpus, "ferry.txt", STORY.format("Ferry timetable", "Ferries sail hourly."))
    writer = open_library(lib.corpus, index_dir=lib.index_dir, settings=lib.settings)
    writer.refresh()
    writer.close()
    assert lib.search("ferry").total == 1


def test_the_first_search_uses_the_searcher_opening_checked_with(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening reads every segment (to find damage then); a command-line search opened
    them all a second time for its one query."""
    from whoosh.index import FileIndex

    opened: list[object] = []
    reader = FileIndex.reader

    def counting(self: FileIndex, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return reader(self, *args, **kwargs)

    monkeypatch.setattr(FileIndex, "reader", counting)
    index = whoosh_of(lib)
    hits = index.search("bridge", 10, 0, "relevance", 5.0, None)
    assert hits.total == 1
    assert len(opened) == 1
    index.close()
