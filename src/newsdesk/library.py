"""The façade every front end talks to: one object that owns an index and answers questions.

The TUI and the CLI call only this module; they never touch Whoosh, SQLite or spaCy.
Reads are safe from any thread (each thread gets its own SQLite connection); indexing
takes the index's writer lock, so a second indexer is told, not blocked forever.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

import newsdesk.search as query_language
from newsdesk import kwic, locations
from newsdesk.index import entity_queries as eq
from newsdesk.index import layout
from newsdesk.index.generation import (
    STORE_FILE,
    WHOOSH_DIR,
    Generation,
    compatible,
    index_into,
    resumable,
)
from newsdesk.index.guard import guarded, guarded_search
from newsdesk.index.store import Store
from newsdesk.index.whooshdb import DeadlineExceeded, IndexDamaged, within
from newsdesk.marks import snippet, spans_of
from newsdesk.models import (
    Article,
    ArticleSummary,
    Cooccurrence,
    EntityArticle,
    EntityInfo,
    IndexReport,
    Mention,
    MentionContext,
    MonthCount,
    SearchHit,
    SearchResult,
)
from newsdesk.search import (
    QueryError,
    QueryParser,
    Stop,
    query_terms,
    run_bounded,
    suggest,
)
from newsdesk.settings import Settings

if TYPE_CHECKING:
    from newsdesk.index.indexer import Recognizes

ArticleSort = Literal["date", "title"]
SearchSort = Literal["relevance", "date"]
EntitySort = Literal["date", "mentions"]
Progress = Callable[[int, int, int], None]
SUGGEST_BELOW = 3
_T = TypeVar("_T")
__all__ = ["STORE_FILE", "WHOOSH_DIR", "IndexDamaged", "Library", "QueryError", "open_library"]


class Library:
    """An opened archive: a corpus folder (optional) and its index folder."""

    def __init__(self, index_dir: Path, corpus: Path | None, settings: Settings) -> None:
        self.index_dir = index_dir
        self.corpus = corpus
        self.settings = settings
        self.parser = QueryParser()
        self._gen: Generation | None = None
        self._gen_lock = threading.Lock()

    # --- plumbing ---------------------------------------------------------
    def _live(self) -> Generation | None:
        """The live generation, reopened when a rebuild elsewhere swapped in a new one.

        ``CURRENT`` is read under the lock: read outside it, a thread could see the old
        name after another thread had moved on, and switch everyone back to the
        generation being deleted.
        """
        with self._gen_lock:
            path = layout.current_generation(self.index_dir)
            if self._gen is not None and self._gen.path != path:
                # Not closed: other threads may be mid-read on it. Its files were
                # unlinked by the rebuild but stay readable until it is collected.
                self._gen = None
            if self._gen is None and path is not None and compatible(path):
                self._gen = Generation(path)
            return self._gen

    def _store(self) -> Store | None:
        gen = self._live()
        return gen.store() if gen else None

    def _forget_searcher(self) -> None:
        with self._gen_lock:
            if self._gen is not None:
                self._gen.whoosh.forget_searchers()

    def is_indexed(self) -> bool:
        """Whether there is an index to read; a damaged one counts (reading it says so)."""
        try:
            return self._live() is not None
        except IndexDamaged:
            return True

    # --- indexing ---------------------------------------------------------
    def refresh(
        self,
        progress: Progress | None = None,
        rebuild: bool = False,
        recognizer: Recognizes | None = None,
    ) -> IndexReport:
        """Bring the index up to date with the corpus folder (incremental).

        An interrupted first build is resumed; a rebuild's leftovers are removed. Raises
        ``layout.IndexBusy`` when another process is indexing, and ``IndexDamaged`` when
        the live index is damaged (``rebuild=True`` never reads it, so repairs it).
        """
        if self.corpus is None:
            raise ValueError("this library has no corpus folder to index")
        with layout.writer_lock(self.index_dir):
            live = layout.current_generation(self.index_dir)
            resume = None if rebuild or live else resumable(self.index_dir)
            layout.discard_unpublished(self.index_dir, keep=resume)  # a killed rebuild's
            target: Path | None = live
            if resume is not None:
                target = resume
            elif rebuild or live is None or not compatible(live):
                target = None
            report = index_into(
                self.index_dir, self.corpus, self.settings, target, live, progress, recognizer
            )
        self._live()
        return report

    # --- articles ---------------------------------------------------------
    @guarded
    def article_count(self) -> int:
        store = self._store()
        return store.article_count() if store else 0

    @guarded
    def list_articles(
        self, offset: int = 0, limit: int = 100, sort: ArticleSort = "date"
    ) -> list[ArticleSummary]:
        """A page of the whole archive, newest first (or by title)."""
        store = self._store()
        return store.page(offset, limit, by_title=sort == "title") if store else []

    @guarded
    def get_article(self, article_id: str) -> Article | None:
        store = self._store()
        return store.article(article_id) if store else None

    @guarded
    def mentions(self, article_id: str) -> list[Mention]:
        """Every entity mention in the article body, with catalogue keys, names and labels."""
        store = self._store()
        if store is None:
            return []
        return eq.article_mentions(store.db, article_id)

    # --- search -----------------------------------------------------------
    @guarded_search
    def search(
        self,
        query: str,
        limit: int = 50,
        offset: int = 0,
        sort: SearchSort = "relevance",
        time_limit: float | None = None,
        snippets: bool = True,
        stop: Stop | None = None,
    ) -> SearchResult:
        """Raises ``QueryError`` (one-line message) for a query that cannot run, or that
        runs longer than ``time_limit`` seconds (default ``newsdesk.search.TIME_LIMIT``).

        ``snippets=False`` skips the passages (the reader's list shows titles only), which
        is most of the cost of a large page. ``stop`` is asked as the search runs; once it
        says ``True``, ``SearchCancelled`` is raised (no suggestion is looked for either)."""
        if not query.strip():
            raise QueryError("empty query: type some words, a phrase or field:value")
        parsed = self.parser.parse(query)
        gen = self._live()
        if gen is None:
            return SearchResult(query, 0, [])
        seconds = query_language.TIME_LIMIT if time_limit is None else time_limit
        deadline = time.monotonic() + seconds

        def run() -> tuple[int, list[tuple[str, float]], frozenset[str]]:
            with gen.whoosh.searching() as searcher:
                sortedby = "newest" if sort == "date" else None
                results = run_bounded(
                    searcher, parsed.query, offset + limit, sortedby, seconds, stop
                )
                page = [(hit["id"], hit.score or 0.0) for hit in results[offset : offset + limit]]
                return len(results), page, query_terms(parsed.query, searcher)

        total, page, terms = self._bounded(seconds, run)
        wanted = stop is None or not stop()
        hint = self._suggestion(gen, query, deadline) if wanted and total < SUGGEST_BELOW else None
        hits = self._hits(gen.store(), page, terms, snippets)
        return SearchResult(query, total, hits, hint, tuple(sorted(terms)))

    def _suggestion(self, gen: Generation, query: str, deadline: float) -> str | None:
        """A respelling in the time the search left; none when that runs out (a long
        OR list of unknown words costs a corrector lookup per word)."""
        left = deadline - time.monotonic()
        if left <= 0:
            return None

        def respell() -> str | None:
            with gen.whoosh.searching() as searcher:
                return suggest(searcher, query)

        try:
            return within(left, respell)
        except DeadlineExceeded:
            return None

    def _bounded(self, seconds: float, work: Callable[[], _T]) -> _T:
        """Whoosh work within the search time limit, or the one-line ``QueryError``."""
        try:
            return within(seconds, work)
        except DeadlineExceeded:
            raise QueryError(
                f"the query took over {seconds:g} s; narrow it (leading wildcards and wide "
                "fuzzy terms are slow)"
            ) from None

    def _hits(
        self, store: Store, page: list[tuple[str, float]], terms: frozenset[str], snippets: bool
    ) -> list[SearchHit]:
        ids = [doc_id for doc_id, _ in page]
        summaries = store.summaries(ids)
        bodies = store.bodies(ids) if snippets else {}
        hits = []
        for doc_id, score in page:
            if doc_id not in summaries:
                continue
            text, marks = snippet(bodies[doc_id], terms) if snippets else ("", ())
            title_marks = tuple(spans_of(summaries[doc_id].title, terms))
            hits.append(SearchHit(summaries[doc_id], score, text, marks, title_marks))
        return hits

    @guarded_search
    def match_spans(self, article_id: str, query: str) -> list[tuple[int, int]]:
        """Body offsets of the words the query matched in this article, for marking."""
        gen = self._live()
        article = self.get_article(article_id)
        if gen is None or article is None or not query.strip():
            return []
        try:
            parsed = self.parser.parse(query)
            seconds = query_language.TIME_LIMIT

            def terms_of_query() -> frozenset[str]:
                with gen.whoosh.searching() as searcher:
                    return query_terms(parsed.query, searcher)

            terms = self._bounded(seconds, terms_of_query)
        except QueryError:
            return []
        return spans_of(article.body, terms)

    # --- entities ---------------------------------------------------------
    @guarded
    def entity(self, key: str) -> EntityInfo | None:
        store = self._store()
        return eq.entity(store.db, key) if store else None

    @guarded
    def resolve_entity(self, name: str) -> EntityInfo | None:
        """Any alias, case- and accent-insensitive."""
        store = self._store()
        return eq.resolve(store.db, name) if store else None

    @guarded
    def closest_entities(self, name: str, limit: int = 5) -> list[EntityInfo]:
        from rapidfuzz import fuzz, process

        from newsdesk.entities import fold

        store = self._store()
        if store is None:
            return []
        names = eq.all_names(store.db)
        best = process.extract(fold(name), [n for n, _ in names], scorer=fuzz.WRatio, limit=limit)
        infos = (eq.entity(store.db, names[index][1]) for _, _, index in best)
        return [info for info in infos if info]

    @guarded
    def find_entities(self, prefix: str, limit: int = 20) -> list[EntityInfo]:
        """Catalogue lookup by prefix of any word of the name, most mentioned first."""
        store = self._store()
        return eq.by_prefix(store.db, prefix, limit) if store else []

    @guarded
    def list_entities(self, group: str | None = None, limit: int = 50) -> list[EntityInfo]:
        """The archive's entities by article count; ``group`` is "person", "org", "place",
        "group", "event" or "other" (None: all of them)."""
        store = self._store()
        return eq.top_entities(store.db, group, limit) if store else []

    @guarded
    def article_entities(self, article_id: str) -> list[tuple[EntityInfo, int]]:
        """This article's entities with their mention counts in it."""
        store = self._store()
        return eq.for_article(store.db, article_id) if store else []

    @guarded
    def entity_articles(
        self, key: str, sort: EntitySort = "date", offset: int = 0, limit: int = 100
    ) -> list[EntityArticle]:
        store = self._store()
        return eq.articles(store.db, key, sort == "mentions", offset, limit) if store else []

    @guarded
    def entity_mention_spans(self, key: str, article_id: str) -> list[tuple[int, int]]:
        store = self._store()
        return eq.mention_offsets(store.db, key, article_id) if store else []

    @guarded
    def entity_contexts(self, key: str, article_id: str, limit: int = 20) -> list[MentionContext]:
        """Each mention of the entity in that article, inside its sentence."""
        store = self._store()
        if store is None:
            return []
        body = store.bodies([article_id]).get(article_id, "")
        spans = eq.mention_offsets(store.db, key, article_id)[:limit]
        return [kwic.context(article_id, body, start, end) for start, end in spans]

    @guarded
    def cooccurring(self, key: str, limit: int = 50) -> list[Cooccurrence]:
        """Entities that share articles with this one, most shared first."""
        store = self._store()
        return eq.cooccurring(store.db, key, limit) if store else []

    @guarded
    def timeline(self, key: str) -> list[MonthCount]:
        """Mentions per month, oldest first, months without mentions included."""
        store = self._store()
        return eq.timeline(store.db, key) if store else []

    def close(self) -> None:
        with self._gen_lock:
            if self._gen is not None:
                self._gen.close()
                self._gen = None


def open_library(
    corpus: Path | None, index_dir: Path | None = None, settings: Settings | None = None
) -> Library:
    """Open the index for a corpus (created on first ``refresh``); indexes nothing itself."""
    folder = corpus.expanduser().resolve() if corpus else None
    where = locations.index_dir_for(folder or Path.cwd(), index_dir)
    return Library(where, folder, settings or Settings.load())
