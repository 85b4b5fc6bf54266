"""Curating from the reader: each step from the keys, checked on screen and in the file."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from newsdesk.library import Library
from newsdesk.tui.app import NewsdeskApp, make_app
from newsdesk.tui.messages import OpenEntity
from newsdesk.tui.screens.entity import EntityScreen
from newsdesk.tui.screens.pickers import ChoicePicker, EntityPicker, TextPrompt
from newsdesk.tui.widgets.entity_sidebar import EntitySidebar
from pilot_helpers import SIZE, started, until


@pytest.fixture
def app(curated: Library) -> NewsdeskApp:
    return make_app(curated, curated.settings, refresh_on_start=False)


def heading(app: NewsdeskApp) -> str:
    return str(app.screen.query_one("#entity-heading").render())


def told(app: NewsdeskApp) -> list[str]:
    return [n.message for n in app._notifications]


def alias_text(library: Library) -> str:
    path = library.settings.alias_file
    return path.read_text(encoding="utf-8") if path.exists() else ""


async def on_page(pilot: Pilot[None], app: NewsdeskApp, library: Library, name: str) -> None:
    info = library.resolve_entity(name)
    assert info is not None
    await started(pilot)
    app.screen.post_message(OpenEntity(info.key))
    await until(pilot, lambda: isinstance(app.screen, EntityScreen) and name in heading(app))


async def said(pilot: Pilot[None], app: NewsdeskApp, start: str) -> str:
    await until(pilot, lambda: any(t.startswith(start) for t in told(app)))
    return next(t for t in told(app) if t.startswith(start))


async def options_shown(pilot: Pilot[None], app: NewsdeskApp) -> OptionList:
    await until(pilot, lambda: bool(app.screen.query(OptionList))
                and app.screen.query_one(OptionList).option_count > 0)  # fmt: skip
    return app.screen.query_one(OptionList)


async def test_merge_picks_the_target_by_typing_and_the_page_follows_it(
    app: NewsdeskApp, curated: Library
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_page(pilot, app, curated, "Nikol Pashinyan")
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, EntityPicker))
        await pilot.press(*"ilham")
        options = await options_shown(pilot, app)
        await until(pilot, lambda: "Ilham Aliyev" in str(options.get_option_at_index(0).prompt))
        await pilot.press("enter")
        line = await said(pilot, app, "merged Nikol Pashinyan into Ilham Aliyev: ")
        assert line.endswith("articles")
        await until(pilot, lambda: heading(app).startswith("Ilham Aliyev"))
        assert "Pashinyan" in heading(app)  # its names joined the target
    assert '"Nikol Pashinyan" = "Ilham Aliyev"' in alias_text(curated)


async def test_split_then_undo_from_the_menu(app: NewsdeskApp, curated: Library) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_page(pilot, app, curated, "Leyla Hasanova")
        await pilot.press("c")
        menu = await options_shown(pilot, app)
        assert isinstance(app.screen, ChoicePicker) and menu.option_count == 7
        await pilot.press("down", "enter")  # the second step: split
        await until(pilot, lambda: isinstance(app.screen, ChoicePicker)
                    and "Split a name" in str(app.screen.title_text))  # fmt: skip
        names = await options_shown(pilot, app)
        assert str(names.get_option_at_index(0).prompt).startswith("Hasanova (")
        await pilot.press("enter")
        await until(pilot, lambda: "goes" in str(getattr(app.screen, "title_text", "")))
        await pilot.press("enter")  # on its own
        await said(pilot, app, "split Hasanova out of Leyla Hasanova")
        assert '[split]\nHasanova = "Hasanova"' in alias_text(curated)
        await pilot.press("u")
        await said(pilot, app, "undid the last change")
    assert alias_text(curated) == ""


async def test_rename_retype_hide_and_unhide(app: NewsdeskApp, curated: Library) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_page(pilot, app, curated, "Ilham Aliyev")
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"President Aliyev", "enter")
        await said(pilot, app, "renamed Ilham Aliyev to President Aliyev")
        await until(pilot, lambda: heading(app).startswith("President Aliyev"))
        await pilot.press("T")
        await options_shown(pilot, app)
        await pilot.press("down", "enter")  # person (now) → org
        await said(pilot, app, "President Aliyev is now of type org")
        await until(pilot, lambda: " · org · " in heading(app))
        await pilot.press("H")
        await said(pilot, app, "hid President Aliyev (")
        await pilot.press("U")
        hidden = await options_shown(pilot, app)
        assert str(hidden.get_option_at_index(0).prompt).startswith("President Aliyev (")
        await pilot.press("enter")
        await said(pilot, app, "President Aliyev is shown again")
    text = alias_text(curated)
    assert '"Ilham Aliyev" = "President Aliyev"' in text and '"Ilham Aliyev" = "org"' in text
    assert "hide" not in text


async def test_the_entity_panel_curates_the_highlighted_entity(
    app: NewsdeskApp, curated: Library
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, _, reader = await started(pilot)
        await pilot.press("e")
        sidebar = screen.query_one(EntitySidebar)
        await until(pilot, lambda: sidebar.option_count > 1)
        sidebar.focus()
        await pilot.press("down")
        target = sidebar.curation_target()
        assert target is not None
        await pilot.press("H")
        await said(pilot, app, f"hid {target.name} (")
        await until(pilot, lambda: target.key not in sidebar.infos)
        assert reader.article is not None
        assert all(m.key != target.key for m in reader.mentions)
    assert target.name in alias_text(curated) or target.key in alias_text(curated)
