"""Keys reach the reader as typed: before a screen is ready they wait for it, in order,
instead of ending the reader; a key after a pause is searched at once.

A keyboard user types ``/`` and a query while ``newsdesk PATH`` is still indexing or
starting: the terminal hands those keys to the app the moment it reads its input,
before the main screen has mounted its widgets, and the search binding reaching for a
search box not there yet ended the reader with a traceback.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import pytest
from textual import events
from textual.message import Message
from textual.widgets import Input

from newsdesk.library import Library
from newsdesk.models import ArticleSummary
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.messages import SearchRequested
from newsdesk.tui.screens.pickers import TextPrompt
from newsdesk.tui.widgets.archive_pane import ArchivePane
from newsdesk.tui.widgets.search_box import SearchBox
from pilot_helpers import SIZE, list_title, started, until


def key(character: str) -> events.Key:
    return events.Key("slash" if character == "/" else character, character)


async def test_keys_typed_before_the_reader_is_up_search_once_it_is(
    library: Library, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_page = library.list_articles

    def slow_page(*args: Any, **kwargs: Any) -> list[ArticleSummary]:
        time.sleep(0.3)  # a large archive: the search replaces the archive's first page
        return first_page(*args, **kwargs)

    monkeypatch.setattr(library, "list_articles", slow_page)
    app = make_app(library, settings, refresh_on_start=False)
    for character in "/harbour":  # queued before the app runs, as a terminal holds them
        app.post_message(key(character))
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await started(pilot)
        box = screen.query_one(SearchBox)
        pane = screen.query_one(ArchivePane)
        await until(pilot, lambda: pane.query_text == "harbour" and pane.matched_total is not None)
        assert box.value == "harbour"
        assert screen.focused is box
        assert pane.matched_total == library.search("harbour", limit=1).total
        archive = library.article_count(fold_copies=True)
        await until(pilot, lambda: pane.archive_total == archive)  # its page never came
        assert f"of {archive} · " in list_title(screen)


async def test_keys_typed_as_a_dialog_opens_go_into_the_dialog(
    library: Library, settings: Settings
) -> None:
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        prompt = TextPrompt("Save this search as")
        app.push_screen(prompt)
        for character in "Baku":  # in the same turn: the dialog is not mounted yet
            app.post_message(key(character))
        await until(pilot, lambda: prompt.is_mounted and prompt.query_one(Input).value == "Baku")
        assert app.screen is prompt


async def test_keys_of_a_ready_screen_are_not_held(library: Library, settings: Settings) -> None:
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await started(pilot)
        await pilot.press("slash", "p")
        assert screen.query_one(SearchBox).value == "p"  # no wait for a timer: handled now


async def test_with_no_pause_configured_each_key_searches(
    library: Library, settings: Settings
) -> None:
    """``search_debounce = 0`` is allowed; a 0 s Textual timer dies dividing by it, and
    the reader never searched at all."""
    app = make_app(library, replace(settings, search_debounce=0), refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await started(pilot)
        await pilot.press("slash", *"harbour")
        pane = screen.query_one(ArchivePane)
        await until(pilot, lambda: pane.query_text == "harbour" and pane.matched_total is not None)
        assert pane.matched_total == library.search("harbour", limit=1).total


async def test_a_key_after_a_pause_searches_at_once_and_a_burst_once_it_stops(
    library: Library, settings: Settings
) -> None:
    """A person's keys come 120-200 ms apart: each is searched when typed, without the
    debounce's wait; keys closer together than the debounce are searched once."""
    messages: list[SearchRequested] = []

    def hook(message: Message) -> None:  # once per message, not per widget it bubbles to
        if isinstance(message, SearchRequested) and all(m is not message for m in messages):
            messages.append(message)
            requested.append(message.query)

    requested: list[str] = []

    slow = replace(settings, search_debounce=3.0)  # a long pause, so the burst is sure
    app = make_app(library, slow, refresh_on_start=False)
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await started(pilot)
        await pilot.press("slash", "h")
        await pilot.pause(0)
        assert requested == ["h"], "the first key after a pause searches at once"
        await pilot.press(*"arb")
        assert requested == ["h"], "keys closer than the debounce wait for it"
        await until(pilot, lambda: len(requested) > 1, timeout=10)
        assert requested == ["h", "harb"]
