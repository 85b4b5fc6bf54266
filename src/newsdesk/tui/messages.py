"""Messages the reader's widgets and screens exchange: small, typed, and named for what happened."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class OpenArticle(Message):
    """Show this article in the reading pane; ``entity_key`` marks one entity's mentions."""

    article_id: str
    entity_key: str | None = None


@dataclass
class OpenEntity(Message):
    """Open the entity page for this canonical key."""

    key: str


@dataclass
class SearchRequested(Message):
    """Run this query (already debounced); an empty query restores the whole archive."""

    query: str
