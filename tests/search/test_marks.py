"""Match spans and snippets: the fast path agrees with Whoosh's own analysis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.index import whoosh_query
from newsdesk.index.schema import text_analyzer
from newsdesk.index.whoosh_query import analysed, marker
from newsdesk.marks import snippet, spans_of

BODY = (
    "The ministers met in Baku. Ministry officials said the minister would return.\n\n"
    "Later, the Ministers' statement was published in Erdoğan's name."
)


def whoosh_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    tokens = text_analyzer()(text, chars=True, removestops=False, mode="query")
    return [(t.startchar, t.endchar) for t in tokens if t.text in terms]


def test_stems_match_every_inflection() -> None:
    words = [BODY[a:b] for a, b in spans_of(BODY, marker(frozenset({"minist"})))]
    assert words == ["ministers", "minister", "Ministers"]


def test_accents_fold() -> None:
    assert [BODY[a:b] for a, b in spans_of(BODY, marker(frozenset({"erdogan"})))] == ["Erdoğan"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([*list("abcé ĞğI.'’\n-"), "ing ", "ers ", "U.S.", "1.5"]), max_size=40
    ).map("".join)
)
def test_fast_spans_agree_with_whoosh(text: str) -> None:
    terms = frozenset(t.text for t in text_analyzer()(text, removestops=False, mode="query"))
    assert spans_of(text, marker(terms)) == whoosh_spans(text, terms)


def test_snippet_marks_point_at_matches() -> None:
    text, marks = snippet(BODY * 5, marker(frozenset({"baku"})))
    assert marks and all(text[a:b] == "Baku" for a, b in marks)
    assert "\n" not in text and len(text) < 400


def test_snippet_without_matches_is_the_opening() -> None:
    text, marks = snippet(BODY, marker(frozenset({"absent"})))
    assert marks == () and text.startswith("The ministers met")


WORD_LETTERS = st.characters(categories=["L", "N"]) | st.sampled_from(list("éğİıßæøœçñüyYſﬁǅŉ_"))


@settings(max_examples=500, deadline=None)
@given(st.text(WORD_LETTERS, min_size=1, max_size=14), st.sets(st.text("aeimnrsty", max_size=6)))
def test_the_marker_answers_as_the_analyser_does(word: str, others: set[str]) -> None:
    """The marker skips words whose folded first letter begins no term: that is safe
    only if a word's stems always begin with that letter, which this asks of any word."""
    stems = analysed(word)
    for terms in (stems | others, frozenset(others), frozenset(s + "q" for s in stems)):
        assert marker(frozenset(terms))(word) == bool(stems & terms)


def test_the_marker_analyses_only_words_that_can_match(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new process has nothing memoised: stemming every distinct word of a page of
    hits was most of a command-line search's own work."""
    asked: list[str] = []

    def counting(word: str) -> frozenset[str]:
        asked.append(word)
        return analysed(word)

    monkeypatch.setattr(whoosh_query, "analysed", counting)
    assert [BODY[a:b] for a, b in spans_of(BODY, marker(frozenset({"baku"})))] == ["Baku"]
    assert asked == ["Baku"]


def test_marking_builds_no_analyser_per_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building the analyser (stemmer, stop list, pattern) for each distinct word was
    most of a command-line search's own time; one is built, and answers the same."""
    from newsdesk.index import whoosh_query

    built: list[object] = []

    def counting() -> object:
        built.append(1)
        return text_analyzer()

    monkeypatch.setattr(whoosh_query, "text_analyzer", counting)
    analysed.cache_clear()
    words = [f"harbourmaster{n}s" for n in range(20)] + ["Ministers", "Erdoğan"]
    found = [analysed(word) for word in words]
    assert not built
    expected = [frozenset(t.text for t in text_analyzer()(w, removestops=False, mode="query"))
                for w in words]  # fmt: skip
    assert found == expected
