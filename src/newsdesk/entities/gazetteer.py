"""The article as its own gazetteer: a name found once marks its other occurrences.

The small model finds a name in one sentence and misses it in the next: on the GUM
Wikinews set 197 gold names are never found, and 63 of them are a name the model did
find elsewhere in the same article ("Montalvo" found 3 times, missed 9). Each missed
mention also costs identity recall: pairs are quadratic in mentions.

So every name of the article (after cleaning and junk removal) is looked for again in
the text, and each further occurrence becomes a mention, when it is:

* the same characters, case included ("Bush" never marks "bush"), as whole words (not
  inside "pro-Beijing" or "Americans");
* outside every span already found (never inside a longer name or a date), and not next
  to a capitalised word (other than a title or a stop word): "Ho" found alone must not
  mark the "Ho" of a "Junius Ho" the model missed, nor "Explorer" that of "Internet
  Explorer" — that is a longer name, and a piece of it is a boundary error;
* not a one-word name at the start of a sentence that the article also writes in lower
  case ("Will" there is the verb as often as the name), nor a name spelt like a month or
  a weekday ("May" of "Theresa May" is also the month).

An occurrence found this way is an *echo*: it takes the entity of its name, but casts no
label vote (:func:`.linking.votes`), so a name's label is what the model said where it
found the name, however often the name is repeated.

Plain regular expressions over the text, not spaCy's ``PhraseMatcher``: this runs in the
pure per-article step (:mod:`.resolve`), which must not need the model, so the index
layer and the tests can re-run it from stored spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from newsdesk.entities.clean import Span
from newsdesk.entities.junk import STOP_WORDS
from newsdesk.entities.lexicon import CALENDAR_WORDS, TITLE_HEADS
from newsdesk.entities.normalize import fold
from newsdesk.groups import is_name_label

_SENTENCE_START = re.compile(r"(?:^|[.!?:]['\"”’)\]]?\s+|\n\s*)$")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w]*)(\.?)[ \t\-]$")
_WORD_AFTER = re.compile(r"[ \t\-]([^\W\d_])")
_QUIET_BEFORE = STOP_WORDS | TITLE_HEADS
_LOWER_WORD = re.compile(r"(?<!\w)[a-z]\w*")
_MIN_CHARS = 2


def echo_names(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` plus the echoes of their names, sorted by position."""
    names = _names(text, spans)
    if not names:
        return spans
    taken = bytearray(len(text))
    for span in spans:
        taken[span.start : span.end] = b"\x01" * (span.end - span.start)
    lower = frozenset(_LOWER_WORD.findall(text))
    echoes = [
        replace(names[m.group()], start=m.start(), end=m.end(), hint="", echo=True)
        for m in whole_words(names).finditer(text)
        if not any(taken[m.start() : m.end()]) and _alone(text, m.start(), m.end(), lower)
    ]
    return sorted([*spans, *echoes], key=lambda s: (s.start, s.end))


def _names(text: str, spans: list[Span]) -> dict[str, Span]:
    """Each name's surface → its first span (its label is only a placeholder: echoes
    take their entity's label when linked)."""
    found: dict[str, Span] = {}
    for span in spans:
        surface = text[span.start : span.end]
        if _searchable(span, surface):
            found.setdefault(surface, span)
    return found


def _searchable(span: Span, surface: str) -> bool:
    """A name of two characters or more with a capital, not spelt like a month or a
    weekday ("May", "Friday")."""
    if not is_name_label(span.label) or len(surface) < _MIN_CHARS:
        return False
    return any(ch.isupper() for ch in surface) and fold(surface) not in CALENDAR_WORDS


def whole_words(names: Iterable[str]) -> re.Pattern[str]:
    """One alternation of ``names``, longest first, matching whole words only (not inside
    "pro-Beijing" or "Americans")."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w\-‐‑])(?:{alternatives})(?![\w\-‐‑])")


def _alone(text: str, start: int, end: int, lower: frozenset[str]) -> bool:
    """Neither part of a longer capitalised run nor a sentence's common word."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before and _runs_into(before.group(1), before.group(2)):
        return False
    after = _WORD_AFTER.match(text, end)
    if after and after.group(1).isupper():
        return False
    return not _sentence_word(text, start, end, lower)


def _runs_into(word: str, dot: str) -> bool:
    """A capitalised word right before, not a title, a stop word or a sentence's end."""
    return word[:1].isupper() and not dot and fold(word) not in _QUIET_BEFORE


def _sentence_word(text: str, start: int, end: int, lower: frozenset[str]) -> bool:
    """A one-word name at a sentence start that the text also writes in lower case
    (``lower``: the text's lower-case words, read once: searching the text again for
    each occurrence doubled the time of a 276,000-character text)."""
    surface = text[start:end]
    if " " in surface or not _SENTENCE_START.search(text, max(0, start - 4), start):
        return False
    return surface.lower() in lower
