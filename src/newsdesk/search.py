"""The query language: Whoosh's parser, configured for news, with one-line errors.

Everything a user can type either runs or raises ``QueryError`` whose message is one
line naming the problem. Searches are bounded in time, so an expensive query (a leading
wildcard over a large vocabulary, say) reports itself instead of hanging the reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.collectors import (
    Collector,
    ScoredCollector,
    TimeLimit,
    TimeLimitCollector,
    WrappingCollector,
)
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldParser,
    PlusMinusPlugin,
)
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.searching import Results, Searcher

from newsdesk.index.schema import (
    FIELD_ALIASES,
    SEARCHABLE_FIELDS,
    build_schema,
    plain_analyzer,
)
from newsdesk.index.whooshdb import DeadlineExceeded, within

TIME_LIMIT = 3.0
"""Seconds a single search may take before the user is told to narrow it."""
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 200
"""Longer queries are refused before Whoosh reads them. Its parser is quadratic: 5,000
words took 35 s, one 20,000-character word 9.9 s. At these caps the worst shapes found
(200 words, one 1,000-character word, 150 date clauses) read in 0.05-0.15 s."""

_FIELD = re.compile(r"(?:^|(?<=[\s(+\-]))([A-Za-z_][\w]*):(?=\S)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_DATE_CLAUSE = re.compile(r"\bdate:(\[[^\]]*\]|\S+)")
_KNOWN = SEARCHABLE_FIELDS | {a for names in FIELD_ALIASES.values() for a in names}


class QueryError(ValueError):
    """A query that cannot run; ``str()`` is one line for the user."""


class SearchCancelled(Exception):
    """The caller no longer wants this search (the user typed on): not an error to show."""


Stop = Callable[[], bool]
"""Asked while a search runs: ``True`` once its answer is no longer wanted."""


class StoppableCollector(WrappingCollector):
    """Collects through ``child``, asking ``stop()`` every few matches.

    The reader searches as the user types; a search for the previous keystroke's query
    would otherwise run to its end in its thread, slowing the one that is wanted.
    """

    EVERY = 64

    def __init__(self, child: Collector, stop: Stop) -> None:
        super().__init__(child)
        self.stop = stop
        self.seen = 0

    def collect(self, sub_docnum: int) -> object:
        self.seen += 1
        if not self.seen % self.EVERY and self.stop():
            raise SearchCancelled
        return self.child.collect(sub_docnum)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    text: str
    query: wq.Query


def _outside_quotes(text: str) -> str:
    return re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), text)


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


def _compact_dates(text: str) -> str:
    """Whoosh's date parser reads 20210615 and 202106 reliably; users type 2021-06-15."""

    def compact(clause: re.Match[str]) -> str:
        return _ISO_DATE.sub(lambda m: "".join(g for g in m.groups() if g), clause.group())

    return _DATE_CLAUSE.sub(compact, text)


class QueryParser:
    """A configured Whoosh parser; cheap to keep, not thread-safe for date errors, so
    each parse collects its own errors."""

    def __init__(self) -> None:
        self.schema = build_schema()

    def _parser(self, on_date_error: Callable[[str], None]) -> MultifieldParser:
        parser = MultifieldParser(["title", "body"], self.schema, group=AndGroup)
        parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        parser.add_plugin(PlusMinusPlugin(minusexpr=r"(?<![^\s(])-(?=[\w\"(])"))
        parser.add_plugin(GtLtPlugin())
        parser.add_plugin(DateParserPlugin(callback=on_date_error))
        parser.add_plugin(FuzzyTermPlugin())
        return parser

    def parse(self, text: str) -> ParsedQuery:
        """The query, or ``QueryError``; reading it is bounded in size and in time."""
        check_size(text)
        check_syntax(text)
        errors: list[str] = []
        try:
            parsed = within(TIME_LIMIT, lambda: self._read(text, errors))
        except DeadlineExceeded:
            raise QueryError(f"reading the query took over {TIME_LIMIT:g} s; shorten it") from None
        if errors:
            raise QueryError(
                f'cannot read the date "{errors[0]}": try date:2021, date:2021-06, '
                "date:[2020-11 to 2021-06] or date:>2021-01-01"
            )
        return ParsedQuery(text, parsed)

    def _read(self, text: str, errors: list[str]) -> wq.Query:
        try:
            return self._parser(errors.append).parse(_compact_dates(text))
        except Exception as exc:  # Whoosh raises assorted types on odd input
            raise QueryError(f"cannot read the query: {exc}") from exc


def exact_collector(searcher: Searcher, limit: int, sortedby: str | None) -> Collector:
    """A collector that scores every match once, so its total is exact.

    Whoosh's top-N collector skips documents that cannot reach the page: it swaps in a
    cheaper matcher as the page's lowest score rises, and then reports the documents it
    saw as the total (2,422 for a dated query that matches 14,812), or, where it skipped
    whole blocks instead, counts every match again in a second pass. Scoring every match
    once was also faster over the benchmark's queries at 100k: median 0.59x per query,
    prefix wildcards 5-9x.
    """
    collector = searcher.collector(limit=limit, sortedby=sortedby, optimize=False)
    if isinstance(collector, ScoredCollector):
        collector.replace = 0
    return collector


def run_bounded(
    searcher: Searcher,
    q: wq.Query,
    limit: int,
    sortedby: str | None,
    time_limit: float = TIME_LIMIT,
    stop: Stop | None = None,
) -> Results:
    """Search with a time limit (Whoosh's alarm needs the main thread, so its timer), and
    given ``stop``, raise ``SearchCancelled`` soon after it says so."""
    collector = exact_collector(searcher, limit, sortedby)
    if stop is not None:
        if stop():
            raise SearchCancelled
        collector = StoppableCollector(collector, stop)
    bounded = TimeLimitCollector(collector, timelimit=time_limit, use_alarm=False)
    try:
        searcher.search_with_collector(q, bounded)
    except TimeLimit:
        raise QueryError(
            f"the query took over {time_limit:g} s; narrow it (leading wildcards and wide "
            "fuzzy terms are slow)"
        ) from None
    return bounded.results()


SUGGEST_PREFIX = 2
"""Respellings keep the first two letters: Whoosh then scans only that slice of the
vocabulary (31 ms instead of 3 s over 77,000 words), and few typos start a word."""
_WORD = re.compile(r"(?<![\w:~*?\-])([^\W\d_][\w'’]*)(?![\w:~*?(])")
_OPERATORS = {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}


def suggest(searcher: Searcher, text: str) -> str | None:
    """A respelled query when some plain word is not in the archive's vocabulary."""
    reader = searcher.reader()
    corrector = searcher.corrector("plain")
    analyzer = plain_analyzer()
    changed = False

    def respell(m: re.Match[str]) -> str:
        nonlocal changed
        word = m.group(1)
        folded = [t.text for t in analyzer(word)]
        if word in _OPERATORS or len(folded) != 1 or len(folded[0]) <= SUGGEST_PREFIX:
            return word
        if reader.doc_frequency("plain", folded[0]):
            return word
        better = corrector.suggest(folded[0], limit=1, maxdist=2, prefix=SUGGEST_PREFIX)
        changed = changed or bool(better)
        return _same_case(word, better[0]) if better else word

    fixed = _WORD.sub(respell, text)
    return fixed if changed else None


def _positive_leaves(q: wq.Query) -> Iterator[wq.Query]:
    """Leaves the user asked to find: the excluded side of NOT is not a match."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_leaves(q.a)
    elif q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from _positive_leaves(child)


def _same_case(typed: str, suggestion: str) -> str:
    """Suggestions come from the folded vocabulary; give them the case the user typed."""
    if typed.isupper() and len(typed) > 1:
        return suggestion.upper()
    return suggestion[:1].upper() + suggestion[1:] if typed[:1].isupper() else suggestion


def query_terms(q: wq.Query, searcher: Searcher) -> frozenset[str]:
    """The indexed body/title terms a query looks for, wildcards and fuzzy terms expanded."""
    reader = searcher.reader()
    terms: set[str] = set()
    for leaf in _positive_leaves(q):
        if leaf.field() not in ("body", "title"):
            continue
        try:
            found = leaf.expanded_terms(reader)
        except Exception:  # an expansion can fail on odd terms; marking is best effort
            continue
        terms.update(t.decode("utf-8") if isinstance(t, bytes) else str(t) for _, t in found)
    return frozenset(terms)
