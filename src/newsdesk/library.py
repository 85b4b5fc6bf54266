"""The façade every front end talks to: one object that owns an index and answers questions.

The TUI and the CLI call only this module; they never touch Whoosh, SQLite or spaCy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from newsdesk.models import (
    Article,
    ArticleSummary,
    Cooccurrence,
    EntityArticle,
    EntityInfo,
    IndexReport,
    Mention,
    MentionContext,
    MonthCount,
    SearchResult,
)
from newsdesk.settings import Settings

ArticleSort = Literal["date", "title"]
SearchSort = Literal["relevance", "date"]
EntitySort = Literal["date", "mentions"]
Progress = Callable[[int, int], None]


class Library:
    """An opened archive: a corpus folder (optional) and its index folder."""

    def __init__(self, index_dir: Path, corpus: Path | None, settings: Settings) -> None:
        self.index_dir = index_dir
        self.corpus = corpus
        self.settings = settings

    # --- indexing -----------------------------------------------------------
    def refresh(self, progress: Progress | None = None, rebuild: bool = False) -> IndexReport:
        """Bring the index up to date with the corpus folder (incremental)."""
        raise NotImplementedError

    # --- articles -----------------------------------------------------------
    def article_count(self) -> int:
        raise NotImplementedError

    def list_articles(
        self, offset: int = 0, limit: int = 100, sort: ArticleSort = "date"
    ) -> list[ArticleSummary]:
        """A page of the whole archive, newest first (or by title)."""
        raise NotImplementedError

    def get_article(self, article_id: str) -> Article | None:
        raise NotImplementedError

    def mentions(self, article_id: str) -> list[Mention]:
        """Every entity mention in the article body, canonical keys and names applied."""
        raise NotImplementedError

    # --- search -------------------------------------------------------------
    def search(
        self, query: str, limit: int = 50, offset: int = 0, sort: SearchSort = "relevance"
    ) -> SearchResult:
        """Raises ``QueryError`` (one-line message) for a query that cannot run."""
        raise NotImplementedError

    def match_spans(self, article_id: str, query: str) -> list[tuple[int, int]]:
        """Body offsets of the words the query matched in this article, for marking."""
        raise NotImplementedError

    # --- entities -----------------------------------------------------------
    def entity(self, key: str) -> EntityInfo | None:
        raise NotImplementedError

    def resolve_entity(self, name: str) -> EntityInfo | None:
        """Any alias, case- and accent-insensitive."""
        raise NotImplementedError

    def closest_entities(self, name: str, limit: int = 5) -> list[EntityInfo]:
        raise NotImplementedError

    def find_entities(self, prefix: str, limit: int = 20) -> list[EntityInfo]:
        """Catalogue lookup by prefix of any word of the name, most mentioned first."""
        raise NotImplementedError

    def article_entities(self, article_id: str) -> list[tuple[EntityInfo, int]]:
        """This article's entities with their mention counts in it."""
        raise NotImplementedError

    def entity_articles(
        self, key: str, sort: EntitySort = "date", offset: int = 0, limit: int = 100
    ) -> list[EntityArticle]:
        raise NotImplementedError

    def entity_contexts(self, key: str, article_id: str, limit: int = 20) -> list[MentionContext]:
        """Each mention of the entity in that article, inside its sentence."""
        raise NotImplementedError

    def cooccurring(self, key: str, limit: int = 50) -> list[Cooccurrence]:
        """Entities that share articles with this one, most shared first."""
        raise NotImplementedError

    def timeline(self, key: str) -> list[MonthCount]:
        """Mentions per month, oldest first, months without mentions included."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


def open_library(
    corpus: Path | None, index_dir: Path | None = None, settings: Settings | None = None
) -> Library:
    """Open (creating if needed) the index for a corpus; does not index anything."""
    raise NotImplementedError
