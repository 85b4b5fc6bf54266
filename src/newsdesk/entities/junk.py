"""Spans that are not names at all: common words, stop words, clock times (issue #11).

On a real archive the model made organisations of "Shadow" and "State", of "1500 GMT",
and entities of stop words. Each rule reads the article itself:

* **a common word** — a one-word name (not all capitals) that the same article writes in
  lower case at least as often as it tags it ("the State said…" beside "the state
  budget"): the capital is the sentence's, not a name's. A person's surname of the
  article ("Brown" beside "Gordon Brown") is kept, whatever "brown" does elsewhere;
* **a stop word** — "It", "This", "The"… alone are never names;
* **a clock time** — "1500 GMT", "10.30 BST", "GMT" are times (TIME), not organisations;
  "New Year", "Christmas" are dates, not events;
* **a lower-case word** — a name has a capital somewhere ("eBay", "al-Qaeda"); a span in
  lower case only ("bush" the shrub) would fold into a name's key ("Bush").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from newsdesk.entities.clean import Span
from newsdesk.entities.lexicon import words
from newsdesk.entities.normalize import fold
from newsdesk.groups import is_name_label

STOP_WORDS: frozenset[str] = words(
    """
    a an the it its this that these those he she we they i you him her them his hers our
    their my your there here what which who whom whose when where why how and or but if
    of in on at to for by with from as is was are were be been not no yes all any some
    """
)
"""Words that are never a name on their own, whatever their capital."""

HOLIDAYS: frozenset[str] = frozenset(
    {"new year", "new year's day", "new year's eve", "christmas", "christmas day",
     "christmas eve", "easter", "boxing day"}
)  # fmt: skip
"""Days of the calendar the model calls events: dates, so no archive entity."""

_CLOCK = re.compile(
    r"(?:\d{1,2}[:.]?\d{2}\s*)?(?:GMT|BST|UTC|CET|CEST|EST|EDT|PST|PDT)", re.IGNORECASE
)
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’\-]*\b")


def drop_junk(text: str, spans: list[Span], surnames: frozenset[str]) -> list[Span]:
    """The spans without common words and stop words; clock times relabelled TIME."""
    lower = Counter(_LOWER_WORD.findall(text))
    tagged = Counter(fold(text[s.start : s.end]) for s in spans if is_name_label(s.label))
    kept = []
    for span in spans:
        span = as_time(text, span)
        if not _is_junk(text, span, lower, tagged, surnames):
            kept.append(span)
    return kept


def as_time(text: str, span: Span) -> Span:
    """A clock time ("1500 GMT") tagged ORG is TIME; a holiday ("New Year") is DATE."""
    if not is_name_label(span.label):
        return span
    if _CLOCK.fullmatch(text, span.start, span.end):
        return replace(span, label="TIME", hint="")
    if fold(text[span.start : span.end]) in HOLIDAYS:
        return replace(span, label="DATE", hint="")
    return span


def _is_junk(
    text: str, span: Span, lower: Counter[str], tagged: Counter[str], surnames: frozenset[str]
) -> bool:
    surface = text[span.start : span.end]
    if not is_name_label(span.label):
        return False
    if surface.islower():
        return True
    if len(surface.split()) != 1:
        return False
    name = fold(surface)
    if (surface.isupper() and len(surface) > 1) or name in surnames:
        return False
    if name in STOP_WORDS:
        return True
    if not surface[:1].isupper():
        return False
    return lower[surface.lower()] >= tagged[name]
