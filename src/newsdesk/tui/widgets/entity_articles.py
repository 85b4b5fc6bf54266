"""The entity page's article list: each article with its mentions in context.

An entity can appear in thousands of articles, so the list is filled a page at a time
(``MoreWanted`` when the cursor or the view nears the end) and draws only the lines on
screen. It used to be an ``OptionList``: that widget renders every row it holds into
lines whenever it lays out or repaints, and on the page of a 1,163-article entity (10k
archive) painting its first 14 rows took 250 ms of a 418 ms first paint (cProfile, five
opens: 20,830 strips made per open). Here a row's lines are known without drawing them
(a heading and one line per context, each cropped, never wrapped), so a paint makes one
strip per visible line, kept for the next paint (the page repaints as the next page and
"appears with" arrive, and as the cursor moves).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsdesk.models import EntityArticle, MentionContext
from newsdesk.safety import clean_line
from newsdesk.tui.widgets.fitline import FitLine
from newsdesk.tui.widgets.kwic import kwic_line
from newsdesk.tui.widgets.virtual_list import line_strip, set_virtual_height

NEAR_END = 10
TIMES = "\u00d7"


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One article of the entity with the contexts to show under its title."""

    article: EntityArticle
    contexts: tuple[MentionContext, ...] = field(default=())

    @property
    def height(self) -> int:
        return 1 + len(self.contexts)


def date_text(article: EntityArticle) -> str:
    """The ISO date, or nothing: undated articles come last in date order, so they
    line up among themselves, and an archive without dates prints no blank column."""
    date = article.summary.date
    return date.strftime("%Y-%m-%d") if date else ""


def heading(article: EntityArticle) -> FitLine:
    """``2021-06-15  Title …  5x``: the title is cropped, the count stays visible."""
    title = Text(end="")
    if date_text(article):
        title.append(date_text(article), style="dim")
        title.append("  ")
    title.append(clean_line(article.summary.title) or "(untitled)", style="bold")
    return FitLine(title, Text(f"{article.mentions}{TIMES}", style="dim"))


def row_line(row: ArticleRow, line: int, width: int, mention_style: Style | str) -> Text:
    """Line ``line`` of a row: its heading, then one line per context, the mention in
    the entity's colour; always exactly ``width`` cells."""
    if line == 0:
        text = heading(row.article).fit(width)
    else:
        text = kwic_line(row.contexts[line - 1], mention_style)
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


class EntityArticleList(ScrollView, can_focus=True):
    """Articles mentioning one entity; ``Selected`` carries the chosen article's id.

    The container's own keys (arrows, page keys, home, end) move the cursor a row at a
    time, as they do in the other lists of the page."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entity-articles--cursor",
        "entity-articles--muted",
    }
    DEFAULT_CSS = """
    EntityArticleList { overflow-x: hidden; }
    EntityArticleList > .entity-articles--cursor {
        background: $block-cursor-blurred-background;
    }
    EntityArticleList:focus > .entity-articles--cursor {
        background: $block-cursor-background;
    }
    EntityArticleList > .entity-articles--muted { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "open", key_display="⏎", id="open"),
        Binding("j", "cursor_down", "down", show=False, id="down"),
        Binding("k", "cursor_up", "up", show=False, id="up"),
    ]

    highlighted: reactive[int | None] = reactive(None, init=False)

    @dataclass
    class MoreWanted(Message):
        """The user is near the end of what is loaded and more exists."""

    @dataclass
    class Selected(Message):
        """Enter (or a click) on an article."""

        article_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mention_style: Style | str = "bold reverse"
        self.complete = False
        self._waiting = True
        self._placeholder: str | None = None
        self._rows: list[ArticleRow] = []
        self._starts: list[int] = []
        self._lines = 0
        self._strips: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(1024)

    # --- what to show ----------------------------------------------------------------
    def show_placeholder(self, text: str) -> None:
        """Replace everything with one dim line (``loading…``, ``no articles``)."""
        self._placeholder, self.complete, self._waiting = text, False, True
        self._rows, self._starts, self._lines = [], [], 0
        self._strips.clear()
        self.set_reactive(EntityArticleList.highlighted, None)
        self._resize(1)

    def add_rows(self, rows: Sequence[ArticleRow], complete: bool) -> None:
        """Append a page; the first page replaces the placeholder and takes the cursor.
        An article already listed (pages can overlap if the archive changed between
        them) is not listed twice."""
        first = self._placeholder is not None or not self._rows
        self._placeholder = None
        known = {row.article.summary.id for row in self._rows}
        for row in rows:
            if row.article.summary.id not in known:
                known.add(row.article.summary.id)
                self._rows.append(row)
                self._starts.append(self._lines)
                self._lines += row.height
        self.complete, self._waiting = complete, False
        self._resize(self._lines)
        if first and self._rows:
            self.highlighted = 0
        self.call_after_refresh(self._check_near_end)

    def _resize(self, lines: int) -> None:
        set_virtual_height(self, lines)
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def placeholder(self) -> str | None:
        """The line shown instead of articles, if any."""
        return self._placeholder

    def article_ids(self) -> list[str]:
        """The listed articles' ids, in order."""
        return [row.article.summary.id for row in self._rows]

    # --- drawing ---------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        """A kept strip when there is one: Textual's ``rich_style`` walks the widget's
        ancestors, and asked per line it was half the cost of a cursor move."""
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        if self._placeholder is not None or line >= self._lines:
            text = Text(f" {self._placeholder}" if line == 0 and self._placeholder else "")
            text.stylize(self.get_component_rich_style("entity-articles--muted"))
            return self._strip(text, width, self.rich_style)
        index = bisect_right(self._starts, line) - 1
        key = (line, width, index == self.highlighted, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            row = self._rows[index]
            text = row_line(row, line - self._starts[index], width, self.mention_style)
            base = self.rich_style
            if index == self.highlighted:
                base = base + self.get_component_rich_style("entity-articles--cursor")
            strip = self._strips[key] = self._strip(text, width, base)
        return strip

    def notify_style_update(self) -> None:
        """A new theme or colours: lines drawn in the old ones are redrawn."""
        super().notify_style_update()
        self._strips.clear()

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        return line_strip(self, text, width, style)

    # --- moving ----------------------------------------------------------------------
    def validate_highlighted(self, value: int | None) -> int | None:
        if value is None or not self._rows:
            return None
        return max(0, min(value, len(self._rows) - 1))

    def watch_highlighted(self, old: int | None, highlighted: int | None) -> None:
        """Repaint the two rows that changed, not the list."""
        self._refresh_row(old)
        self._refresh_row(highlighted)
        if highlighted is not None:
            self._scroll_into_view(highlighted)
            # a page that arrives before the list is laid out scrolls again once it is
            self.call_after_refresh(self._scroll_into_view, highlighted)
        self._check_near_end()

    def _refresh_row(self, index: int | None) -> None:
        if index is not None and index < len(self._rows):
            self.refresh_lines(self._starts[index], self._rows[index].height)

    def _scroll_into_view(self, index: int) -> None:
        if index != self.highlighted:
            return
        start, end = self._starts[index], self._starts[index] + self._rows[index].height
        top, height = round(self.scroll_y), max(1, self.scrollable_content_region.height)
        if start < top:
            self.scroll_to(y=start, animate=False, immediate=True)
        elif end > top + height:
            self.scroll_to(y=min(start, end - height), animate=False, immediate=True)

    def _move(self, step: int) -> None:
        if self._rows:
            self.highlighted = (self.highlighted or 0) + step

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    action_scroll_down = action_cursor_down
    action_scroll_up = action_cursor_up

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height // 4))

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height // 4))

    def action_scroll_home(self) -> None:
        self._move(-len(self._rows))

    def action_scroll_end(self) -> None:
        self._move(len(self._rows))

    def action_select(self) -> None:
        if self.highlighted is not None and self._rows:
            self.post_message(self.Selected(self._rows[self.highlighted].article.summary.id))

    def on_click(self, event: events.Click) -> None:
        """A click opens the article under it, as Enter does."""
        offset = event.get_content_offset(self)
        line = self.scroll_offset.y + offset.y if offset is not None else -1
        if self._placeholder is None and 0 <= line < self._lines:
            self.highlighted = bisect_right(self._starts, line) - 1
            self.action_select()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- paging ----------------------------------------------------------------------
    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_near_end()

    def _check_near_end(self) -> None:
        """Ask once per page when the cursor or the view comes close to the end."""
        if self.complete or self._waiting or self._placeholder is not None:
            return
        cursor_near = (self.highlighted or 0) >= len(self._rows) - NEAR_END
        view_near = self.scroll_y >= self.max_scroll_y - self.size.height
        if cursor_near or view_near:
            self._waiting = True
            self.post_message(self.MoreWanted())
