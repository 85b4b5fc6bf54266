"""The Entities screen's list: every entity of the archive, drawn only where it is seen.

Virtual like the article list (``article_list.py``): an archive may hold 100,000
entities, so the list knows a row count, fetches pages of 100 in thread workers and
draws a dot for a row whose page is still on its way; keys never wait for the index.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsdesk.models import EntityInfo
from newsdesk.safety import clean_line
from newsdesk.tui.entity_text import entity_look
from newsdesk.tui.failures import reports_failures
from newsdesk.tui.messages import OpenEntity

Fetch = Callable[[int, int], list[EntityInfo]]
COUNTS = 46
"""Width of the type and counts columns: ``  person    1,234 articles    5,678 mentions``."""


@dataclass(frozen=True)
class EntitySource:
    """What the list shows: a page fetcher and how many rows it pages through."""

    fetch: Fetch
    total: int


@dataclass
class EntityPageLoaded(Message):
    """Rows ``page * size`` onwards, for the list that asked (``request``)."""

    request: int
    page: int
    rows: list[EntityInfo]


def _nothing(offset: int, limit: int) -> list[EntityInfo]:
    return []


class EntityList(ScrollView, can_focus=True):
    """Rows of name, type, articles and mentions; ``Enter`` posts :class:`OpenEntity`."""

    PAGE_SIZE = 100
    COMPONENT_CLASSES: ClassVar[set[str]] = {"entity-list--cursor", "entity-list--muted"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "open", key_display="⏎"),
        Binding("j,down", "move(1)", "next", show=False),
        Binding("k,up", "move(-1)", "previous", show=False),
        Binding("pagedown,space", "page(1)", "page down", show=False),
        Binding("pageup", "page(-1)", "page up", show=False),
        Binding("home,g", "jump(0)", "first", show=False),
        Binding("end,G", "jump(-1)", "last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = EntitySource(_nothing, 0)
        self.request = 0
        self.empty_message = "Loading…"
        self._pages: LRUCache[int, list[EntityInfo]] = LRUCache(64)
        self._pending: set[int] = set()

    def show(self, source: EntitySource, first_page: list[EntityInfo], cursor: int = 0) -> None:
        """Replace the rows; pages still on their way for the old rows are dropped."""
        self.request += 1
        self.source = source
        self._pages.clear()
        self._pending.clear()
        self._pages[0] = first_page
        self.virtual_size = Size(self.size.width, source.total)
        if not cursor:
            self.scroll_to(y=0, animate=False)
        self.cursor = cursor
        self.refresh()

    def row(self, index: int) -> EntityInfo | None:
        page = self._pages.get(index // self.PAGE_SIZE)
        offset = index % self.PAGE_SIZE
        return page[offset] if page is not None and offset < len(page) else None

    @property
    def highlighted(self) -> EntityInfo | None:
        return self.row(self.cursor) if self.source.total else None

    # --- paging --------------------------------------------------------------------
    def _ensure_page(self, page: int) -> None:
        if page not in self._pending and self._pages.get(page) is None:
            self._pending.add(page)
            self._load_page(self.request, page, self.source.fetch)

    @work(thread=True, group="entity-pages")
    @reports_failures("load the entities")
    def _load_page(self, request: int, page: int, fetch: Fetch) -> None:
        self.post_message(EntityPageLoaded(request, page, fetch(page * self.PAGE_SIZE,
                                                                self.PAGE_SIZE)))  # fmt: skip

    @on(EntityPageLoaded)
    def _store_page(self, message: EntityPageLoaded) -> None:
        message.stop()
        if message.request == self.request:
            self._pending.discard(message.page)
            self._pages[message.page] = message.rows
            self.refresh()

    # --- drawing -------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.source.total:
            return self._strip(Text(f" {self.empty_message}" if y == 0 else "", self._muted),
                               width, base)  # fmt: skip
        if index >= self.source.total:
            return Strip.blank(width, base)
        row = self.row(index)
        if row is None:
            self._ensure_page(index // self.PAGE_SIZE)
            return self._strip(Text(" ·", style=self._muted), width, base)
        at_cursor = index == self.cursor
        style = base + self.get_component_rich_style("entity-list--cursor") if at_cursor else base
        return self._strip(self._row_text(row, width, at_cursor), width, style)

    @property
    def _muted(self) -> Style:
        return self.get_component_rich_style("entity-list--muted")

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        strip = Strip(list(text.render(self.app.console))).adjust_cell_length(width, style)
        return strip.apply_style(style)

    def _row_text(self, row: EntityInfo, width: int, at_cursor: bool) -> Text:
        """``▌Name…  person   12 articles   37 mentions``; the name in its type's colour."""
        look, kind = entity_look(row.label)
        name = Text(clean_line(row.name), style=look)
        name.truncate(max(4, width - COUNTS - 1), overflow="ellipsis", pad=True)
        text = Text("▌" if at_cursor else " ")
        text.append_text(name)
        muted = Style() if at_cursor else self._muted
        text.append(f"  {kind:<7}", muted)
        text.append(_count(row.article_count, "article", 8), muted)
        text.append(_count(row.mention_count, "mention", 9), muted)
        return text

    # --- moving --------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        top, height = round(self.scroll_y), max(1, self.scrollable_content_region.height)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.source.total - 1)) if self.source.total else 0

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 1)

    def action_jump(self, index: int) -> None:
        self.cursor = index if index >= 0 else self.source.total - 1

    def action_open(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(OpenEntity(row.key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        index = self.scroll_offset.y + offset.y if offset is not None else -1
        if 0 <= index < self.source.total:
            self.cursor = index
            if event.chain >= 2:
                self.action_open()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


def _count(count: int, noun: str, digits: int) -> str:
    """A right-aligned count and its noun, padded so the columns line up at 1 too."""
    return f"{count:>{digits},} {noun if count == 1 else noun + 's':<{len(noun) + 1}}"
