"""The main screen: the article list, the reading pane and the entity sidebar.

Every library call runs in a thread worker and comes back as a message tagged with a
request number; an answer to a question the user has since replaced is dropped.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from newsdesk import state
from newsdesk.errors import QueryError
from newsdesk.export import article_table
from newsdesk.library import Library
from newsdesk.models import Article, ArticleMarks, IndexReport
from newsdesk.safety import clean_line
from newsdesk.settings import Settings
from newsdesk.spans import DEFAULT_TYPES, Highlighting, visible_mentions
from newsdesk.tui import handover
from newsdesk.tui.curation import CatalogueRedraw
from newsdesk.tui.failures import WorkFailed, reports_failures
from newsdesk.tui.messages import (
    ArchiveCounted,
    ArticleHighlighted,
    ArticleLoaded,
    EntitiesLoaded,
    EntityCursorMoved,
    EntityFocused,
    IndexGrew,
    MarksLoaded,
    OpenArticle,
    OpenEntities,
    OpenEntity,
    QueryChanged,
    RefreshFinished,
    RefreshProgress,
    Reopen,
    SearchRequested,
)
from newsdesk.tui.screens.entities import EntitiesScreen
from newsdesk.tui.screens.entity import open_page
from newsdesk.tui.screens.pickers import TextPrompt, TypeChooser
from newsdesk.tui.screens.report import FileReportScreen
from newsdesk.tui.screens.userstate import LabelPrompt, NoteEditor, SavedSearches
from newsdesk.tui.widgets.archive_pane import ORDER_NAMES, ArchivePane
from newsdesk.tui.widgets.article_list import ArticleList, Fetch
from newsdesk.tui.widgets.bars import Legend, StatusLine, TopBar
from newsdesk.tui.widgets.entity_sidebar import EntitySidebar
from newsdesk.tui.widgets.reading_pane import ReadingPane
from newsdesk.tui.widgets.search_box import SearchBox

NARROW = 100
"""Below this width one pane is shown at a time: the list, or the article."""
WIDE = 150
"""From this width the entity sidebar is shown unless the user hid it."""
PREVIEW_DELAY = 0.08
PREVIEW_WHILE_TYPING = 0.4
"""While the search box has the keys, the top hit is shown only once typing has paused
for longer: drawing an article for every half-typed word slowed the search wanted."""


def report_summary(report: IndexReport) -> str:
    """``3 new articles · 1 updated``, or ``up to date``."""
    parts = [
        f"{report.added} new article{'s' if report.added != 1 else ''}" if report.added else "",
        f"{report.updated} updated" if report.updated else "",
        f"{report.removed} removed" if report.removed else "",
        f"{len(report.skipped)} skipped" if report.skipped else "",
    ]
    return " · ".join(p for p in parts if p) or "up to date"


REFRESH = "refresh the index"
WATCH_SECONDS = 3.0
"""How often the reader checks whether another process changed the index."""


class MainScreen(Screen[None]):
    """Browse or search the archive on the left, read on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "back", key_display="esc", id="back"),
        # "/ search" is in the top bar: the footer keeps its room for "q quit" at 80 columns
        Binding(
            "slash", "search", "search", key_display="/", priority=True, show=False, id="search"
        ),
        Binding("e", "toggle_sidebar", "panel", id="entity_panel"),
        Binding("E", "entities", "entities", id="entities"),
        Binding("E", "entities_unlisted", "entities", show=False, id="entities"),
        Binding("s", "sort", "sort", id="sort"),
        Binding("h", "cycle_highlight", "highlight", id="highlight"),
        Binding("L", "choose_types", "types", show=False, id="types"),
        Binding("r", "refresh", "refresh", show=False, id="refresh"),
        Binding("m", "toggle_read", "read/unread", show=False, id="toggle_read"),
        Binding("u", "next_unread", "next unread", show=False, id="next_unread"),
        Binding("asterisk", "toggle_star", "star", key_display="*", show=False, id="star"),
        Binding("t", "edit_labels", "labels", show=False, id="labels"),
        Binding("a", "edit_note", "note", show=False, id="note"),
        Binding("S", "save_search", "save search", show=False, id="save_search"),
        Binding("b", "saved_searches", "saved searches", show=False, id="saved_searches"),
        *handover.article_bindings(),
        handover.export_binding(),
    ]

    def __init__(
        self, library: Library, settings: Settings, refresh_on_start: bool = False
    ) -> None:
        super().__init__()
        self.library, self.settings = library, settings
        self.refresh_on_start = refresh_on_start
        self.first_index = refresh_on_start and not library.is_indexed()
        """The reader indexes this folder for the first time: what it skipped is shown."""
        self.article_id: str | None = None
        self.trail: tuple[str | None, tuple[Reopen, ...]] = (None, ())
        """The article last chosen on other pages, and those pages (``_back_to_pages``)."""
        self.sidebar_choice: bool | None = None
        self._article_request = 0
        self._preview: Timer | None = None
        self._reading: Timer | None = None
        self._searching = False
        numbers = frozenset({"number"}) if settings.highlight_numbers else frozenset()
        self.highlighting = state.highlighting(Highlighting(types=DEFAULT_TYPES | numbers))

    def compose(self) -> ComposeResult:
        corpus = self.library.corpus or self.library.index_dir
        yield TopBar(corpus.name)
        with Horizontal(id="panes"):
            yield ArchivePane(
                self.library,
                self.settings.search_debounce,
                self.settings.default_sort,
                id="list-column",
            )
            with Vertical(id="reader-column"):
                yield ReadingPane(corpus=self.library.corpus, id="reader")
                yield Legend(id="legend")
            yield EntitySidebar(self.library, id="sidebar")
        yield StatusLine(id="status")
        # the top bar says "ctrl+p commands"; compact: 80 columns hold every key
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.query_one(SearchBox).cursor_blink = not self.app.is_headless
        self.query_one(ReadingPane).show_message("Loading…")
        self.query_one(Legend).show_types(self.highlighting.shown())
        self.set_focus(self.query_one(ArticleList))
        self.query_one(ArchivePane).reload()
        if self.refresh_on_start and self.library.corpus is not None:
            self.start_refresh()
        self.set_interval(WATCH_SECONDS, self._count_articles)

    # --- layout --------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._apply_layout()

    def _apply_layout(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
        shown = self.sidebar_choice if self.sidebar_choice is not None else self.size.width >= WIDE
        sidebar = self.query_one(EntitySidebar)
        if shown and not sidebar.display and self.article_id:
            self._load_entities(self.article_id)
        sidebar.display = shown

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """In a narrow terminal the focused side is the one shown."""
        reading = isinstance(event.widget, ReadingPane | EntitySidebar)
        self.set_class(reading, "-reading")

    @on(ArchiveCounted)
    def show_count(self, message: ArchiveCounted) -> None:
        self.query_one(TopBar).show_count(message.total)
        if not message.total:
            self.query_one(ReadingPane).show_message("Nothing to read yet.")

    @on(QueryChanged)
    def follow_query(self, message: QueryChanged) -> None:
        """A search (or none) is now shown: the legend and the keys follow. The footer is
        rebuilt only when starting or leaving a search, and not while the search box has
        the keys (its own keys show then; leaving it rebuilds the footer anyway)."""
        searching = bool(message.query)
        self.query_one(Legend).show_match(searching)
        if searching != self._searching:
            self._searching = searching
            if not isinstance(self.focused, SearchBox):
                self.refresh_bindings()

    @on(SearchRequested)
    def search_from_elsewhere(self, message: SearchRequested) -> None:
        """The palette or an entity page asked for a search."""
        message.stop()
        self.query_one(ArchivePane).search_for(message.query)

    # --- the article ---------------------------------------------------------------
    @on(ArticleHighlighted)
    def preview_article(self, message: ArticleHighlighted) -> None:
        """The list cursor moved: show that article once the cursor settles."""
        if self._preview is not None:
            self._preview.stop()
        if message.article_id is None and self.search_query and not self._list_total():
            self._clear_reader()
        elif message.article_id and message.article_id != self.article_id:
            preview = partial(self.show_preview, message.article_id)
            self._preview = self.set_timer(self.preview_delay(), preview)

    def show_preview(self, article_id: str) -> None:
        """Draw the previewed article, unless the user has typed on since its list came:
        that list is about to be replaced, and drawing an article (25-50 ms of the UI
        thread at 160x48) in the middle of typing delayed the next list's paint."""
        box, pane = self.query_one(SearchBox), self.query_one(ArchivePane)
        if box.value.strip() == pane.query_text:
            self.open_article(article_id, follow=False)

    def _list_total(self) -> int:
        return self.query_one(ArticleList).source.total

    def _clear_reader(self) -> None:
        """A search that found nothing leaves nothing to read: the article of the
        previous search is not left on show as if it matched."""
        self.article_id = None
        self._article_request += 1
        self.query_one(ReadingPane).show_message("No article matches the search.")

    def preview_delay(self) -> float:
        """How long the cursor must rest before its article is drawn: longer while the
        search box has the keys, so a half-typed word draws nothing."""
        return PREVIEW_WHILE_TYPING if isinstance(self.focused, SearchBox) else PREVIEW_DELAY

    @on(OpenArticle)
    def open_and_read(self, message: OpenArticle) -> None:
        message.stop()
        self.open_article(message.article_id, message.entity_key)
        self.set_focus(self.query_one(ReadingPane))

    def open_article(
        self, article_id: str, entity_key: str | None = None, follow: bool = True
    ) -> None:
        """Load an article into the reading pane; with ``entity_key``, mark that entity.

        ``follow``: the list cursor moves to the article once it is shown (an article
        opened from elsewhere). A preview of the list's own cursor does not: the list
        may have been sorted again while the article loaded, and the cursor then
        belongs on the new first row, not on the old article wherever it went."""
        self.article_id = article_id
        self._article_request += 1
        query = self.query_one(ArchivePane).query_text
        self._load_article(self._article_request, article_id, query, entity_key, follow)

    @work(thread=True, exclusive=True, group="article")
    @reports_failures("load the article")
    def _load_article(
        self, request: int, article_id: str, query: str, key: str | None, follow: bool
    ) -> None:
        article = self.library.get_article(article_id)
        mentions = self.library.mentions(article_id) if article else []
        matches: list[tuple[int, int]] = []
        if article and query:
            try:
                matches = self.library.match_spans(article_id, query)
            except QueryError:
                matches = []
        self.post_message(ArticleLoaded(request, article, mentions, matches, key, follow))

    @on(ArticleLoaded)
    def show_article(self, message: ArticleLoaded) -> None:
        if message.request != self._article_request:
            return
        reader = self.query_one(ReadingPane)
        if message.article is None:
            reader.show_message("This article is no longer in the index. Press r to refresh.")
            return
        article, key = message.article, message.entity_key
        shown = self.highlighting.shown()
        mentions = visible_mentions(article.body, message.mentions, keep_key=key, types=shown)
        reader.show_article(article, mentions, message.matches, key)
        if message.follow:
            self.query_one(ArticleList).follow(article.id)
        if self.query_one(EntitySidebar).display:
            self._load_entities(message.article.id)
        self._marks_and_reading(article.id)

    @work(thread=True, exclusive=True, group="entities")
    @reports_failures("load the article's entities")
    def _load_entities(self, article_id: str) -> None:
        self.post_message(EntitiesLoaded(article_id, self.library.article_entities(article_id)))

    @on(EntitiesLoaded)
    def show_entities(self, message: EntitiesLoaded) -> None:
        if message.article_id == self.article_id:
            numbers = self.settings.highlight_numbers
            self.query_one(EntitySidebar).show_entities(
                message.article_id, message.entities, numbers
            )

    @on(OpenEntity)
    def open_entity_page(self, message: OpenEntity) -> None:
        """The entity page answers with the article to read, or ``None`` for "back"."""
        message.stop()
        open_page(self, self.library, message.key, self.return_from_entity)

    @on(OpenEntities)
    def open_entities(self, message: OpenEntities) -> None:
        message.stop()
        self.action_entities()

    def action_entities(self) -> None:
        """Every entity of the archive; an article chosen there is read here."""
        self.app.push_screen(EntitiesScreen(self.library), self.return_from_entity)

    def action_entities_unlisted(self) -> None:
        """``E`` while reading: the same, its footer entry left out to save room."""
        self.action_entities()

    def return_from_entity(self, choice: OpenArticle | None) -> None:
        """An article chosen on an entity page (or the Entities screen) is a step of the
        history: "back" from it opens the pages it was chosen through again."""
        if choice is not None:
            self.open_article(choice.article_id, choice.entity_key)
            self.trail = (choice.article_id, choice.trail)
            self.set_focus(self.query_one(ReadingPane))

    def _back_to_pages(self) -> bool:
        """Open again the pages the article being read was chosen through, each where it
        was left; ``False`` when it was not chosen on one."""
        article_id, pages = self.trail
        if article_id != self.article_id or not pages:
            return False
        self.trail = (None, ())
        self.app.push_screen(pages[0](pages[1:]), self.return_from_entity)
        return True

    @on(EntityFocused)
    def mark_entity(self, message: EntityFocused) -> None:
        self.query_one(ReadingPane).mark_entity(message.key)

    @on(EntityCursorMoved)
    def name_entity(self, message: EntityCursorMoved) -> None:
        status = self.query_one(StatusLine)
        if message.mention is None:
            status.show_context("")
        else:
            status.show_entity(message.mention.name, message.mention.label)

    @on(ReadingPane.MatchMoved)
    def name_match(self, message: ReadingPane.MatchMoved) -> None:
        self.query_one(StatusLine).show_context(message.label)

    @on(CatalogueRedraw)
    def redraw_entities(self) -> None:
        """Names, types or hidden entities changed: the article's highlights and the
        panel follow."""
        if self.article_id:
            self.open_article(self.article_id)

    # --- the user's marks ------------------------------------------------------------
    def _marks_and_reading(self, article_id: str) -> None:
        """The shown article's marks; an article shown for ``mark_read_delay`` seconds
        is read: not one the cursor only passed over. With no delay it is read now, and
        its marks come from that change (loaded beside it, an older answer could land
        last); Textual cannot time 0 s (its timer divides by the interval)."""
        if self._reading is not None:
            self._reading.stop()
        unread = not self.library.row_flags(article_id)[0]
        delay = self.settings.mark_read_delay
        self._reading = None
        if unread and not delay:
            self._read_now(article_id)
            return
        self._load_marks(article_id)
        if unread:
            self._reading = self.set_timer(delay, lambda: self._read_now(article_id))

    def _read_now(self, article_id: str) -> None:
        if self.article_id == article_id:
            self._change(lambda: self.library.set_read([article_id]), article_id)

    @work(thread=True, group="marks")
    @reports_failures("read the article's marks")
    def _load_marks(self, article_id: str) -> None:
        self.post_message(MarksLoaded(article_id, self.library.marks(article_id)))

    @work(thread=True, group="marks")
    @reports_failures("change the article's marks")
    def _change(self, step: Callable[[], object], article_id: str) -> None:
        """One change to the state file (its own transaction), then the marks again."""
        step()
        self.post_message(MarksLoaded(article_id, self.library.marks(article_id)))

    @on(MarksLoaded)
    def show_marks(self, message: MarksLoaded) -> None:
        """The reading pane's details, the list's row and the unread count follow."""
        if message.article_id == self.article_id:
            self.query_one(ReadingPane).show_marks(message.marks)
        self.query_one(ArticleList).refresh()
        self.query_one(ArchivePane).recount()

    def _target(self) -> tuple[str, str] | None:
        """(id, title) of the article a key acts on: the list's row while the list has
        the keys, else the article shown."""
        articles = self.query_one(ArticleList)
        row = articles.highlighted
        if articles.has_focus and row is not None:
            return row.id, row.title
        reader = self.query_one(ReadingPane)
        if reader.article is not None:
            return reader.article.id, reader.article.title
        return (row.id, row.title) if row is not None else None

    def action_toggle_read(self) -> None:
        target = self._target()
        if target is not None:
            read = not self.library.row_flags(target[0])[0]
            if self._reading is not None:
                self._reading.stop()
            self._change(lambda: self.library.set_read([target[0]], read), target[0])
            self.query_one(StatusLine).show_activity("marked read" if read else "marked unread")

    def action_toggle_star(self) -> None:
        target = self._target()
        if target is not None:
            star = not self.library.row_flags(target[0])[1]
            self._change(lambda: self.library.set_starred([target[0]], star), target[0])
            self.query_one(StatusLine).show_activity("starred" if star else "star removed")

    def action_edit_labels(self) -> None:
        if (target := self._target()) is not None:
            self._ask_about(*target, "labels")

    def action_edit_note(self) -> None:
        if (target := self._target()) is not None:
            self._ask_about(*target, "note")

    @work(thread=True, group="marks")
    @reports_failures("read the article's marks")
    def _ask_about(self, article_id: str, title: str, what: str) -> None:
        """The dialog opens prefilled with what the state file holds now."""
        marks = self.library.marks(article_id)
        self.app.call_from_thread(self._open_dialog, article_id, title, what, marks)

    def _open_dialog(self, article_id: str, title: str, what: str, marks: ArticleMarks) -> None:
        short = title if len(title) <= 40 else title[:39] + "…"
        if what == "labels":
            ask = LabelPrompt(f"Labels: {short}", marks.labels)
            self.app.push_screen(ask, lambda text: self._labelled(article_id, text))
        else:
            editor = NoteEditor(f"Note: {short}", marks.note)
            self.app.push_screen(editor, lambda text: self._noted(article_id, text))

    def _labelled(self, article_id: str, text: str | None) -> None:
        if text is not None:
            self._change(lambda: self.library.set_labels(article_id, text), article_id)

    def _noted(self, article_id: str, text: str | None) -> None:
        if text is not None:
            self._change(lambda: self.library.set_note(article_id, text), article_id)

    def action_next_unread(self) -> None:
        articles = self.query_one(ArticleList)
        self._find_unread(articles.source.fetch, articles.source.total, articles.cursor)

    @work(thread=True, exclusive=True, group="next-unread")
    @reports_failures("find the next unread article")
    def _find_unread(self, fetch: Fetch, total: int, cursor: int) -> None:
        """The first unread row after the cursor, going round to the top: pages fetched
        as the list fetches them, the marks read from memory."""
        page = ArticleList.PAGE_SIZE
        for start in (cursor + 1, 0):
            end = total if start else cursor + 1
            for offset in range(start, end, page):
                for at, row in enumerate(fetch(offset, min(page, end - offset))):
                    if not self.library.row_flags(row.id)[0]:
                        self.app.call_from_thread(self._go_to_row, offset + at)
                        return
        self.app.call_from_thread(self.notify, "No unread articles in this list.", timeout=3)

    def _go_to_row(self, index: int) -> None:
        articles = self.query_one(ArticleList)
        articles.cursor = index
        row = articles.highlighted
        if row is not None:
            self.open_article(row.id)

    def action_save_search(self) -> None:
        query = self.search_query
        if not query:
            self.notify("Search first: S saves the search the list shows.", timeout=3)
            return

        def named(name: str | None) -> None:
            if name:
                self._save_search(name, query)

        self.app.push_screen(TextPrompt("Save this search as", query), named)

    @work(thread=True, group="saved")
    @reports_failures("save the search")
    def _save_search(self, name: str, query: str) -> None:
        try:
            self.library.save_search(name, query)
        except QueryError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Saved as “{clean_line(name)}”: b lists them.")

    def action_saved_searches(self) -> None:
        self.app.push_screen(SavedSearches(self.library), self._run_saved)

    def _run_saved(self, query: str | None) -> None:
        if query:
            self.query_one(ArchivePane).search_for(query)

    def _recount_saved(self) -> None:
        """Saved searches shown over this screen count again: the index changed."""
        for screen in self.app.screen_stack:
            if isinstance(screen, SavedSearches):
                screen.recount()

    # --- refresh -------------------------------------------------------------------
    def start_refresh(self) -> None:
        """Look for new, changed and removed files without blocking anything."""
        if self.library.corpus is None:
            self.query_one(StatusLine).show_activity("no corpus folder to check")
            return
        self.query_one(StatusLine).show_activity("checking folder…")
        self._refresh_index()

    @work(thread=True, exclusive=True, group="refresh")
    @reports_failures(REFRESH)
    def _refresh_index(self) -> None:
        last = [0.0]

        def progress(done: int, total: int, articles: int) -> None:
            if time.monotonic() - last[0] > 0.2 or done == total:
                last[0] = time.monotonic()
                self.post_message(RefreshProgress(done, total))

        why = self.library.rebuild_reason()
        if why:  # a whole rebuild takes minutes, not the seconds of an update: say why
            self.app.call_from_thread(self.notify, why, timeout=15)
        report = self.library.refresh(progress=progress)
        self.library.reload_marks()
        self.post_message(RefreshFinished(report, self.library.article_count(fold_copies=True)))

    @work(thread=True, exclusive=True, group="watch")
    @reports_failures("count the articles")
    def _count_articles(self) -> None:
        """Notice what another ``newsdesk index`` committed, without the user asking."""
        shown = self.query_one(ArchivePane).archive_total
        total = self.library.article_count(fold_copies=True)
        if shown is not None and total != shown:
            self.post_message(IndexGrew(total))
        if self.library.reload_marks() and self.article_id:
            self._load_marks(self.article_id)  # newsdesk mark, from another terminal

    @on(IndexGrew)
    def show_new_articles(self, message: IndexGrew) -> None:
        self._recount_saved()
        pane = self.query_one(ArchivePane)
        if pane.query_text:
            self.query_one(StatusLine).show_activity("the index changed: r to refresh")
            return
        self.query_one(StatusLine).show_activity(f"{message.total:,} articles now")
        pane.reload(keep_cursor=True)

    @on(RefreshProgress)
    def show_refresh_progress(self, message: RefreshProgress) -> None:
        if message.total:
            text = f"indexing {message.done:,}/{message.total:,}…"
            self.query_one(StatusLine).show_activity(text)

    @on(WorkFailed)
    def show_refresh_failure(self, message: WorkFailed) -> None:
        """A refresh that fails leaves the old index readable: the status line says so
        (the app's notification says why), and reading goes on."""
        if message.what == REFRESH:
            self.query_one(StatusLine).show_activity("refresh failed")

    @on(RefreshFinished)
    def show_refresh_result(self, message: RefreshFinished) -> None:
        report = message.report
        self.query_one(StatusLine).show_activity(report_summary(report))
        if self.first_index and report.skipped:
            self.app.push_screen(FileReportScreen(self.library))
        self.first_index = False
        self.set_timer(6, lambda: self.query_one(StatusLine).show_activity(""))
        pane = self.query_one(ArchivePane)
        changed_elsewhere = pane.archive_total != message.total
        if report.added or report.updated or report.removed or changed_elsewhere:
            pane.reload(keep_cursor=True)
        if (report.updated or report.removed) and self.article_id:
            self.open_article(self.article_id)
        self._recount_saved()

    # --- actions ---------------------------------------------------------------------
    def action_search(self) -> None:
        self.set_focus(self.query_one(SearchBox))

    def action_sort(self) -> None:
        self.query_one(ArchivePane).toggle_sort()

    def action_toggle_sidebar(self) -> None:
        self.sidebar_choice = not self.query_one(EntitySidebar).display
        self._apply_layout()

    def action_cycle_highlight(self) -> None:
        """All chosen types → people, organisations and places → off → all."""
        self._highlight(self.highlighting.cycled())

    def action_choose_types(self) -> None:
        def chosen(types: frozenset[str] | None) -> None:
            if types is not None:
                self._highlight(Highlighting("all", types))

        self.app.push_screen(TypeChooser(self.highlighting.types), chosen)

    def _highlight(self, choice: Highlighting) -> None:
        """Apply and remember a highlighting choice; the article is drawn again."""
        self.highlighting = choice
        state.remember_highlighting(choice)
        self.query_one(Legend).show_types(choice.shown())
        self.query_one(StatusLine).show_activity(choice.describe())
        if self.article_id:
            self.open_article(self.article_id)

    def action_refresh(self) -> None:
        self.start_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "back" only where there is somewhere to go back to, sorting only where
        the list is."""
        if action == "search":
            return not isinstance(self.focused, SearchBox)
        if action in ("sort", "entities"):  # the reading footer needs the room at 80
            return not isinstance(self.focused, ReadingPane | EntitySidebar)
        if action == "back":
            return isinstance(self.focused, ReadingPane | EntitySidebar) or bool(self.search_query)
        return True

    def action_back(self) -> None:
        """Reading an article chosen on an entity page → that page; reading → list; on
        the list, leave the search."""
        if isinstance(self.focused, ReadingPane | EntitySidebar):
            if not self._back_to_pages():
                self.set_focus(self.query_one(ArticleList))
        elif self.search_query:
            self.query_one(SearchBox).set_query("")

    # --- handing on: open, copy, export (handover.py) ----------------------------------
    def _shown_article(self) -> Article | None:
        article = self.query_one(ReadingPane).article
        if article is None:
            self.notify("No article is shown.", severity="warning")
        return article

    def action_open_url(self) -> None:
        if article := self._shown_article():
            handover.tell(self.app, handover.open_url(self.app, article))

    def action_open_file(self) -> None:
        if article := self._shown_article():
            handover.tell(self.app, handover.open_file(self.app, article, os.environ))

    def action_copy(self) -> None:
        if article := self._shown_article():
            passage = self.query_one(ReadingPane).passage()
            handover.ask_copy(self, article, self.get_selected_text() or "", passage)

    def action_export(self) -> None:
        """The list as shown: the search's hits in their order, or the whole archive."""
        pane = self.query_one(ArchivePane)
        source, query = pane.articles.source, pane.query_text
        order = ORDER_NAMES[pane.search_sort if query else pane.browse_sort]
        title = f'search "{query}", {order}' if query else f"articles, {order}"
        build = lambda: article_table(title, handover.all_rows(source.fetch, source.total))  # noqa: E731
        kind = "search" if query else "articles"
        handover.ask_export(self, handover.ExportJob(kind, query, build))

    @property
    def search_query(self) -> str:
        """The search the list shows, ``""`` while browsing."""
        return self.query_one(ArchivePane).query_text
