"""The query language's own rules, whatever engine runs it: what is checked before a
query reaches the engine, the time limit, and how a suggestion is written back.

Everything a user can type either runs or raises ``QueryError`` whose message is one
line naming the problem. Searches are bounded in time, so an expensive query (a leading
wildcard over a large vocabulary, say) reports itself instead of hanging the reader.
How the language maps onto Whoosh (its parser, dates, wildcards, the corrector) is the
engine's business: ``newsdesk.index.whoosh_query``, behind ``newsdesk.index.engine``.
"""

from __future__ import annotations

import re

from newsdesk.errors import QueryError
from newsdesk.index.schema import FIELD_ALIASES, SEARCHABLE_FIELDS
from newsdesk.models import StateWord

TIME_LIMIT = 3.0
"""Seconds a single search may take before the user is told to narrow it."""
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 200
"""Longer queries are refused before Whoosh reads them. Its parser is quadratic: 5,000
words took 35 s, one 20,000-character word 9.9 s. At these caps the worst shapes found
(200 words, one 1,000-character word, 150 date clauses) read in 0.05-0.15 s."""

_FIELD = re.compile(r"(?:^|(?<=[\s(+\-]))([A-Za-z_][\w]*):(?=\S)")
_KNOWN = SEARCHABLE_FIELDS | {a for names in FIELD_ALIASES.values() for a in names}


def _outside_quotes(text: str) -> str:
    return re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), text)


def check(text: str) -> None:
    """Raise ``QueryError`` for text no engine should be asked to run."""
    if not text.strip():
        raise QueryError("empty query: type some words, a phrase or field:value")
    check_size(text)
    check_syntax(text)


def check_syntax(text: str) -> None:
    """Catch what Whoosh would silently guess at: unclosed quotes and brackets, unknown fields."""
    if text.count('"') % 2:
        raise QueryError('unclosed quote: add the closing "')
    bare = _outside_quotes(text)
    for open_, close in ("()", "[]"):
        if bare.count(open_) != bare.count(close):
            raise QueryError(f"unbalanced brackets: every {open_} needs a {close}")
    for match in _FIELD.finditer(bare):
        name = match.group(1)
        if name.lower() not in _KNOWN:
            fields = ", ".join(sorted(SEARCHABLE_FIELDS - {"body", "url", "path"}))
            raise QueryError(f'unknown field "{name}:"; fields are {fields}')


def check_size(text: str) -> None:
    """Refuse a query too long to read in good time (see ``MAX_QUERY_CHARS``)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,}): "
            "shorten it"
        )
    words = len(text.split())
    if words > MAX_QUERY_WORDS:
        raise QueryError(
            f"the query has too many words ({words:,}; at most {MAX_QUERY_WORDS}): shorten it"
        )


_WORD = re.compile(r"(?<![\w:~*?\-])([^\W\d_][\w'’]*)(?![\w:~*?(])")
_OPERATORS = {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}


def _same_case(typed: str, suggestion: str) -> str:
    """Suggestions come from the folded vocabulary; give them the case the user typed."""
    if typed.isupper() and len(typed) > 1:
        return suggestion.upper()
    return suggestion[:1].upper() + suggestion[1:] if typed[:1].isupper() else suggestion


def plain_words(text: str) -> list[str]:
    """The words of a query that could be misspelt: not operators, fields, wildcards,
    fuzzy terms or numbers. What the engine is asked to correct."""
    words = (m.group(1) for m in _WORD.finditer(text))
    return list(dict.fromkeys(w for w in words if w not in _OPERATORS))


def respell(text: str, fixes: dict[str, str]) -> str | None:
    """``text`` with each corrected word replaced in the case it was typed, or ``None``
    when the engine found nothing to correct."""
    if not fixes:
        return None

    def fixed(m: re.Match[str]) -> str:
        word = m.group(1)
        return _same_case(word, fixes[word]) if word in fixes else word

    return _WORD.sub(fixed, text)


IS_VALUES = ("unread", "read", "starred")
_STATE_WORD = re.compile(r"(?:^|(?<=[\s(]))(?:(NOT)\s+)?([-+]?)(is|label):(\S*)", re.IGNORECASE)
_JOINERS = re.compile(r"^(?:\s*AND\b)+|(?:\bAND\s*)+$")


def state_words(text: str) -> tuple[str, tuple[StateWord, ...]]:
    """Take the user-state words (``is:unread``, ``is:read``, ``is:starred``,
    ``label:NAME``, each negatable with ``-`` or ``NOT``) out of a query: the rest is
    for the engine, the words become a filter of article ids (the index never holds
    the user's state). They narrow the whole query, so they may not sit inside brackets
    or beside ``OR``; a bad one is a one-line ``QueryError``."""
    bare = _outside_quotes(text)
    words: list[StateWord] = []
    rest, at = [], 0
    for match in _STATE_WORD.finditer(bare):
        words.append(_state_word(bare, match))
        rest.append(text[at : match.start()])
        at = match.end()
    if not words:
        return text, ()
    rest.append(text[at:])
    left = _JOINERS.sub("", " ".join("".join(rest).split())).strip()
    if re.search(r"\bOR\b", _outside_quotes(left)):
        raise QueryError("is: and label: narrow the whole query: they cannot be combined with OR")
    return left, tuple(words)


def _state_word(bare: str, match: re.Match[str]) -> StateWord:
    """One matched word, checked: a known ``is:`` value, a label, outside brackets."""
    negated = bool(match.group(1)) or match.group(2) == "-"
    field, value = match.group(3).lower(), match.group(4)
    if bare[: match.start()].count("(") != bare[: match.start()].count(")"):
        raise QueryError(f"{field}: narrows the whole query: write it outside the brackets")
    if field == "label":
        if not value:
            raise QueryError("label: needs a name, e.g. label:court")
        return StateWord("label", value.casefold(), negated)
    if value.lower() not in IS_VALUES:
        shown = value[:30] or "(nothing)"
        raise QueryError(f"unknown is:{shown}; use is:unread, is:read or is:starred")
    return StateWord(value.lower(), "", negated)


_DATE_CLAUSE = re.compile(r"(?:^|(?<=[\s(+\-]))date:(?:\[[^\]]*\]|\S+)", re.IGNORECASE)

NO_DATES = "no article in this archive has a date, so date: matches nothing"
"""Said instead of "0 articles match" when a ``date:`` query meets an undated archive."""


def has_date_clause(text: str) -> bool:
    """Whether the query filters by date (outside quotes)."""
    return bool(_DATE_CLAUSE.search(_outside_quotes(text)))


def only_filters(text: str) -> bool:
    """A query of filters alone (``date:`` clauses, ``is:``/``label:`` words) scores
    every hit alike, so the reader lists it by date, not "by relevance"."""
    try:
        rest, words = state_words(text)
    except QueryError:
        return False
    return bool(words) if not rest.strip() else only_dates(rest)


def only_dates(text: str) -> bool:
    """A query that is nothing but ``date:`` filters: every hit scores the same, so the
    reader lists it by date, not "by relevance"."""
    rest = _DATE_CLAUSE.sub(" ", _outside_quotes(text))
    return has_date_clause(text) and not re.sub(r"\b(?:AND|OR)\b|[()+]", " ", rest).strip()
