"""newsdesk's query language mapped onto Whoosh: its parser, collectors, term expansion,
spelling corrector and analyser. The Whoosh half of the engine seam (``engine.py``);
the language's own rules (syntax checks, respelling, the time limit) are in
``newsdesk.search`` and know nothing of Whoosh.

Nothing here bounds time: ``whooshdb.within`` bounds a whole read, parsing and
expanding included, which a collector alone could not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from whoosh import query as wq
from whoosh.collectors import Collector, FilterCollector, ScoredCollector, WrappingCollector
from whoosh.fields import NUMERIC, Schema
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldParser,
    PlusMinusPlugin,
)
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Results, Searcher
from whoosh.support.charset import accent_map

from newsdesk.errors import QueryError, SearchCancelled
from newsdesk.index.engine import Stop
from newsdesk.index.schema import (
    FIELD_ALIASES,
    PREFIX_MAX,
    PREFIX_MIN,
    PREFIXED,
    day_number,
    plain_analyzer,
    query_schema,
    text_analyzer,
)

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_DATE_CLAUSE = re.compile(r"\bdate:(\[[^\]]*\]|\S+)")


class StoppableCollector(WrappingCollector):  # type: ignore[misc]  # Whoosh is untyped
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


def _compact_dates(text: str) -> str:
    """Whoosh's date parser reads 20210615 and 202106 reliably; users type 2021-06-15."""

    def compact(clause: re.Match[str]) -> str:
        return _ISO_DATE.sub(lambda m: "".join(g for g in m.groups() if g), clause.group())

    return _DATE_CLAUSE.sub(compact, text)


class QueryParser:
    """A configured Whoosh parser; cheap to keep, not thread-safe for date errors, so
    each parse collects its own errors. Text is checked first (``newsdesk.search.check``):
    this reads only what Whoosh itself can still reject."""

    def __init__(self) -> None:
        self.schema = query_schema()

    def _parser(self, on_date_error: Callable[[str], None], dated: bool) -> MultifieldParser:
        parser = MultifieldParser(["title", "body"], self.schema, group=AndGroup)
        parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        parser.add_plugin(PlusMinusPlugin(minusexpr=r"(?<![^\s(])-(?=[\w\"(])"))
        parser.add_plugin(GtLtPlugin())
        if dated:  # its ~60 patterns, compiled on first use, were 45-150 ms of a CLI search
            from whoosh.qparser.dateparse import DateParserPlugin

            parser.add_plugin(DateParserPlugin(callback=on_date_error))
        parser.add_plugin(FuzzyTermPlugin())
        return parser

    def parse(self, text: str) -> ParsedQuery:
        errors: list[str] = []
        dated = "date:" in text.lower()
        try:
            parsed = self._parser(errors.append, dated).parse(_compact_dates(text))
        except Exception as exc:  # Whoosh raises assorted types on odd input
            raise QueryError(f"cannot read the query: {exc}") from exc
        if errors:
            raise QueryError(
                f'cannot read the date "{errors[0]}": try date:2021, date:2021-06, '
                "date:[2020-11 to 2021-06] or date:>2021-01-01"
            )
        return ParsedQuery(text, parsed)


@dataclass(frozen=True, slots=True)
class Plan:
    """What runs for a parsed query on one index: ``query`` over that index's own
    fields, and ``dates``, the date clauses every match must satisfy, taken out of the
    query to be passed to Whoosh as a filter (a set of documents the engine caches),
    or ``None``."""

    query: wq.Query
    dates: wq.Query | None


_ONE = timedelta(microseconds=1)


def _days(q: wq.DateRange) -> wq.NumericRange:
    """A datetime range as the day numbers it touches. The parser's ranges run from a
    day's first microsecond to one's last, so their days match the same articles."""
    first = last = None
    if q.startdate is not None:
        first = day_number(q.startdate + _ONE if q.startexcl else q.startdate)
    if q.enddate is not None:
        last = day_number(q.enddate - _ONE if q.endexcl else q.enddate)
    return wq.NumericRange(q.fieldname, first, last, boost=q.boost)


def _by_prefix_field(q: wq.Prefix, schema: Schema) -> wq.Query:
    """``dor*`` as one term of the field of word beginnings, when the index has one and
    the prefix is within its lengths; a constant score, as Whoosh's expansion gives."""
    field = PREFIXED.get(q.fieldname)
    if field is None or field not in schema or not PREFIX_MIN <= len(q.text) <= PREFIX_MAX:
        return q
    return wq.ConstantScoreQuery(wq.Term(field, q.text), score=q.boost)


def _mapped(q: wq.Query, schema: Schema) -> wq.Query:
    """The query tree with dates and prefixes rewritten for the index's fields. An
    index of an older schema (a ``DATETIME`` date, no prefix fields) keeps them as
    parsed, so it stays searchable while its rebuild runs."""
    if isinstance(q, wq.DateRange) and type(schema[q.fieldname]) is NUMERIC:
        return _days(q)
    if type(q) is wq.Prefix:
        return _by_prefix_field(q, schema)
    return q.apply(lambda child: _mapped(child, schema))


def _is_dates(q: wq.Query) -> bool:
    return isinstance(q, wq.NumericRange) and q.fieldname == "date"


def plan(q: wq.Query, schema: Schema) -> Plan:
    """Map ``q`` onto ``schema``, and take the date clauses of a top-level AND out as
    a filter (unless nothing else is left). A date range alone as a clause scores a
    constant, so dropping it shifts every score alike and keeps the order."""
    mapped = _mapped(q, schema)
    if not isinstance(mapped, wq.And):
        return Plan(mapped, None)
    dates = [c for c in mapped.subqueries if _is_dates(c)]
    rest = [c for c in mapped.subqueries if not _is_dates(c)]
    if not dates or not rest:
        return Plan(mapped, None)
    return Plan(_joined(rest, mapped.boost), _joined(dates, 1.0))


def _joined(parts: list[wq.Query], boost: float) -> wq.Query:
    return parts[0] if len(parts) == 1 else wq.And(parts, boost=boost)


def exact_collector(searcher: Searcher, limit: int, sortedby: object) -> Collector:
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


def collect(
    searcher: Searcher,
    q: wq.Query,
    limit: int,
    sortedby: object,
    stop: Stop | None = None,
    only: tuple[set[int] | None, set[int]] | None = None,
) -> Results:
    """Every match counted, the top ``limit`` kept; given ``stop``, raise
    ``SearchCancelled`` soon after it says so; given ``only`` (document numbers to keep
    to, ``None`` for any, and to keep out), the others are neither kept nor counted."""
    return _run(searcher, q, exact_collector(searcher, limit, sortedby), stop, only)


def _run(
    searcher: Searcher,
    q: wq.Query,
    collector: Collector,
    stop: Stop | None,
    only: tuple[set[int] | None, set[int]] | None,
) -> Results:
    """``collector`` made to stop when asked and to keep to the filter, then run."""
    if stop is not None:
        if stop():
            raise SearchCancelled
        collector = StoppableCollector(collector, stop)
    if only is not None:
        # outermost: Whoosh's filter drops documents in its own loop over matches,
        # which a wrapper around it would bypass
        collector = FilterCollector(collector, only[0], only[1] or None)
    searcher.search_with_collector(q, collector)
    return collector.results()


def count(
    searcher: Searcher,
    q: wq.Query,
    stop: Stop | None = None,
    only: tuple[set[int] | None, set[int]] | None = None,
) -> int:
    """Every match counted, none scored: Whoosh's unscored collector took about half
    the time of an exact search at 100,000 articles (``oas``, 53,703 matches: 186
    against 338 ms; ``rom kru``, 85,511: 527 against 1,741 ms)."""
    return len(_run(searcher, q, searcher.collector(limit=None, scored=False), stop, only))


def docnums_of(reader: IndexReader, article_id: str) -> tuple[int, ...]:
    """The document numbers holding one article id (none when it is not indexed)."""
    try:
        return tuple(reader.postings("id", article_id).all_ids())
    except TermNotFound:
        return ()


def pruned(
    searcher: Searcher,
    q: wq.Query,
    limit: int,
    stop: Stop | None = None,
    only: tuple[set[int] | None, set[int]] | None = None,
) -> Results:
    """The top ``limit`` by relevance through Whoosh's optimised collector: once the
    page is full it skips what cannot beat its lowest score. Its count is not a total
    (``exact_collector`` says why); with fewer than ``limit`` hits nothing was skipped."""
    return _run(searcher, q, searcher.collector(limit=limit), stop, only)


def estimate(searcher: Searcher, q: wq.Query, keep: AbstractSet[int] | None) -> int:
    """Whoosh's estimate of the matches (exact for one term, an upper bound for AND),
    no more than the documents a filter keeps to."""
    guess = int(q.estimate_size(searcher.reader()))
    return guess if keep is None else min(guess, len(keep))


def narrowed(
    only: tuple[set[int] | None, set[int]] | None, dates: set[int] | None
) -> tuple[set[int] | None, set[int]] | None:
    """The user's filter (documents to keep to, to keep out) and a date filter's
    documents as one filter: keep to both."""
    if dates is None:
        return only
    if only is None:
        return dates, set()
    keep, drop = only
    return (dates if keep is None else keep & dates), drop


SUGGEST_PREFIX = 2
"""Respellings keep the first two letters: Whoosh then scans only that slice of the
vocabulary (31 ms instead of 3 s over 77,000 words), and few typos start a word."""


def corrections(searcher: Searcher, words: Sequence[str]) -> dict[str, str]:
    """Folded respellings of the words that are not in the archive's vocabulary."""
    reader = searcher.reader()
    corrector = searcher.corrector("plain")
    analyzer = plain_analyzer()
    fixes: dict[str, str] = {}
    for word in words:
        folded = [t.text for t in analyzer(word)]
        if len(folded) != 1 or len(folded[0]) <= SUGGEST_PREFIX:
            continue
        if reader.doc_frequency("plain", folded[0]):
            continue
        better = corrector.suggest(folded[0], limit=1, maxdist=2, prefix=SUGGEST_PREFIX)
        if better:
            fixes[word] = better[0]
    return fixes


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


_WORDS = text_analyzer()
"""One analyser for every word marked: building one per word (its stemmer, stop list
and pattern) took 83 of the 275 ms a 2-hit command-line search ran (368 words)."""


@lru_cache(maxsize=65536)
def analysed(word: str) -> frozenset[str]:
    """The index terms one word becomes (usually one stem; stop words are kept, as a
    phrase's are). Memoised: marking a page of hits analyses each distinct word once."""
    return frozenset(t.text for t in _WORDS(word, removestops=False, mode="query"))


def marker(terms: frozenset[str]) -> Callable[[str], bool]:
    """Whether one word of text becomes one of ``terms``, analysing only the words that
    can: those whose folded first letter begins a term. The stemmer rewrites endings
    only, after case and accents are folded, so a word's stems begin with its folded
    first letter (checked over the 76,000 words of the 10k archive and 300,000 random
    ones; ``tests/search/test_marks.py`` asks hypothesis). In a new process nothing is
    memoised yet, and stemming every distinct word of ten hits (1,693 for ``kru`` at
    2,000 articles) was 40 of the 90 ms of a command-line search's own work."""
    initials = frozenset(term[:1] for term in terms)

    def matches(word: str) -> bool:
        folded = word.lower().translate(accent_map)
        return folded[:1] in initials and not analysed(word).isdisjoint(terms)

    return matches
