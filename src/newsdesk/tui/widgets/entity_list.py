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

from newsdesk.models import EntityInfo
from newsdesk.safety import clean_line
from newsdesk.tui.entity_text import entity_look
from newsdesk.tui.messages import OpenEntity
from newsdesk.tui.widgets.virtual_list import VirtualList

Fetch = Callable[[int, int], list[EntityInfo]]
COUNTS = 46
"""Width of the type and counts columns: ``  person    1,234 articles    5,678 mentions``."""


@dataclass(frozen=True)
class EntitySource:
    """What the list shows: a page fetcher and how many rows it pages through."""

    fetch: Fetch
    total: int


def _nothing(offset: int, limit: int) -> list[EntityInfo]:
    return []


class EntityList(VirtualList[EntityInfo]):
    """Rows of name, type, articles and mentions; ``Enter`` posts :class:`OpenEntity`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"entity-list--cursor", "entity-list--muted"}
    CURSOR, MUTED = "entity-list--cursor", "entity-list--muted"
    LOADING = "load the entities"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(EntitySource(_nothing, 0), id=id)

    def row_text(self, row: EntityInfo, width: int, at_cursor: bool) -> Text:
        """``▌Name…  person   12 articles   37 mentions``; the name in its type's colour."""
        look, kind = entity_look(row.label)
        name = Text(clean_line(row.name), style=look)
        name.truncate(max(4, width - COUNTS - 1), overflow="ellipsis", pad=True)
        text = Text("▌" if at_cursor else " ")
        text.append_text(name)
        muted = Style() if at_cursor else self.muted
        text.append(f"  {kind:<7}", muted)
        text.append(_count(row.article_count, "article", 8), muted)
        text.append(_count(row.mention_count, "mention", 9), muted)
        return text

    def action_open(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(OpenEntity(row.key))


def _count(count: int, noun: str, digits: int) -> str:
    """A right-aligned count and its noun, padded so the columns line up at 1 too."""
    return f"{count:>{digits},} {noun if count == 1 else noun + 's':<{len(noun) + 1}}"
