"""The list column: the search box over the article list, browsing or searching.

Both the archive and a search arrive from thread workers tagged with a request
number; a late answer to a query the user has already retyped is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from newsdesk.errors import (
    IndexDamaged,
    QueryError,
    QueryTooSlow,
    SearchCancelled,
    StateUnavailable,
)
from newsdesk.library import ArticleSort, Library, SearchSort, only_filters
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
    SearchUncounted,
    UnreadCounted,
)
from newsdesk.tui.widgets.article_list import ArticleList, ListSource
from newsdesk.tui.widgets.search_box import QueryNote, SearchBox

ORDER_NAMES = {
    "date": "newest first",
    "oldest": "oldest first",
    "title": "by title",
    "relevance": "by relevance",
}
BROWSE_ORDERS: tuple[ArticleSort, ...] = ("date", "oldest", "title")
SEARCH_ORDERS: tuple[SearchSort, ...] = ("relevance", "date", "oldest")
UNREAD_WAIT = 0.2
"""How long a new list waits before its unread count (a second search) starts: started
at once, it ran in its thread beside the list's first paint and, holding the GIL in
turns, doubled that paint (48 ms against 24 at 10k); a key typed meanwhile cancels it."""
TITLE_WAIT = 0.15
"""How long the title keeps describing the rows on show after a new query before it
says the new one is on its way ("Articles … of N")."""
DEFAULT_ORDERS: dict[str, tuple[ArticleSort, SearchSort]] = {
    "newest": ("date", "relevance"),
    "relevance": ("date", "relevance"),
    "oldest": ("oldest", "oldest"),
    "title": ("title", "relevance"),
}
"""The ``default_sort`` setting as the order of browsing and of searching: relevance
exists only for a search, title only for browsing (the search engine has no title
order), so each setting names the nearest order where its own is missing."""


def browse_orders(dated: bool) -> tuple[ArticleSort, ...]:
    """An archive without dates has no date order to offer: its articles by title."""
    return BROWSE_ORDERS if dated else ("title",)


def search_orders(query: str, dated: bool) -> tuple[SearchSort, ...]:
    """A query of filters alone (``date:``, ``is:``, ``label:``) scores every hit
    alike: by date, never by "relevance"; without dates, relevance is the only order."""
    if not dated:
        return ("relevance",)
    return SEARCH_ORDERS[1:] if only_filters(query) else SEARCH_ORDERS


def quoted(query: str) -> str:
    """The query in quotes for a heading, unless it has its own (a phrase): ``""x""``
    read as a mistake."""
    text = clean_line(query)
    return text if '"' in text else f'"{text}"'


def search_pages(
    library: Library, query: str, sort: SearchSort
) -> Callable[[int, int], list[ArticleSummary]]:
    """Later pages of a search, for the list to fetch as the user scrolls."""

    def fetch(offset: int, limit: int) -> list[ArticleSummary]:
        result = library.search(query, limit, offset, sort, snippets=False, fold_copies=True)
        return [hit.summary for hit in result.hits]

    return fetch


def list_title(
    total: int | None,
    query: str,
    matched: int | None,
    order: str,
    unread: int | None = None,
    dated: bool = True,
    estimate: int | None = None,
) -> Text:
    """``Articles 46 · 12 unread · newest first`` or ``Articles 7 of 46 · "Shusha" ·
    by relevance``; ``Articles 46 · no dates · by title`` for an archive without dates;
    ``Articles ≈ 7 of 46 …`` while only an ``estimate`` of the matches is known."""
    count = "…" if total is None else f"{total:,}"
    if query:
        found = "…" if matched is None else f"{matched:,}"
        if matched is None and estimate is not None:
            found = f"≈ {estimate:,}"
        title = f"Articles {found} of {count} · {quoted(query)}"
    else:
        title = f"Articles {count}"
    if unread is not None:
        title += f" · {unread:,} unread"
    undated = "" if dated else " · no dates"
    return Text(f"{title}{undated} · {ORDER_NAMES[order]}")


class ArchivePane(Vertical):
    """Owns what the list shows: the archive in some order, or one search's hits."""

    def __init__(
        self,
        library: Library,
        debounce: float,
        default_sort: str = "newest",
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.library = library
        self.debounce = debounce
        self.query_text = ""
        self.browse_sort, self.search_sort = DEFAULT_ORDERS[default_sort]
        self.archive_total: int | None = None
        self.dated = True
        self.matched_total: int | None = None
        """The exact count of the search shown; ``None`` until it is known."""
        self.estimated_total: int | None = None
        """The first paint's estimate, shown until ``matched_total`` arrives."""
        self.unread: int | None = None
        self.request = 0
        self._keep_cursor = False
        self._title_timer: Timer | None = None
        self._count_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield SearchBox(self.debounce, id="search")
        yield QueryNote(id="query-note")
        yield ArticleList(id="articles")

    def on_mount(self) -> None:
        self.articles.flags = self.library.row_flags
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
            self._run_search(self.request, self.query_text, self.search_order)
        else:
            self._load_archive(self.request, self.browse_order)

    @property
    def search_order(self) -> SearchSort:
        """The search's order: the one chosen, where this query and archive offer it."""
        offered = search_orders(self.query_text, self.dated)
        return self.search_sort if self.search_sort in offered else offered[0]

    @property
    def browse_order(self) -> ArticleSort:
        offered = browse_orders(self.dated)
        return self.browse_sort if self.browse_sort in offered else offered[0]

    @property
    def order(self) -> str:
        """The order the list is in now, as ``ORDER_NAMES`` knows it."""
        return self.search_order if self.query_text else self.browse_order

    def toggle_sort(self) -> None:
        """The next order: relevance, newest, oldest while searching; newest, oldest,
        title while browsing (what the archive and the query offer)."""
        if self.query_text:
            orders = search_orders(self.query_text, self.dated)
            self.search_sort = orders[(orders.index(self.search_order) + 1) % len(orders)]
        else:
            kinds = browse_orders(self.dated)
            self.browse_sort = kinds[(kinds.index(self.browse_order) + 1) % len(kinds)]
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
        total, dated = self.library.article_count(fold_copies=True), self.library.dated_count()
        if not dated and sort != "title":
            sort = "title"
        rows = self.library.list_articles(0, ArticleList.PAGE_SIZE, sort, fold_copies=True)
        self.post_message(ArchiveLoaded(request, total, rows, dated))

    @work(thread=True, exclusive=True, group="list")
    @reports_failures("search")
    def _run_search(self, request: int, query: str, sort: SearchSort) -> None:
        """Two phases: the first page from Whoosh's pruned top-N with an estimated total
        (a frequent word at 100k: the exact count alone scores 40,000+ matches), then
        the exact count, unscored: the page is already the exact search's page, and
        counting alone took half the time of the exact search at 100k. Stops early once
        a newer search replaces this one (the worker is cancelled), in either phase."""
        worker = get_current_worker()

        def stop() -> bool:
            return worker.is_cancelled

        try:
            first = self.library.search(
                query, ArticleList.PAGE_SIZE, 0, sort, snippets=False,
                stop=stop, exact=False, fold_copies=True,
            )  # fmt: skip
            self.post_message(SearchFinished(request, first))
            if not first.exact:
                self._count_exactly(request, first, stop)
        except SearchCancelled:
            return
        except QueryError as error:
            self.post_message(SearchFailed(request, query, str(error)))

    def _count_exactly(self, request: int, first: SearchResult, stop: Callable[[], bool]) -> None:
        """The exact total of a search whose first page is shown. Past the time limit
        (``oas`` at 300,000 articles took 2.2 s of the 3 s beside other work) the page
        stays, and the user is told the total is an estimate, not that the query failed."""
        try:
            total = self.library.match_count(first.query, stop, fold_copies=True)
        except QueryTooSlow:
            self.post_message(SearchUncounted(request))
            return
        self.post_message(SearchCounted(request, replace(first, total=total, exact=True)))

    def recount(self) -> None:
        """Count the list's unread articles again (after a mark, or a new list); for a
        search, only once its exact total is known. The count is a second full search
        ("… is:unread"): started beside a frequent word's exact count at 100,000
        articles it doubled that work, and the next query typed waited on both."""
        if self.query_text and self.matched_total is None:
            return
        self._count_unread(self.request, self.query_text)

    @work(thread=True, exclusive=True, group="unread")
    @reports_failures("count the unread articles")
    def _count_unread(self, request: int, query: str) -> None:
        """A search's unread are the search narrowed by ``is:unread``; one that cannot
        be narrowed (it has an OR) or a state file that cannot be read shows no count.
        A newer count (a new list) stops this one, as a newer search stops a search: a
        stale count of 50,000 matches held the interpreter for seconds while the user
        typed (py-spy: 37 % of the reader's work in the 100k typing benchmark)."""
        worker = get_current_worker()
        try:
            if query:
                unread: int | None = self.library.match_count(
                    f"{query} is:unread", lambda: worker.is_cancelled
                )
            else:
                unread = self.library.unread_count()
        except SearchCancelled:
            return
        except (QueryError, IndexDamaged, StateUnavailable):
            unread = None
        self.post_message(UnreadCounted(request, unread))

    @on(UnreadCounted)
    def show_unread(self, message: UnreadCounted) -> None:
        message.stop()
        if message.request == self.request:
            self.unread = message.unread
            self._update_title()

    # --- answers ---------------------------------------------------------------------
    @on(ArchiveLoaded)
    def show_archive(self, message: ArchiveLoaded) -> None:
        message.stop()
        if message.request != self.request:
            return
        self.archive_total, self.dated = message.total, bool(message.dated)
        self.articles.show_dates = self.dated
        fetch = partial(self.library.list_articles, sort=self.browse_order, fold_copies=True)
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

    @on(SearchUncounted)
    def keep_estimate(self, message: SearchUncounted) -> None:
        message.stop()
        if message.request == self.request:
            listed = self.articles.source.total
            self.query_one(QueryNote).show_info(
                f"too many to count in time; first {listed:,} listed"
            )

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
        fetch = search_pages(self.library, result.query, self.search_order)
        self.articles.empty_message = f"No articles match {quoted(result.query)}."
        rows = [hit.summary for hit in result.hits]
        length = result.total if result.exact else len(rows)
        self._show(ListSource(fetch, length, result.terms), rows, cursor)
        if self.archive_total is None:
            self._count_archive()

    @work(thread=True, exclusive=True, group="archive-total")
    @reports_failures("count the articles")
    def _count_archive(self) -> None:
        """The archive's size, for a list that began with a search (keys typed while
        the reader started): the archive's first page, which brings it, never came, and
        the title said "of …" until the search was cleared."""
        self.post_message(ArchiveCounted(self.library.article_count(fold_copies=True)))

    @on(ArchiveCounted)
    def learn_archive_total(self, message: ArchiveCounted) -> None:
        """Not stopped: the title bar shows the count too."""
        if self.archive_total is None:
            self.archive_total = message.total
            self._update_title()

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
        self._stop_timer(self._count_timer)
        self._count_timer = self.set_timer(UNREAD_WAIT, self.recount)

    # --- typing ------------------------------------------------------------------------
    @on(SearchRequested)
    def run_search(self, message: SearchRequested) -> None:
        """Typing paused (or history was recalled): show what matches now."""
        message.stop()
        if message.query == self.query_text:
            return
        self.query_text, self.matched_total, self.unread = message.query, None, None
        self.estimated_total = None
        self.workers.cancel_group(self, "unread")  # the old list's count is stale now
        self._stop_timer(self._count_timer)
        if not self.query_text:
            self.query_one(QueryNote).clear()
            self.query_one(SearchBox).suggestion = None
        self._title_later()
        self.reload()
        self.post_message(QueryChanged(self.query_text))

    def _title_later(self) -> None:
        """The title follows the answer, not the keystroke: it describes the rows on
        show until the new ones come, and says "…" only for a search still running
        after ``TITLE_WAIT``. A new title repaints the whole column, 15-27 ms at 160x48
        on the 10k benchmark, which landed between the keystroke and the list's paint."""
        self._stop_timer(self._title_timer)
        self._title_timer = self.set_timer(TITLE_WAIT, self._update_title)

    @staticmethod
    def _stop_timer(timer: Timer | None) -> None:
        if timer is not None:
            timer.stop()

    @on(Input.Submitted, "#search")
    def leave_search_for_list(self, event: Input.Submitted) -> None:
        event.stop()
        box = self.query_one(SearchBox)
        box.flush()
        box.history.add(event.value)
        self.screen.set_focus(self.articles)

    def _update_title(self) -> None:
        self._stop_timer(self._title_timer)
        total, matched = self.archive_total, self.matched_total
        title = list_title(
            total,
            self.query_text,
            matched,
            self.order,
            self.unread,
            self.dated,
            self.estimated_total,
        )
        self.border_title = title
