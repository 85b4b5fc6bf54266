"""Label fixes from the article's own words, for the small model's favourite guesses.

An unfamiliar capitalised word comes out PERSON or ORG. The article usually says what it
really is, and these rules read that, one span at a time:

* "Azerbaijani" next to the place "Azerbaijan" is a NORP (also plural: "Azerbaijanis");
* "Armenia" next to the NORP "Armenian" is a GPE (with a hint, so it also outvotes the
  model's PERSON guesses for "Armenia" elsewhere in the article);
* "Karabakh" next to the place "Nagorno-Karabakh" is that kind of place;
* a PERSON right after "in", "near", "outside"…, "the town of", or a movement word and
  "to"/"from" ("the road to Shusha", "a visit to Shusha") gets a GPE *hint*: people
  are not "in" anyone (possessives excepted: "in Pashinyan’s cabinet"); likewise a one-word
  ORG in mixed case ("in Nagorno-Karabakh", but not "in NATO"). A hint adds votes to the
  article's label vote (:data:`.linking.HINT_WEIGHT`), it does not override it.
* a name after "members of" gets an ORG hint, a name after "Mr", "Dr", "Sir"… is a PERSON;
* a name the model took for a place or a work that "said", "says", "told", "claims"… is a
  PERSON (GUM: its defector "Paris" was a place eleven times), unless the article also
  writes it as a place.

Keys never change here, only labels, which feed the article's vote (see :mod:`.resolve`).
"""

from __future__ import annotations

import re

from newsdesk.entities.clean import Span, words
from newsdesk.entities.lexicon import (
    COURTESY_TITLES,
    DEMONYM_SUFFIXES,
    MOTION_WORDS,
    PLACE_CUES,
    PLACE_NOUNS,
)
from newsdesk.entities.linking import PLACE_BEFORE
from newsdesk.entities.normalize import APOSTROPHES, fold
from newsdesk.entities.repair import Context

_GUESSES = frozenset({"ORG", "PERSON"})
"""Labels the small model falls back on for a capitalised word it does not know."""
_CUE_BEFORE = re.compile(r"(?:^|\s)([^\s]+)\s+(?:([^\s]+)\s+)?$")
_POSSESSIVE_AFTER = re.compile(r"[" + APOSTROPHES + r"]")
_CONTEXT_CHARS = 40
_TITLED_GUESSES = frozenset(
    {"ORG", "PERSON", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"}
)
_PUNCTUATION = "\"'“”‘’([{,;:."


def relabel_all(text: str, spans: list[Span], context: Context) -> list[Span]:
    """Every span with the article-evidence fixes applied."""
    return [
        speech_cue(
            text,
            member_cue(
                text, title_cue(text, place_cue(text, relabel(text, span, context), context))
            ),
        )
        for span in spans
    ]


_MEMBER_BEFORE = re.compile(r"\bmembers?\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_MEMBER_GUESSES = frozenset({"ORG", "GPE", "LOC", "FAC", "PERSON", "NORP", "PRODUCT"})


def member_cue(text: str, span: Span) -> Span:
    """A name after "members of" / "a member of the" is an organisation (an ORG hint):
    people are members of parties, churches, bands and clubs, not of places or of a
    person. On GUM the model split a church 5 : 5 between place and organisation and
    the tie went to the place; its article says "former members of" it twice."""
    if span.label not in _MEMBER_GUESSES or span.hint:
        return span
    if not _MEMBER_BEFORE.search(text, max(0, span.start - _CONTEXT_CHARS), span.start):
        return span
    return Span(span.start, span.end, span.label, hint="ORG")


_SPEECH_AFTER = re.compile(r",?[ \t]+(?:said|says|told|claims|claimed|added|explained|insisted)\b")
_SPEAKER_GUESSES = frozenset({"GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
_NAME_BEFORE = re.compile(r"[^.!?\n\"“]\s+[A-Z][\w'’-]*[ \t]+$")
"""A capitalised word before the name, not at a sentence start: the name is the end of
a longer one the model cut ("Food Standards Australia New Zealand, says")."""
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def speech_cue(text: str, span: Span) -> Span:
    """A name the model took for a place or a work, followed by "said", "says", "told",
    "claims"…, is a person (a PERSON hint). Countries speak in the news too ("Britain
    said"), so never a name the article also writes after "in", "to", "from", "of" or
    "the", and never an acronym; organisations (ORG) speak as often as people do, so
    their label stays."""
    if span.label not in _SPEAKER_GUESSES or span.hint or not _SPEECH_AFTER.match(text, span.end):
        return span
    written = text[span.start : span.end]
    if written.isupper() or len(written.split()) > 3 or _NAME_BEFORE.search(text, 0, span.start):
        return span
    for found in re.finditer(re.escape(written), text):
        start = found.start()
        if any(cue.search(text, max(0, start - 20), start) for cue in (PLACE_BEFORE, _THE_BEFORE)):
            return span
    return Span(span.start, span.end, "PERSON", hint="PERSON")


_TITLE_BEFORE = re.compile(r"(?:^|[^\w.])(\w+)\.?[ \t]+$")


def title_cue(text: str, span: Span) -> Span:
    """A name right after "Mr", "Mrs", "Dr", "Sir", "Lord"… is a person (with a hint, so
    it outvotes the model's ORG or GPE guesses for the same name elsewhere)."""
    if span.label not in _TITLED_GUESSES:
        return span
    match = _TITLE_BEFORE.search(text[max(0, span.start - _CONTEXT_CHARS) : span.start])
    if not match or fold(match.group(1)) not in COURTESY_TITLES:
        return span
    return Span(span.start, span.end, "PERSON", hint="PERSON")


def relabel(text: str, span: Span, context: Context) -> Span:
    """Fix a one-word ORG/PERSON label from what the article calls that word elsewhere."""
    found = words(text, span.start, span.end)
    if span.label not in _GUESSES or len(text[span.start : span.end].split()) != 1:
        return span
    word = fold(text[span.start : span.end])
    if any(_is_country_of(word, group) for group in context.groups):
        return Span(span.start, span.end, "GPE", hint="GPE")
    if len(found) != 1 or word in context.places:
        return span
    if any(is_demonym_of(word, place) for place in context.places):
        return Span(span.start, span.end, "NORP", hint="NORP")
    tails = [label for name, label in context.places.items() if _is_tail(word, name)]
    return Span(span.start, span.end, tails[0], span.hint) if tails else span


def _is_tail(word: str, place: str) -> bool:
    """True for "karabakh" in "nagorno karabakh"."""
    parts = place.split()
    return len(parts) > 1 and parts[-1] == word


def _is_country_of(word: str, group: str) -> bool:
    """True for armenia/armenian(s); never a demonym for itself (azerbaijani/azerbaijanis)."""
    singular = group[:-1] if group.endswith("s") else group
    return len(singular) > len(word) and is_demonym_of(group, word)


def is_demonym_of(word: str, place: str) -> bool:
    """True for azerbaijani(s)/azerbaijan, armenian(s)/armenia, ukrainian/ukraine."""
    if len(place) < 4 or " " in place:
        return False
    stems = (place, place[:-1]) if place[-1] in "aeiouy" else (place,)
    forms = (word, word[:-1]) if word.endswith("s") else (word,)
    return any(f == stem + end for f in forms for stem in stems for end in DEMONYM_SUFFIXES)


def place_cue(text: str, span: Span, context: Context) -> Span:
    """A PERSON (or one-word, non-acronym ORG) after "in"/"near"/"the town of" gets a GPE hint.

    Not for a known person's surname: "confidence in Pashinyan" next to "Nikol Pashinyan";
    not for acronyms, which are organisations people are "in" ("in NATO").
    """
    if span.hint or not _may_be_place(text, span, context):
        return span
    match = _CUE_BEFORE.search(text[max(0, span.start - _CONTEXT_CHARS) : span.start])
    if not match:
        return span
    last = fold(match.group(2) or match.group(1)).strip(_PUNCTUATION)
    before = fold(match.group(1)).strip(_PUNCTUATION) if match.group(2) else ""
    if last in PLACE_CUES or (last == "of" and before in PLACE_NOUNS) or _motion(before, last):
        return Span(span.start, span.end, span.label, hint="GPE")
    return span


def _motion(before: str, last: str) -> bool:
    """Movement words before to/from: "visit to", "road from"."""
    return last in ("to", "from", "towards", "toward") and before in MOTION_WORDS


def _may_be_place(text: str, span: Span, context: Context) -> bool:
    """A model guess (PERSON, or a one-word ORG in mixed case) not known to be a person."""
    surface = text[span.start : span.end]
    if _POSSESSIVE_AFTER.match(text, span.end) or _surname(text, span, context):
        return False
    if span.label == "ORG":
        return len(surface.split()) == 1 and not surface.isupper()
    return span.label == "PERSON"


def _surname(text: str, span: Span, context: Context) -> bool:
    """The span ends in the surname of a multi-word person of the article."""
    parts = fold(text[span.start : span.end]).split()
    return bool(parts) and parts[-1] in context.surnames
