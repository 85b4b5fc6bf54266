"""Teams named after places: "Leeds 2 Chelsea 1", "Belgium defeated Panama 3 – 0".

In sport a place name stands for its team, and the model labels it a place. Merged with
the place, a city's entity page filled with match reports and its label flipped; a
national side became the country (issue #11). The rule reads the article, not a list of
clubs:

* the article is about sport: several distinct sport words (match, goal, league, coach…);
* a name there (a place, or the model's other guesses for a club, never a person of the
  article) is a team when one of its mentions stands in a sports
  construction: next to a score ("Sweden 1 – 0 Korea", "Leeds 2"), either side of "v"
  or "vs", after "beat", "defeated", "against", "faced", "lost to"…, before "beat",
  "won", "drew", "scored"…, or as the owner of a player, coach or side ("Panama's
  goalkeeper");
* then every mention of that name in the article is the team (ORG), except after a
  place preposition ("the match in Sochi"), and its key gets a " (team)" suffix, so the
  team and the place never share an entity across the archive. Teams not named after a
  place ("Chelsea") get the suffix too: in sports reports the key is then the same
  everywhere, and a business story's "Chelsea" stays apart (a known split).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdesk.entities.clean import Span
from newsdesk.entities.lexicon import words
from newsdesk.entities.normalize import fold

TEAM_SUFFIX = " (team)"
"""Added to a team's key: a key no folded name can have (names never hold brackets)."""

SPORT_WORDS: frozenset[str] = words(
    """
    match matches goal goals scored scorer striker goalkeeper keeper midfielder defender
    league cup tournament fixture fixtures penalty penalties referee stadium half-time
    semi-final quarter-final playoff play-off championship premiership innings wicket
    wickets tries squad coach manager kick-off season points draw drew equaliser
    """
)
"""Words that make an article a sports report when several different ones occur."""

MIN_SPORT_WORDS = 3
_TEAM_GUESSES = frozenset({"GPE", "LOC", "ORG", "PERSON", "PRODUCT", "FAC"})
_SCORE = r"\d{1,3}\s*[-–—:]\s*\d{1,3}"
_BEFORE = re.compile(
    r"(?:\b(?:beat|beats|beaten|defeated|defeat|against|faced|face|facing|v|vs|versus|"
    r"host|hosts|hosted)\.?|(?:lost|lose|losing|\d)\s+to|(?:win|victory)\s+over|"
    + _SCORE
    + r"|\b\d{1,3})\s*$",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"^(?:\s*(?:" + _SCORE + r"|\d{1,3}\b)|\s+(?:v|vs|versus)\b\.?|\s+(?:beat|beats|defeated|"
    r"won|win|lost|lose|drew|draw|scored|score|led|lead|equalised|faced|face|play|played|"
    r"had\s+(?:higher|greater|more)\s+(?:ball\s+)?possession)\b|['’]s\s+(?:\w+\s+)?(?:"
    r"goalkeeper|keeper|striker|captain|coach|manager|midfielder|defender|players?|side|"
    r"squad|team|attempt|goal|goals|fans|supporters|defence|attack|lead)\b)",
    re.IGNORECASE,
)
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|to|of)\s*$", re.IGNORECASE)
_CONTEXT = 30
_WORD = re.compile(r"[a-z][a-z\-]+")
_SIDE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_SIDE_AFTER = re.compile(r"\s+(?:team|side|squad|eleven|XI)\b(?![ \t]+[A-Z0-9])")
_SIDE_GUESSES = frozenset({"GPE", "LOC"})


def is_sport(text: str) -> bool:
    """Several different sport words: the article reports a game or a season."""
    found = {w for w in _WORD.findall(text.casefold()) if w in SPORT_WORDS}
    return len(found) >= MIN_SPORT_WORDS


def teams(text: str, spans: Iterable[Span]) -> frozenset[str]:
    """Folded names that stand for a team somewhere in a sports article.

    Candidates are places and the model's other guesses for a club ("Leeds" comes out
    PERSON or PRODUCT next to a score) of at most three words, but never a person of the
    article: a multi-word PERSON ("Harry Kane scored") or its bare surname.
    """
    spans = list(spans)
    if not spans or not is_sport(text):
        return frozenset()
    people = {fold(text[s.start : s.end]) for s in spans if s.label == "PERSON"}
    surnames = {p.split()[-1] for p in people if " " in p}
    found = set()
    for span in spans:
        name = fold(text[span.start : span.end])
        if span.label not in _TEAM_GUESSES or name in surnames or len(name.split()) > 3:
            continue
        if span.label == "PERSON" and " " in name:
            continue
        if _team_cue(text, span):
            found.add(name)
    return frozenset(found)


def _team_cue(text: str, span: Span) -> bool:
    before = text[max(0, span.start - _CONTEXT) : span.start]
    after = text[span.end : span.end + _CONTEXT + 20]
    return bool(_BEFORE.search(before) or _AFTER.match(after))


def as_team(text: str, span: Span, names: frozenset[str]) -> Span:
    """The span relabelled as its team, unless it is plainly the place ("in Sochi")."""
    if span.label not in _TEAM_GUESSES or fold(text[span.start : span.end]) not in names:
        return span
    if _PLACE_BEFORE.search(text[max(0, span.start - _CONTEXT) : span.start]):
        return span
    return Span(span.start, span.end, "ORG", hint="ORG")


def named_side(text: str, span: Span) -> bool:
    """ "the US team", "the Wales side": a place standing for its team in any article.

    A place name between "the" and "team"/"side"/"squad" names the team, not the
    country: joined to the place (the variants rule sends "US" to "United States"), one
    such phrase put a game team on the country's page (25 of the 44 wrong pairs of the
    GUM archive). When a name follows ("US team Cloud9") the place says where that team
    is from, and stays the place.
    """
    if span.label not in _SIDE_GUESSES:
        return False
    before = text[max(0, span.start - _CONTEXT) : span.start]
    return bool(_SIDE_BEFORE.search(before) and _SIDE_AFTER.match(text, span.end))
