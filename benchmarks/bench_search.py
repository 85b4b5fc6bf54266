"""Search latency: ``Library.search`` against raw Whoosh doing the same job on the same index.

The raw side opens the live generation's Whoosh index and SQLite store itself, runs
``searcher.search(q, limit=10)``, counts the matches (the list shows a total) and
highlights each hit's body with Whoosh's own highlighter. Queries are parsed and planned
once, before timing, with newsdesk's parser and ``whoosh_query.plan`` (dates as day
numbers, prefixes from the field of word beginnings, date clauses as ``filter=``), so
both sides run the same query plan; the raw side has no filter cache (Whoosh works a
filter out on every search). The newsdesk side is timed whole (parse, search, count,
snippets, suggestions).

Query by query, both sides run once untimed (warm-up), then each ``repeats`` times back
to back, so a burst of load from another process hits both sides of the same query;
each query's time is the median of its repeats, and p50/p95 are taken over queries.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.highlight import ContextFragmenter

from benchmarks.timing import clock, median, percentile
from newsdesk.errors import QueryError
from newsdesk.index import layout
from newsdesk.index.whoosh_query import Plan, QueryParser, plan
from newsdesk.library import Library
from newsdesk.search import check

TOP = 10


class RawWhoosh:
    """The baseline: Whoosh and SQLite used directly, none of newsdesk's code on the path."""

    def __init__(self, index_dir: Path) -> None:
        generation = layout.current_generation(index_dir)
        if generation is None:
            raise FileNotFoundError(f"no index in {index_dir}")
        self.ix = whoosh_index.open_dir(str(generation / "whoosh"))
        self.searcher = self.ix.searcher()
        self.db = sqlite3.connect(f"file:{generation / 'store.sqlite'}?mode=ro", uri=True)

    def search(self, planned: Plan) -> tuple[int, list[str]]:
        results = self.searcher.search(planned.query, filter=planned.dates, limit=TOP)
        total = len(results)
        ids = [hit["id"] for hit in results]
        marks = ",".join("?" * len(ids))
        bodies = dict(self.db.execute(f"SELECT id, body FROM articles WHERE id IN ({marks})", ids))
        results.fragmenter = ContextFragmenter(maxchars=160, surround=50)
        snippets = [
            hit.highlights("body", text=bodies.get(hit["id"], ""), top=2) for hit in results
        ]
        return total, snippets

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()
        self.db.close()


@dataclass
class SearchTimes:
    """Per-query medians in seconds, for newsdesk and for raw Whoosh, plus any failures."""

    ours: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    slowest: list[tuple[float, str]] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        kinds = {k: round(percentile(v, 50) * 1000, 2) for k, v in sorted(self.by_kind.items())}
        tails = {k: round(percentile(v, 95) * 1000, 2) for k, v in sorted(self.by_kind.items())}
        return {
            "queries": len(self.ours),
            "p50_ms": percentile(self.ours, 50) * 1000,
            "p95_ms": percentile(self.ours, 95) * 1000,
            "raw_p50_ms": percentile(self.raw, 50) * 1000,
            "raw_p95_ms": percentile(self.raw, 95) * 1000,
            "median_total": median([float(t) for t in self.totals]),
            "p50_ms_by_kind": kinds,
            "p95_ms_by_kind": tails,  # the date-range target is a p95 of its kind
            "slowest": [(round(s * 1000, 1), q) for s, q in sorted(self.slowest)[-8:][::-1]],
            "errors": self.errors[:10],
        }


def _time_ours(library: Library, query: str, timeouts: set[str]) -> float:
    """Seconds until the answer, or until the one-line "took over 3 s" error (the user
    waited that long too, so a timed-out query counts, at its time, in the percentiles)."""
    started = clock()
    try:
        library.search(query, limit=TOP)
    except QueryError:
        timeouts.add(query)
    return clock() - started


def _time_raw(raw: RawWhoosh, q: Plan) -> float:
    started = clock()
    raw.search(q)
    return clock() - started


def measure(library: Library, queries: list[tuple[str, str]], repeats: int) -> SearchTimes:
    """Every query through both paths, ``repeats`` times each after a warm-up run."""
    parser = QueryParser()
    raw = RawWhoosh(library.index_dir)
    times = SearchTimes()
    timeouts: set[str] = set()
    try:
        for kind, text in queries:
            try:
                check(text)
                parsed = plan(parser.parse(text).query, raw.ix.schema)
            except QueryError as error:
                times.errors.append(f"{text}: {error}")
                continue
            _time_ours(library, text, timeouts)
            total, _ = raw.search(parsed)
            ours = median([_time_ours(library, text, timeouts) for _ in range(repeats)])
            theirs = median([_time_raw(raw, parsed) for _ in range(repeats)])
            times.ours.append(ours)
            times.raw.append(theirs)
            times.totals.append(total)
            times.by_kind.setdefault(kind, []).append(ours)
            times.slowest.append((ours, text))
    finally:
        raw.close()
    times.errors.extend(f"{text}: over newsdesk's time limit" for text in sorted(timeouts))
    return times
