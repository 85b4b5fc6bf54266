"""The entity page's article list: each article with its mentions in context.

An entity can appear in thousands of articles, so the list is one `OptionList`
(lines are drawn only when visible) filled a page at a time: it asks for more with
`MoreWanted` when the cursor or the scroll position nears the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.css.styles import RulesMap
from textual.message import Message
from textual.visual import RichVisual
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsdesk.models import EntityArticle, MentionContext
from newsdesk.safety import clean_line
from newsdesk.tui.widgets.fitline import FitLine
from newsdesk.tui.widgets.kwic import kwic_line

NEAR_END = 10
TIMES = "\u00d7"


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One article of the entity with the contexts to show under its title."""

    article: EntityArticle
    contexts: tuple[MentionContext, ...] = field(default=())


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


def row_prompt(row: ArticleRow, mention_style: Style | str) -> RenderableType:
    """Heading plus one line per context, the mention in the entity's colour."""
    lines = [kwic_line(context, mention_style) for context in row.contexts]
    return Group(heading(row.article), *lines)


class KnownHeight(RichVisual):
    """A row whose height is known without drawing it.

    Every line of a row is cropped, never wrapped, so its height is its line count;
    telling the list so spares it from rendering every loaded row on each resize.
    """

    def __init__(self, widget: Widget, renderable: RenderableType, height: int) -> None:
        super().__init__(widget, renderable)
        self.height = height

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.height


class EntityArticleList(OptionList):
    """Articles mentioning one entity; an option's id is the article id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "open", key_display="⏎", id="open"),
        Binding("j", "cursor_down", "down", show=False, id="down"),
        Binding("k", "cursor_up", "up", show=False, id="up"),
    ]

    @dataclass
    class MoreWanted(Message):
        """The user is near the end of what is loaded and more exists."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.mention_style: Style | str = "bold reverse"
        self.complete = False
        self._waiting = True
        self._placeholder = False
        self._ids: set[str] = set()

    def show_placeholder(self, text: str) -> None:
        """Replace everything with one line (``loading…``, ``no articles``)."""
        self._placeholder, self.complete, self._waiting = True, False, True
        self.clear_options()
        self._ids.clear()
        self.add_option(Option(Text(text, style="dim"), disabled=True))

    def add_rows(self, rows: Sequence[ArticleRow], complete: bool) -> None:
        """Append a page; the first page replaces the placeholder and takes the cursor."""
        first = self._placeholder
        if first:
            self.clear_options()
            self._placeholder = False
        fresh = [row for row in rows if row.article.summary.id not in self._ids]
        self._ids.update(row.article.summary.id for row in fresh)
        self.add_options(Option(self._row_visual(row), id=row.article.summary.id) for row in fresh)
        self.complete, self._waiting = complete, False
        if first and self.option_count:
            self.highlighted = 0
        self.call_after_refresh(self._check_near_end)

    def _row_visual(self, row: ArticleRow) -> KnownHeight:
        prompt = row_prompt(row, self.mention_style)
        return KnownHeight(self, prompt, 1 + len(row.contexts))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._check_near_end()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_near_end()

    def _check_near_end(self) -> None:
        """Ask once per page when the cursor or the view comes close to the end."""
        if self.complete or self._waiting or self._placeholder:
            return
        cursor_near = (self.highlighted or 0) >= self.option_count - NEAR_END
        view_near = self.scroll_y >= self.max_scroll_y - self.size.height
        if cursor_near or view_near:
            self._waiting = True
            self.post_message(self.MoreWanted())
