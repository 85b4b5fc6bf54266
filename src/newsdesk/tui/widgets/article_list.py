"""The article list: a virtual list that draws only the rows on screen.

An archive can hold 100,000 articles, so there is no widget per row: the list knows a
row count, keeps pages of rows fetched in a thread, and draws a placeholder for a row
whose page has not arrived yet. Keystrokes therefore never wait for the index.
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
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsdesk.models import ArticleSummary
from newsdesk.safety import clean_line
from newsdesk.tui.failures import reports_failures
from newsdesk.tui.highlight import marked_line
from newsdesk.tui.messages import ArticleHighlighted, OpenArticle, PageLoaded

Fetch = Callable[[int, int], list[ArticleSummary]]


@dataclass(frozen=True)
class ListSource:
    """What the list shows: the archive in some order, or one search's hits."""

    fetch: Fetch
    total: int
    terms: tuple[str, ...] = ()


def _empty(offset: int, limit: int) -> list[ArticleSummary]:
    return []


class ArticleList(ScrollView, can_focus=True):
    """Rows of date, title and source; ``Enter`` posts :class:`OpenArticle`."""

    PAGE_SIZE = 100
    DEFAULT_CSS = """
    ArticleList { height: 1fr; overflow-x: hidden; scrollbar-gutter: stable; }
    ArticleList > .article-list--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    ArticleList > .article-list--muted { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-list--cursor", "article-list--muted"}
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
        self.source = ListSource(_empty, 0)
        self.request = 0
        self.empty_message = "Loading…"
        self._pages: LRUCache[int, list[ArticleSummary]] = LRUCache(64)
        self._pending: set[int] = set()

    # --- what to show ------------------------------------------------------------
    def show(
        self, source: ListSource, first_page: list[ArticleSummary] | None = None, cursor: int = 0
    ) -> None:
        """Replace the rows; answers still on their way for the old rows are ignored."""
        self.request += 1
        self.source = source
        self._pages.clear()
        self._pending.clear()
        if first_page is not None:
            self._pages[0] = first_page
        self.virtual_size = Size(self.size.width, source.total)
        if not cursor:
            self.scroll_to(y=0, animate=False)
        self.cursor = cursor
        self.refresh()

    def row(self, index: int) -> ArticleSummary | None:
        """The summary at ``index`` if its page has arrived."""
        page = self._pages.get(index // self.PAGE_SIZE)
        offset = index % self.PAGE_SIZE
        return page[offset] if page is not None and offset < len(page) else None

    @property
    def highlighted(self) -> ArticleSummary | None:
        return self.row(self.cursor) if self.source.total else None

    # --- paging --------------------------------------------------------------------
    def _ensure_page(self, page: int) -> None:
        if page in self._pending or self._pages.get(page) is not None:
            return
        self._pending.add(page)
        self._load_page(self.request, page, self.source.fetch)

    @work(thread=True, group="list-pages")
    @reports_failures("load the article list")
    def _load_page(self, request: int, page: int, fetch: Fetch) -> None:
        """Runs in a thread: the index may take a moment, the UI must not."""
        rows = fetch(page * self.PAGE_SIZE, self.PAGE_SIZE)
        self.post_message(PageLoaded(request, page, rows))

    @on(PageLoaded)
    def _store_page(self, message: PageLoaded) -> None:
        message.stop()
        if message.request != self.request:
            return
        self._pending.discard(message.page)
        self._pages[message.page] = message.rows
        self.refresh()
        if self.cursor // self.PAGE_SIZE == message.page:
            self._announce()

    # --- drawing -----------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.source.total:
            text = Text(f" {self.empty_message}" if y == 0 else "")
            text.stylize(self._muted)
            return self._strip(text, width, base)
        if index >= self.source.total:
            return Strip.blank(width, base)
        row = self.row(index)
        if row is None:
            self._ensure_page(index // self.PAGE_SIZE)
            return self._strip(Text(" ·", style=self._muted), width, base)
        style = self.get_component_rich_style("article-list--cursor")
        line_style = base + style if index == self.cursor else base
        return self._strip(self._row_text(row, width, index == self.cursor), width, line_style)

    @property
    def _muted(self) -> Style:
        return self.get_component_rich_style("article-list--muted")

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, style).apply_style(style)

    def _row_text(self, row: ArticleSummary, width: int, is_cursor: bool) -> Text:
        """``▌2021-06-15  Title…  Source``: the source column only where it fits."""
        date = row.date.strftime("%Y-%m-%d") if row.date else " " * 10
        source_width = min(22, width // 5) if width >= 56 else 0
        title_width = max(4, width - 13 - (source_width + 2 if source_width else 0))
        title = marked_line(row.title or "(untitled)", self.source.terms)
        title.truncate(title_width, overflow="ellipsis", pad=True)
        muted = Style() if is_cursor else self._muted
        text = Text("▌" if is_cursor else " ")
        text.append(date, muted)
        text.append("  ")
        text.append_text(title)
        if source_width:
            source = Text(clean_line(row.source), style=muted)
            source.truncate(source_width, overflow="ellipsis")
            text.append("  ")
            text.append_text(source)
        return text

    # --- moving ------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_into_view()
        self._announce()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.source.total - 1)) if self.source.total else 0

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        height = max(1, self.scrollable_content_region.height)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def _announce(self) -> None:
        row = self.highlighted
        self.post_message(ArticleHighlighted(row.id if row else None))

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 1)

    def action_jump(self, index: int) -> None:
        self.cursor = index if index >= 0 else self.source.total - 1

    def action_open(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(OpenArticle(row.id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < self.source.total:
            self.cursor = index
            if event.chain >= 2:
                self.action_open()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
