"""From raw measurements to the figures of the issue, each with its baseline and target.

Targets are the issue's: some are stated for 10k articles, some for 100k. A latency
target met at 100k is met below it, so those are checked at every size; the re-index
target is stated for a 10k folder and checked only up to that size.
"""

from __future__ import annotations

from typing import Any

from benchmarks.report import Figure, judged

SMALL = 10_000


def _per_second(articles: int, seconds: float | None) -> float | None:
    return articles / seconds if seconds else None


def build_figure(m: dict[str, Any], articles: int) -> Figure:
    ours = _per_second(articles, m.get("build_s"))
    if m.get("ner"):
        base = _per_second(articles, m.get("pipe_s"))
        figure = Figure(
            "build",
            "full index build (NER)",
            ours,
            "articles/s",
            base,
            f"raw nlp.pipe, {m.get('ner_processes')} proc",
        )
        return judged(figure, "≥ 0.8× nlp.pipe", lambda _v, r: r is not None and r >= 0.8)
    base = _per_second(articles, m.get("ingest_s"))
    figure = Figure(
        "build", "full index build (placed entities)", ours, "articles/s", base, "ingest only"
    )
    return judged(figure, "NER measured at 10k", None)


def reindex_figure(m: dict[str, Any], articles: int) -> Figure:
    figure = Figure(
        "reindex",
        "re-index, nothing changed",
        m.get("reindex_s"),
        "s",
        m.get("walk_s"),
        "os.walk + stat",
    )
    if articles > SMALL:
        return judged(figure, "≤ 1.5 s at 10k", None)
    return judged(figure, "≤ 1.5 s", lambda v, _r: v <= 1.5)


def search_figures(m: dict[str, Any], articles: int) -> list[Figure]:
    s = m.get("search", {})
    limit = 30 if articles <= SMALL else 150
    p50 = Figure(
        "search_p50",
        f"search p50, {s.get('queries', 0)} queries",
        s.get("p50_ms"),
        "ms",
        s.get("raw_p50_ms"),
        "raw Whoosh",
    )
    p95 = Figure(
        "search_p95",
        "search p95, top 10 + snippets",
        s.get("p95_ms"),
        "ms",
        s.get("raw_p95_ms"),
        "raw Whoosh",
    )
    return [
        judged(p50, "≤ 1.3× raw", lambda _v, r: r is not None and r <= 1.3),
        judged(
            p95, f"≤ {limit} ms, ≤ 1.3× raw", lambda v, r: v <= limit and r is not None and r <= 1.3
        ),
    ]


def reader_figures(m: dict[str, Any]) -> list[Figure]:
    r = m.get("reader", {})
    typing = Figure(
        "typing",
        "search as you type (Pilot)",
        r.get("typing_ms"),
        "ms",
        r.get("bare_typing_ms"),
        "bare Textual echo",
    )
    typist = Figure(
        "typist",
        "search as you type, 6-7 keys/s (Pilot)",
        r.get("typist_ms"),
        "ms",
        r.get("bare_typist_ms"),
        "bare Textual echo, same pace",
    )
    startup = Figure(
        "startup",
        "reader start-up to painted list",
        r.get("startup_s"),
        "s",
        r.get("bare_startup_s"),
        "bare Textual app",
    )
    pilot = Figure(
        "entity_page_pilot",
        "entity page first paint (Pilot)",
        r.get("entity_pilot_ms"),
        "ms",
        r.get("entity_pilot_rare_ms"),
        "1-article entity",
    )
    return [
        judged(typing, "≤ 100 ms", lambda v, _r: v <= 100),
        judged(typist, "≤ 100 ms", lambda v, _r: v <= 100),
        judged(
            startup, "≤ 1.0 s, ≤ 2.5× bare", lambda v, r: v <= 1.0 and r is not None and r <= 2.5
        ),
        judged(pilot, "≤ 150 ms", lambda v, _r: v <= 150),
    ]


def entity_figure(m: dict[str, Any]) -> Figure:
    e = m.get("entity", {})
    top, rare = e.get("top", {}), e.get("rare", {})
    figure = Figure(
        "entity_page",
        f"entity page calls, {e.get('top_articles', 0):,} articles",
        top.get("sum_ms"),
        "ms",
        rare.get("sum_ms"),
        "1-article entity",
    )
    return judged(figure, "≤ 150 ms", lambda v, _r: v <= 150)


def memory_figure(m: dict[str, Any]) -> Figure:
    mem = m.get("memory", {})
    figure = Figure(
        "reader_rss",
        "reader peak RSS",
        mem.get("rss_mb"),
        "MB",
        mem.get("bare_rss_mb"),
        "bare Textual app",
    )
    return judged(figure, "≤ 300 MB", lambda v, _r: v <= 300)


def curation_figures(m: dict[str, Any], articles: int) -> list[Figure]:
    """The issue's target, a merge on screen in ≤ 1 s, is stated for 10,000 articles."""
    c = m.get("curation", {})
    seconds = c.get("rebuild_s")
    rebuild = Figure(
        "catalogue_rebuild",
        "catalogue rebuild from stored mentions",
        seconds * 1000 if seconds is not None else None,
        "ms",
        c["rebuild_read_s"] * 1000 if c.get("rebuild_read_s") else None,
        "grouped read of article entities",
    )
    merge = Figure(
        "merge_pilot",
        "merge in the reader until shown (Pilot)",
        c.get("merge_ms"),
        "ms",
        c.get("redraw_ms"),
        "the page redrawn, nothing changed",
    )
    if articles > SMALL:
        return [judged(rebuild, "report", None), judged(merge, "≤ 1 s at 10k", None)]
    return [judged(rebuild, "report", None), judged(merge, "≤ 1 s", lambda v, _r: v <= 1000)]


def size_figure(m: dict[str, Any], articles: int) -> Figure:
    index, corpus = m.get("index_bytes"), m.get("corpus_bytes")
    figure = Figure(
        "index_size",
        "index on disk",
        index / articles if index else None,
        "bytes/article",
        corpus / articles if corpus else None,
        "corpus",
    )
    return judged(figure, "report", None)


def all_figures(m: dict[str, Any], articles: int) -> list[Figure]:
    return [
        build_figure(m, articles),
        reindex_figure(m, articles),
        *search_figures(m, articles),
        *reader_figures(m)[:3],
        entity_figure(m),
        reader_figures(m)[3],
        memory_figure(m),
        size_figure(m, articles),
        *curation_figures(m, articles),
    ]
