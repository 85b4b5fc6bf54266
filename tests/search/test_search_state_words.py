"""The user-state words of the query language (``is:unread``, ``is:read``,
``is:starred``, ``label:NAME``): how they are read, and that they narrow any query."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.errors import QueryError
from newsdesk.library import Library
from newsdesk.models import StateWord
from newsdesk.search import state_words


def test_words_come_out_and_the_rest_stays_for_the_engine() -> None:
    rest, words = state_words("is:starred person:aliyev date:2021 -label:Court NOT is:read")
    assert rest == "person:aliyev date:2021"
    assert words == (
        StateWord("starred"),
        StateWord("label", "court", negated=True),
        StateWord("read", negated=True),
    )


def test_a_query_without_them_is_untouched() -> None:
    assert state_words('"is:unread" title:is') == ('"is:unread" title:is', ())


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("is:frobbed", "unknown is:frobbed; use is:unread, is:read or is:starred"),
        ("is:", "unknown is:(nothing)"),
        ("label:", "label: needs a name"),
        ("(baku is:read)", "outside the brackets"),
        ("baku OR is:read", "cannot be combined with OR"),
    ],
)
def test_bad_uses_are_one_line(query: str, says: str) -> None:
    with pytest.raises(QueryError) as caught:
        state_words(query)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)


_WORD = st.sampled_from(["is:unread", "is:read", "is:starred", "label:court", "label:Büro"])
_PLAIN = st.sampled_from(["baku", "person:aliyev", "date:2021", '"peace talks"', "gas*"])


@given(st.lists(st.tuples(st.booleans(), _WORD), max_size=4), st.lists(_PLAIN, max_size=4))
def test_any_mix_reads_back(state: list[tuple[bool, str]], plain: list[str]) -> None:
    """Whatever the order, the engine gets the plain words in order and the state
    words come back, negated where a ``-`` was written."""
    pieces = [("-" if neg else "") + word for neg, word in state] + plain
    rest, words = state_words(" ".join(sorted(pieces, key=hash)))
    assert sorted(rest.split()) == sorted(" ".join(plain).split())
    expected = sorted(
        (w.split(":")[1].casefold() if w.startswith("label") else "", n) for n, w in state
    )
    assert sorted((w.value, w.negated) for w in words) == expected


@given(st.text(max_size=60))
def test_any_text_reads_or_is_a_one_line_query_error(text: str) -> None:
    try:
        state_words(text)
    except QueryError as error:
        assert "\n" not in str(error)


def test_they_narrow_any_search(library: Library) -> None:
    """``is:starred person:aliyev date:2021``: the stars among the matches, no more."""
    aliyev = library.search("person:aliyev", limit=100)
    ids = [hit.summary.id for hit in aliyev.hits]
    assert len(ids) >= 4
    assert library.set_starred(ids[:2]) == []
    library.set_read(ids[1:3])
    starred = library.search("is:starred person:aliyev", limit=100)
    assert {h.summary.id for h in starred.hits} == set(ids[:2])
    assert library.search("is:starred is:unread person:aliyev").total == 1
    assert library.search("person:aliyev is:unread").total == aliyev.total - 2
    assert library.search("person:aliyev -is:starred").total == aliyev.total - 2
    in_2021 = library.search("person:aliyev date:2021").total
    both = library.search("is:starred person:aliyev date:2021").total
    assert both <= min(2, in_2021)


def test_a_match_count_is_the_searched_total(library: Library) -> None:
    """The reader's exact total after its first page, and a saved search's counts: the
    total ``search`` gives, state words and folded copies included."""
    ids = [hit.summary.id for hit in library.search("person:aliyev", limit=100).hits]
    library.set_starred(ids[:2])
    library.set_read(ids[1:3])
    queries = ["person:aliyev", "is:starred person:aliyev", "harbour is:unread", "is:read"]
    for query in [*queries, "gas OR harbour", "date:2021 -is:starred"]:
        for fold in (False, True):
            searched = library.search(query, limit=1, snippets=False, fold_copies=fold).total
            assert library.match_count(query, fold_copies=fold) == searched, (query, fold)
    with pytest.raises(QueryError):
        library.match_count("date:notadate")


def test_alone_they_list_the_whole_archive_newest_first(library: Library) -> None:
    rows = library.list_articles(0, 6)
    library.set_labels(rows[4].id, "court, baku")
    library.set_labels(rows[1].id, "Court")
    found = library.search("label:COURT", limit=10)
    assert [h.summary.id for h in found.hits] == [rows[1].id, rows[4].id]
    assert library.search("is:unread").total == library.article_count()
    assert library.search("is:read").total == 0


def test_a_state_file_that_cannot_be_read_fails_those_queries_only(
    library: Library, tmp_path_factory: pytest.TempPathFactory
) -> None:
    library.user_state.path.parent.mkdir(parents=True, exist_ok=True)
    library.user_state.path.write_bytes(b"this is not a database, " * 100)
    with pytest.raises(QueryError) as caught:
        library.search("baku is:unread")
    assert "cannot be used" in str(caught.value)
    assert library.search("baku").total > 0
