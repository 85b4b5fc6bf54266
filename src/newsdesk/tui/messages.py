"""Messages the reader's widgets and screens exchange: small, typed, and named for what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.message import Message

from newsdesk.models import (
    Article,
    ArticleMarks,
    ArticleSummary,
    EntityInfo,
    IndexReport,
    Mention,
    SearchResult,
)

Reopen = Callable[[tuple[Any, ...]], Any]
"""Opens a page of the history again where it was; given the pages after it, it opens
those in turn (``OpenArticle.trail``)."""


@dataclass
class OpenArticle(Message):
    """Show this article in the reading pane; ``entity_key`` marks one entity's mentions."""

    article_id: str
    entity_key: str | None = None
    trail: tuple[Reopen, ...] = ()
    """The pages the article was chosen through, outermost first, each able to open
    itself again as it was: "back" from the article walks them again."""

    def through(self, page: Reopen) -> OpenArticle:
        """The same choice, passed down through one more page."""
        return OpenArticle(self.article_id, self.entity_key, (page, *self.trail))


@dataclass
class OpenEntity(Message):
    """Open the entity page for this canonical key."""

    key: str


class OpenEntities(Message):
    """Open the Entities screen: every entity of the archive (the palette asks for it)."""


@dataclass
class SearchRequested(Message):
    """Run this query (already debounced); an empty query restores the whole archive."""

    query: str


# --- results coming back from worker threads -----------------------------------------
# Each carries the request it was asked for, so a late answer to an old question
# (a query already retyped, an article already left) is recognised and dropped.


@dataclass
class ArchiveLoaded(Message):
    """The archive's size and first page, in the order asked for."""

    request: int
    total: int
    rows: list[ArticleSummary]
    dated: int = 0
    """How many articles have a date: with none, no date order is offered."""


@dataclass
class SearchFinished(Message):
    """A search's first page; ``result.exact`` false: its total is an estimate, and a
    ``SearchCounted`` for the same request follows."""

    request: int
    result: SearchResult


@dataclass
class SearchCounted(Message):
    """The same search counted exactly (and its first page again, in exact order)."""

    request: int
    result: SearchResult


@dataclass
class SearchUncounted(Message):
    """A search whose first page is shown could not be counted within the time limit:
    its total stays the estimate."""

    request: int


@dataclass
class SearchFailed(Message):
    """The query could not run; ``error`` is one line for the user."""

    request: int
    query: str
    error: str


@dataclass
class PageLoaded(Message):
    """Rows ``page * size`` onwards, for the virtual list that asked (``request``)."""

    request: int
    page: int
    rows: list[Any]


@dataclass
class ArticleLoaded(Message):
    request: int
    article: Article | None
    mentions: list[Mention]
    matches: list[tuple[int, int]]
    entity_key: str | None = None
    follow: bool = True
    """Move the list cursor to the article once shown (see ``MainScreen.open_article``)."""


@dataclass
class EntitiesLoaded(Message):
    article_id: str
    entities: list[tuple[EntityInfo, int]]


@dataclass
class RefreshProgress(Message):
    done: int
    total: int


@dataclass
class RefreshFinished(Message):
    """The refresh is done; the index now holds ``total`` articles."""

    report: IndexReport
    total: int


@dataclass
class IndexGrew(Message):
    """Another process changed the index: it now holds ``total`` articles."""

    total: int


# --- what the user did -----------------------------------------------------------------


@dataclass
class ArchiveCounted(Message):
    """The archive holds ``total`` articles (for the title bar)."""

    total: int


@dataclass
class QueryChanged(Message):
    """The list now shows this search (``""``: the whole archive)."""

    query: str


@dataclass
class ArticleHighlighted(Message):
    """The list cursor rests on this article (``None`` while its row is still loading)."""

    article_id: str | None


@dataclass
class EntityCursorMoved(Message):
    """The reading pane's entity cursor is on this mention, or on none."""

    mention: Mention | None


@dataclass
class EntityFocused(Message):
    """The sidebar cursor is on this entity: its mentions are marked in the text."""

    key: str | None


@dataclass
class UnreadCounted(Message):
    """How many of the list's articles are unread (``None``: cannot be told)."""

    request: int
    unread: int | None


@dataclass
class MarksLoaded(Message):
    """The user's marks of an article (read, star, labels, note), for its details."""

    article_id: str
    marks: ArticleMarks
