"""The Entities screen: every entity of the archive, from a key or the palette; filter,
sort and type; Enter opens a page; curation keys act on the highlighted row."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from newsdesk.library import Library
from newsdesk.tui.app import NewsdeskApp, make_app
from newsdesk.tui.screens.entities import EntitiesScreen
from newsdesk.tui.screens.entity import EntityScreen
from newsdesk.tui.widgets.entity_list import EntityList
from pilot_helpers import SIZE, settled, started, until


@pytest.fixture
def app(curated: Library) -> NewsdeskApp:
    return make_app(curated, curated.settings, refresh_on_start=False)


def heading(app: NewsdeskApp) -> str:
    return str(app.screen.query_one("#entities-heading").render())


def rows(app: NewsdeskApp) -> EntityList:
    return app.screen.query_one(EntityList)


def keys_shown(app: NewsdeskApp, count: int) -> list[str]:
    found = [rows(app).row(i) for i in range(count)]
    return [info.key for info in found if info is not None]


async def shows(pilot: Pilot[None], app: NewsdeskApp, total: int, first: list[str]) -> None:
    """The list holds ``total`` rows, ``first`` at its top, and the heading says so."""
    await until(pilot, lambda: rows(app).source.total == total
                and keys_shown(app, len(first)) == first
                and f"Entities · {total:,}" in heading(app))  # fmt: skip


async def opened(pilot: Pilot[None], app: NewsdeskApp, library: Library) -> None:
    await started(pilot)
    await pilot.press("E")
    await until(pilot, lambda: isinstance(app.screen, EntitiesScreen))
    top = [e.key for e in library.list_entities(limit=5)]
    await shows(pilot, app, library.count_entities(), top)


async def test_e_lists_every_entity_by_articles_fetching_only_what_is_seen(
    app: NewsdeskApp, curated: Library
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, curated)
        assert "by articles" in heading(app) and "all types" in heading(app)
        assert rows(app).has_focus
        assert rows(app).source.total > EntityList.PAGE_SIZE or len(rows(app)._pages) == 1
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, EntitiesScreen))


async def test_filter_as_you_type_then_enter_opens_the_page(
    app: NewsdeskApp, curated: Library
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, curated)
        await pilot.press("slash", *"erd")
        wanted = [e.key for e in curated.list_entities(words="erd", limit=10)]
        await shows(pilot, app, curated.count_entities(words="erd"), wanted)
        assert 'filter "erd"' in heading(app) and "recep tayyip erdogan" in wanted
        await pilot.press("o")
        await shows(pilot, app, curated.count_entities(words="erdo"), wanted[:1])
        await pilot.press("enter")  # leaves the box for the list
        await until(pilot, lambda: rows(app).has_focus)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        assert app.screen.key == wanted[0]  # type: ignore[attr-defined]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, EntitiesScreen))


async def test_s_cycles_the_sort_and_t_the_type(app: NewsdeskApp, curated: Library) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, curated)
        await pilot.press("s")
        by_mentions = [e.key for e in curated.list_entities(limit=5, sort="mentions")]
        await shows(pilot, app, curated.count_entities(), by_mentions)
        assert "by mentions" in heading(app)
        await pilot.press("s")
        by_name = [e.key for e in curated.list_entities(limit=5, sort="name")]
        await shows(pilot, app, curated.count_entities(), by_name)
        await pilot.press("t")
        people = [e.key for e in curated.list_entities("person", limit=5, sort="name")]
        await shows(pilot, app, curated.count_entities("person"), people)
        assert "· person (t)" in heading(app)
        await pilot.press("t")
        await until(pilot, lambda: "· org (t)" in heading(app))


async def test_a_curation_key_acts_on_the_highlighted_row_and_the_list_follows(
    app: NewsdeskApp, curated: Library
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, curated)
        total = curated.count_entities()
        await pilot.press("down")
        target = rows(app).highlighted
        assert target is not None
        await pilot.press("H")
        await until(pilot, lambda: rows(app).source.total == total - 1)
        assert target.key not in keys_shown(app, 10)
        assert rows(app).cursor == 1  # the same place, not the top
    text = curated.settings.alias_file.read_text(encoding="utf-8")
    assert target.name in text or target.key in text


async def test_the_palette_opens_the_entities_screen(app: NewsdeskApp, curated: Library) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Entities")
        await pilot.pause(0.5)
        await settled(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EntitiesScreen))
