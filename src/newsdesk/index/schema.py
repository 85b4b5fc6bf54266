"""The Whoosh schema: what is searchable, and how words are analysed.

Article text itself lives in the SQLite store; Whoosh holds only what search needs,
which keeps the index small and lets the reader page the archive without Whoosh.
"""

from __future__ import annotations

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.support.charset import accent_map

from newsdesk.groups import FIELD_GROUPS

SCHEMA_VERSION = 4
"""Bump when the schema or the store's tables change: an older index then rebuilds itself."""

ENTITY_FIELDS = FIELD_GROUPS
"""One field per entity group that has one (``newsdesk.groups``), so ``person:aliyev``
filters; dates are the ``date`` field."""

FIELD_ALIASES: dict[str, list[str]] = {
    "tags": ["tag"],
    "org": ["organisation", "organization"],
    "place": ["location", "gpe", "loc"],
    "group": ["norp"],
    "person": ["people"],
}


def text_analyzer() -> Analyzer:
    """Words folded for case and accents, stop words dropped, English stems."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter()
    )


def plain_analyzer() -> Analyzer:
    """Whole words, folded but not stemmed: the vocabulary spelling suggestions draw on."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def name_analyzer() -> Analyzer:
    """Names and labels: every word folded, nothing dropped, so ``source:wire`` matches."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def build_schema() -> Schema:
    names = {f: TEXT(analyzer=name_analyzer(), phrase=True) for f in ENTITY_FIELDS}
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        title=TEXT(analyzer=text_analyzer(), field_boost=2.0, phrase=True),
        body=TEXT(analyzer=text_analyzer(), phrase=True),
        plain=TEXT(analyzer=plain_analyzer(), phrase=False, spelling=True),
        date=DATETIME(sortable=True),
        newest=NUMERIC(bits=64, signed=True, sortable=True),
        source=TEXT(analyzer=name_analyzer(), phrase=True),
        author=TEXT(analyzer=name_analyzer(), phrase=True),
        tags=KEYWORD(lowercase=True, commas=True, scorable=True),
        url=ID(),
        **names,
    )


SEARCHABLE_FIELDS = frozenset(
    ["title", "body", "date", "source", "author", "tags", "url", "path", *ENTITY_FIELDS]
)
