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
from dataclasses import dataclass
from functools import lru_cache

from whoosh import query as wq
from whoosh.collectors import Collector, ScoredCollector, WrappingCollector
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldParser,
    PlusMinusPlugin,
)
from whoosh.searching import Results, Searcher

from newsdesk.errors import QueryError, SearchCancelled
from newsdesk.index.engine import Stop
from newsdesk.index.schema import FIELD_ALIASES, build_schema, plain_analyzer, text_analyzer

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
        self.schema = build_schema()

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


def collect(
    searcher: Searcher, q: wq.Query, limit: int, sortedby: str | None, stop: Stop | None = None
) -> Results:
    """Every match counted, the top ``limit`` kept; given ``stop``, raise
    ``SearchCancelled`` soon after it says so."""
    collector = exact_collector(searcher, limit, sortedby)
    if stop is not None:
        if stop():
            raise SearchCancelled
        collector = StoppableCollector(collector, stop)
    searcher.search_with_collector(q, collector)
    return collector.results()


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
