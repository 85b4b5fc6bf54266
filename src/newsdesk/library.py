"""The façade every front end talks to: one object that owns an index and answers questions.

The TUI and the CLI call only this module; they never touch Whoosh, SQLite or spaCy.
Reads are safe from any thread (each thread gets its own SQLite connection, and a read
holds the generation it reads, so closing the library or a rebuild's swap never closes
it under a read); indexing takes the index's writer lock, so a second indexer is told,
not blocked forever.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import newsdesk.search as query_language
from newsdesk import kwic, locations
from newsdesk.entities.normalize import fold
from newsdesk.errors import IndexBusy, IndexDamaged, NotIndexed, QueryError, StateUnavailable
from newsdesk.index import entity_queries as eq
from newsdesk.index import layout
from newsdesk.index.engine import SearchEngine, Stop
from newsdesk.index.generation import (
    ENGINE,
    STORE_FILE,
    WHOOSH_DIR,
    Generation,
    check_corpus,
    compatible,
    index_into,
    readable,
    rebuild_reason,
    resumable,
    unwritable,
)
from newsdesk.index.guard import guarded, guarded_search
from newsdesk.index.store import Store
from newsdesk.marks import snippet, spans_of
from newsdesk.models import (
    Article,
    ArticleFilter,
    ArticleMarks,
    ArticleSummary,
    Cooccurrence,
    Curated,
    EntityArticle,
    EntityInfo,
    FileNote,
    IndexReport,
    Mention,
    MentionContext,
    MonthCount,
    SavedSearch,
    SearchHit,
    SearchResult,
    StateWord,
)
from newsdesk.settings import Settings
from newsdesk.userstate import UserState, clean_labels, fingerprint

if TYPE_CHECKING:
    from newsdesk.entities.curation import AliasEditor
    from newsdesk.index.indexer import Recognizes

ArticleSort = Literal["date", "oldest", "title"]
"""``date`` is newest first; undated articles come last in either date order."""
SearchSort = Literal["relevance", "date", "oldest"]
EntitySort = Literal["date", "mentions"]
EntityListSort = Literal["articles", "mentions", "name"]
Progress = Callable[[int, int, int], None]
SUGGEST_BELOW = 3
only_dates = query_language.only_dates
only_filters = query_language.only_filters
"""For the front ends, which may not import the query language's module (it knows the
index schema): whether a query is ``date:`` filters alone."""
__all__ = ["STORE_FILE", "WHOOSH_DIR", "IndexDamaged", "Library", "QueryError", "open_library"]


class Library:
    """An opened archive: a corpus folder (optional) and its index folder."""

    def __init__(
        self,
        index_dir: Path,
        corpus: Path | None,
        settings: Settings,
        user_state: UserState | None = None,
    ) -> None:
        self.index_dir = index_dir
        self.corpus = corpus
        self.settings = settings
        self.user_state = user_state or UserState(locations.user_state_file())
        self._gen: Generation | None = None
        self._gen_lock = threading.Lock()
        self._lease = threading.local()
        """The generation this thread's read holds (``reading``), if it is in one."""

    # --- plumbing ---------------------------------------------------------
    def _live(self) -> Generation | None:
        """The live generation, reopened when a rebuild elsewhere swapped in a new one.

        ``CURRENT`` is read under the lock: read outside it, a thread could see the old
        name after another thread had moved on, and switch everyone back to the
        generation being deleted.
        """
        with self._gen_lock:
            return self._current()

    def _current(self) -> Generation | None:
        """:meth:`_live`, with ``_gen_lock`` held by the caller."""
        path = layout.live_generation(self.index_dir)
        if self._gen is not None and self._gen.path != path:
            # Retired, not closed: other threads may be mid-read on it (its files were
            # unlinked by the rebuild but stay readable); the last of them closes it.
            self._gen.retire()
            self._gen = None
        if self._gen is None and path is not None and readable(path):
            self._gen = Generation(path)
        return self._gen

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the live generation for one read: nothing closes it before the read ends.

        Every read method enters this (the guard does, once per attempt, so a retry
        after a rebuild's swap reads the new generation). A read inside another one
        holds the live generation of its own moment, and the outer one's is still held.
        """
        outer = getattr(self._lease, "gen", None)
        with self._gen_lock:
            gen = self._current()
            if gen is not None:
                gen.lend()
        self._lease.gen = gen
        try:
            yield
        finally:
            self._lease.gen = outer
            if gen is not None:
                gen.give_back()

    def _require(self) -> Generation:
        """The live generation, or ``NotIndexed``: a folder never indexed answers nothing,
        and saying "0 articles match" there would hide that (issue #10, item 10)."""
        gen = getattr(self._lease, "gen", None) or self._live()
        if gen is None:
            raise NotIndexed(self.index_dir, "nothing published", self.corpus)
        return gen

    def _store(self) -> Store:
        return self._require().store()

    def _forget_searcher(self) -> None:
        with self._gen_lock:
            if self._gen is not None:
                self._gen.engine.forget_searchers()

    @contextmanager
    def _naming_corpus(self) -> Iterator[None]:
        """Damage raised inside names this library's corpus in its command."""
        try:
            yield
        except IndexDamaged as exc:
            exc.corpus = exc.corpus or self.corpus
            raise

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
        ``IndexBusy`` when another process is indexing, ``IndexDamaged`` when
        the live index is damaged (``rebuild=True`` never reads it, so repairs it),
        ``NotAnIndex`` for a folder holding files newsdesk did not make, and
        ``OtherCorpus`` when the live index was built from another folder.
        """
        if self.corpus is None:
            raise ValueError("this library has no corpus folder to index")
        layout.claim(self.index_dir)
        with layout.writer_lock(self.index_dir), self._naming_corpus():
            # a rebuild never reads the live generation, so a damaged CURRENT is no bar
            live = (layout.current_generation if rebuild else layout.live_generation)(
                self.index_dir
            )
            if live is not None and not rebuild:
                check_corpus(self.index_dir, live, self.corpus)
            resume = None if rebuild or live else resumable(self.index_dir)
            layout.discard_unpublished(self.index_dir, keep=resume)  # a killed rebuild's
            target: Path | None = live
            if resume is not None:
                target = resume
            elif rebuild or live is None or not compatible(live):
                target = None
            try:
                report = index_into(
                    self.index_dir, self.corpus, self.settings, target, live, progress, recognizer
                )
            except (OSError, sqlite3.OperationalError) as exc:  # disk full, permissions
                raise unwritable(self.index_dir, exc) from exc
        self._live()
        self._carry_state()
        return report

    def rebuild_reason(self) -> str | None:
        """One line saying why the next ``refresh`` will rebuild the whole index (an
        older version made it), to tell before the wait; ``None`` otherwise."""
        try:
            return rebuild_reason(layout.live_generation(self.index_dir))
        except IndexDamaged:
            return None  # the refresh itself says so

    @guarded
    def check_corpus(self) -> None:
        """Raise ``OtherCorpus`` when the live index was built from a folder other than
        this library's corpus (one ``--index`` folder given for two corpora)."""
        if self.corpus is not None:
            check_corpus(self.index_dir, self._require().path, self.corpus)

    # --- articles ---------------------------------------------------------
    @guarded
    def article_count(self, fold_copies: bool = False) -> int:
        """Articles in the index; ``fold_copies``: as the reader lists them, the copies
        of one text once."""
        store = self._store()
        return store.article_count(fold_copies)

    @guarded
    def list_articles(
        self,
        offset: int = 0,
        limit: int = 100,
        sort: ArticleSort = "date",
        fold_copies: bool = False,
    ) -> list[ArticleSummary]:
        """A page of the whole archive, newest first (or oldest first, or by title);
        ``fold_copies``: each text once, its copies counted in ``copies``."""
        store = self._store()
        return store.page(offset, limit, sort, fold_copies)

    @guarded
    def dated_count(self) -> int:
        """How many articles have a date: 0 means the archive has none, and the reader
        then claims no date order and prints no date column."""
        store = self._store()
        return store.dated_count()

    @guarded
    def file_notes(self) -> list[FileNote]:
        """What indexing said about files and still holds: each skipped file with its
        reason, then each file read with a warning (the reader's report screen)."""
        store = self._store()
        return store.file_notes()

    @guarded
    def get_article(self, article_id: str) -> Article | None:
        store = self._store()
        return store.article(article_id)

    @guarded
    def mentions(self, article_id: str) -> list[Mention]:
        """Every entity mention in the article body, with catalogue keys, names and labels."""
        store = self._store()
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
        exact: bool = True,
        fold_copies: bool = False,
    ) -> SearchResult:
        """Raises ``QueryError`` (one-line message) for a query that cannot run, or that
        runs longer than ``time_limit`` seconds (default ``newsdesk.search.TIME_LIMIT``).

        ``snippets=False`` skips the passages (the reader's list shows titles only), which
        is most of the cost of a large page. ``stop`` is asked as the search runs; once it
        says ``True``, ``SearchCancelled`` is raised (no suggestion is looked for either).
        ``exact=False`` (the first page by relevance only) may skip matches that cannot
        reach the page, for a total that is an estimate (``SearchResult.exact``): the
        reader paints that, then asks again for the exact total. ``fold_copies``: copies
        of another hit's text are neither counted nor listed."""
        gen, rest, only = self._prepared(query, fold_copies)
        seconds = query_language.TIME_LIMIT if time_limit is None else time_limit
        deadline = time.monotonic() + seconds
        engine = gen.engine
        order = sort if rest or sort != "relevance" else "date"
        if exact or offset or order != "relevance":
            found = engine.search(rest, limit, offset, order, seconds, stop, only)
        else:
            found = engine.first_page(rest, limit, seconds, stop, only)
        if not found.total and self._dateless(gen, query):
            raise QueryError(query_language.NO_DATES)
        wanted = stop is None or not stop()
        few = wanted and found.exact and bool(rest) and found.total < SUGGEST_BELOW
        hint = self._suggestion(engine, query, deadline, stop) if few else None
        hits = self._hits(gen.store(), engine, found.page, found.terms, snippets)
        terms = tuple(sorted(found.terms))
        return SearchResult(query, found.total, hits, hint, terms, found.exact)

    @guarded_search
    def match_count(self, query: str, stop: Stop | None = None, fold_copies: bool = False) -> int:
        """The exact total ``search`` would give, counted without scoring a match: the
        reader's second phase, after a first page of ``exact=False``. Errors as
        ``search``'s."""
        gen, rest, only = self._prepared(query, fold_copies)
        total = gen.engine.count(rest, query_language.TIME_LIMIT, stop, only)
        if not total and self._dateless(gen, query):
            raise QueryError(query_language.NO_DATES)
        return total

    def _prepared(
        self, query: str, fold_copies: bool
    ) -> tuple[Generation, str, ArticleFilter | None]:
        """The generation to search, the query's text for the engine, and the filter its
        ``is:``/``label:`` words (and ``fold_copies``) make; a bad query raises first."""
        rest, words = query_language.state_words(query)
        if rest or not words:
            query_language.check(rest)
        if self._live() is None and rest:
            ENGINE.validate(rest)  # a bad query is told before "not indexed"
        gen = self._require()
        only = self._state_filter(words)
        if fold_copies:
            only = without_copies(only, gen.store().copy_ids())
        return gen, rest, only

    def _state_filter(self, words: tuple[StateWord, ...]) -> ArticleFilter | None:
        """The ids the query's ``is:``/``label:`` words allow; a state file that cannot
        be read makes those queries fail in one line, not every search."""
        if not words:
            return None
        try:
            return self.user_state.resolve(words)
        except StateUnavailable as exc:
            raise QueryError(str(exc)) from exc

    @staticmethod
    def _dateless(gen: Generation, query: str) -> bool:
        """A ``date:`` query over an archive without one dated article: saying "0
        match" there would read as "nothing that year"."""
        return query_language.has_date_clause(query) and not gen.store().dated_count()

    @staticmethod
    def _suggestion(
        engine: SearchEngine, query: str, deadline: float, stop: Stop | None
    ) -> str | None:
        """A respelling in the time the search left; none when that runs out. A stale
        search's hint stops too (at 100k one took up to 335 ms)."""
        words = query_language.plain_words(query)
        left = deadline - time.monotonic()
        return query_language.respell(query, engine.corrections(words, left, stop))

    @staticmethod
    def _hits(
        store: Store,
        engine: SearchEngine,
        page: list[tuple[str, float]],
        terms: frozenset[str],
        snippets: bool,
    ) -> list[SearchHit]:
        """Hits with their marks; without ``snippets`` (the reader's list, which marks
        the titles it draws itself) no title is marked either: stemming the words of a
        page of 100 new titles was a third of a first search at 10k (117 of 376 ms over
        six new queries, cProfile), and every query typed is new."""
        ids = [doc_id for doc_id, _ in page]
        summaries = store.summaries(ids)
        bodies = store.bodies(ids) if snippets else {}
        hits = []
        matches = engine.marker(terms)
        for doc_id, score in page:
            if doc_id not in summaries:
                continue
            text, marks = snippet(bodies[doc_id], matches) if snippets else ("", ())
            title = summaries[doc_id].title
            title_marks = tuple(spans_of(title, matches)) if snippets else ()
            hits.append(SearchHit(summaries[doc_id], score, text, marks, title_marks))
        return hits

    @guarded_search
    def match_spans(self, article_id: str, query: str) -> list[tuple[int, int]]:
        """Body offsets of the words the query matched in this article, for marking."""
        gen = self._require()
        article = self.get_article(article_id)
        if article is None or not query.strip():
            return []
        try:
            text, _ = query_language.state_words(query)
            query_language.check(text)
            terms = gen.engine.terms(text, query_language.TIME_LIMIT)
        except QueryError:
            return []
        return spans_of(article.body, gen.engine.marker(terms))

    # --- entities ---------------------------------------------------------
    @guarded
    def entity(self, key: str) -> EntityInfo | None:
        store = self._store()
        return eq.entity(store.db, key)

    @guarded
    def resolve_entity(self, name: str) -> EntityInfo | None:
        """Any alias, case- and accent-insensitive."""
        store = self._store()
        return eq.resolve(store.db, name)

    @guarded
    def entities_named(self, name: str) -> list[EntityInfo]:
        """Every entity this name may mean: its own key first; else each entity that has
        it as its name or an alias (more than one: the name is ambiguous)."""
        store = self._store()
        if store is None:
            return []
        direct = eq.entity(store.db, eq.canonical_key(store.db, fold(name)))
        if direct is not None:
            return [direct]
        return eq.named(store.db, name)

    @guarded
    def closest_entities(self, name: str, limit: int = 5) -> list[EntityInfo]:
        from rapidfuzz import fuzz, process

        from newsdesk.entities import fold

        store = self._store()
        names = eq.all_names(store.db)
        best = process.extract(fold(name), [n for n, _ in names], scorer=fuzz.WRatio, limit=limit)
        infos = (eq.entity(store.db, names[index][1]) for _, _, index in best)
        return [info for info in infos if info]

    @guarded
    def find_entities(self, prefix: str, limit: int = 20) -> list[EntityInfo]:
        """Catalogue lookup by prefix of any word of the name, most mentioned first."""
        store = self._store()
        return eq.by_prefix(store.db, prefix, limit)

    @guarded
    def list_entities(
        self,
        group: str | None = None,
        limit: int = 50,
        offset: int = 0,
        sort: EntityListSort = "articles",
        words: str = "",
    ) -> list[EntityInfo]:
        """A page of the archive's entities, by article count unless ``sort`` says
        "mentions" or "name"; ``group`` is "person", "org", "place", "group", "event" or
        "other" (None: all of them); ``words`` keeps those with a word of their name or
        an alias starting with each word given."""
        store = self._store()
        return eq.listing(store.db, words, group, sort, offset, limit)

    @guarded
    def count_entities(self, group: str | None = None, words: str = "") -> int:
        """How many entities :meth:`list_entities` pages through."""
        store = self._store()
        return eq.listing_total(store.db, words, group)

    @guarded
    def article_entities(self, article_id: str) -> list[tuple[EntityInfo, int]]:
        """This article's entities with their mention counts in it."""
        store = self._store()
        return eq.for_article(store.db, article_id)

    @guarded
    def entity_articles(
        self, key: str, sort: EntitySort = "date", offset: int = 0, limit: int = 100
    ) -> list[EntityArticle]:
        store = self._store()
        return eq.articles(store.db, key, sort == "mentions", offset, limit)

    @guarded
    def entity_mention_spans(self, key: str, article_id: str) -> list[tuple[int, int]]:
        store = self._store()
        return eq.mention_offsets(store.db, key, article_id)

    @guarded
    def entity_contexts(self, key: str, article_id: str, limit: int = 20) -> list[MentionContext]:
        """Each mention of the entity in that article, inside its sentence."""
        store = self._store()
        body = store.bodies([article_id]).get(article_id, "")
        spans = eq.mention_offsets(store.db, key, article_id)[:limit]
        return [kwic.context(article_id, body, start, end) for start, end in spans]

    @guarded
    def entity_contexts_in(
        self, key: str, article_ids: list[str], limit: int = 20
    ) -> dict[str, list[MentionContext]]:
        """:meth:`entity_contexts` for a page of articles in two queries, not two per
        article: what the entity page shows beside each of its articles."""
        store = self._store()
        if store is None or not article_ids:
            return {}
        bodies = store.bodies(article_ids)
        spans = eq.mention_offsets_in(store.db, key, article_ids)
        return {
            article_id: [
                kwic.context(article_id, body, s, e) for s, e in spans.get(article_id, [])[:limit]
            ]
            for article_id, body in bodies.items()
        }

    @guarded
    def cooccurring(self, key: str, limit: int = 50) -> list[Cooccurrence]:
        """Entities that share articles with this one, most shared first."""
        store = self._store()
        return eq.cooccurring(store.db, key, limit)

    @guarded
    def timeline(self, key: str) -> list[MonthCount]:
        """Mentions per month, oldest first, months without mentions included."""
        store = self._store()
        return eq.timeline(store.db, key)

    # --- curation ---------------------------------------------------------------
    def merge_entity(self, source: EntityInfo, target: EntityInfo) -> Curated:
        """``source`` and its articles, mentions and aliases join ``target``."""
        with _editing(self.settings.alias_file) as aliases:
            aliases.merge(_file_name(source), _file_name(target))
        done = self._recatalogue(target.key)
        count = self._articles_of(target.key)
        return Curated(f"merged {source.name} into {target.name}: {count}{done}", target.key)

    def split_entity(
        self, entity: EntityInfo, local_key: str, into: EntityInfo | None = None
    ) -> Curated:
        """One of the names joined into ``entity`` leaves it: alone, or for ``into``."""
        with self.reading():
            form = eq.local_name(self._store().db, local_key)
        with _editing(self.settings.alias_file) as aliases:
            aliases.split(form, _file_name(into) if into else None)
        key = into.key if into else local_key
        done = self._recatalogue(key)
        where = f" into {into.name}" if into else ""
        return Curated(
            f"split {form} out of {entity.name}{where}: {self._articles_of(key)}{done}", key
        )

    def rename_entity(self, entity: EntityInfo, name: str) -> Curated:
        with _editing(self.settings.alias_file) as aliases:
            aliases.rename(_file_name(entity), name)
        done = self._recatalogue(entity.key)
        return Curated(f"renamed {entity.name} to {' '.join(name.split())}{done}", entity.key)

    def retype_entity(self, entity: EntityInfo, group: str) -> Curated:
        with _editing(self.settings.alias_file) as aliases:
            aliases.retype(_file_name(entity), group)
        done = self._recatalogue(entity.key)
        return Curated(f"{entity.name} is now of type {group}{done}", entity.key)

    def hide_entity(self, entity: EntityInfo) -> Curated:
        """Gone from highlighting, pages, panels and "appears with"; still searchable."""
        with _editing(self.settings.alias_file) as aliases:
            aliases.hide(_file_name(entity))
        done = self._recatalogue(None)
        return Curated(f"hid {entity.name} ({plural(entity.article_count, 'article')}); "
                       f"its text stays searchable{done}")  # fmt: skip

    def unhide_entity(self, entity: EntityInfo) -> Curated:
        with _editing(self.settings.alias_file) as aliases:
            found = aliases.unhide(_file_name(entity)) or aliases.unhide(entity.name)
        if not found:
            return Curated(f"{entity.name} was not hidden", entity.key)
        return Curated(f"{entity.name} is shown again{self._recatalogue(entity.key)}", entity.key)

    def undo_curation(self) -> Curated:
        """Take back the last change to the alias file (one step)."""
        from newsdesk.entities.curation import undo

        if not undo(self.settings.alias_file):
            return Curated("nothing to undo")
        return Curated(f"undid the last change to the alias file{self._recatalogue(None)}")

    @guarded
    def hidden_entities(self) -> list[EntityInfo]:
        store = self._store()
        return eq.hidden(store.db) if store else []

    @guarded
    def joined_names(self, key: str) -> list[tuple[str, str, int]]:
        """(local key, written form, articles) of each name joined into the entity."""
        store = self._store()
        if store is None:
            return []
        return [(k, eq.local_name(store.db, k), n) for k, n in eq.joined_keys(store.db, key)]

    def _recatalogue(self, key: str | None) -> str:
        """Apply the alias file now; a note for the confirmation line when it must wait."""
        from newsdesk.index.curate import recatalogue

        try:
            recatalogue(self.index_dir, self.settings)
        except IndexBusy:
            return " (saved; it applies when the running indexer finishes)"
        self._forget_searcher()
        return ""

    def _articles_of(self, key: str) -> str:
        info = self.entity(key)
        return plural(info.article_count if info else 0, "article")

    # --- the user's state: read, stars, labels, notes, saved searches ----------------
    def row_flags(self, article_id: str) -> tuple[bool, bool]:
        """(read, starred) for drawing a list row, from memory; with no usable state
        file every row is drawn plain (read, not starred)."""
        try:
            return self.user_state.flags(article_id)
        except StateUnavailable:
            return True, False

    def reload_marks(self) -> bool:
        """Read the marks again (``newsdesk mark`` may have changed them meanwhile);
        whether they changed. The reader asks every few seconds: one small query."""
        try:
            return self.user_state.reload()
        except StateUnavailable:
            return False

    def marks(self, article_id: str) -> ArticleMarks:
        """Raises ``StateUnavailable`` (one line) when the state file cannot be used."""
        return self.user_state.marks(article_id)

    def set_read(self, article_ids: list[str], read: bool = True) -> list[str]:
        """Mark articles read or unread, all or none: the ids not in the index are
        returned and nothing is changed when there are any."""
        return self._mark(article_ids, read=int(read))

    def set_starred(self, article_ids: list[str], starred: bool = True) -> list[str]:
        return self._mark(article_ids, starred=int(starred))

    def set_note(self, article_id: str, note: str) -> list[str]:
        return self._mark([article_id], note=note.strip())

    def set_labels(self, article_id: str, text: str) -> tuple[str, ...]:
        """Replace the article's labels with the words of ``text``; what was kept."""
        found = self._texts([article_id])
        labels = clean_labels(text)
        if found:
            self.user_state.set_labels(found[0], labels)
        return labels

    def all_labels(self) -> list[str]:
        return self.user_state.all_labels()

    def _mark(self, article_ids: list[str], **values: object) -> list[str]:
        found = self._texts(article_ids)
        unknown = sorted(set(article_ids) - {aid for aid, _, _ in found})
        if not unknown:
            self.user_state.update(found, **values)
        return unknown

    @guarded
    def _texts(self, article_ids: list[str]) -> list[tuple[str, str, str]]:
        """(id, title, body) of the ids the index holds: a row's fingerprint."""
        store = self._store()
        found = (store.article(aid) for aid in dict.fromkeys(article_ids))
        return [(a.id, a.title, a.body) for a in found if a is not None]

    @guarded
    def unread_count(self) -> int:
        """Articles of the archive not marked read (marks of articles gone don't count)."""
        store = self._store()
        read = store.present(self.user_state.read_ids())
        return store.article_count() - len(read)

    def count(self, query: str) -> tuple[int, int]:
        """(matches, unread matches) of a query, for a saved search's counts."""
        return self.match_count(query), self.match_count(f"{query} is:unread")

    def save_search(self, name: str, query: str) -> None:
        """Keep ``query`` under ``name`` (replacing one of that name); a query that cannot
        run is refused with its ``QueryError`` before anything is saved."""
        name = " ".join(name.split())
        if not name:
            raise QueryError("a saved search needs a name")
        self.search(query, limit=1, snippets=False)
        self.user_state.save_search(name, query)

    def saved_searches(self) -> list[SavedSearch]:
        return self.user_state.saved_searches()

    def saved_query(self, name: str) -> str | None:
        """The query saved under ``name`` (case-insensitive), if any."""
        wanted = " ".join(name.split()).casefold()
        found = (s.query for s in self.saved_searches() if s.name.casefold() == wanted)
        return next(found, None)

    def counted(self, saved: SavedSearch) -> SavedSearch:
        """The saved search with its live counts (none when its query no longer runs)."""
        try:
            total, unread = self.count(saved.query)
        except QueryError:
            return saved
        return SavedSearch(saved.name, saved.query, total, unread)

    def delete_search(self, name: str) -> bool:
        return self.user_state.delete_search(name)

    def _carry_state(self) -> None:
        """After indexing: state whose article id left the index (its file moved inside
        the corpus) is copied to the one article with the same title and text. Costs a
        title lookup per lost row; a state file that cannot be read is left for later."""
        if not self.user_state.path.exists():
            return  # never used: indexing does not create the file
        try:
            known = self.user_state.known()
            present = self._store().present(frozenset(row[0] for row in known))
            for old, print_, title in (row for row in known if row[0] not in present):
                same = [aid for aid, t, b in self._store().titled(title)
                        if fingerprint(t, b) == print_]  # fmt: skip
                if len(same) == 1:
                    self.user_state.carry(old, same[0])
        except (StateUnavailable, IndexDamaged):
            return

    def close(self) -> None:
        """Release the index: at once, or as the reads still running end (a reader's
        thread workers may be mid-query when the reader exits). A later read opens it
        again."""
        self.user_state.close()
        with self._gen_lock:
            if self._gen is not None:
                self._gen.retire()
                self._gen = None


def _editing(path: Path) -> AbstractContextManager[AliasEditor]:
    """The alias file opened for one change (tomlkit is imported only when curating)."""
    from newsdesk.entities.curation import editing

    return editing(path)


def _file_name(info: EntityInfo) -> str:
    """How the alias file names an entity: the first of its display name and aliases that
    folds to its key (a renamed entity is still written under its found name), else the
    key itself."""
    return next((n for n in (info.name, *info.aliases) if fold(n) == info.key), info.key)


def without_copies(only: ArticleFilter | None, copies: list[str]) -> ArticleFilter | None:
    """The user's filter, also leaving out articles listed only as a copy of another:
    one path through the engine for both (the copies table is small; read per search)."""
    if not copies:
        return only
    if only is None:
        return ArticleFilter(drop=frozenset(copies))
    return ArticleFilter(keep=only.keep, drop=only.drop | frozenset(copies))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count:,} {noun}s"


def open_library(
    corpus: Path | None, index_dir: Path | None = None, settings: Settings | None = None
) -> Library:
    """Open the index for a corpus (created on first ``refresh``); indexes nothing itself."""
    folder = corpus.expanduser().resolve() if corpus else None
    where = locations.index_dir_for(folder or Path.cwd(), index_dir)
    return Library(where, folder, settings or Settings.load())
