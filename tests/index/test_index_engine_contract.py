"""The search-engine contract (``newsdesk.index.engine``): what any engine must do.

Parametrised over engine kinds; today one, Whoosh on a real index on disk. A second
engine (a server engine, say) joins ``KINDS`` and must pass every test here unchanged.
The documents are few and built by hand, so every answer is known by construction.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.errors import IndexDamaged, QueryError, SearchCancelled
from newsdesk.index import whooshdb
from newsdesk.index.engine import EngineKind, SearchEngine, Stop, too_slow
from newsdesk.index.store import FileRecord
from newsdesk.index.whooshdb import WhooshIndex
from newsdesk.models import Article, ArticleFilter, Mention

KINDS: dict[str, EngineKind] = {"whoosh": WhooshIndex}
HANG_GUARD = 20.0
"""Seconds after which a busy ``stop`` gives up: only reached when the limit failed."""


def record(path: str) -> FileRecord:
    return FileRecord(path, 1, 1, "x")


def article(n: int, title: str, body: str, year: int) -> Article:
    return Article(id=f"a{n}", title=title, body=body, date=datetime(year, 6, 1, tzinfo=UTC))


ARCHIVE = [
    article(1, "Harbour ferry returns", "The ferry crossed the harbour at dawn.", 2019),
    article(2, "Council budget", "The council voted on the harbour budget.", 2021),
    article(3, "River school", "A school by the river reopened.", 2020),
    article(4, "Market day", "Ministers visited the market; the minister spoke.", 2022),
]
WHITLOCK = Mention(6, 14, "Whitlock", "PERSON", "dana-whitlock", "Dana Whitlock")
MAYOR = Article(id="m1", title="Mayor speaks", body="Mayor Whitlock opened the bridge.")


def fill(engine: SearchEngine) -> None:
    """One article per file, and one file holding the mayor with her entity mention."""
    files = [(record(f"/c/{a.id}.txt"), [(a, [])]) for a in ARCHIVE]
    engine.write_files([*files, (record("/c/mayor.txt"), [(MAYOR, [WHITLOCK])])])


@pytest.fixture(params=sorted(KINDS))
def kind(request: pytest.FixtureRequest) -> EngineKind:
    return KINDS[request.param]


@pytest.fixture
def engine(kind: EngineKind, tmp_path: Path) -> Iterator[SearchEngine]:
    built = kind.create(tmp_path / "engine")
    fill(built)
    yield built
    built.close()


def ids(engine: SearchEngine, text: str, **kwargs: object) -> list[str]:
    options: dict[str, object] = {"limit": 10, "offset": 0, "sort": "relevance"}
    options.update(kwargs)
    hits = engine.search(text, seconds=10, stop=None, **options)  # type: ignore[arg-type]
    return [doc_id for doc_id, _ in hits.page]


# --- indexing ---------------------------------------------------------------
def test_written_documents_are_counted_and_found(engine: SearchEngine) -> None:
    assert engine.doc_count() == 5
    assert sorted(ids(engine, "harbour")) == ["a1", "a2"]


def test_rewriting_a_file_replaces_its_documents(engine: SearchEngine) -> None:
    fresh = article(1, "Harbour bridge", "The bridge over the harbour.", 2019)
    engine.write_files([(record("/c/a1.txt"), [(fresh, [])])])
    assert ids(engine, "ferry") == [] and ids(engine, "bridge harbour") == ["a1"]
    assert engine.doc_count() == 5


def test_deleted_files_are_no_longer_found(engine: SearchEngine) -> None:
    engine.delete_paths(["/c/a1.txt", "/c/a2.txt"])
    assert ids(engine, "harbour") == [] and engine.doc_count() == 3


def test_stray_paths_are_those_the_manifest_lacks(engine: SearchEngine) -> None:
    known = {f"/c/{a.id}.txt" for a in ARCHIVE}
    assert engine.stray_paths(known) == ["/c/mayor.txt"]
    engine.delete_paths(["/c/mayor.txt"])
    assert engine.stray_paths(known) == []


def test_a_second_handle_sees_commits_after_forgetting(kind: EngineKind, tmp_path: Path) -> None:
    """Another process indexing: the reader's handle sees its commit once told to."""
    reader = kind.create(tmp_path / "shared")
    fill(reader)
    writer = kind.open(tmp_path / "shared")
    writer.delete_paths(["/c/a1.txt"])
    writer.close()
    reader.forget_searchers()
    assert ids(reader, "harbour") == ["a2"]
    reader.close()


# --- searching --------------------------------------------------------------
def test_totals_are_exact_and_pages_are_slices(engine: SearchEngine) -> None:
    everything = engine.search("harbour OR river OR market OR bridge", 10, 0, "relevance", 10, None)
    page = engine.search("harbour OR river OR market OR bridge", 2, 1, "relevance", 10, None)
    assert everything.total == page.total == 5
    assert page.page == everything.page[1:3]


QUERIES = ["harbour", "harbour OR river OR market OR bridge", "harb* date:>2020", "date:2021"]


@pytest.fixture(params=[0, 10**9], ids=["pruned", "exact-at-once"])
def pruning(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoosh prunes only queries estimated over ``PRUNE_ABOVE`` matches: both ways."""
    monkeypatch.setattr(whooshdb, "PRUNE_ABOVE", request.param)


@pytest.mark.usefixtures("pruning")
@pytest.mark.parametrize("text", QUERIES)
def test_a_first_page_is_the_searched_page(engine: SearchEngine, text: str) -> None:
    """The reader paints ``first_page`` before the exact count: the same hits in the same
    order; its total exact when it says so, else no less than the page it holds."""
    for limit in (1, 2, 10):
        exact = engine.search(text, limit, 0, "relevance", 10, None)
        first = engine.first_page(text, limit, 10, None)
        assert [i for i, _ in first.page] == [i for i, _ in exact.page]
        assert first.terms == exact.terms
        if first.exact:
            assert first.total == exact.total
        else:
            assert first.total >= len(first.page) == limit


@pytest.mark.parametrize("text", [*QUERIES, "", "harbour NOT river", '"harbour city"'])
def test_a_count_is_the_searched_total(engine: SearchEngine, text: str) -> None:
    """The reader's second phase counts without scoring: the total ``search`` gives,
    with and without a filter of ids."""
    assert engine.count(text, 10, None) == engine.search(text, 1, 0, "relevance", 10, None).total
    some = ArticleFilter(keep=frozenset({"a1", "a2", "a4"}), drop=frozenset({"a2"}))
    searched = engine.search(text, 1, 0, "relevance", 10, None, some).total
    assert engine.count(text, 10, None, some) == searched
    assert engine.count(text, 10, None, ArticleFilter(keep=frozenset())) == 0


def test_a_count_is_bounded_and_stoppable(engine: SearchEngine) -> None:
    with pytest.raises(SearchCancelled):
        engine.count("harbour", 10, stop=lambda: True)
    with pytest.raises(QueryError, match="cannot read the date"):
        engine.count("date:notadate", 10, None)


def test_a_first_page_of_fewer_hits_than_asked_is_exact(engine: SearchEngine) -> None:
    first = engine.first_page("harbour OR river", 10, 10, None)
    assert first.exact and first.total == 3


def test_a_first_page_is_bounded_and_stoppable(engine: SearchEngine) -> None:
    with pytest.raises(SearchCancelled):
        engine.first_page("harbour", 10, 10, stop=lambda: True)
    with pytest.raises(QueryError, match="cannot read the date"):
        engine.first_page("date:notadate", 10, 10, None)
    assert engine.first_page("date:[1901 to 1902] harbour", 10, 10, None).total == 0


def test_date_sort_is_newest_first_and_undated_last(engine: SearchEngine) -> None:
    assert ids(engine, "harbour OR river OR market OR bridge", sort="date") == [
        "a4",
        "a2",
        "a3",
        "a1",
        "m1",
    ]


def test_a_filter_of_ids_narrows_pages_and_totals(engine: SearchEngine) -> None:
    """The user's marks reach the engine as ids to keep to or keep from (``is:starred``,
    ``is:unread``): totals stay exact, and empty text lists what the filter lets by."""
    keep = ArticleFilter(keep=frozenset({"a2", "a3", "gone"}))
    assert ids(engine, "harbour", only=keep) == ["a2"]
    drop = ArticleFilter(drop=frozenset({"a1"}))
    found = engine.search("harbour OR school", 10, 0, "relevance", 10, None, drop)
    assert found.total == 2
    assert sorted(doc for doc, _ in found.page) == ["a2", "a3"]
    assert ids(engine, "", only=keep, sort="date") == ["a2", "a3"]
    assert ids(engine, "", only=ArticleFilter(drop=frozenset({"a4", "m1"})), sort="date") == [
        "a2", "a3", "a1",
    ]  # fmt: skip
    assert (
        engine.search("harbour", 10, 0, "relevance", 10, None, ArticleFilter(frozenset())).total
        == 0
    )
    both = ArticleFilter(keep=frozenset({"a1", "a2"}), drop=frozenset({"a1"}))
    assert ids(engine, "harbour", only=both) == ["a2"]


def test_oldest_first_keeps_undated_last(engine: SearchEngine) -> None:
    query = "harbour OR river OR market OR bridge"
    assert ids(engine, query, sort="oldest") == ["a1", "a3", "a2", "a4", "m1"]
    page = engine.search(query, 2, 3, "oldest", 10, None).page
    assert [doc_id for doc_id, _ in page] == ["a4", "m1"]


def test_a_filter_follows_documents_that_were_rewritten(engine: SearchEngine) -> None:
    """The same ids after a commit moved their documents: still the same articles."""
    keep = ArticleFilter(keep=frozenset({"a1"}), drop=frozenset({"a2"}))
    assert ids(engine, "harbour", only=keep) == ["a1"]
    engine.write_files(
        [(record("/c/a1.txt"), [(article(1, "Harbour again", "harbour", 2019), [])])]
    )
    engine.write_files([(record("/c/a3.txt"), [(article(3, "River", "harbour river", 2020), [])])])
    engine.forget_searchers()
    assert ids(engine, "harbour", only=keep) == ["a1"]
    assert sorted(ids(engine, "harbour", only=ArticleFilter(drop=frozenset({"a2"})))) == [
        "a1",
        "a3",
    ]


def test_scores_rank_relevance(engine: SearchEngine) -> None:
    hits = engine.search("harbour", 10, 0, "relevance", 10, None)
    scores = [score for _, score in hits.page]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)


def test_fields_entities_and_dates_are_searchable(engine: SearchEngine) -> None:
    assert ids(engine, "person:whitlock") == ["m1"]
    assert ids(engine, "title:budget") == ["a2"]
    assert sorted(ids(engine, "date:[2020 to 2021]")) == ["a2", "a3"]


def test_terms_are_the_stems_matched_wildcards_expanded_not_excluded(
    engine: SearchEngine,
) -> None:
    assert engine.search("harb* -river", 10, 0, "relevance", 10, None).terms == {"harbour"}
    assert engine.terms("ministers NOT ferry", 10) == {"minist"}


def test_the_marker_picks_the_words_that_meet_the_terms(engine: SearchEngine) -> None:
    matches = engine.marker(engine.terms("minister", 10))
    assert all(matches(w) for w in ("Ministers", "minister", "MINISTER"))
    assert not matches("ferry")


def test_corrections_respell_only_unknown_words(engine: SearchEngine) -> None:
    fixes = engine.corrections(["harbur", "ferry", "council"], 10)
    assert fixes == {"harbur": "harbour"}
    assert engine.corrections(["harbur"], 0) == {}, "no time left: no hint"


# --- refusing -----------------------------------------------------------------
def test_an_unreadable_date_is_told_before_any_index(
    kind: EngineKind, engine: SearchEngine
) -> None:
    with pytest.raises(QueryError, match="cannot read the date"):
        kind.validate("date:notadate")
    with pytest.raises(QueryError, match="cannot read the date"):
        engine.search("date:notadate", 10, 0, "relevance", 10, None)


def test_a_stopped_search_is_cancelled(engine: SearchEngine) -> None:
    with pytest.raises(SearchCancelled):
        engine.search("harbour", 10, 0, "relevance", 10, stop=lambda: True)


def _busy_until_interrupted() -> None:
    started = time.monotonic()
    while time.monotonic() - started < HANG_GUARD:
        pass


def in_this_thread(hook: Callable[[], object]) -> Stop:
    """A ``stop`` that runs ``hook`` (work injected into the search) when asked from the
    searching thread, and says no at once when an engine's watcher thread asks."""
    searching = threading.get_ident()

    def stop() -> bool:
        if threading.get_ident() == searching:
            hook()
        return False

    return stop


def test_a_search_past_its_limit_says_so_in_the_one_message(engine: SearchEngine) -> None:
    """``stop`` spins until the limit interrupts it: only the limit can end this search."""

    spin = in_this_thread(_busy_until_interrupted)

    with pytest.raises(QueryError) as raised:
        engine.search("harbour", 10, 0, "relevance", 0.2, stop=spin)
    assert str(raised.value) == str(too_slow(0.2))


def test_the_limit_holds_when_its_first_interruption_is_swallowed(engine: SearchEngine) -> None:
    """An interruption can be lost (raised inside a garbage-collector callback, Python
    drops it; a library may catch everything): the limit must still end the search."""

    def careless() -> None:
        with contextlib.suppress(BaseException):  # what a careless callee might do
            _busy_until_interrupted()
        _busy_until_interrupted()

    swallow_once = in_this_thread(careless)

    started = time.monotonic()
    with pytest.raises(QueryError, match="took over"):
        engine.search("harbour", 10, 0, "relevance", 0.2, stop=swallow_once)
    assert time.monotonic() - started < HANG_GUARD, "only the hang guard ended it"


def test_opening_a_damaged_index_says_so(kind: EngineKind, tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    kind.create(folder).close()
    for part in folder.iterdir():
        part.write_bytes(b"\0garbage")
    with pytest.raises(IndexDamaged, match="rebuild"):
        kind.open(folder)


def test_opening_a_missing_index_says_so(kind: EngineKind, tmp_path: Path) -> None:
    with pytest.raises(IndexDamaged):
        kind.open(tmp_path / "never-built")
