"""The list column: the search box over the article list, browsing or searching.

Both the archive and a search arrive from thread workers tagged with a request
number; a late answer to a query the user has already retyped is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input
from textual.worker import get_current_worker

from newsdesk.errors import QueryError, SearchCancelled
from newsdesk.library import ArticleSort, Library, SearchSort
from newsdesk.models import ArticleSummary, SearchResult
from newsdesk.safety import clean_line
from newsdesk.tui.failures import reports_failures
from newsdesk.tui.messages import (
    ArchiveCounted,
    ArchiveLoaded,
    QueryChanged,
    SearchCounted,
    SearchFailed,
    SearchFinished,
    SearchRequested,
)
from newsdesk.tui.widgets.article_list import ArticleList, ListSource
from newsdesk.tui.widgets.search_box import QueryNote, SearchBox

ORDER_NAMES = {"date": "newest first", "title": "by title", "relevance": "by relevance"}


def search_pages(
    library: Library, query: str, sort: SearchSort
) -> Callable[[int, int], list[ArticleSummary]]:
    """Later pages of a search, for the list to fetch as the user scrolls."""

    def fetch(offset: int, limit: int) -> list[ArticleSummary]:
        result = library.search(query, limit, offset, sort, snippets=False)
        return [hit.summary for hit in result.hits]

    return fetch


def list_title(
    total: int | None, query: str, matched: int | None, order: str, estimate: int | None = None
) -> Text:
    """``Articles 46 · newest first`` or ``Articles 7 of 46 · "Shusha" · by relevance``;
    ``Articles ≈ 7 of 46 …`` while only an ``estimate`` of the matches is known."""
    count = "…" if total is None else f"{total:,}"
    if query:
        found = "…" if matched is None else f"{matched:,}"
        if matched is None and estimate is not None:
            found = f"≈ {estimate:,}"
        title = f'Articles {found} of {count} · "{clean_line(query)}"'
    else:
        title = f"Articles {count}"
    return Text(f"{title} · {ORDER_NAMES[order]}")


class ArchivePane(Vertical):
    """Owns what the list shows: the archive in some order, or one search's hits."""

    def __init__(self, library: Library, debounce: float, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.debounce = debounce
        self.query_text = ""
        self.browse_sort: ArticleSort = "date"
        self.search_sort: SearchSort = "relevance"
        self.archive_total: int | None = None
        self.matched_total: int | None = None
        """The exact count of the search shown; ``None`` until it is known."""
        self.estimated_total: int | None = None
        """The first paint's estimate, shown until ``matched_total`` arrives."""
        self.request = 0
        self._keep_cursor = False

    def compose(self) -> ComposeResult:
        yield SearchBox(self.debounce, id="search")
        yield QueryNote(id="query-note")
        yield ArticleList(id="articles")

    def on_mount(self) -> None:
        self._update_title()

    @property
    def articles(self) -> ArticleList:
        return self.query_one(ArticleList)

    # --- asking ----------------------------------------------------------------------
    def reload(self, keep_cursor: bool = False) -> None:
        """Fetch the list again (after a sort change, or new files in the index)."""
        self.request += 1
        self._keep_cursor = keep_cursor
        if self.query_text:
            self._run_search(self.request, self.query_text, self.search_sort)
        else:
            self._load_archive(self.request, self.browse_sort)

    def toggle_sort(self) -> None:
        """Date ↔ relevance during a search; date ↔ title otherwise."""
        if self.query_text:
            self.search_sort = "date" if self.search_sort == "relevance" else "relevance"
        else:
            self.browse_sort = "title" if self.browse_sort == "date" else "date"
        self._update_title()
        self.reload()

    def search_for(self, query: str) -> None:
        """The palette or an entity page asked: fill the box; an empty ask opens it."""
        box = self.query_one(SearchBox)
        if not query:
            self.screen.set_focus(box)
            return
        box.set_query(query)
        box.history.add(query)
        self.screen.set_focus(self.articles)

    @work(thread=True, exclusive=True, group="list")
    @reports_failures("load the article list")
    def _load_archive(self, request: int, sort: ArticleSort) -> None:
        total = self.library.article_count()
        rows = self.library.list_articles(0, ArticleList.PAGE_SIZE, sort)
        self.post_message(ArchiveLoaded(request, total, rows))

    @work(thread=True, exclusive=True, group="list")
    @reports_failures("search")
    def _run_search(self, request: int, query: str, sort: SearchSort) -> None:
        """Two phases: the first page from Whoosh's pruned top-N with an estimated total
        (a frequent word at 100k: the exact count alone scores 40,000+ matches), then
        the exact count. Stops early once a newer search replaces this one (the worker
        is cancelled), in either phase."""
        worker = get_current_worker()

        def search(exact: bool) -> SearchResult:
            return self.library.search(
                query, ArticleList.PAGE_SIZE, 0, sort, snippets=False,
                stop=lambda: worker.is_cancelled, exact=exact,
            )  # fmt: skip

        try:
            first = search(exact=False)
            self.post_message(SearchFinished(request, first))
            if not first.exact:
                self.post_message(SearchCounted(request, search(exact=True)))
        except SearchCancelled:
            return
        except QueryError as error:
            self.post_message(SearchFailed(request, query, str(error)))

    # --- answers ---------------------------------------------------------------------
    @on(ArchiveLoaded)
    def show_archive(self, message: ArchiveLoaded) -> None:
        message.stop()
        if message.request != self.request:
            return
        self.archive_total = message.total
        fetch = partial(self.library.list_articles, sort=self.browse_sort)
        hint = " Press r to index the folder." if self.library.corpus else ""
        self.articles.empty_message = f"No articles yet.{hint}"
        self._show(ListSource(fetch, message.total), message.rows)
        self.post_message(ArchiveCounted(message.total))

    @on(SearchFinished)
    def show_results(self, message: SearchFinished) -> None:
        message.stop()
        if message.request == self.request:
            self._show_search(message.result, cursor=None)

    @on(SearchCounted)
    def show_count(self, message: SearchCounted) -> None:
        """The exact total (and page) of the search painted first: the rows stay put,
        the cursor too, the list learns its true length."""
        message.stop()
        if message.request == self.request:
            self._show_search(message.result, cursor=self.articles.cursor)

    def _show_search(self, result: SearchResult, cursor: int | None) -> None:
        """Until the exact total is known the list holds only the rows it has."""
        self.matched_total = result.total if result.exact else None
        self.estimated_total = None if result.exact else result.total
        self.query_one(SearchBox).suggestion = result.suggestion
        note = self.query_one(QueryNote)
        if result.suggestion:
            note.show_suggestion(result.suggestion)
        else:
            note.clear()
        fetch = search_pages(self.library, result.query, self.search_sort)
        self.articles.empty_message = f'No articles match "{clean_line(result.query)}".'
        rows = [hit.summary for hit in result.hits]
        length = result.total if result.exact else len(rows)
        self._show(ListSource(fetch, length, result.terms), rows, cursor)

    @on(SearchFailed)
    def show_query_error(self, message: SearchFailed) -> None:
        message.stop()
        if message.request == self.request:
            self.query_one(QueryNote).show_error(message.error)
            self.query_one(SearchBox).suggestion = None

    def _show(
        self, source: ListSource, rows: list[ArticleSummary], cursor: int | None = None
    ) -> None:
        if cursor is None:
            cursor = self.articles.cursor if self._keep_cursor else 0
        self.articles.show(source, rows, cursor=cursor)
        self._update_title()

    # --- typing ------------------------------------------------------------------------
    @on(SearchRequested)
    def run_search(self, message: SearchRequested) -> None:
        """Typing paused (or history was recalled): show what matches now."""
        message.stop()
        if message.query == self.query_text:
            return
        self.query_text, self.matched_total, self.estimated_total = message.query, None, None
        if not self.query_text:
            self.query_one(QueryNote).clear()
            self.query_one(SearchBox).suggestion = None
        self._update_title()
        self.reload()
        self.post_message(QueryChanged(self.query_text))

    @on(Input.Submitted, "#search")
    def leave_search_for_list(self, event: Input.Submitted) -> None:
        event.stop()
        box = self.query_one(SearchBox)
        box.flush()
        box.history.add(event.value)
        self.screen.set_focus(self.articles)

    def _update_title(self) -> None:
        order = self.search_sort if self.query_text else self.browse_sort
        title = list_title(
            self.archive_total, self.query_text, self.matched_total, order, self.estimated_total
        )
        self.border_title = title
