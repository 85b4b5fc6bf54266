"""Splits that need the whole article: spans the model glued together across two names.

Each split fires only when the article itself names the front part (a place, a person)
elsewhere, so a rule never invents a name from one span alone:

* a country glued to the person after it, "Ambassador to Azerbaijan Cahit Bağcı" (ORG):
  place + person, when a title and a preposition come right before (or the span is PERSON)
  and the rest looks like a personal name;
* two places joined by a hyphen, "Armenia-Azerbaijan" (ORG): one span per place;
* a surname glued to the name after it by "the", "Rathbun the Scientology" (the model
  read "According to Rathbun the Scientology property…" as one name): the person, and
  the name after "the", when the front is a surname of the article's people;
* a place with a possessive inside, "Azerbaijan’s Energy" (ORG or PERSON only: facilities
  may own theirs, "Europe’s Spaceport"): the place, and the rest only when it is still a
  multi-word name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from newsdesk.entities.clean import Span, person_like, words
from newsdesk.entities.lexicon import PLACE_PREPOSITIONS, TITLE_HEADS, TITLE_MODIFIERS
from newsdesk.entities.normalize import APOSTROPHES, fold
from newsdesk.groups import is_name_label

PLACE_LABELS_SEEN = frozenset({"GPE", "LOC"})
_PREVIOUS_WORDS = re.compile(r"([^\s\-‐‑‒–—]+)\s+([^\s\-‐‑‒–—]+)\s+$")
_INNER_POSSESSIVE = re.compile(r"[" + APOSTROPHES + r"]s\s+")
_CONTEXT_CHARS = 80


@dataclass(frozen=True, slots=True)
class Context:
    """What the article itself calls places, peoples and people.

    ``places`` maps folded place names to their label, ``groups`` holds folded NORP names,
    ``surnames`` the last words of multi-word PERSON names ("aliyev" for "Ilham Aliyev").
    """

    places: dict[str, str]
    groups: frozenset[str]
    surnames: frozenset[str]

    @classmethod
    def of(cls, text: str, spans: Iterable[Span]) -> Context:
        """Read the context off the article's cleaned spans, before any repair."""
        places: dict[str, str] = {}
        groups: set[str] = set()
        surnames: set[str] = set()
        for span in spans:
            name = fold(text[span.start : span.end])
            if span.label in PLACE_LABELS_SEEN:
                places.setdefault(name, span.label)
            elif span.label == "NORP":
                groups.add(name)
            elif span.label == "PERSON" and " " in name:
                surnames.add(name.split()[-1])
        return cls(places, frozenset(groups), frozenset(surnames))


def split_merged(text: str, spans: list[Span], context: Context) -> list[Span]:
    """Apply every split rule to every span, keeping start order."""
    result: list[Span] = []
    for span in spans:
        if not is_name_label(span.label):
            result.append(span)
            continue
        parts = split_person_the(text, span, context)
        parts = [p for part in parts for p in split_place_person(text, part, context)]
        parts = [p for part in parts for p in split_hyphenated_places(text, part, context)]
        result.extend(p for part in parts for p in split_inner_possessive(text, part, context))
    return result


_INNER_THE = re.compile(r"\s+the\s+")


def split_person_the(text: str, span: Span, context: Context) -> list[Span]:
    """Cut "Rathbun the Scientology" (ORG, from "According to Rathbun the Scientology
    property…") into the person and the name after "the", when the front is a surname
    of the article. Left whole, the organisation's later mentions joined it as short
    forms and the church was called "Rathbun the Scientology" on GUM (19 mentions);
    "Alexander the Great", whose front is no surname of the article, stays whole."""
    inner = _INNER_THE.search(text, span.start, span.end)
    if not inner or span.label not in ("ORG", "PERSON", "GPE", "LOC", "FAC", "NORP"):
        return [span]
    front = fold(text[span.start : inner.start()])
    if front not in context.surnames or not text[inner.end() : span.end][:1].isupper():
        return [span]
    return [Span(span.start, inner.start(), "PERSON"), Span(inner.end(), span.end, span.label)]


def split_place_person(text: str, span: Span, context: Context) -> list[Span]:
    """Split "Azerbaijan Cahit Bağcı" → GPE "Azerbaijan" + PERSON "Cahit Bağcı", when safe."""
    found = words(text, span.start, span.end)
    if span.label == "NORP" or len(found) < 3:
        return [span]
    titled = span.label == "PERSON" or _after_title(text, span.start)
    for size in (1, 2):
        head, rest = found[:size], found[size:]
        place = context.places.get(fold(text[head[0].start : head[-1].end]))
        if place and titled and 2 <= len(rest) <= 3 and person_like(text, rest):
            return [Span(span.start, head[-1].end, place), Span(rest[0].start, span.end, "PERSON")]
    return [span]


def _after_title(text: str, start: int) -> bool:
    """True when "<title> <preposition>" comes right before, as in "Ambassador to …"."""
    match = _PREVIOUS_WORDS.search(text[max(0, start - _CONTEXT_CHARS) : start])
    if not match:
        return False
    title, preposition = fold(match.group(1)).rstrip("."), fold(match.group(2))
    return preposition in PLACE_PREPOSITIONS and (title in TITLE_HEADS or title in TITLE_MODIFIERS)


def split_hyphenated_places(text: str, span: Span, context: Context) -> list[Span]:
    """Split "Armenia-Azerbaijan" into its places, when both are places of the article."""
    found = words(text, span.start, span.end)
    if len(found) < 2 or any(text[a.end : b.start] != "-" for a, b in pairwise(found)):
        return [span]
    labels = [context.places.get(w.norm) for w in found]
    if fold(text[span.start : span.end]) in context.places or not all(labels):
        return [span]
    return [Span(w.start, w.end, label or "GPE") for w, label in zip(found, labels, strict=True)]


def split_inner_possessive(text: str, span: Span, context: Context) -> list[Span]:
    """Cut "Azerbaijan’s Energy Ministry" to the place, plus the rest if it is multi-word."""
    match = _INNER_POSSESSIVE.search(text, span.start, span.end)
    if not match or span.label not in ("ORG", "PERSON"):
        return [span]
    place = context.places.get(fold(text[span.start : match.start()]))
    if place is None:
        return [span]
    head = Span(span.start, match.start(), place)
    rest = Span(match.end(), span.end, span.label)
    return [head, rest] if len(words(text, rest.start, rest.end)) > 1 else [head]
