"""The command palette's newsdesk commands: open any entity's page, list them all, search.

The palette draws a hit's text as markup unless it is a Rich ``Text``, and entity
names are untrusted, so every prompt is built as ``Text`` from cleaned strings and
the matched letters are styled by span. Commands are posted as messages to the
screen the palette was opened over, which knows how to open a page or search.
"""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider

from newsdesk.groups import is_name_label
from newsdesk.library import Library
from newsdesk.models import EntityInfo
from newsdesk.safety import clean_line
from newsdesk.tui.entity_text import ENTITY_LIMIT, entity_prompt, find_candidates
from newsdesk.tui.failures import failure
from newsdesk.tui.messages import OpenEntities, OpenEntity, SearchRequested

DISCOVER_LIMIT = 8
ENTITIES = "Entities…"
REPORT = "Skipped files…"


def app_library(app: App[object]) -> Library | None:
    """The app's open library: the reader's app keeps it as ``app.library``."""
    library = getattr(app, "library", None)
    return library if isinstance(library, Library) else None


def search_prompt(query: str) -> Text:
    text = Text("Search: ", end="")
    text.append(clean_line(query) or "…", style="bold")
    return text


class NewsdeskCommands(Provider):
    """Open entity…, Entities… and Search…, for the app's ``COMMANDS``."""

    async def search(self, query: str) -> Hits:
        """Entities matching the typed prefix, most mentioned first, "Entities…" if the
        words fit it, then a full-text search."""
        score = self.matcher(query).match(ENTITIES)
        if score > 0:
            yield Hit(score, Text(ENTITIES), self.open_entities, text=ENTITIES)
        report_score = self.matcher(query).match(REPORT)
        if report_score > 0:
            yield Hit(report_score, Text(REPORT), self.open_report, text=REPORT)
        found = await self._candidates(query, ENTITY_LIMIT)
        for rank, info in enumerate(found):
            prompt = entity_prompt(info, query)
            score = 1.0 - 0.5 * rank / len(found)
            yield Hit(score, prompt, partial(self.open_entity, info.key), text=prompt.plain)
        prompt = search_prompt(query)
        yield Hit(0.01, prompt, partial(self.request_search, query), text=prompt.plain)

    async def discover(self) -> Hits:
        """Before typing: Search…, then the archive's most mentioned names."""
        yield DiscoveryHit(Text("Search…"), partial(self.request_search, ""), text="Search…")
        yield DiscoveryHit(Text(ENTITIES), self.open_entities, text=ENTITIES)
        found = await self._candidates("", DISCOVER_LIMIT * 2)
        for info in [i for i in found if is_name_label(i.label)][:DISCOVER_LIMIT]:
            prompt = entity_prompt(info)
            yield DiscoveryHit(prompt, partial(self.open_entity, info.key), text=prompt.plain)

    async def _candidates(self, query: str, limit: int) -> list[EntityInfo]:
        """Catalogue lookup off the event loop. A failing index offers no entities and is
        reported like any worker's failure (a damaged index must not look empty)."""
        library = app_library(self.app)
        if library is None:
            return []
        try:
            return await asyncio.to_thread(find_candidates, library, query, limit)
        except Exception as exc:
            self.app.post_message(failure("look up entities", exc))
            return []

    def open_entity(self, key: str) -> None:
        self.screen.post_message(OpenEntity(key))

    def open_entities(self) -> None:
        self.screen.post_message(OpenEntities())

    async def open_report(self) -> None:
        """The indexing report: skipped files and why (``screens/report.py``)."""
        await self.app.run_action("file_report")

    def request_search(self, query: str) -> None:
        self.screen.post_message(SearchRequested(query))
