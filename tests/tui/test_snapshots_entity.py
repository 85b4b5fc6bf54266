"""What the entity page and the help screen look like, at the reader's reference size."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.app import App
from textual.pilot import Pilot

from newsdesk.library import Library
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.messages import OpenEntity
from newsdesk.tui.screens.help import HelpScreen
from pilot_helpers import settled

SIZE = (120, 36)
Snap = Callable[..., bool]


def opening(key: str, *keys: str) -> Callable[[Pilot[None]], object]:
    """Open ``key``'s page from the main screen, then press ``keys``."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settled(pilot)
        pilot.app.screen.post_message(OpenEntity(key))
        await settled(pilot)
        await pilot.press(*keys)
        await settled(pilot)

    return run_before


@pytest.fixture
def reader(library: Library, settings: Settings):  # type: ignore[no-untyped-def]
    return make_app(library, settings, refresh_on_start=False)


def test_entity_page(snap_compare: Snap, reader) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(reader, terminal_size=SIZE, run_before=opening("recep tayyip erdogan"))


def test_entity_page_by_mentions_appears_with_focused(snap_compare: Snap, reader) -> None:  # type: ignore[no-untyped-def]
    run_before = opening("ilham aliyev", "m", "tab", "down")
    assert snap_compare(reader, terminal_size=SIZE, run_before=run_before)


def test_curation_menu(snap_compare: Snap, reader) -> None:  # type: ignore[no-untyped-def]
    """The dialogs' box: centred, titled, over the dimmed page."""
    assert snap_compare(reader, terminal_size=SIZE, run_before=opening("ilham aliyev", "c"))


class HelpHost(App[None]):
    """The help over an empty screen, so the snapshot changes only when the help does."""

    def on_mount(self) -> None:
        self.push_screen(HelpScreen())


def test_help_screen(snap_compare: Snap) -> None:
    assert snap_compare(HelpHost(), terminal_size=SIZE)


def test_entities_screen_filtered_by_type(snap_compare: Snap, reader) -> None:  # type: ignore[no-untyped-def]
    """The Entities screen, people only, sorted by mentions, the second row highlighted."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settled(pilot)
        await pilot.press("E")
        await settled(pilot)
        await pilot.press("s", "t", "down")
        await settled(pilot)

    assert snap_compare(reader, terminal_size=SIZE, run_before=run_before)
