"""The entity page: where an entity appears, in context, and what appears beside it.

The screen is filled from thread workers, because every library call may touch the
index. The heading, the timeline and the first articles come
in one message, so they are laid out and painted once: each arrival used to cost a
layout of the whole screen (three to five of them per open, 40-200 ms each on the 10k
benchmark's 160x48 screen, the first answers painted at 418 ms). "Appears with" follows
on its own: it is the slowest call, and the first paint does not wait for it.

Opened from the reader, the Entities screen or another page (`open_page`), the page
waits for those first answers before it shows itself, so the screen is laid out once,
with them (an empty frame first cost a layout of its own, and held the interpreter while
the answers were being fetched). If they take longer than ``PRELOAD_WAIT``, the page
shows itself empty ("loading…") and fills in when they come.

Pages nest: picking a co-occurring entity pushes another `EntityScreen`, and picking an
article dismisses every entity page on the stack, each passing the same `OpenArticle`
down to the screen that opened it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar
from weakref import WeakKeyDictionary

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from newsdesk.export import Table, entity_article_table
from newsdesk.library import EntitySort, Library
from newsdesk.models import Cooccurrence, EntityInfo, MonthCount
from newsdesk.safety import clean_line
from newsdesk.tui import handover
from newsdesk.tui.curation import CatalogueRedraw, Curates, curation_bindings
from newsdesk.tui.entity_text import entity_look, plural
from newsdesk.tui.failures import WorkFailed, reports_failures
from newsdesk.tui.messages import (
    OpenArticle,
    OpenEntities,
    OpenEntity,
    Reopen,
    SearchRequested,
)
from newsdesk.tui.screens.help import HelpScreen
from newsdesk.tui.widgets.cooccur import CooccurList
from newsdesk.tui.widgets.entity_articles import ArticleRow, EntityArticleList
from newsdesk.tui.widgets.sparkline import MentionTimeline

PAGE = 50
CONTEXTS_PER_ARTICLE = 3
COOCCUR_LIMIT = 50
EXPORT_LIMIT = 1_000_000
"""More articles than any entity has: the export takes them all in one query."""
SORT_NAMES: dict[EntitySort, str] = {"date": "newest first", "mentions": "most mentions"}
PRELOAD_WAIT = 0.15
"""Seconds a page waits for its first answers before it shows itself without them: about
the time a person notices a key had no effect."""


def heading_text(info: EntityInfo) -> Text:
    """``Name · person · also "Erdogan" · 12 articles · 37 mentions``, all plain text."""
    style, kind = entity_look(info.label)
    name = clean_line(info.name)
    text = Text(end="")
    text.append(name, style=style + Style(bold=True))
    text.append(f" · {kind}")
    aliases = [clean_line(a) for a in info.aliases if clean_line(a) not in ("", name)]
    if aliases:
        text.append(" · also " + ", ".join(f'"{a}"' for a in aliases[:3]))
    text.append(f" · {plural(info.article_count, 'article')}")
    text.append(f" · {plural(info.mention_count, 'mention')}")
    return text


def first_page(screen_height: int) -> int:
    """Enough articles to fill the screen and a little more, so the first paint waits on
    no more than it shows; the next page is asked for as soon as this one is drawn."""
    return max(4, screen_height // (1 + CONTEXTS_PER_ARTICLE) + 2)


@dataclass(frozen=True)
class PagePlace:
    """Where an entity page's cursors stood: the article row, and the "appears with"
    row when that list had the focus."""

    article: int = 0
    appears_with: int | None = None


@dataclass(frozen=True)
class Heading:
    """The catalogue row (``None`` if the key is unknown) and the monthly timeline."""

    info: EntityInfo | None
    months: list[MonthCount]


@dataclass
class ArticlesLoaded(Message):
    """One page of articles; ``sort`` and ``offset`` let the screen drop stale pages.
    The first page brings the heading with it."""

    sort: EntitySort
    offset: int
    rows: list[ArticleRow]
    complete: bool
    heading: Heading | None = None


@dataclass
class CooccurLoaded(Message):
    rows: list[Cooccurrence]


def load_page(
    library: Library, key: str, sort: EntitySort, offset: int, limit: int
) -> ArticlesLoaded:
    """One page of articles, each with its first few mentions in context (one library
    call for the whole page's contexts); the first page with the heading. Runs in a
    thread: every call may read the index."""
    heading = None
    if offset == 0:
        info = library.entity(key)
        heading = Heading(info, library.timeline(key) if info else [])
    page = library.entity_articles(key, sort, offset, limit)
    ids = [article.summary.id for article in page]
    contexts = library.entity_contexts_in(key, ids, CONTEXTS_PER_ARTICLE)
    rows = [ArticleRow(a, tuple(contexts.get(a.summary.id, ()))) for a in page]
    return ArticlesLoaded(sort, offset, rows, len(page) < limit, heading)


class EntityScreen(Curates, Screen[OpenArticle | None]):
    """One entity's page; dismisses with the article to open, or ``None`` for back."""

    DEFAULT_CSS = """
    EntityScreen #entity-top { height: 1; padding: 0 1; }
    EntityScreen #back { width: auto; color: $accent; margin-right: 3; }
    EntityScreen #back:hover { text-style: underline; }
    EntityScreen #entity-heading { width: 1fr; }
    EntityScreen MentionTimeline { padding: 0 1; }
    EntityScreen #entity-panes { height: 1fr; }
    EntityScreen #entity-panes > OptionList, EntityScreen #entity-panes > EntityArticleList {
        height: 1fr;
        border: round $panel;
        border-title-color: $text-muted;
        border-subtitle-color: $text-muted;
        padding: 0;
    }
    EntityScreen #entity-panes > OptionList:focus,
    EntityScreen #entity-panes > EntityArticleList:focus {
        border: round $accent;
        border-title-color: $text;
    }
    EntityScreen #entity-articles { width: 1fr; }
    EntityScreen #entity-cooccur { width: 38; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "switch_pane", "switch pane", id="switch_pane"),
        Binding("m", "toggle_sort", "sort", id="mention_sort"),
        Binding("escape", "back", "back", id="back"),
        Binding("backspace", "back", "back", show=False, id="back"),
        Binding("question_mark", "help", "help", key_display="?", id="help"),
        *curation_bindings(),
        handover.export_binding(),
    ]
    AUTO_FOCUS = "#entity-articles"

    def __init__(
        self,
        library: Library,
        key: str,
        then: tuple[Reopen, ...] = (),
        *,
        sort: EntitySort = "date",
        at: PagePlace | None = None,
        first: ArticlesLoaded | None = None,
        pending: bool = False,
    ) -> None:
        """``first`` is the first page when it was fetched before the page was shown;
        ``pending`` says it is still on its way and will be posted to the page."""
        super().__init__()
        self.library = library
        self.key = key
        self.first = first
        self.pending = pending and first is None
        self.info: EntityInfo | None = None
        self.sort: EntitySort = sort
        self.loaded = 0
        self.then = then
        self.place = at
        """Where the cursors stood when the user left this page; restored once."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="entity-top"):
            yield Static("← back", id="back", markup=False)
            yield Static("loading…", id="entity-heading", markup=False)
        yield MentionTimeline()
        with Horizontal(id="entity-panes"):
            yield EntityArticleList(id="entity-articles")
            yield CooccurList(id="entity-cooccur")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CooccurList).border_title = "Appears with"
        self.query_one(CooccurList).show_placeholder("loading…")
        self.load_cooccurring()
        if self.first is not None:
            self._begin_list()
            self.show_articles(self.first)  # now, so the first layout has them
            self.first = None
        elif self.pending:
            self._begin_list()
        else:
            self.restart_articles()
        if self.then:
            self.app.push_screen(self.then[0](self.then[1:]), self.pass_article_on)

    def reopener(self) -> Reopen:
        """This page as it stands, to be opened again by "back" from an article."""
        articles, cooccur = self.query_one(EntityArticleList), self.query_one(CooccurList)
        side = cooccur.highlighted if cooccur.has_focus else None
        place = PagePlace(articles.highlighted or 0, side)
        return partial(EntityScreen, self.library, self.key, sort=self.sort, at=place)

    # --- workers ------------------------------------------------------------
    @work(thread=True, exclusive=True, group="entity-cooccur")
    @reports_failures("load what appears with it")
    def load_cooccurring(self) -> None:
        """Co-occurring names (dates and numbers are never entities: ``newsdesk.groups``)."""
        self.post_message(CooccurLoaded(self.library.cooccurring(self.key, COOCCUR_LIMIT)))

    @work(thread=True, exclusive=True, group="entity-articles")
    @reports_failures("load its articles")
    def load_articles(self, sort: EntitySort, offset: int, limit: int) -> None:
        """A page of articles (``load_page``), dropped if a newer one was asked for."""
        loaded = load_page(self.library, self.key, sort, offset, limit)
        if not get_current_worker().is_cancelled:
            self.post_message(loaded)

    # --- results ------------------------------------------------------------
    def show_entity(self, loaded: Heading) -> None:
        """The heading's one line never changes size: it is repainted, not laid out."""
        self.info = loaded.info
        heading = self.query_one("#entity-heading", Static)
        if loaded.info is None:
            heading.update(
                Text(f"No entity {clean_line(self.key)!r} in this archive"), layout=False
            )
            self.query_one(MentionTimeline).show_months([])
            return
        heading.update(heading_text(loaded.info), layout=False)
        timeline = self.query_one(MentionTimeline)
        timeline.show_months(loaded.months)
        timeline.display = bool(loaded.months)  # no dates: no empty "per month" row
        self._title_articles()

    @on(CooccurLoaded)
    def show_cooccurring(self, message: CooccurLoaded) -> None:
        self.query_one(CooccurList).show_rows(message.rows, entity_look)
        self._restore_appears_with()

    @on(ArticlesLoaded)
    def show_articles(self, message: ArticlesLoaded) -> None:
        """Append a page, unless the sort changed or the page arrived twice."""
        if message.sort != self.sort or message.offset != self.loaded:
            return
        if message.heading is not None:
            self.show_entity(message.heading)
        articles = self.query_one(EntityArticleList)
        if not message.rows and self.loaded == 0:
            articles.show_placeholder("no articles mention it")
            return
        if self.info is not None:
            articles.mention_style = entity_look(self.info.label)[0]
        self.loaded += len(message.rows)
        articles.add_rows(message.rows, message.complete)
        articles.border_subtitle = ""
        if self.place is not None and message.offset == 0:
            articles.highlighted = self.place.article
            if self.place.appears_with is None:
                self.place = None

    def _restore_appears_with(self) -> None:
        """Back on this page with "appears with" where the user left it."""
        place, cooccur = self.place, self.query_one(CooccurList)
        if place is not None and place.appears_with is not None and cooccur.option_count:
            cooccur.highlighted = min(place.appears_with, cooccur.option_count - 1)
            cooccur.focus()
            self.place = None

    @on(WorkFailed)
    def show_failure(self, message: WorkFailed) -> None:
        """Stop saying "loading more…"; the app says what failed, and the rest of the
        page keeps working."""
        self.query_one(EntityArticleList).border_subtitle = ""

    @on(EntityArticleList.MoreWanted)
    def load_more_articles(self) -> None:
        self.query_one(EntityArticleList).border_subtitle = "loading more…"
        self.load_articles(self.sort, self.loaded, PAGE)

    # --- curation -----------------------------------------------------------
    def curation_target(self) -> EntityInfo | None:
        return self.info

    @on(CatalogueRedraw)
    def redraw(self, message: CatalogueRedraw) -> None:
        """The catalogue changed: this page follows its entity (into the entity it was
        merged with, if it was merged away) and loads again."""
        if message.gone == self.key and message.key:
            self.key = message.key
        self.load_cooccurring()
        self.restart_articles()

    # --- choices ------------------------------------------------------------
    @on(EntityArticleList.Selected)
    def open_article(self, event: EntityArticleList.Selected) -> None:
        """Leave every entity page for the reader, this entity's mentions marked."""
        event.stop()
        self.dismiss(OpenArticle(event.article_id, entity_key=self.key, trail=(self.reopener(),)))

    @on(CooccurList.OptionSelected, "#entity-cooccur")
    def open_cooccurring(self, event: CooccurList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.open_entity_page(event.option.id)

    @on(OpenEntity)
    def open_entity_from_palette(self, message: OpenEntity) -> None:
        message.stop()
        self.open_entity_page(message.key)

    @on(OpenEntities)
    def open_entities(self, message: OpenEntities) -> None:
        """The palette's "Entities…": the list opens over this page."""
        from newsdesk.tui.screens.entities import EntitiesScreen  # it opens pages: a cycle

        message.stop()
        self.app.push_screen(EntitiesScreen(self.library), self.pass_article_on)

    def open_entity_page(self, key: str) -> None:
        """Push the next page of the history; its article choice comes back through here."""
        open_page(self, self.library, key, self.pass_article_on)

    def pass_article_on(self, result: OpenArticle | None) -> None:
        """A nested page chose an article: leave this page too, with the same choice."""
        if result is not None and self.is_current:
            self.dismiss(result.through(self.reopener()))

    @on(SearchRequested)
    def search_from_entity_page(self, message: SearchRequested) -> None:
        """Searching happens on the screen below every entity page: return there first."""
        message.stop()
        base = self._screen_below_entity_pages()
        if base is not None:
            base.pop_until_active()
            base.post_message(SearchRequested(message.query))

    def _screen_below_entity_pages(self) -> Screen[object] | None:
        stack = self.app.screen_stack
        below = [s for s in stack[: stack.index(self)] if not isinstance(s, EntityScreen)]
        return below[-1] if below else None

    # --- actions ------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss(None)

    @on(events.Click, "#back")
    def back_clicked(self) -> None:
        self.dismiss(None)

    def action_switch_pane(self) -> None:
        articles, cooccur = self.query_one(EntityArticleList), self.query_one(CooccurList)
        (cooccur if articles.has_focus else articles).focus()

    def action_toggle_sort(self) -> None:
        self.sort = "mentions" if self.sort == "date" else "date"
        self.restart_articles()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_export(self) -> None:
        """Every article of this entity, in the order the page shows them."""
        key, sort = self.key, self.sort
        name = self.info.name if self.info else key

        def build() -> Table:
            articles = self.library.entity_articles(key, sort, 0, EXPORT_LIMIT)
            return entity_article_table(f"entity {name}, {SORT_NAMES[sort]}", articles)

        handover.ask_export(self, handover.ExportJob("entity", name, build))

    def restart_articles(self) -> None:
        """Start the list again from the top in the current sort order."""
        self._begin_list()
        wanted = self.place.article + PAGE // 5 if self.place else 0
        self.load_articles(self.sort, 0, max(first_page(self.app.size.height), wanted))

    def _begin_list(self) -> None:
        self.loaded = 0
        self.query_one(EntityArticleList).show_placeholder("loading…")
        self._title_articles()

    def _title_articles(self) -> None:
        other: EntitySort = "mentions" if self.sort == "date" else "date"
        count = f" {self.info.article_count:,}" if self.info else ""
        title = f"Articles{count} · {SORT_NAMES[self.sort]} (m: {SORT_NAMES[other]})"
        self.query_one(EntityArticleList).border_title = title


_OPENING: WeakKeyDictionary[Screen[Any], _Opener] = WeakKeyDictionary()
"""The page each screen is opening: a second Enter before the first page came replaces it."""


def open_page(
    host: Screen[Any],
    library: Library,
    key: str,
    then: Callable[[OpenArticle | None], None],
) -> None:
    """Show ``key``'s page over ``host`` once its first answers are in (or once
    ``PRELOAD_WAIT`` has passed); ``then`` receives the article chosen there."""
    opener = _Opener(host, library, key, then)
    _OPENING[host] = opener
    opener.start()


class _Opener:
    """Fetches a page's first answers in a thread, then pushes the page with them."""

    def __init__(
        self,
        host: Screen[Any],
        library: Library,
        key: str,
        then: Callable[[OpenArticle | None], None],
    ) -> None:
        self.host, self.library, self.key, self.then = host, library, key, then
        self.page: EntityScreen | None = None
        self.arrived = False

    def start(self) -> None:
        limit = first_page(self.host.app.size.height)
        self.timer = self.host.set_timer(PRELOAD_WAIT, self._late)
        self.host.run_worker(
            partial(self._fetch, limit), thread=True, group="entity-page", exclusive=True
        )

    def _fetch(self, limit: int) -> None:
        """Runs in a thread. A failure is left to the page, which asks again and says
        what failed the way every worker of the reader does."""
        try:
            first: ArticlesLoaded | None = load_page(self.library, self.key, "date", 0, limit)
        except Exception:  # reported by the page's own attempt
            first = None
        if not get_current_worker().is_cancelled:
            self.host.app.call_from_thread(self._arrive, first)

    def _current(self) -> bool:
        return _OPENING.get(self.host) is self and self.host.is_current

    def _arrive(self, first: ArticlesLoaded | None) -> None:
        self.arrived = True
        self.timer.stop()
        if self.page is not None:  # shown already, empty: fill it in, if still open
            if self.page not in self.host.app.screen_stack:
                return
            if first is None:
                self.page.restart_articles()
            else:
                self.page.post_message(first)
        elif self._current():
            self._push(EntityScreen(self.library, self.key, first=first))

    def _late(self) -> None:
        if not self.arrived and self._current():
            self.page = EntityScreen(self.library, self.key, pending=True)
            self._push(self.page)

    def _push(self, page: EntityScreen) -> None:
        _OPENING.pop(self.host, None)
        self.host.app.push_screen(page, self.then)
