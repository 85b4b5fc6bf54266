"""How matches are collected: totals are exact, and a search stops when told to.

Totals: every matching article is counted, however the top page was found.

Whoosh's top-N collector skips documents that cannot reach the page (it swaps in a
cheaper matcher once the page's lowest score rises) and then reports the documents it
saw as the total: short for date ranges and ``NOT``. These build an index where that
happens and compare every total with a plain count of the matches.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from newsdesk.errors import SearchCancelled
from newsdesk.index.store import FileRecord
from newsdesk.index.whoosh_query import QueryParser, StoppableCollector, collect, plan
from newsdesk.index.whooshdb import WhooshIndex
from newsdesk.models import Article

WORDS = ["harbour", "ferry", "council", "bridge", "river", "market", "school", "budget"]


def story(n: int, rng: random.Random) -> Article:
    """Lengths and word counts vary a lot between articles, and titles share the words,
    so scores spread and Whoosh's pruning kicks in."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(5, 300))]
    words += ["harbour"] * rng.choice([0, 0, 1, 2, 8, 30])
    rng.shuffle(words)
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
    date = datetime(2019 + n % 4, 1 + n % 12, 1 + n % 28, tzinfo=UTC)
    return Article(id=f"a{n}", title=title, body=" ".join(words), date=date)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> WhooshIndex:
    folder: Path = tmp_path_factory.mktemp("whoosh")
    built = WhooshIndex.create(folder)
    rng = random.Random(7)
    files = [(FileRecord(f"/n/{n}.txt", 1, 1, "x"), [(story(n, rng), [])]) for n in range(3000)]
    for start in range(0, len(files), 500):
        built.write_files(files[start : start + 500])
    return built


def exact_and_reported(index: WhooshIndex, text: str, limit: int) -> tuple[int, int]:
    """A plain count of the planned query's documents (its date filter applied), and the
    total the engine reports: through ``collect`` and the cached date filter."""
    with index.searching() as searcher:
        planned = plan(QueryParser().parse(text).query, searcher.schema)
        found = set(searcher.docs_for_query(planned.query))
        if planned.dates is not None:
            found &= set(searcher.docs_for_query(planned.dates))
    return len(found), index.search(text, limit, 0, "relevance", 10, None).total


@pytest.mark.parametrize(
    "text",
    [
        "harbour date:2021",
        "harbour date:[2019-06 to 2020-06]",
        "river NOT harbour",
        "market -harbour",
        "harbour OR river",
        "harb*",
        '"harbour ferry"',
    ],
)
def test_the_total_counts_every_match(index: WhooshIndex, text: str) -> None:
    exact, reported = exact_and_reported(index, text, limit=5)
    assert exact > 5, "the query must match more than one page to test anything"
    assert reported == exact


@hsettings(max_examples=40, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
    joiner=st.sampled_from([" ", " OR ", " NOT ", " AND "]),
    year=st.one_of(st.none(), st.integers(2019, 2022)),
    limit=st.integers(1, 50),
)
def test_any_combination_reports_the_exact_total(
    index: WhooshIndex, words: list[str], joiner: str, year: int | None, limit: int
) -> None:
    text = joiner.join(words) + (f" date:{year}" if year else "")
    exact, reported = exact_and_reported(index, text, limit)
    assert reported == exact


def test_a_search_stops_soon_after_it_is_told_to(index: WhooshIndex) -> None:
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 3

    query = QueryParser().parse("harbour OR river").query
    with index.searching() as searcher, pytest.raises(SearchCancelled):
        collect(searcher, query, 10, None, stop=stop)
    assert len(asked) == 4, "asked before starting, then every few matches until told"


def test_a_search_told_to_stop_before_it_starts_does_not_run(index: WhooshIndex) -> None:
    query = QueryParser().parse("harbour").query
    with index.searching() as searcher, pytest.raises(SearchCancelled):
        collect(searcher, query, 10, None, stop=lambda: True)


def test_a_search_never_told_to_stop_finishes(index: WhooshIndex) -> None:
    query = QueryParser().parse("harbour OR river").query
    with index.searching() as searcher:
        exact = sum(1 for _ in searcher.docs_for_query(query))
        assert exact > 10 * StoppableCollector.EVERY
        assert len(collect(searcher, query, 10, None, stop=lambda: False)) == exact
