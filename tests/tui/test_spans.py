"""The pure layout of marks in an article body: paragraphs, entities, matches, cursors."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from newsdesk.models import Mention
from newsdesk.spans import (
    Paragraph,
    clamp_spans,
    find_terms,
    layout_segments,
    mention_indexes_of,
    paragraph_bounds,
    visible_mentions,
)

BODY = "President Ilham Aliyev visited Shusha.\n\nShusha was liberated in 2020 by 3 units."


def mention(start: int, end: int, label: str = "PERSON", key: str = "k") -> Mention:
    return Mention(start, end, BODY[start:end], label, key, BODY[start:end])


ALIYEV = mention(10, 22, "PERSON", "ilham aliyev")
SHUSHA_1 = mention(31, 37, "GPE", "shusha")
SHUSHA_2 = mention(40, 46, "GPE", "shusha")
YEAR = mention(63, 67, "DATE", "2020")
THREE = mention(71, 72, "CARDINAL", "3")


def texts(body: str, paragraph: Paragraph) -> list[str]:
    return [body[r.start : r.end] for r in paragraph.runs]


# --- paragraphs -----------------------------------------------------------------


def test_paragraphs_split_on_blank_lines_and_drop_surrounding_space() -> None:
    body = "  one\nstill one  \n\n\n two \n \n\nthree\n"
    assert [body[s:e] for s, e in paragraph_bounds(body)] == ["one\nstill one", "two", "three"]


def test_crlf_blank_lines_also_split_paragraphs() -> None:
    body = "one\r\n\r\ntwo"
    assert [body[s:e] for s, e in paragraph_bounds(body)] == ["one", "two"]


def test_empty_and_blank_bodies_have_no_paragraphs() -> None:
    assert paragraph_bounds("") == []
    assert paragraph_bounds(" \n\n \n") == []


def test_layout_keeps_paragraphs() -> None:
    paragraphs = layout_segments(BODY, [])
    assert [BODY[p.start : p.end] for p in paragraphs] == BODY.split("\n\n")


# --- which mentions show ----------------------------------------------------------


def test_numbers_are_hidden_unless_asked_for() -> None:
    every = [ALIYEV, SHUSHA_1, SHUSHA_2, YEAR, THREE]
    assert THREE not in visible_mentions(BODY, every)
    assert THREE in visible_mentions(BODY, every, highlight_numbers=True)
    assert YEAR in visible_mentions(BODY, every)


def test_overlapping_mentions_keep_the_earlier_then_longer() -> None:
    inner = mention(16, 22, "PERSON", "aliyev")
    assert visible_mentions(BODY, [inner, ALIYEV]) == [ALIYEV]


def test_mentions_outside_the_body_are_dropped() -> None:
    past_end = Mention(len(BODY) - 2, len(BODY) + 5, "x", "ORG", "x", "x")
    empty = Mention(5, 5, "", "ORG", "e", "e")
    backwards = Mention(9, 3, "", "ORG", "b", "b")
    assert visible_mentions(BODY, [past_end, empty, backwards, ALIYEV]) == [ALIYEV]


def test_mentions_come_back_in_text_order() -> None:
    assert visible_mentions(BODY, [YEAR, SHUSHA_2, ALIYEV]) == [ALIYEV, SHUSHA_2, YEAR]


def test_mention_indexes_of_one_entity() -> None:
    shown = [ALIYEV, SHUSHA_1, SHUSHA_2]
    assert mention_indexes_of(shown, "shusha") == [1, 2]
    assert mention_indexes_of(shown, "nobody") == []


# --- runs -------------------------------------------------------------------------


def test_entities_become_runs_with_their_group_and_index() -> None:
    shown = [ALIYEV, SHUSHA_1, SHUSHA_2]
    first, second = layout_segments(BODY, shown)
    assert texts(BODY, first) == ["President ", "Ilham Aliyev", " visited ", "Shusha", "."]
    assert [r.group for r in first.runs] == [None, "person", None, "place", None]
    assert [r.mention for r in first.runs] == [None, 0, None, 1, None]
    assert second.runs[0].mention == 2


def test_a_match_inside_an_entity_splits_it_but_keeps_the_entity() -> None:
    (first, _) = layout_segments(BODY, [ALIYEV], matches=[(16, 22)])
    runs = {BODY[r.start : r.end]: r for r in first.runs}
    assert runs["Ilham "].group == "person" and runs["Ilham "].match is None
    assert runs["Aliyev"].group == "person" and runs["Aliyev"].match == 0
    assert runs["Ilham "].mention == runs["Aliyev"].mention == 0


def test_a_match_across_an_entity_edge_marks_both_sides() -> None:
    (first, _) = layout_segments(BODY, [SHUSHA_1], matches=[(25, 34)])
    marked = [(BODY[r.start : r.end], r.group, r.match) for r in first.runs if r.match is not None]
    assert marked == [("sited ", None, 0), ("Shu", "place", 0)]


def test_overlapping_matches_merge_into_one() -> None:
    assert clamp_spans([(5, 9), (7, 12), (20, 22), (-3, 1), (90, 95)], 80) == [
        (0, 1),
        (5, 12),
        (20, 22),
    ]


def test_the_cursor_marks_only_its_mention() -> None:
    shown = [ALIYEV, SHUSHA_1, SHUSHA_2]
    paragraphs = layout_segments(BODY, shown, cursor=2)
    cursors = [BODY[r.start : r.end] for p in paragraphs for r in p.runs if r.cursor]
    assert cursors == ["Shusha"]
    assert [r.mention for p in paragraphs for r in p.runs if r.cursor] == [2]


def test_focus_marks_every_mention_of_one_entity() -> None:
    shown = [ALIYEV, SHUSHA_1, SHUSHA_2]
    paragraphs = layout_segments(BODY, shown, focus_key="shusha")
    assert [r.mention for p in paragraphs for r in p.runs if r.focus] == [1, 2]


def test_current_match_is_marked() -> None:
    paragraphs = layout_segments(BODY, [], matches=[(31, 37), (40, 46)], current_match=1)
    current = [BODY[r.start : r.end] for p in paragraphs for r in p.runs if r.current_match]
    assert current == ["Shusha"]
    assert [r.match for p in paragraphs for r in p.runs if r.match is not None] == [0, 1]


def test_offsets_past_the_end_are_clipped_not_fatal() -> None:
    body = "Short text."
    far = Mention(6, 400, "text.", "ORG", "t", "t")
    paragraphs = layout_segments(body, [far], matches=[(8, 999), (500, 600)])
    (only,) = paragraphs
    assert only.runs[-1].end == len(body)
    assert "".join(texts(body, only)) == body


def test_a_mention_across_a_paragraph_break_is_cut_at_the_break() -> None:
    body = "alpha beta\n\ngamma delta"
    crossing = Mention(6, 17, body[6:17], "ORG", "x", "x")
    first, second = layout_segments(body, [crossing])
    assert [(body[r.start : r.end], r.mention) for r in first.runs] == [
        ("alpha ", None),
        ("beta", 0),
    ]
    assert [(body[r.start : r.end], r.mention) for r in second.runs] == [
        ("gamma", 0),
        (" delta", None),
    ]


def test_unknown_labels_fall_into_other() -> None:
    law = mention(0, 9, "LAW", "law")
    (first, _) = layout_segments(BODY, [law])
    assert first.runs[0].group == "other"


# --- titles -----------------------------------------------------------------------


def test_find_terms_matches_word_starts_in_any_case() -> None:
    title = "Gas flows: Baku's GAS deal, not Vegas"
    assert [title[s:e] for s, e in find_terms(title, ["gas", " "])] == ["Gas", "GAS"]
    assert [title[s:e] for s, e in find_terms(title, ["ga"])] == ["Ga", "GA"]
    assert find_terms(title, []) == []


def test_find_terms_treats_terms_as_text_not_patterns() -> None:
    assert find_terms("a.b (c)", ["(c)", ".*"]) == [(4, 7)]


# --- properties -------------------------------------------------------------------

bodies = st.text(alphabet="ab \n", max_size=60)
spans = st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=8)
labels = st.sampled_from(["PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL", "LAW"])


@st.composite
def mentions_for(draw: st.DrawFn) -> tuple[str, list[Mention], list[tuple[int, int]]]:
    body = draw(bodies)
    raw = [
        Mention(s, e, body[s:e], draw(labels), f"k{i % 3}", "n")
        for i, (s, e) in enumerate(draw(spans))
    ]
    return body, raw, draw(spans)


@given(mentions_for(), st.integers(-1, 8), st.booleans())
def test_runs_tile_every_paragraph_exactly(case, cursor: int, numbers: bool) -> None:
    body, raw, matches = case
    shown = visible_mentions(body, raw, numbers)
    paragraphs = layout_segments(body, shown, matches, cursor=cursor, focus_key="k1")
    assert [(p.start, p.end) for p in paragraphs] == paragraph_bounds(body)
    for paragraph in paragraphs:
        assert paragraph.runs[0].start == paragraph.start
        assert paragraph.runs[-1].end == paragraph.end
        for left, right in zip(paragraph.runs, paragraph.runs[1:], strict=False):
            assert left.end == right.start
        assert all(run.start < run.end for run in paragraph.runs)


@given(mentions_for(), st.integers(-1, 8))
def test_every_character_carries_the_marks_that_cover_it(case, cursor: int) -> None:
    body, raw, matches = case
    shown = visible_mentions(body, raw, True)
    merged = clamp_spans(matches, len(body))
    for paragraph in layout_segments(body, shown, matches, cursor=cursor):
        for run in paragraph.runs:
            for at in range(run.start, run.end):
                owners = [i for i, m in enumerate(shown) if m.start <= at < m.end]
                hits = [i for i, (s, e) in enumerate(merged) if s <= at < e]
                assert owners == ([run.mention] if run.mention is not None else [])
                assert hits == ([run.match] if run.match is not None else [])
                assert run.cursor == (run.mention is not None and run.mention == cursor)


@given(mentions_for(), st.sampled_from([None, "k0", "k1"]))
def test_visible_mentions_never_overlap_and_stay_inside(case, key: str | None) -> None:
    body, raw, _ = case
    shown = visible_mentions(body, raw, True, keep_key=key)
    for left, right in itertools.pairwise(shown):
        assert left.end <= right.start
    assert all(0 <= m.start < m.end <= len(body) for m in shown)
    followed = visible_mentions(body, [m for m in raw if m.key == key], True, keep_key=key)
    assert [m for m in shown if m.key == key and key is not None] == (followed if key else [])


def test_the_followed_entity_wins_inside_a_longer_name() -> None:
    body = "The Andy Warhol Foundation gave prints. Andy Warhol died in 1987."
    foundation = Mention(4, 26, body[4:26], "ORG", "andy warhol foundation", "x")
    nested = Mention(4, 15, body[4:15], "PERSON", "andy warhol", "Andy Warhol")
    alone = Mention(40, 51, body[40:51], "PERSON", "andy warhol", "Andy Warhol")
    assert visible_mentions(body, [foundation, nested, alone]) == [foundation, alone]
    followed = visible_mentions(body, [foundation, nested, alone], keep_key="andy warhol")
    assert followed == [nested, alone]


def test_a_followed_number_entity_is_shown_even_when_numbers_are_hidden() -> None:
    assert THREE in visible_mentions(BODY, [THREE, ALIYEV], keep_key="3")
    assert THREE not in visible_mentions(BODY, [THREE, ALIYEV], keep_key="2020")
