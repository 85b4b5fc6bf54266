"""The command palette's newsdesk commands: open an entity by prefix, or search."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot

from newsdesk.library import Library
from newsdesk.models import EntityInfo
from newsdesk.settings import Settings
from newsdesk.tui.app import NewsdeskApp, make_app
from newsdesk.tui.commands import search_prompt
from newsdesk.tui.entity_text import MATCHED, entity_prompt, find_candidates, word_prefix
from newsdesk.tui.messages import OpenEntity
from newsdesk.tui.screens.entity import EntityScreen
from newsdesk.tui.screens.main import MainScreen
from pilot_helpers import settled

ERDOGAN = "recep tayyip erdogan"
HOSTILE = "[bold red]x[/] [@click=app.quit]y[/]"


async def run_command(pilot: Pilot[None], typed: str) -> None:
    """Open the palette, type, wait for the hits, take the first."""
    await pilot.press("ctrl+p")
    await settled(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*typed)
    await settled(pilot)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settled(pilot)


@pytest.fixture
def app(library: Library, settings: Settings) -> NewsdeskApp:
    return make_app(library, settings, refresh_on_start=False)


def test_word_prefix_finds_the_start_of_any_word() -> None:
    assert word_prefix("Recep Tayyip Erdoğan", "erd") == 13
    assert word_prefix("Recep Tayyip Erdoğan", "ayy") == -1
    assert word_prefix("Nagorno-Karabakh", "kar") == 8


def test_entity_prompt_names_type_and_count_and_marks_the_prefix() -> None:
    info = EntityInfo("ilham aliyev", "Ilham Aliyev", "PERSON", (), 12, 30)
    prompt = entity_prompt(info, "ali")
    assert prompt.plain == "Open entity: Ilham Aliyev (person · 12 articles)"
    marked = [prompt.plain[s.start : s.end] for s in prompt.spans if s.style == MATCHED]
    assert marked == ["Ali"]


def test_hostile_names_stay_literal_text() -> None:
    info = EntityInfo("k", f"{HOSTILE}\x1b]52;c;ZXZpbA==\x07", "PERSON", (), 1, 1)
    assert entity_prompt(info).plain == f"Open entity: {HOSTILE} (person · 1 article)"
    assert search_prompt(f"{HOSTILE}\x1b[2J").plain == f"Search: {HOSTILE}"


def test_candidates_by_prefix_most_mentioned_first(library: Library) -> None:
    found = find_candidates(library, "erdo")
    assert found[0].key == ERDOGAN
    assert [i.key for i in found] == [i.key for i in library.find_entities("erdo", 20)]


def test_several_words_narrow_the_candidates(library: Library) -> None:
    found = find_candidates(library, "ilham ali")
    assert found and found[0].name == "Ilham Aliyev"


async def test_palette_opens_an_entity_page_by_prefix(app: NewsdeskApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await settled(pilot)
        await run_command(pilot, "erdo")
        assert isinstance(app.screen, EntityScreen)
        assert app.screen.key == ERDOGAN


async def test_palette_search_fills_the_search_box(app: NewsdeskApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await settled(pilot)
        await run_command(pilot, "zzqx")
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.query_one("#search").value == "zzqx"


async def test_palette_on_an_entity_page_adds_to_its_history(app: NewsdeskApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await settled(pilot)
        app.screen.post_message(OpenEntity(ERDOGAN))
        await settled(pilot)
        depth = len(app.screen_stack)
        await run_command(pilot, "baku")
        assert isinstance(app.screen, EntityScreen) and app.screen.key == "baku"
        assert len(app.screen_stack) == depth + 1


async def test_palette_search_from_an_entity_page_returns_to_the_main_screen(
    app: NewsdeskApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await settled(pilot)
        app.screen.post_message(OpenEntity(ERDOGAN))
        await settled(pilot)
        await run_command(pilot, "zzqx")
        await settled(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#search").value == "zzqx"
