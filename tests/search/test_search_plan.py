"""How a query is planned for the index's fields (issue #15, step 1): the same matches
as the plain Whoosh query, found faster.

* ``dor*`` reads one term of a field of word beginnings instead of expanding over the
  vocabulary: every prefix of every indexed word of the samples, and random archives
  (hypothesis), match exactly the documents Whoosh's ``Prefix`` expansion matches.
* Dates are day numbers: every form of date query matches the articles whose day lies
  in the range, as counted from the store.
* Date clauses beside words become a filter, cached per index generation: the same
  totals as both searched apart; a new commit is seen; an empty range finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq
from whoosh.searching import Searcher

from newsdesk.index import layout
from newsdesk.index.generation import WHOOSH_DIR
from newsdesk.index.schema import PREFIX_MAX, PREFIX_MIN, PREFIXED
from newsdesk.index.store import FileRecord
from newsdesk.index.whoosh_query import QueryParser, plan
from newsdesk.index.whooshdb import FilterCache, WhooshIndex
from newsdesk.library import Library
from newsdesk.models import Article


@pytest.fixture(scope="module")
def samples(library: Library) -> Iterator[WhooshIndex]:
    """The samples' real index, opened on its own (read only)."""
    generation = layout.live_generation(library.index_dir)
    assert generation is not None
    engine = WhooshIndex.open(generation / WHOOSH_DIR)
    yield engine
    engine.close()


def docs(searcher: Searcher, q: wq.Query) -> set[int]:
    return set(searcher.docs_for_query(q))


def planned_docs(searcher: Searcher, text: str) -> set[int]:
    """The documents newsdesk's plan of ``text`` matches (its date filter applied)."""
    planned = plan(QueryParser().parse(text).query, searcher.schema)
    found = docs(searcher, planned.query)
    return found if planned.dates is None else found & docs(searcher, planned.dates)


# --- prefixes --------------------------------------------------------------------------
def word_prefixes(searcher: Searcher, field: str) -> set[str]:
    reader = searcher.reader()
    words = [t.decode() for t in reader.lexicon(field)]
    return {w[:n] for w in words for n in range(PREFIX_MIN, PREFIX_MAX + 1) if len(w) >= n}


def test_every_prefix_of_the_samples_matches_what_expansion_matches(
    samples: WhooshIndex,
) -> None:
    with samples.searching() as searcher:
        for field in PREFIXED:
            prefixes = word_prefixes(searcher, field)
            assert len(prefixes) > 500  # the samples' real vocabulary
            for prefix in prefixes:
                planned = plan(wq.Prefix(field, prefix), searcher.schema).query
                assert isinstance(planned, wq.ConstantScoreQuery)
                assert docs(searcher, planned) == docs(searcher, wq.Prefix(field, prefix)), prefix


def test_a_typed_wildcard_totals_as_before(samples: WhooshIndex) -> None:
    """Through the engine, as the user types it: the totals of the query as parsed
    (the parser stems a prefix: ``bey*`` looks for ``bei``), expanded by Whoosh."""
    with samples.searching() as searcher:
        for prefix in sorted(word_prefixes(searcher, "body"))[::40]:
            expanded = QueryParser().parse(f"{prefix}*").query
            found = samples.search(f"{prefix}*", 5, 0, "relevance", 10, None)
            assert found.total == len(docs(searcher, expanded)), prefix


def test_longer_prefixes_are_still_expanded(samples: WhooshIndex) -> None:
    with samples.searching() as searcher:
        long = "x" * (PREFIX_MAX + 1)
        assert plan(wq.Prefix("body", long), searcher.schema).query == wq.Prefix("body", long)


WORDS = st.text(alphabet="abcdé", min_size=1, max_size=7)
TEXTS = st.lists(st.lists(WORDS, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=8)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=TEXTS, prefix=st.text(alphabet="abcde", min_size=1, max_size=PREFIX_MAX))
def test_prefix_field_matches_expansion_on_random_archives(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], prefix: str
) -> None:
    """Stemming, accents, stop words and short words included: the field is built from
    the very terms the text field indexes."""
    engine = WhooshIndex.create(tmp_path_factory.mktemp("prefixes"))
    try:
        articles = [(Article(id=f"a{i}", title=t[:9], body=t), []) for i, t in enumerate(texts)]
        engine.write_files([(FileRecord("/c/a.txt", 1, 1, "x"), articles)])
        with engine.searching() as searcher:
            for field in PREFIXED:
                parsed = QueryParser().parse(f"{field}:{prefix}*").query
                assert planned_docs(searcher, f"{field}:{prefix}*") == docs(searcher, parsed)
    finally:
        engine.close()


# --- dates ----------------------------------------------------------------------------
def day_of(when: datetime) -> date:
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC).date()


@pytest.fixture(scope="module")
def dated(library: Library) -> dict[str, date]:
    """Each sample article's day, from the store: the truth date queries are held to."""
    rows = library.list_articles(0, 10_000)
    found = {row.id: day_of(row.date) for row in rows if row.date is not None}
    assert len(found) > 20
    return found


def ids(library: Library, text: str) -> set[str]:
    return {hit.summary.id for hit in library.search(text, limit=10_000, snippets=False).hits}


def within(days: dict[str, date], first: date | None, last: date | None) -> set[str]:
    return {
        i for i, d in days.items() if (first is None or d >= first) and (last is None or d <= last)
    }


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_date_ranges_match_the_articles_of_those_days(
    library: Library, dated: dict[str, date], data: st.DataObject
) -> None:
    days = sorted(set(dated.values()))
    pick = st.sampled_from([*days, days[0] - timedelta(days=3), days[-1] + timedelta(days=3)])
    a, b = sorted([data.draw(pick), data.draw(pick)])
    assert ids(library, f"date:[{a} to {b}]") == within(dated, a, b)
    assert ids(library, f"date:>{a}") == within(dated, a, None)
    assert ids(library, f"date:<{b}") == within(dated, None, b)
    assert ids(library, f"date:{a}") == within(dated, a, a)


def test_months_and_years_match_their_days(library: Library, dated: dict[str, date]) -> None:
    for day in sorted(set(dated.values()))[::5]:
        month = {i for i, d in dated.items() if (d.year, d.month) == (day.year, day.month)}
        assert ids(library, f"date:{day:%Y-%m}") == month
        assert ids(library, f"date:{day:%Y}") == {i for i, d in dated.items() if d.year == day.year}


def test_an_open_range_reads_a_few_terms(samples: WhooshIndex) -> None:
    """Why day numbers: the open range of the issue expands to ~16 terms, not ~186."""
    with samples.searching() as searcher:
        planned = plan(QueryParser().parse("date:>2019-06-01").query, searcher.schema).query
        reader = searcher.reader()
        compiled = planned._compile_query(reader)  # what Whoosh reads for the range
        assert 0 < len(compiled.existing_terms(reader, expand=True)) <= 40


# --- date filters ----------------------------------------------------------------------
def test_dates_beside_words_are_a_filter(samples: WhooshIndex) -> None:
    with samples.searching() as searcher:
        planned = plan(QueryParser().parse("harbour date:2021").query, searcher.schema)
    assert planned.dates is not None
    assert not any(isinstance(q, wq.NumericRange) for q in planned.query.leaves())


@pytest.mark.parametrize("word", ["harbour", "summit", "gas OR pipeline", '"the city"', "baku"])
@pytest.mark.parametrize("dates", ["date:2021", "date:>2021-06-16", "date:[2020-11 to 2021-03]"])
def test_filtered_totals_equal_both_searched_apart(library: Library, word: str, dates: str) -> None:
    apart = ids(library, f"({word})") & ids(library, dates)
    together = library.search(f"({word}) {dates}", limit=10_000, snippets=False)
    assert together.total == len(apart)
    assert {hit.summary.id for hit in together.hits} == apart


def test_a_range_of_no_articles_filters_everything_out(library: Library) -> None:
    """Whoosh reads an empty filter set as no filter at all."""
    assert library.search("harbour date:[1901 to 1902]").total == 0
    assert library.search("harbour -date:[1901 to 1902]").total > 0


def record(name: str) -> FileRecord:
    return FileRecord(f"/c/{name}.txt", 1, 1, "x")


def harbour(n: int, year: int) -> Article:
    when = datetime(year, 3, 1, tzinfo=UTC)
    return Article(id=f"h{n}", title=f"Harbour {n}", body="The harbour opened.", date=when)


def test_a_cached_filter_sees_the_next_commit(tmp_path: Path) -> None:
    engine = WhooshIndex.create(tmp_path / "ix")
    try:
        engine.write_files([(record("one"), [(harbour(1, 2021), []), (harbour(2, 2019), [])])])
        assert engine.search("harbour date:2021", 10, 0, "relevance", 10, None).total == 1
        assert len(engine.filters) == 1
        engine.write_files([(record("two"), [(harbour(3, 2021), [])])])
        engine.forget_searchers()
        found = engine.search("harbour date:2021", 10, 0, "relevance", 10, None)
        assert sorted(i for i, _ in found.page) == ["h1", "h3"]
    finally:
        engine.close()


def test_the_filter_cache_is_bounded(samples: WhooshIndex) -> None:
    for year in range(1990, 1990 + FilterCache.SIZE + 5):
        samples.search(f"harbour date:{year}", 10, 0, "relevance", 10, None)
    assert len(samples.filters) == FilterCache.SIZE


def test_a_commit_asks_the_disk_about_length_columns_once_per_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh stat()ed the segment for every posting of an unscored field (the word
    beginnings): 15 % of a 10,000-article build's commits."""
    from whoosh.filedb.filestore import FileStorage

    asked: list[str] = []
    exists = FileStorage.file_exists

    def counted(self: FileStorage, name: str) -> bool:
        asked.append(name)
        return bool(exists(self, name))

    engine = WhooshIndex.create(tmp_path / "ix")
    words = " ".join(f"word{n} harbour{n} quay{n}" for n in range(300))
    article = Article(id="a", title="Harbours", body=words)
    monkeypatch.setattr(FileStorage, "file_exists", counted)
    try:
        engine.write_files([(record("one"), [(article, [])])])
    finally:
        monkeypatch.undo()
        engine.close()
    per_field = [name for name in asked if name.endswith(".col")]
    assert per_field and len(per_field) == len(set(per_field)), per_field[:5]
