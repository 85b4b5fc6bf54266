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
from dataclasses import dataclass

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
_GUESSES = frozenset({"ORG", "PERSON"})
"""Labels the small model falls back on for a capitalised word it does not know."""
_PREVIOUS_WORDS = re.compile(r"([^\s\-‐‑‒–—]+)\s+([^\s\-‐‑‒–—]+)\s+$")
_CONTEXT_CHARS = 80


@dataclass(frozen=True, slots=True)
class Context:
    """What the article itself calls places and peoples (folded name → label / names)."""

    places: dict[str, str]
    groups: frozenset[str]

    @classmethod
    def of(cls, text: str, spans: Iterable[Span]) -> Context:
        places: dict[str, str] = {}
        groups: set[str] = set()
        for span in spans:
            name = fold(text[span.start : span.end])
            if span.label in _PLACES:
                places.setdefault(name, span.label)
            elif span.label == "NORP":
                groups.add(name)
        return cls(places, frozenset(groups))


def repair(text: str, spans: list[Span]) -> list[Span]:
    """Apply the article-level repairs to cleaned spans, keeping start order."""
    context = Context.of(text, spans)
    repaired: list[Span] = []
    for span in spans:
        repaired.extend(split_place_person(text, span, context))
    return [relabel(text, span, context) for span in repaired]


def split_place_person(text: str, span: Span, context: Context) -> list[Span]:
    """Split "Azerbaijan Cahit Bağcı" → GPE "Azerbaijan" + PERSON "Cahit Bağcı", when safe."""
    found = words(text, span.start, span.end)
    if not is_name_label(span.label) or span.label == "NORP" or len(found) < 3:
        return [span]
    titled = span.label == "PERSON" or _after_title(text, span.start)
    for size in (1, 2):
        head, rest = found[:size], found[size:]
        place = context.places.get(fold(text[head[0].start : head[-1].end]))
        if place and titled and _looks_like_person(text, rest):
            return [Span(span.start, head[-1].end, place), Span(rest[0].start, span.end, "PERSON")]
    return [span]


def _looks_like_person(text: str, rest: list[Word]) -> bool:
    """Two or three capitalised words, none of them an organisation, place or title word."""
    if not 2 <= len(rest) <= 3:
        return False
    generic = ORG_WORDS | PLACE_NOUNS
    capitalised = all(text[w.start : w.start + 1].isupper() for w in rest)
    return (
        capitalised
        and not any(w.norm in generic for w in rest)
        and title_length([w.norm for w in rest]) == 0
    )


def _after_title(text: str, start: int) -> bool:
    """True when "<title> <preposition>" comes right before, as in "Ambassador to …"."""
    match = _PREVIOUS_WORDS.search(text[max(0, start - _CONTEXT_CHARS) : start])
    if not match:
        return False
    title, preposition = fold(match.group(1)).rstrip("."), fold(match.group(2))
    return preposition in PLACE_PREPOSITIONS and (title in TITLE_HEADS or title in TITLE_MODIFIERS)


def relabel(text: str, span: Span, context: Context) -> Span:
    """Fix a one-word ORG/PERSON label from what the article calls that word elsewhere.

    "Azerbaijani" next to the place "Azerbaijan" is a NORP; "Armenia" next to the NORP
    "Armenian" is a GPE; "Karabakh" next to the place "Nagorno-Karabakh" is that kind of
    place. The key is untouched: only the label, which feeds the article's vote, changes.
    """
    found = words(text, span.start, span.end)
    if span.label not in _GUESSES or len(found) != 1 or found[0].norm in context.places:
        return span
    word = found[0].norm
    if any(_is_demonym_of(word, place) for place in context.places):
        return Span(span.start, span.end, "NORP", span.place_hint)
    if any(_is_demonym_of(group, word) for group in context.groups):
        return Span(span.start, span.end, "GPE", span.place_hint)
    tails = [label for name, label in context.places.items() if _is_tail(word, name)]
    return Span(span.start, span.end, tails[0], span.place_hint) if tails else span


def _is_tail(word: str, place: str) -> bool:
    """True for "karabakh" in "nagorno karabakh"."""
    parts = place.split()
    return len(parts) > 1 and parts[-1] == word


def _is_demonym_of(word: str, place: str) -> bool:
    """True for azerbaijani/azerbaijan, armenian/armenia, ukrainian/ukraine."""
    if len(place) < 4 or " " in place:
        return False
    stems = (place, place[:-1]) if place[-1] in "aeiouy" else (place,)
    return any(word == stem + suffix for stem in stems for suffix in DEMONYM_SUFFIXES)
