"""Curation: a catalogue rebuild, and a merge made in the reader until it is on screen.

* catalogue rebuild: ``recatalogue`` as a curation step runs it (writer lock, open the
  live store, rebuild from stored mentions, commit), against the one read it cannot
  avoid: grouping ``article_entities`` by local key, label and name;
* merge (Pilot): on an entity's page, ``M``, the target typed into the picker; from the
  Enter that picks it until the page shows the target with its first screenful of
  articles, against the same page redrawn after a catalogue change that changed nothing.

Each repeat undoes the merge (outside the clock); the alias file is a temporary one,
deleted at the end, and the catalogue is rebuilt without it, so later steps see the
index as it was.
"""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from textual import events
from textual.app import App
from textual.message import Message
from textual.pilot import Pilot

from benchmarks.bench_reader import (
    FIRST_PAINT,
    SIZE,
    entity_page_shown,
    list_shows,
    until,
    workers_settled,
)
from benchmarks.timing import clock, median
from newsdesk.index.curate import recatalogue
from newsdesk.index.generation import STORE_FILE
from newsdesk.index.layout import current_generation
from newsdesk.index.store import Store
from newsdesk.library import Library, open_library
from newsdesk.models import EntityInfo
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.curation import CatalogueRedraw
from newsdesk.tui.messages import OpenEntity
from newsdesk.tui.screens.entity import EntityScreen
from newsdesk.tui.screens.pickers import EntityPicker


def rebuild_times(index_dir: Path, settings: Settings, repeats: int) -> list[float]:
    times = []
    for _ in range(max(1, repeats)):
        started = clock()
        recatalogue(index_dir, settings)
        times.append(clock() - started)
    return times


def read_baseline_times(index_dir: Path, repeats: int) -> list[float]:
    """The grouped read of every article's entities that a rebuild starts from."""
    live = current_generation(index_dir)
    assert live is not None, "no index to rebuild"
    store = Store(live / STORE_FILE, readonly=True)
    times = []
    try:
        for _ in range(max(1, repeats)):
            started = clock()
            store.db.execute(
                "SELECT key, label, name, SUM(count), COUNT(*) FROM article_entities "
                "GROUP BY key, label, name"
            ).fetchall()
            times.append(clock() - started)
    finally:
        store.close()
    return times


def pair(library: Library) -> tuple[EntityInfo, EntityInfo]:
    """A person in several articles merged into the most mentioned other person: a
    merge that moves real work (its articles, mentions and aliases)."""
    people = library.list_entities("person", limit=40)
    if len(people) < 2:
        raise LookupError("the index has too few people to merge")
    return people[min(len(people) - 1, 10)], people[0]


def _press_enter(app: App[None]) -> None:
    """Enter through the driver, as a terminal sends it (no wait for idle)."""
    event = events.Key("enter", "\r")
    event.set_sender(app)
    app._driver.send_message(event)  # type: ignore[union-attr]  # as Pilot.press does


def _picker_offers(app: App[None], target: EntityInfo) -> bool:
    screen = app.screen
    return isinstance(screen, EntityPicker) and next(iter(screen.found), None) == target.key


async def _open_page(pilot: Pilot[None], seen: set[str], key: str) -> EntityScreen:
    seen.clear()
    pilot.app.screen.post_message(OpenEntity(key))
    await until(lambda: entity_page_shown(pilot.app))
    await workers_settled(pilot.app)
    await pilot.pause(0)
    return pilot.app.screen  # type: ignore[return-value]


async def _merge_once(
    pilot: Pilot[None], seen: set[str], library: Library, source: EntityInfo, target: EntityInfo
) -> float:
    page = await _open_page(pilot, seen, source.key)
    await pilot.press("M", *target.name)
    await until(lambda: _picker_offers(pilot.app, target))
    seen.clear()
    started = clock()
    _press_enter(pilot.app)
    await until(lambda: page.key == target.key and seen >= FIRST_PAINT | {"CatalogueRedraw"})
    await pilot.pause(0)
    seconds = clock() - started
    await workers_settled(pilot.app)
    pilot.app.pop_screen()
    library.undo_curation()
    return seconds


async def _redraw_once(pilot: Pilot[None], seen: set[str], key: str) -> float:
    page = await _open_page(pilot, seen, key)
    seen.clear()
    started = clock()
    page.post_message(CatalogueRedraw())
    await until(lambda: seen >= FIRST_PAINT)
    await pilot.pause(0)
    seconds = clock() - started
    await workers_settled(pilot.app)
    pilot.app.pop_screen()
    return seconds


async def _pilot(library: Library, repeats: int) -> dict[str, object]:
    seen: set[str] = set()

    def hook(message: Message) -> None:
        seen.add(type(message).__name__)

    source, target = pair(library)
    archive = library.article_count()
    app = make_app(library, library.settings, refresh_on_start=False)
    merges, redraws = [], []
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await until(lambda: list_shows(app, archive))
        for _ in range(max(1, repeats)):
            merges.append(await _merge_once(pilot, seen, library, source, target))
            redraws.append(await _redraw_once(pilot, seen, source.key))
    return {
        "merge_ms": median(merges) * 1000,
        "redraw_ms": median(redraws) * 1000,
        "merge_runs_ms": [round(s * 1000, 1) for s in merges],
        "source": source.name,
        "source_articles": source.article_count,
        "target": target.name,
        "target_articles": target.article_count,
    }


def measure(corpus: Path, index_dir: Path, settings: Settings, repeats: int) -> dict[str, object]:
    """Both figures, with a temporary alias file that is gone again at the end."""
    aliases = index_dir.parent / f"{index_dir.name}-bench-aliases.toml"
    own = dataclasses.replace(settings, alias_file=aliases)
    rebuild = median(rebuild_times(index_dir, own, repeats))
    read = median(read_baseline_times(index_dir, repeats))
    library = open_library(corpus, index_dir, own)
    try:
        merge = asyncio.run(_pilot(library, repeats))
    finally:
        library.close()
        for path in (aliases, *aliases.parent.glob(f"{aliases.name}*")):
            path.unlink(missing_ok=True)
        recatalogue(index_dir, settings)
    return {"rebuild_s": rebuild, "rebuild_read_s": read, **merge}
