"""Every query operator against a small corpus whose answers we know by construction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from helpers import write
from newsdesk import search
from newsdesk.errors import QueryError, SearchCancelled
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings

ARTICLES = {
    "harbour.txt": (
        "Harbour flood defences approved",
        "2021-03-02",
        "City Post",
        "Mara Olsen",
        "flood, city",
        "The council approved new flood barriers for the harbour district. "
        "Mayor Lena Brandt said the barriers would protect three thousand homes.",
    ),
    "pipeline.txt": (
        "Gas pipeline reaches full capacity",
        "2021-06-20",
        "Energy Ledger",
        "Tom Reyes",
        "energy",
        "The pipeline carried record volumes of gas to southern Europe. "
        "Engineers in Baku monitored the flows through the night.",
    ),
    "summit.txt": (
        "Leaders meet in Baku for a summit",
        "2021-06-15",
        "Caucasus Wire",
        "Ana Petrova",
        "diplomacy",
        "Presidents met in Baku to sign a military cooperation pact. "
        "The signing ceremony followed a private meeting.",
    ),
    "rocket.txt": (
        "Rocket launch delayed by winds",
        "2020-11-10",
        "Orbit Daily",
        "Sam Ito",
        "space",
        "High winds delayed the rocket launch by a day. "
        "The satellite will relay television signals across the region.",
    ),
    "market.txt": (
        "Harbour market reopens after repairs",
        "2022-01-05",
        "City Post",
        "Mara Olsen",
        "city",
        "Traders returned to the harbour market, which had been closed for repairs "
        "since the storm. Stalls sold fish and flowers.",
    ),
}


def _text(title: str, date: str, source: str, author: str, tags: str, body: str) -> str:
    head = f"Title: {title}\nDate: {date}\nSource: {source}\nAuthor: {author}\nTags: {tags}\n"
    return f"{head}\n{body}\n"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[Library]:
    corpus = tmp_path_factory.mktemp("small")
    for name, fields in ARTICLES.items():
        write(corpus, name, _text(*fields))
    lib = open_library(corpus, index_dir=tmp_path_factory.mktemp("small-index"), settings=settings)
    lib.refresh()
    yield lib
    lib.close()


def titles(lib: Library, query: str, **kw: object) -> set[str]:
    return {h.summary.title for h in lib.search(query, **kw).hits}  # type: ignore[arg-type]


def stems(*names: str) -> set[str]:
    return {ARTICLES[n][0] for n in names}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("harbour", ("harbour.txt", "market.txt")),
        ("harbour flood", ("harbour.txt",)),
        ("harbour AND market", ("market.txt",)),
        ("flood OR rocket", ("harbour.txt", "rocket.txt")),
        ("harbour NOT flood", ("market.txt",)),
        ("harbour -flood", ("market.txt",)),
        ('"military cooperation pact"', ("summit.txt",)),
        ('"cooperation military"', ()),
        ("Baku", ("pipeline.txt", "summit.txt")),
        ("title:baku", ("summit.txt",)),
        ('source:"city post"', ("harbour.txt", "market.txt")),
        ("source:orbit", ("rocket.txt",)),
        ("author:olsen", ("harbour.txt", "market.txt")),
        ("tag:energy", ("pipeline.txt",)),
        ("tags:space", ("rocket.txt",)),
        ("date:2021", ("harbour.txt", "pipeline.txt", "summit.txt")),
        ("date:2021-06", ("pipeline.txt", "summit.txt")),
        ("date:[2020-11 to 2021-03]", ("rocket.txt", "harbour.txt")),
        ("date:>2021-06-16", ("pipeline.txt", "market.txt")),
        ("date:<2021-01-01", ("rocket.txt",)),
        ("pipe*", ("pipeline.txt",)),
        ("satelite~", ("rocket.txt",)),
        ("launches", ("rocket.txt",)),
        ("person:brandt", ("harbour.txt",)),
        ("place:baku", ("pipeline.txt", "summit.txt")),
    ],
)
def test_operator_finds_expected_articles(
    small: Library, query: str, expected: tuple[str, ...]
) -> None:
    assert titles(small, query, limit=20) == stems(*expected)


def test_total_counts_every_match_not_just_the_page(small: Library) -> None:
    result = small.search("the", limit=1)
    assert result.total == 0  # a lone stop word matches nothing rather than everything
    result = small.search("harbour OR baku OR rocket", limit=1)
    assert result.total == 5
    assert len(result.hits) == 1


def test_title_outranks_body(small: Library) -> None:
    hits = small.search("baku").hits
    assert hits[0].summary.title == ARTICLES["summit.txt"][0]


def test_sort_by_date_is_newest_first(small: Library) -> None:
    hits = small.search("harbour OR baku", sort="date").hits
    dates = [h.summary.date for h in hits]
    assert dates == sorted(dates, reverse=True)


def test_snippet_marks_the_matched_words(small: Library) -> None:
    hit = small.search("barriers").hits[0]
    marked = {hit.snippet[a:b].lower() for a, b in hit.marks}
    assert marked == {"barriers"}


def test_title_marks(small: Library) -> None:
    hit = small.search("rocket").hits[0]
    assert [hit.summary.title[a:b] for a, b in hit.title_marks] == ["Rocket"]


def test_did_you_mean(small: Library) -> None:
    result = small.search("harbuor")
    assert result.total == 0
    assert result.suggestion == "harbour"
    assert small.search("Harbuor").suggestion == "Harbour"


def test_no_suggestion_when_the_query_finds_plenty(small: Library) -> None:
    assert small.search("harbour OR baku OR rocket").suggestion is None


def test_match_spans_in_body(small: Library) -> None:
    hit = small.search("flood").hits[0]
    article = small.get_article(hit.summary.id)
    assert article is not None
    words = {article.body[a:b].lower() for a, b in small.match_spans(article.id, "flood")}
    assert words == {"flood"}


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ('"unclosed', "unclosed quote"),
        ("(harbour OR flood", "unbalanced brackets"),
        ("colour:red", 'unknown field "colour:"'),
        ("date:yesterdayish", "cannot read the date"),
        ("   ", "empty query"),
    ],
)
def test_bad_query_gives_one_line(small: Library, query: str, fragment: str) -> None:
    with pytest.raises(QueryError) as err:
        small.search(query)
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


@hsettings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_any_string_either_runs_or_raises_query_error(small: Library, text: str) -> None:
    try:
        result = small.search(text)
    except QueryError as exc:
        assert "\n" not in str(exc)
    else:
        assert result.total >= len(result.hits)


@hsettings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "harbour",
                "AND",
                "OR",
                "NOT",
                '"',
                "(",
                ")",
                "date:",
                "2021",
                "-",
                "title:",
                "*",
                "~",
                "[",
                "]",
                "to",
                ">",
                "person:",
                "x",
            ]
        ),
        max_size=8,
    )
)
def test_operator_soup_never_escapes_the_error_path(small: Library, parts: list[str]) -> None:
    with contextlib.suppress(QueryError):
        small.search(" ".join(parts))


def test_search_before_any_index_says_not_indexed(tmp_path: Path, settings: Settings) -> None:
    """Not an empty answer: "0 articles match" would hide that nothing was indexed."""
    from newsdesk.errors import NotIndexed

    lib = open_library(tmp_path, index_dir=tmp_path / "idx", settings=settings)
    for ask in (lambda: lib.search("anything"), lib.article_count, lib.list_articles):
        with pytest.raises(NotIndexed, match=f"run newsdesk index {tmp_path}"):
            ask()


@pytest.mark.parametrize("query", ['"unclosed', "colour:red", "date:yesterdayish", " "])
def test_a_bad_query_is_told_before_any_index(
    tmp_path: Path, settings: Settings, query: str
) -> None:
    """Without an index there is no engine open; the query is still read, not ignored."""
    lib = open_library(tmp_path, index_dir=tmp_path / "idx", settings=settings)
    with pytest.raises(QueryError):
        lib.search(query)


def test_respelling_keeps_operators_fields_and_the_typed_case() -> None:
    """The engine-neutral half of a suggestion: which words are offered to the engine's
    corrector, and how its folded answers are written back."""
    text = 'Harbuor OR title:rokcet NOT "HARBUOR" ferr*'
    assert search.plain_words(text) == ["Harbuor", "HARBUOR"]
    fixes = {"Harbuor": "harbour", "HARBUOR": "harbour"}
    assert search.respell(text, fixes) == 'Harbour OR title:rokcet NOT "HARBOUR" ferr*'
    assert search.respell(text, {}) is None


def test_a_cancelled_search_is_neither_an_error_nor_damage(small: Library) -> None:
    """The reader cancels a search the next keystroke replaced: it must surface as
    ``SearchCancelled``, not be retried, reported as a bad query or as a damaged index."""
    with pytest.raises(SearchCancelled):
        small.search("harbour", stop=lambda: True)
    assert small.search("harbour", stop=lambda: False).total > 0


def test_a_search_without_snippets_marks_no_title_and_finds_the_same(small: Library) -> None:
    """The reader's list marks the titles it draws; the library does not do it twice."""
    full, bare = small.search("rocket"), small.search("rocket", snippets=False)
    assert [h.summary.id for h in bare.hits] == [h.summary.id for h in full.hits]
    assert all(h.title_marks == () and h.snippet == "" for h in bare.hits)
