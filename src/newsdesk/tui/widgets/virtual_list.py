"""A list that draws only the rows on screen: the article list's and the Entities
screen's mechanism, written once.

An archive can hold 100,000 articles or entities, so there is no widget per row: the list
knows a row count, keeps pages of rows fetched in a thread worker, and draws a dot for a
row whose page has not arrived yet. Keystrokes therefore never wait for the index.
Subclasses say how a row is drawn (``row_text``), what Enter does (``action_open``) and
what the cursor announces (``announce``); their component classes are named by
``CURSOR`` and ``MUTED``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsdesk.tui.failures import failure
from newsdesk.tui.messages import PageLoaded

Row = TypeVar("Row")
Fetcher = Callable[[int, int], Sequence[Any]]


class Source(Protocol):
    """What a list pages through: a fetcher of ``(offset, limit)`` and a row count."""

    @property
    def fetch(self) -> Fetcher: ...

    @property
    def total(self) -> int: ...


@dataclass(frozen=True)
class Paint:
    """What every line of one paint shares, looked up once for the paint: Textual's
    ``rich_style`` walks the widget's ancestors and the content region is recomputed
    on each call, together 29 % of drawing a row (py-spy of the 10k typing benchmark,
    where a row cost about 0.4 ms)."""

    base: Style
    muted: Style
    cursor: Style
    width: int
    top: int


class VirtualList(ScrollView, Generic[Row], can_focus=True):
    """Pages, a cursor, and a line drawn per visible row."""

    PAGE_SIZE = 100
    CURSOR = "virtual-list--cursor"
    MUTED = "virtual-list--muted"
    LOADING = "load the list"
    """What a failed page could not do, for the one notification."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "open", key_display="⏎", id="open"),
        Binding("j,down", "move(1)", "next", show=False, id="down"),
        Binding("k,up", "move(-1)", "previous", show=False, id="up"),
        Binding("pagedown,space", "page(1)", "page down", show=False, id="page_down"),
        Binding("pageup", "page(-1)", "page up", show=False, id="page_up"),
        Binding("home,g", "jump(0)", "first", show=False, id="first"),
        Binding("end,G", "jump(-1)", "last", show=False, id="last"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    def __init__(self, source: Source, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source
        self.request = 0
        self.empty_message = "Loading…"
        self._pages: LRUCache[int, Sequence[Row]] = LRUCache(64)
        self._pending: set[int] = set()
        self._paint: Paint | None = None
        self._painting = False

    # --- what to show ----------------------------------------------------------------
    def show(
        self, source: Source, first_page: Sequence[Row] | None = None, cursor: int = 0
    ) -> None:
        """Replace the rows; pages still on their way for the old rows are dropped."""
        self.request += 1
        self.source = source
        self._pages.clear()
        self._pending.clear()
        if first_page is not None:
            self._pages[0] = first_page
        self._set_length(source.total)
        if not cursor:
            self.scroll_to(y=0, animate=False)
        self.cursor = cursor
        self.refresh()

    def _set_length(self, total: int) -> None:
        set_virtual_height(self, total)

    def row(self, index: int) -> Row | None:
        """The row at ``index`` if its page has arrived."""
        page = self._pages.get(index // self.PAGE_SIZE)
        offset = index % self.PAGE_SIZE
        return page[offset] if page is not None and offset < len(page) else None

    def loaded_indexes(self) -> list[int]:
        """The indexes of every row whose page has arrived, in order."""
        pages = sorted(self._pages.keys())  # an LRUCache: no iteration of its own
        sizes = {page: len(self._pages.get(page) or ()) for page in pages}
        return [p * self.PAGE_SIZE + i for p in pages for i in range(sizes[p])]

    @property
    def highlighted(self) -> Row | None:
        return self.row(self.cursor) if self.source.total else None

    # --- paging ----------------------------------------------------------------------
    def _ensure_page(self, page: int) -> None:
        if page not in self._pending and self._pages.get(page) is None:
            self._pending.add(page)
            self._load_page(self.request, page, self.source.fetch)

    @work(thread=True, group="list-pages")
    def _load_page(self, request: int, page: int, fetch: Fetcher) -> None:
        """Runs in a thread: the index may take a moment, the UI must not."""
        try:
            rows = list(fetch(page * self.PAGE_SIZE, self.PAGE_SIZE))
        except Exception as exc:  # the one way a worker fails (tui/failures.py)
            self.post_message(failure(self.LOADING, exc))
            return
        self.post_message(PageLoaded(request, page, rows))

    @on(PageLoaded)
    def _store_page(self, message: PageLoaded) -> None:
        message.stop()
        if message.request != self.request:
            return
        self._pending.discard(message.page)
        self._pages[message.page] = cast(Sequence[Row], message.rows)
        self.refresh()
        if self.cursor // self.PAGE_SIZE == message.page:
            self.announce()

    # --- drawing ---------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        """Every line this paint draws shares one :class:`Paint`, made when the first
        line is drawn (a paint that finds every line cached makes none)."""
        self._painting = True
        try:
            return super().render_lines(crop)
        finally:
            self._painting, self._paint = False, None

    def _current_paint(self) -> Paint:
        paint = self._paint
        if paint is None:
            paint = Paint(
                base=self.rich_style,
                muted=self.get_component_rich_style(self.MUTED),
                cursor=self.get_component_rich_style(self.CURSOR),
                width=self.scrollable_content_region.width,
                top=self.scroll_offset.y,
            )
            if self._painting:
                self._paint = paint
        return paint

    def render_line(self, y: int) -> Strip:
        paint = self._current_paint()
        index, width, base = paint.top + y, paint.width, paint.base
        if not self.source.total:
            text = Text(f" {self.empty_message}" if y == 0 else "")
            text.stylize(paint.muted)
            return self._strip(text, width, base)
        if index >= self.source.total:
            return Strip.blank(width, base)
        row = self.row(index)
        if row is None:
            self._ensure_page(index // self.PAGE_SIZE)
            return self._strip(Text(" ·", style=paint.muted), width, base)
        at_cursor = index == self.cursor
        style = base + paint.cursor if at_cursor else base
        return self._strip(self.row_text(row, width, at_cursor), width, style)

    @property
    def muted(self) -> Style:
        return self._current_paint().muted

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        return line_strip(self, text, width, style)

    def row_text(self, row: Row, width: int, at_cursor: bool) -> Text:
        """One row, the cursor's marked; subclasses draw their own."""
        raise NotImplementedError

    # --- moving ----------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_into_view()
        self.announce()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.source.total - 1)) if self.source.total else 0

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        height = max(1, self.scrollable_content_region.height)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def announce(self) -> None:
        """The cursor rests on a (loaded) row: tell whoever follows it, if anyone."""

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 1)

    def action_jump(self, index: int) -> None:
        self.cursor = index if index >= 0 else self.source.total - 1

    def action_open(self) -> None:
        """Enter on the highlighted row; subclasses post what opening means to them."""

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


def set_virtual_height(view: ScrollView, lines: int) -> None:
    """A new virtual height for a list that draws its own lines. Setting the virtual
    size lays out the whole screen (a reflow and a repaint of every pane: 20-40 ms of
    the reader's 160x48 screen per search typed, 10k benchmark; 55-80 ms for the entity
    page's next page of articles), yet the list's own size does not change: only a
    scrollbar that appears or goes needs the layout. Otherwise the scrollbar is told
    the new length and the list repaints itself alone."""
    size = Size(view.size.width, lines)
    height = view.scrollable_content_region.height
    if not view.is_mounted or (lines > height) != view.show_vertical_scrollbar:
        view.virtual_size = size
        return
    view.set_reactive(ScrollView.virtual_size, size)
    if view.show_vertical_scrollbar:
        view.vertical_scrollbar.window_virtual_size = lines
        view.vertical_scrollbar.refresh()
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    view.refresh()


def line_strip(view: ScrollView, text: Text, width: int, style: Style) -> Strip:
    """One drawn line of a list: ``text`` cropped or padded to ``width`` cells, ``style``
    under it."""
    text.truncate(width, overflow="ellipsis", pad=True)
    segments = list(text.render(view.app.console))
    return Strip(segments).adjust_cell_length(width, style).apply_style(style)
