"""Repairs that need the whole article: what the rest of the text says a span must be.

Two mistakes of the small model are common in diplomatic news and have a safe fix once the
article's other places are known:

* a country glued to the person after it, "Ambassador to Azerbaijan Cahit Bağcı" (ORG):
  split into the place and the person when the front words are a place named elsewhere in
  the article and a title + preposition comes right before;
* a demonym taken for a person, "Azerbaijani" (PERSON) next to "Azerbaijan" (GPE):
  relabel NORP when the word is a place of the article plus a demonym ending.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdesk.entities.clean import Span, Word, title_length, words
from newsdesk.entities.labels import is_name_label
from newsdesk.entities.lexicon import (
    DEMONYM_SUFFIXES,
    ORG_WORDS,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)
from newsdesk.entities.normalize import fold

_PLACES = frozenset({"GPE", "LOC"})
_PREVIOUS_WORDS = re.compile(r"([^\s\-‐‑‒–—]+)\s+([^\s\-‐‑‒–—]+)\s+$")
_CONTEXT_CHARS = 80


def article_places(text: str, spans: Iterable[Span]) -> frozenset[str]:
    """Folded names the article itself labels a country, city or region."""
    return frozenset(fold(text[s.start : s.end]) for s in spans if s.label in _PLACES)


def repair(text: str, spans: list[Span]) -> list[Span]:
    """Apply the article-level repairs to cleaned spans, keeping start order."""
    places = article_places(text, spans)
    repaired: list[Span] = []
    for span in spans:
        repaired.extend(split_place_person(text, span, places))
    return [relabel_demonym(text, span, places) for span in repaired]


def split_place_person(text: str, span: Span, places: frozenset[str]) -> list[Span]:
    """"Azerbaijan Cahit Bağcı" → GPE "Azerbaijan" + PERSON "Cahit Bağcı", when safe."""
    found = words(text, span.start, span.end)
    if not is_name_label(span.label) or span.label == "NORP" or len(found) < 3:
        return [span]
    for size in (1, 2):
        head, rest = found[:size], found[size:]
        if fold(text[head[0].start : head[-1].end]) in places and _looks_like_person(text, rest):
            if span.label == "PERSON" or _after_title(text, span.start):
                return [Span(span.start, head[-1].end, "GPE"), Span(rest[0].start, span.end, "PERSON")]
    return [span]


def _looks_like_person(text: str, rest: list[Word]) -> bool:
    """Two or three capitalised words, none of them an organisation, place or title word."""
    if not 2 <= len(rest) <= 3:
        return False
    generic = ORG_WORDS | PLACE_NOUNS
    capitalised = all(text[w.start : w.start + 1].isupper() for w in rest)
    return capitalised and not any(w.norm in generic for w in rest) and title_length(
        [w.norm for w in rest]
    ) == 0


def _after_title(text: str, start: int) -> bool:
    """True when "<title> <preposition>" comes right before, as in "Ambassador to …"."""
    match = _PREVIOUS_WORDS.search(text[max(0, start - _CONTEXT_CHARS) : start])
    if not match:
        return False
    title, preposition = fold(match.group(1)).rstrip("."), fold(match.group(2))
    return preposition in PLACE_PREPOSITIONS and (title in TITLE_HEADS or title in TITLE_MODIFIERS)


def relabel_demonym(text: str, span: Span, places: frozenset[str]) -> Span:
    """A one-word non-NORP span that is a place of the article + demonym ending → NORP."""
    if not is_name_label(span.label) or span.label == "NORP" or span.label in _PLACES:
        return span
    found = words(text, span.start, span.end)
    if len(found) != 1 or found[0].norm in places:
        return span
    word = found[0].norm
    if any(_is_demonym_of(word, place) for place in places):
        return Span(span.start, span.end, "NORP", span.place_hint)
    return span


def _is_demonym_of(word: str, place: str) -> bool:
    """"azerbaijani"/"azerbaijan", "armenian"/"armenia", "ukrainian"/"ukraine", "chinese"/"china"."""
    if len(place) < 4 or " " in place:
        return False
    stems = (place, place[:-1]) if place[-1] in "aeiouy" else (place,)
    return any(word == stem + suffix for stem in stems for suffix in DEMONYM_SUFFIXES)
