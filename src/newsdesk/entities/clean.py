"""Trimming one raw spaCy span down to the name it contains.

spaCy's spans carry what news prose wraps around a name: possessives ("Azerbaijan’s"),
an article ("the European Union"), a title ("Defense Minister Hulusi Akar" when the model
swallows it), a generic head noun ("the Nagorno-Karabakh region’s"), quotes and sentence
punctuation. Every rule here only ever *moves the span's edges inward*, so offsets keep
indexing the original text and ``text[start:end]`` is always the surface form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from newsdesk.entities.lexicon import (
    ABBREVIATIONS,
    APOSTROPHE_S_NAMES,
    APPROXIMATORS,
    CLUB_WORDS,
    COURTESY_TITLES,
    DROP_THE_LABELS,
    FACILITY_WORDS,
    ORG_WORDS,
    PLACE_NOUNS,
    THE_NAMES,
    TITLE_CONNECTORS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TITLE_PAIRS,
)
from newsdesk.entities.normalize import APOSTROPHES, fold
from newsdesk.groups import group_of, is_name_label


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate mention: ``text[start:end]`` with a label.

    ``hint`` is a label the text itself argues for (a trimmed "region" head noun says LOC, a
    final "Airport" says FAC, "in Shusha" says GPE); label voting gives it extra votes
    (:data:`.linking.HINT_WEIGHT`), enough to beat a lone model guess. ``echo`` marks a
    further occurrence of a name the model found elsewhere in the article
    (:mod:`.gazetteer`): it joins that name's entity but casts no label vote.
    """

    start: int
    end: int
    label: str
    hint: str = ""
    echo: bool = False


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a span: original offsets plus its folded form without a trailing dot."""

    start: int
    end: int
    norm: str


_WORD = re.compile(r"[^\s\-‐‑‒–—]+")
_QUOTES = '"“”„‟«»‹›' + APOSTROPHES
_CONTROL = "".join(map(chr, range(32))) + "\x7f\u00a0\u200b\ufeff"
_LEAD_JUNK = frozenset(" *•·-–—…,;:([{<" + _CONTROL + _QUOTES)
_TAIL_JUNK = frozenset(" *•·-–—…,;:!?.)]}>" + _CONTROL + _QUOTES)
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_NEXT_WORD = re.compile(r"[ \t\u00a0]*([^\s\-‐‑‒–—]+)")
_INNER_POSSESSIVE = re.compile(r"[" + APOSTROPHES + r"]s\s")
_POSSESSIVE = re.compile(r"[" + APOSTROPHES + r"][sS]$")
_MAX_PASSES = 8
_KEEP_PLACE_LABELS = frozenset({"GPE", "LOC"})
_FACILITY_GUESSES = frozenset({"ORG", "PERSON", "GPE", "NORP"})
_PLACE_NOUN_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG", "PERSON"})


def words(text: str, start: int, end: int) -> list[Word]:
    """The words of ``text[start:end]``, split on spaces and hyphens, with absolute offsets."""
    return [Word(start + a, start + b, norm) for a, b, norm in _word_cells(text[start:end])]


@lru_cache(maxsize=32768)
def _word_cells(surface: str) -> tuple[tuple[int, int, str], ...]:
    """Relative word offsets and folded forms; cached, as every rule asks again."""
    return tuple(
        (m.start(), m.end(), fold(m.group()).rstrip(".,:;")) for m in _WORD.finditer(surface)
    )


def paragraph_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at blank lines: no name runs across a paragraph break.

    Without the parser there are no sentence boundaries to stop the model, so it now and then
    runs an entity over a break ("… Review", blank line, "Author: …"); each side is cleaned
    alone.
    """
    start, end = max(0, start), min(len(text), end)
    cuts = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text, start, end)]
    bounds = [start, *(c for cut in cuts for c in cut), end]
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]


_SCORE_TAIL = re.compile(r"\s+\d{1,3}$")
_SCORE_NEXT = re.compile(r"\s*[-–—:]\s*\d")
_LIST_BREAK = re.compile(
    r"\s+\d{1,3}\s*[-–—:]\s*\d{1,3}\s+|\s+\d{1,3}\s+(?=[A-Z])"
    r"|\s*(?:[;()\[\]]|,(?!\s*(?i:inc|ltd|jr|sr|d\.c)\b))\s*"
)


def list_pieces(text: str, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """A name span cut at commas, semicolons and brackets (not line breaks: hard-wrapped
    text breaks names across lines).

    A name never holds a list: "Luscombe, Shanklin" or "S Jones (Clermont Auvergne" come
    from team sheets and tables the model reads as one run, and left whole they chained
    players and their clubs into one person (issue #11). A comma before "Inc", "Ltd",
    "Jr" or "D.C." stays inside the name; dates and amounts ("May 8, 1992", "10,000")
    are not cut. Nor does a name hold a score: "Leeds 2 Chelsea" is two clubs, "Sweden 1"
    before "– 0" is Sweden (a number between two capitalised words, or a score, cuts).
    """
    if not is_name_label(label):
        return [(start, end)]
    if (tail := _SCORE_TAIL.search(text, start, end)) and _SCORE_NEXT.match(text, end):
        end = tail.start()
    bounds = [start]
    for match in _LIST_BREAK.finditer(text, start, end):
        bounds += [match.start(), match.end()]
    bounds.append(end)
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]


def clean_span(text: str, start: int, end: int, label: str) -> Span | None:
    """Trim one raw span to its name; None when nothing name-like is left."""
    span = Span(max(0, start), min(len(text), end), label)
    for _ in range(_MAX_PASSES):
        trimmed = _trim_once(text, span)
        if trimmed == span:
            break
        span = trimmed
    if span.start >= span.end or _is_title_only(text, span):
        return None
    return span


def _trim_once(text: str, span: Span) -> Span:
    """One pass of every trimming rule; the caller repeats until nothing changes."""
    for step in _STEPS:
        span = step(text, span)
        if span.start >= span.end:
            break
    return span


def _trim_edges(text: str, span: Span) -> Span:
    """Whitespace, quotes, brackets and sentence punctuation around the name."""
    start, end = span.start, span.end
    while start < end and text[start] in _LEAD_JUNK:
        start += 1
    while start < end and text[end - 1] in _TAIL_JUNK and not _keeps_tail(text, start, end):
        end -= 1
    return replace(span, start=start, end=end)


def _keeps_tail(text: str, start: int, end: int) -> bool:
    """A closing bracket the span opened, or the dot of "Inc." / "U.S." / an initial."""
    last = text[end - 1]
    if last in ")]}>":
        return text.count("(", start, end) > text.count(")", start, end - 1)
    if last != ".":
        return False
    tail = text[start:end].split()[-1] if text[start:end].split() else ""
    bare = tail.rstrip(".")
    return "." in bare or len(bare) == 1 or fold(bare) in ABBREVIATIONS


def _trim_possessive(text: str, span: Span) -> Span:
    """Possessives go: "Azerbaijan’s" → "Azerbaijan" (any apostrophe), not "McDonald's"."""
    surface = text[span.start : span.end]
    if len(surface) <= 2 or not _POSSESSIVE.search(surface):
        return span
    if fold(surface.split()[-1]) in APOSTROPHE_S_NAMES:
        return span
    return replace(span, end=span.end - 2)


def _drop_leading_the(text: str, span: Span) -> Span:
    """An article goes: "the European Union" → "European Union"; "The Hague" keeps it."""
    found = words(text, span.start, span.end)
    if span.label not in DROP_THE_LABELS or len(found) < 2 or found[0].norm != "the":
        return span
    if fold(text[found[1].start : span.end]).rstrip(".") in THE_NAMES:
        return span
    return replace(span, start=found[1].start)


def _trim_value(text: str, span: Span) -> Span:
    """Dates and amounts lose hedges and a trailing possessive phrase.

    "almost three decades" → "three decades", "last year’s war" → "last year".
    """
    if is_name_label(span.label):
        return span
    found = words(text, span.start, span.end)
    norms = tuple(w.norm for w in found)
    for phrase in APPROXIMATORS:
        if len(norms) > len(phrase) and norms[: len(phrase)] == phrase:
            return replace(span, start=found[len(phrase)].start)
    inner = _INNER_POSSESSIVE.search(text, span.start, span.end)
    return replace(span, end=inner.start()) if inner and inner.start() > span.start else span


def _drop_title(text: str, span: Span) -> Span:
    """Titles go: "Deputy Prime Minister Yaqub Eyyubov" → "Yaqub Eyyubov".

    On a non-PERSON span a title is evidence the rest is a person ("Lieutenant General
    Rustam Muradov" tagged ORG), but only when the rest looks like a personal name; after
    a courtesy title ("Mr", "Dr", "Lord") one word is enough: "Mr Blair" is no organisation.
    """
    found = words(text, span.start, span.end)
    size = title_length([w.norm for w in found])
    if not is_name_label(span.label) or size == 0 or size >= len(found):
        return span
    if span.label == "PERSON":
        return replace(span, start=found[size].start)
    smallest = 1 if found[size - 1].norm in COURTESY_TITLES else 2
    if not smallest <= len(found) - size <= 3 or not person_like(text, found[size:]):
        return span
    return Span(found[size].start, span.end, "PERSON", hint="PERSON")


def person_like(text: str, found: Sequence[Word]) -> bool:
    """Capitalised words with no organisation, place, facility or title word among them."""
    generic = ORG_WORDS | PLACE_NOUNS | FACILITY_WORDS
    if not found or not all(_capitalised(text, w) for w in found):
        return False
    return not any(w.norm in generic for w in found) and title_length([w.norm for w in found]) == 0


def title_length(norms: Sequence[str]) -> int:
    """How many leading words form a title ("first lady", "Minister of Foreign Affairs")."""
    best = 0
    seen_head = False
    for i, norm in enumerate(norms):
        pair_end = i > 0 and (norms[i - 1], norm) in TITLE_PAIRS
        if not (pair_end or norm in TITLE_HEADS or norm in TITLE_MODIFIERS):
            if norm not in TITLE_CONNECTORS:
                break
            continue
        seen_head = seen_head or pair_end or norm in TITLE_HEADS
        if seen_head:
            best = i + 1
    return best


def _drop_place_noun(text: str, span: Span) -> Span:
    """Generic heads go: "Nagorno-Karabakh region" → "Nagorno-Karabakh", a place (hinted)."""
    found = words(text, span.start, span.end)
    if span.label not in _PLACE_NOUN_LABELS or len(found) < 2:
        return span
    last, before = found[-1], found[-2]
    surface = text[last.start : last.end]
    if not surface.islower() or last.norm not in PLACE_NOUNS or not _capitalised(text, before):
        return span
    label = span.label if span.label in _KEEP_PLACE_LABELS else "LOC"
    return Span(span.start, before.end, label, hint=label)


def _facility(text: str, span: Span) -> Span:
    """A name ending in a capitalised "Airport", "Pipeline", "Mosque"… is a facility (FAC)."""
    found = words(text, span.start, span.end)
    if span.label not in _FACILITY_GUESSES or len(found) < 2 or span.hint:
        return span
    last = found[-1]
    if last.norm not in FACILITY_WORDS or not _capitalised(text, last):
        return span
    return Span(span.start, span.end, "FAC", hint="FAC")


def _club(text: str, span: Span) -> Span:
    """A name ending in a capitalised "United", "Rovers", "FC"… is a club (ORG, hinted)."""
    found = words(text, span.start, span.end)
    if not is_name_label(span.label) or len(found) < 2 or span.label == "ORG":
        return span
    if found[-1].norm not in CLUB_WORDS or not _capitalised(text, found[-1]):
        return span
    return Span(span.start, span.end, "ORG", hint="ORG")


def _capitalised(text: str, word: Word) -> bool:
    return text[word.start : word.end][:1].isupper()


def _is_title_only(text: str, span: Span) -> bool:
    """Spans that are a title, or the front of one: "Defense" before "Minister", "President"."""
    norms = [w.norm for w in words(text, span.start, span.end)]
    following = [*norms, next_word(text, span.end)]
    if not is_name_label(span.label):
        return group_of(span.label) == "number" and tuple(following[-2:]) in TITLE_PAIRS
    if not norms or title_length(norms) == len(norms):
        return True
    return title_length(following) == len(following) and following[-1] != ""


_STEPS = (
    _trim_edges,
    _trim_possessive,
    _drop_leading_the,
    _trim_value,
    _drop_title,
    _drop_place_noun,
    _facility,
    _club,
)


def next_word(text: str, end: int) -> str:
    """The folded word right after ``end`` on the same line, or "" when there is none."""
    match = _NEXT_WORD.match(text, end)
    return fold(match.group(1)).rstrip(".,:;") if match else ""
