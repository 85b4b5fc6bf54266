"""What the main screen looks like: fixed sizes, the sample archive, no blinking cursor.

The sample articles carry fixed dates and the reader never shows the time of day, so
these pictures change only when the screen or the samples do. Refresh them with
``pytest tests/tui/test_snapshots_main.py --snapshot-update`` and look at the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot

from newsdesk import state
from newsdesk.library import Library
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.widgets.archive_pane import ArchivePane
from newsdesk.tui.widgets.reading_pane import ReadingPane
from pilot_helpers import until


async def article_shown(pilot: Pilot[None]) -> ReadingPane:
    """The screen is composed, the list painted with its unread count and the first
    article in the pane."""
    await until(pilot, lambda: pilot.app.screen.query(ReadingPane))
    reader = pilot.app.screen.query_one(ReadingPane)
    await until(pilot, lambda: reader.article is not None)
    await until(pilot, lambda: pilot.app.screen.query_one(ArchivePane).unread is not None)
    await pilot.pause()
    return reader


def searched(query: str, *keys: str) -> Callable[[Pilot[None]], object]:
    async def run(pilot: Pilot[None]) -> None:
        reader = await article_shown(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("slash", *query)
        await until(
            pilot,
            lambda: (
                screen.query_one(ArchivePane).matched_total is not None and bool(reader.matches)
            ),
        )
        await until(pilot, lambda: screen.query_one(ArchivePane).unread is not None)
        await pilot.press(*keys)
        await pilot.pause()

    return run


def test_main_screen(snap_compare, library: Library, settings: Settings) -> None:
    app = make_app(library, settings, refresh_on_start=False)
    assert snap_compare(app, terminal_size=(120, 36), run_before=article_shown)


def test_search_active_with_entity_cursor(
    snap_compare, library: Library, settings: Settings
) -> None:
    app = make_app(library, settings, refresh_on_start=False)
    run = searched("Shusha", "enter", "enter", "right_square_bracket", "right_square_bracket")
    assert snap_compare(app, terminal_size=(120, 36), run_before=run)


def test_80x24(snap_compare, library: Library, settings: Settings) -> None:
    app = make_app(library, settings, refresh_on_start=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=article_shown)


def test_80x24_reading(snap_compare, library: Library, settings: Settings) -> None:
    app = make_app(library, settings, refresh_on_start=False)
    run = searched("Aliyev", "enter", "enter", "right_square_bracket")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def highlighting(*presses: str) -> Callable[[Pilot[None]], object]:
    """The first article after ``h`` pressed: names only (once), nothing (twice)."""

    async def run(pilot: Pilot[None]) -> None:
        reader = await article_shown(pilot)
        shown = len(reader.mentions)
        await pilot.press(*presses)
        await until(pilot, lambda: len(reader.mentions) < shown)
        await pilot.pause()

    return run


@pytest.fixture
def forget_highlighting() -> Iterator[None]:
    """``h`` is remembered in the state file; the other pictures need the default."""
    state.locations.state_file().unlink(missing_ok=True)
    yield
    state.locations.state_file().unlink(missing_ok=True)


@pytest.mark.parametrize("presses", [("h",), ("h", "h")], ids=["names-only", "off"])
def test_highlighting_modes(
    snap_compare, library: Library, settings: Settings, forget_highlighting: None,
    presses: tuple[str, ...],
) -> None:  # fmt: skip
    app = make_app(library, settings, refresh_on_start=False)
    assert snap_compare(app, terminal_size=(120, 36), run_before=highlighting(*presses))
