"""The Entities screen: every entity of the archive, filtered as you type, in three sorts.

``E`` on the main screen (or "Entities…" in the palette) opens it. The list is virtual
(``widgets/entity_list.py``); a new filter, sort or type asks the library for the total
and the first page in one thread worker, and an answer the user has since replaced is
dropped. Enter opens the entity's page; the curation keys act on the highlighted row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from newsdesk.export import Table, entity_table
from newsdesk.groups import RETYPE_GROUPS
from newsdesk.library import EntityListSort, Library
from newsdesk.models import EntityInfo
from newsdesk.safety import clean_line
from newsdesk.tui import handover
from newsdesk.tui.curation import CatalogueRedraw, Curates, curation_bindings
from newsdesk.tui.failures import reports_failures
from newsdesk.tui.messages import OpenArticle, OpenEntity, Reopen, SearchRequested
from newsdesk.tui.screens.entity import open_page
from newsdesk.tui.screens.help import HelpScreen
from newsdesk.tui.widgets.entity_list import EntityList, EntitySource

SORTS: tuple[EntityListSort, ...] = ("articles", "mentions", "name")
TYPES: tuple[str | None, ...] = (None, *RETYPE_GROUPS)


@dataclass(frozen=True)
class Listing:
    """What the list shows: the words typed, the type (None: all) and the sort."""

    words: str = ""
    group: str | None = None
    sort: EntityListSort = "articles"


@dataclass
class ListingLoaded(Message):
    request: int
    listing: Listing
    total: int
    first_page: list[EntityInfo]
    cursor: int


def heading(listing: Listing, total: int | None) -> Text:
    """``Entities · 1,234 · by articles (s) · all types (t) · filter "erd" (/)``."""
    count = "…" if total is None else f"{total:,}"
    text = Text(f"Entities · {count}", style="bold", end="")
    text.append(f" · by {listing.sort} (s) · {listing.group or 'all types'} (t)")
    if listing.words:
        text.append(f' · filter "{clean_line(listing.words)}" (/)')
    return text


class EntitiesScreen(Curates, Screen[OpenArticle | None]):
    """Dismisses with the article an entity page chose, or ``None`` for back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "filter", key_display="/", id="filter"),
        Binding("s", "cycle_sort", "sort", id="sort"),
        Binding("t", "cycle_type", "type", id="type"),
        Binding("escape", "back", "back", id="back"),
        Binding("backspace", "back", "back", show=False, id="back"),
        Binding("question_mark", "help", "help", key_display="?", id="help"),
        *curation_bindings(),
        handover.export_binding(),
    ]
    AUTO_FOCUS = "EntityList"

    def __init__(
        self,
        library: Library,
        then: tuple[Reopen, ...] = (),
        *,
        listing: Listing | None = None,
        at: int = 0,
    ) -> None:
        super().__init__()
        self.library = library
        self.listing = listing or Listing()
        self.request = 0
        self.then, self.first_cursor = then, at

    def compose(self) -> ComposeResult:
        yield Static(heading(self.listing, None), id="entities-heading", markup=False)
        yield Input(placeholder="filter: first letters of any word of a name", id="entities-filter")
        yield EntityList(id="entities-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = not self.app.is_headless
        self.query_one(Input).value = self.listing.words
        self.reload()
        if self.then:
            self.app.push_screen(self.then[0](self.then[1:]), self.pass_article_on)

    def reopener(self) -> Reopen:
        """This screen as it stands, for "back" from an article chosen through it."""
        cursor = self.query_one(EntityList).cursor
        return partial(EntitiesScreen, self.library, listing=self.listing, at=cursor)

    # --- loading -------------------------------------------------------------------
    def reload(self, keep_cursor: bool = False) -> None:
        """Ask for the total and the first page of the current listing."""
        self.request += 1
        cursor = self.query_one(EntityList).cursor if keep_cursor else self.first_cursor
        self.first_cursor = 0
        self.query_one("#entities-heading", Static).update(heading(self.listing, None))
        self._load(self.request, self.listing, cursor)

    @work(thread=True, exclusive=True, group="entities-listing")
    @reports_failures("list the entities")
    def _load(self, request: int, listing: Listing, cursor: int) -> None:
        total = self.library.count_entities(listing.group, listing.words)
        first = self._page(listing, 0, EntityList.PAGE_SIZE)
        self.post_message(ListingLoaded(request, listing, total, first, cursor))

    def _page(self, listing: Listing, offset: int, limit: int) -> list[EntityInfo]:
        return self.library.list_entities(listing.group, limit, offset, listing.sort, listing.words)

    @on(ListingLoaded)
    def show_listing(self, message: ListingLoaded) -> None:
        if message.request != self.request:
            return
        rows = self.query_one(EntityList)
        rows.empty_message = "No entity matches." if message.listing.words else "No entities yet."
        source = EntitySource(partial(self._page, message.listing), message.total)
        rows.show(source, message.first_page, min(message.cursor, max(0, message.total - 1)))
        self.query_one("#entities-heading", Static).update(heading(message.listing, message.total))

    @on(Input.Changed, "#entities-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        if event.value == self.listing.words:
            return  # the filter restored by "back", not typed
        self.listing = Listing(event.value, self.listing.group, self.listing.sort)
        self.reload()

    @on(Input.Submitted, "#entities-filter")
    def filter_done(self) -> None:
        self.query_one(EntityList).focus()

    @on(CatalogueRedraw)
    def redraw(self) -> None:
        """Names, types, counts or hidden entities changed: the same place, drawn again."""
        self.reload(keep_cursor=True)

    # --- curation and pages ---------------------------------------------------------
    def curation_target(self) -> EntityInfo | None:
        return self.query_one(EntityList).highlighted

    @on(OpenEntity)
    def open_entity_page(self, message: OpenEntity) -> None:
        message.stop()
        open_page(self, self.library, message.key, self.pass_article_on)

    def pass_article_on(self, result: OpenArticle | None) -> None:
        """An entity page chose an article: the reader below shows it."""
        if result is not None and self.is_current:
            self.dismiss(result.through(self.reopener()))

    @on(SearchRequested)
    def search_from_here(self, message: SearchRequested) -> None:
        """Searching happens on the reader below: return there first."""
        message.stop()
        stack = self.app.screen_stack
        below = stack[: stack.index(self)]
        if below:
            below[-1].pop_until_active()
            below[-1].post_message(SearchRequested(message.query))

    # --- actions -------------------------------------------------------------------
    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_cycle_sort(self) -> None:
        after = SORTS[(SORTS.index(self.listing.sort) + 1) % len(SORTS)]
        self.listing = Listing(self.listing.words, self.listing.group, after)
        self.reload()

    def action_cycle_type(self) -> None:
        after = TYPES[(TYPES.index(self.listing.group) + 1) % len(TYPES)]
        self.listing = Listing(self.listing.words, after, self.listing.sort)
        self.reload()

    def action_back(self) -> None:
        """From the filter: back to the list (the filter cleared); from the list: leave."""
        box = self.query_one(Input)
        if box.has_focus:
            box.value = ""
            self.query_one(EntityList).focus()
        else:
            self.dismiss(None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_export(self) -> None:
        """The entity table as listed: this filter, type and sort, every row of it."""
        listing = self.listing
        words = f'filter "{listing.words}"' if listing.words else ""
        title = ", ".join(p for p in ("entities", listing.group, f"by {listing.sort}", words) if p)
        what = " ".join(w for w in (listing.group or "", listing.words) if w)

        def build() -> Table:
            total = self.library.count_entities(listing.group, listing.words)
            return entity_table(title, handover.all_rows(partial(self._page, listing), total))

        handover.ask_export(self, handover.ExportJob("entities", what, build))
