"""The help screen: one table of keys, drawn grouped by place, closed by its own keys."""

from __future__ import annotations

import re

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from newsdesk.tui.screens.help import KEYS, PLACES, HelpScreen, keys_for, place_text

REQUIRED_KEYS = {
    "Search box": ["/", "Enter", "Escape", "↑ ↓", "tab"],
    "Article list": ["j k ↑ ↓", "Enter", "s", "E"],
    "Reading pane": ["] [", "Enter", "click", "n N", "e"],
    "Entity page": ["tab", "m", "Enter", "Escape"],
    "Entities screen": ["/", "Enter", "s", "t", "Escape"],
    "Everywhere": ["ctrl+p", "Escape Backspace", "?", "q", "r"],
}


def screen_lines(app: App[None]) -> list[str]:
    """The screen as drawn, one string per terminal row."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


class HelpHost(App[None]):
    """A bare app to open the help over, as any screen of the reader would."""

    def compose(self) -> ComposeResult:
        yield Static("underneath")


def test_every_row_belongs_to_a_listed_place() -> None:
    assert {row.place for row in KEYS} == set(PLACES)


@pytest.mark.parametrize("place", PLACES)
def test_each_place_lists_its_fixed_keys(place: str) -> None:
    listed = [row.keys for row in keys_for(place)]
    for key in REQUIRED_KEYS[place]:
        assert key in listed


def test_place_text_is_plain_text_with_every_description() -> None:
    text = place_text("Reading pane")
    assert text.plain.splitlines()[0] == "Reading pane"
    for row in keys_for("Reading pane"):
        assert row.description in text.plain


async def test_question_mark_screen_lists_keys_and_closes_on_escape() -> None:
    """Tall enough for every row at once (smaller terminals scroll: tested beside)."""
    app = HelpHost()
    async with app.run_test(size=(120, 70)) as pilot:
        app.push_screen(HelpScreen())
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(screen_lines(app))
        for place in PLACES:
            assert place in shown
        for row in KEYS:
            assert re.search(rf"{re.escape(row.keys)} +{re.escape(row.description[:20])}", shown)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("key", ["question_mark", "q"])
async def test_help_closes_on_its_other_keys_without_quitting(key: str) -> None:
    app = HelpHost()
    async with app.run_test(size=(120, 36)) as pilot:
        app.push_screen(HelpScreen())
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running
