"""Identical articles (the same text, case and spacing aside) are listed once, with how
many copies there are (issue #14 §4), in the archive list and in searches. A small
corpus of our own, indexed for real."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import write
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from pilot_helpers import SIZE, list_title, started, type_query

STORY = (
    "Title: {}\nDate: 2022-04-0{}\nSource: {}\n\n"
    "The Velmora ferry will run every hour from May, the harbour master said.\n\n"
    "Tickets stay at two euros.\n"
)
OTHER = (
    "Title: Lighthouse repainted\nDate: 2022-04-05\nSource: Town Crier\n\n"
    "The old lighthouse on the east quay is white again after a month of work.\n"
)


def corpus_with_copies(folder: Path) -> Path:
    write(folder, "wire/ferry.txt", STORY.format("Hourly ferries from May", 1, "Wire"))
    shouting = STORY.format("HOURLY FERRIES", 2, "Crier").replace("every hour", "EVERY  hour")
    write(folder, "crier/ferry.txt", shouting)
    write(folder, "post/ferry.txt", STORY.format("Ferries go hourly", 3, "Post"))
    write(folder, "crier/lighthouse.txt", OTHER)
    return folder


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[Library]:
    corpus = corpus_with_copies(tmp_path_factory.mktemp("copies"))
    lib = open_library(corpus, index_dir=tmp_path_factory.mktemp("copies-index"), settings=settings)
    lib.refresh()
    yield lib
    lib.close()


def test_copies_are_listed_once_with_their_count(copies: Library) -> None:
    rows = copies.list_articles(0, 10, fold_copies=True)
    assert copies.article_count(fold_copies=True) == len(rows) == 2
    ferry = next(row for row in rows if row.copies > 1)
    assert ferry.copies == 3
    assert next(row for row in rows if row is not ferry).copies == 1
    oldest = copies.list_articles(0, 10, "oldest", fold_copies=True)
    assert [r.id for r in oldest] == [r.id for r in rows][::-1]


def test_unfolded_every_article_counts(copies: Library) -> None:
    """Scripts and the index's own accounting still see each file's article."""
    assert copies.article_count() == len(copies.list_articles(0, 10)) == 4
    assert copies.dated_count() == 4
    assert copies.search("ferry").total == 3


def test_a_search_counts_and_lists_one_of_the_copies(copies: Library) -> None:
    result = copies.search("ferry", fold_copies=True)
    assert result.total == 1 and len(result.hits) == 1
    assert result.hits[0].summary.copies == 3
    assert copies.search("ferry OR lighthouse", sort="date", fold_copies=True).total == 2


def test_a_copy_edited_apart_is_its_own_article_again(copies: Library, tmp_path: Path) -> None:
    corpus = copies.corpus
    assert corpus is not None
    write(corpus, "post/ferry.txt", STORY.format("Ferries go hourly", 3, "Post") + "Updated.\n")
    try:
        copies.refresh()
        counts = sorted(row.copies for row in copies.list_articles(0, 10, fold_copies=True))
        assert counts == [1, 1, 2] and copies.article_count(fold_copies=True) == 3
    finally:
        write(corpus, "post/ferry.txt", STORY.format("Ferries go hourly", 3, "Post"))
        copies.refresh()
    assert copies.article_count(fold_copies=True) == 2


async def test_the_list_says_how_many_copies(copies: Library, settings: Settings) -> None:
    app = make_app(copies, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        assert list_title(screen).startswith("Articles 2 ·")
        rows = [articles.row_text(articles.row(i), 70, False).plain for i in range(2)]
        assert sum("  3 copies" in row for row in rows) == 1
        await type_query(pilot, "ferry")
        assert list_title(screen).startswith("Articles 1 of 2 ·")
        assert "  3 copies" in articles.row_text(articles.highlighted, 70, False).plain
