"""The article list: the archive or a search's hits, drawn only where seen
(``virtual_list.py`` holds the paging, the cursor and the drawing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text

from newsdesk.models import ArticleSummary
from newsdesk.safety import clean_line
from newsdesk.tui.highlight import marked_line
from newsdesk.tui.messages import ArticleHighlighted, OpenArticle
from newsdesk.tui.widgets.virtual_list import VirtualList

Fetch = Callable[[int, int], list[ArticleSummary]]
Flags = Callable[[str], tuple[bool, bool]]
"""(read, starred) of an article, from memory: asked for every row drawn."""


@dataclass(frozen=True)
class ListSource:
    """What the list shows: the archive in some order, or one search's hits."""

    fetch: Fetch
    total: int
    terms: tuple[str, ...] = ()


def _empty(offset: int, limit: int) -> list[ArticleSummary]:
    return []


def _unmarked(article_id: str) -> tuple[bool, bool]:
    return True, False


def mark_column(read: bool, starred: bool) -> str:
    """Two cells before the date: a star, else a dot for unread (whose title is bold)."""
    return "★ " if starred else ("• " if not read else "  ")


class ArticleList(VirtualList[ArticleSummary]):
    """Rows of date, title and source; ``Enter`` posts :class:`OpenArticle`."""

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
    CURSOR, MUTED = "article-list--cursor", "article-list--muted"
    LOADING = "load the article list"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(ListSource(_empty, 0), id=id)
        self.source: ListSource = ListSource(_empty, 0)
        self.flags: Flags = _unmarked
        self.show_dates = True
        """False for an archive without dates: no blank date column."""

    def row_text(self, row: ArticleSummary, width: int, is_cursor: bool) -> Text:
        """``▌★ 2021-06-15  Title…  2 copies  Source``: the user's marks
        (``mark_column``); the source, right-aligned, only where it fits and only as wide
        as it is, so the title takes every column the row has left; an article whose text
        others have too says how many copies there are; an unread title in bold."""
        read, starred = self.flags(row.id)
        muted = Style() if is_cursor else self.muted
        text = Text("▌" if is_cursor else " ")
        text.append(mark_column(read, starred), Style() if starred or is_cursor else muted)
        if self.show_dates:
            text.append(row.date.strftime("%Y-%m-%d") if row.date else " " * 10, muted)
            text.append("  ")
        source_room = min(22, width // 5) if width >= 56 else 0
        source = Text(clean_line(row.source) if source_room else "", style=muted)
        source.truncate(source_room, overflow="ellipsis")  # never 0: Rich then cuts one cell
        copies = Text(f"  {row.copies} copies" if row.copies > 1 else "", style=muted)
        room = width - text.cell_len - (source.cell_len + 2 if source.cell_len else 0)
        title = marked_line(row.title or "(untitled)", self.source.terms)
        title.truncate(max(4, room - copies.cell_len), overflow="ellipsis")
        title.append_text(copies)
        title.truncate(max(4, room), overflow="ellipsis", pad=True)
        if not read:
            title.stylize("bold")
        text.append_text(title)
        if source.cell_len:
            text.append("  ")
            text.append_text(source)
        return text

    def follow(self, article_id: str) -> None:
        """Put the cursor on the article being read, if the list has it loaded: the
        list and the reading pane then agree after an article opened elsewhere."""
        here = self.highlighted
        if here is not None and here.id == article_id:
            return
        for index in self.loaded_indexes():
            row = self.row(index)
            if row is not None and row.id == article_id:
                self.cursor = index
                return

    def announce(self) -> None:
        row = self.highlighted
        self.post_message(ArticleHighlighted(row.id if row else None))

    def action_open(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(OpenArticle(row.id))
