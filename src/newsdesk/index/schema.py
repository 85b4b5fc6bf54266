"""The Whoosh schema: what is searchable, and how words are analysed.

Article text itself lives in the SQLite store; Whoosh holds only what search needs,
which keeps the index small and lets the reader page the archive without Whoosh.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.tokenizers import default_pattern
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, FieldType, Schema
from whoosh.formats import Existence
from whoosh.support.charset import accent_map

from newsdesk.groups import FIELD_GROUPS

SCHEMA_VERSION = 5
"""Bump when the schema or the store's tables change: an older index then rebuilds itself."""
READABLE_VERSIONS = frozenset({"4", str(SCHEMA_VERSION)})
"""Schemas this version can still search (same store tables; the query is planned for
the index's own fields), so an old index answers while its rebuild runs aside."""
WHY_REBUILT = {
    "4": "dates are now indexed by day and word beginnings on their own, for faster searches"
}
"""Per older schema, the one line telling the user why their index is rebuilt."""

DATE_SHIFT = 2
"""Bits per tier of the day-number date field: an open range over seven years of days
becomes ~16 terms (a full-precision ``DATETIME`` needed ~186, 437 -> 66 ms at 12k)."""
PREFIX_MIN, PREFIX_MAX = 1, 4
"""Word beginnings indexed on their own (``PREFIXES``): ``dor*`` reads one term instead
of expanding over every word that starts so (311 -> 12 ms at 12k). A longer prefix
is expanded as before; few words share one."""
PREFIXED = {"title": "title_pre", "body": "body_pre"}
"""Each text field and the field of its words' beginnings."""

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


_WORD = re.compile(default_pattern.pattern, re.UNICODE)
"""Whoosh's own word pattern (``RegexTokenizer``'s default)."""


def prefix_source(text: str) -> str:
    """The distinct words of ``text`` (one per case-folded form), one space apart: what the
    fields of word beginnings are given. The same words as the text field's, so the same
    stems and prefixes, but each analysed once: indexing every word again cost as much
    as the body itself (2x Whoosh's share of the build); distinct words cost ~1/2."""
    words = {m.group().lower(): m.group() for m in _WORD.finditer(text)}
    return " ".join(words.values())  # as written: "İ".lower() is two characters


def prefix_analyzer() -> Analyzer:
    """The beginnings of exactly the terms ``text_analyzer`` indexes (stems), so a term
    of this field matches the documents ``Prefix`` expansion over the text field would."""
    return text_analyzer() | NgramFilter(PREFIX_MIN, PREFIX_MAX, at="start")


class PREFIXES(FieldType):  # type: ignore[misc]  # Whoosh is untyped
    """Word beginnings, recorded present or not: a prefix query scores every match
    alike (Whoosh's ``Prefix`` is constant-score), so frequencies would be waste."""

    def __init__(self) -> None:
        self.analyzer = prefix_analyzer()
        self.format = Existence()
        self.scorable = False
        self.stored = False
        self.unique = False
        self._stems = text_analyzer()

    def index(self, value: str, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        """What Whoosh stores for ``value``: each distinct stem's beginnings, made here
        rather than through ``prefix_analyzer``'s n-gram filter (the same terms, with
        one token per stem instead of one per beginning; Whoosh's own ``index`` then
        folds the duplicates)."""
        stems = {t.text for t in self._stems(value, mode="index")}
        found = {s[:n] for s in stems for n in range(PREFIX_MIN, min(PREFIX_MAX, len(s)) + 1)}
        return ((gram.encode("utf-8"), 1, 1.0, b"") for gram in sorted(found))


def day_number(when: datetime) -> int:
    """The date field's value: days since 0001-01-01, of a naive UTC datetime."""
    return when.toordinal()


def build_schema() -> Schema:
    """The index's fields. ``date`` holds day numbers (``day_number``); the query
    parser reads dates with ``query_schema``, and ``whoosh_query.plan`` maps them."""
    names = {f: TEXT(analyzer=name_analyzer(), phrase=True) for f in ENTITY_FIELDS}
    prefixes = {field: PREFIXES() for field in PREFIXED.values()}
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        title=TEXT(analyzer=text_analyzer(), field_boost=2.0, phrase=True),
        body=TEXT(analyzer=text_analyzer(), phrase=True),
        plain=TEXT(analyzer=plain_analyzer(), phrase=False, spelling=True),
        date=NUMERIC(bits=32, shift_step=DATE_SHIFT),  # unsigned, ``date:<x`` matched all
        newest=NUMERIC(bits=64, signed=True, sortable=True),
        source=TEXT(analyzer=name_analyzer(), phrase=True),
        author=TEXT(analyzer=name_analyzer(), phrase=True),
        tags=KEYWORD(lowercase=True, commas=True, scorable=True),
        url=ID(),
        **names,
        **prefixes,
    )


def query_schema() -> Schema:
    """The schema the query parser reads with: ``date`` as a ``DATETIME``, so its date
    parser turns ``date:2021-06`` into a range (of datetimes, mapped to days later)."""
    schema = build_schema()
    schema.remove("date")
    schema.add("date", DATETIME())
    return schema


SEARCHABLE_FIELDS = frozenset(
    ["title", "body", "date", "source", "author", "tags", "url", "path", *ENTITY_FIELDS]
)
