"""Match spans and snippets: the fast path agrees with Whoosh's own analysis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.index.schema import text_analyzer
from newsdesk.index.whoosh_query import analysed
from newsdesk.marks import snippet, spans_of

BODY = (
    "The ministers met in Baku. Ministry officials said the minister would return.\n\n"
    "Later, the Ministers' statement was published in Erdoğan's name."
)


def whoosh_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    tokens = text_analyzer()(text, chars=True, removestops=False, mode="query")
    return [(t.startchar, t.endchar) for t in tokens if t.text in terms]


def test_stems_match_every_inflection() -> None:
    words = [BODY[a:b] for a, b in spans_of(BODY, frozenset({"minist"}), analysed)]
    assert words == ["ministers", "minister", "Ministers"]


def test_accents_fold() -> None:
    assert [BODY[a:b] for a, b in spans_of(BODY, frozenset({"erdogan"}), analysed)] == ["Erdoğan"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([*list("abcé ĞğI.'’\n-"), "ing ", "ers ", "U.S.", "1.5"]), max_size=40
    ).map("".join)
)
def test_fast_spans_agree_with_whoosh(text: str) -> None:
    terms = frozenset(t.text for t in text_analyzer()(text, removestops=False, mode="query"))
    assert spans_of(text, terms, analysed) == whoosh_spans(text, terms)


def test_snippet_marks_point_at_matches() -> None:
    text, marks = snippet(BODY * 5, frozenset({"baku"}), analysed)
    assert marks and all(text[a:b] == "Baku" for a, b in marks)
    assert "\n" not in text and len(text) < 400


def test_snippet_without_matches_is_the_opening() -> None:
    text, marks = snippet(BODY, frozenset({"absent"}), analysed)
    assert marks == () and text.startswith("The ministers met")


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
