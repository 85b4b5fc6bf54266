"""Search as you type repaints what changed, not the whole screen (issue #15).

A Textual layout reflows and repaints every pane: 10-40 ms of the reader's screen at
160x48 on the 10k benchmark, several times per query before these tests. Typing and
showing a search's rows now lay the screen out only for the list's scrollbar coming
or going; the title follows the answer; a preview waits for the typing to stop.
"""

from __future__ import annotations

import gc
import threading

import pytest
from textual import messages
from textual.message import Message
from textual.scrollbar import ScrollBar

from newsdesk.library import Library
from newsdesk.models import SearchResult
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.widgets import archive_pane
from newsdesk.tui.widgets.archive_pane import ArchivePane
from newsdesk.tui.widgets.article_list import ArticleList
from newsdesk.tui.widgets.search_box import SearchBox
from pilot_helpers import SIZE, list_title, settled, started, type_query, until

QUERY = "harbour"


async def test_typing_a_search_and_showing_its_rows_lays_out_only_a_scrollbar_that_goes(
    library: Library, settings: Settings
) -> None:
    layouts: list[Message] = []

    def hook(message: Message) -> None:
        if isinstance(message, messages.Layout):
            layouts.append(message)

    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        screen, articles, _ = await started(pilot)
        await pilot.press("slash")
        await settled(pilot)
        layouts.clear()
        screen.query_one(SearchBox).value = QUERY  # one search, as after a quick typist
        pane = screen.query_one(ArchivePane)
        await until(pilot, lambda: pane.query_text == QUERY and pane.matched_total is not None)
        assert articles.source.total == library.search(QUERY, limit=1).total
        assert f'"{QUERY}"' in list_title(screen)
        laid_out = {type(m.widget) for m in layouts}
        assert laid_out <= {ArticleList, ScrollBar}, "only for the list's scrollbar going"
        layouts.clear()
        await pilot.press(*" port")
        assert not [m for m in layouts if isinstance(m.widget, SearchBox)], "keys lay out nothing"


async def test_the_title_describes_the_rows_on_show_until_a_slow_answer_comes(
    library: Library, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search still running after ``TITLE_WAIT`` says so ("…"); before that, and
    while the old rows are on show, the title is still theirs."""
    monkeypatch.setattr(archive_pane, "TITLE_WAIT", 1.0)
    release = threading.Event()
    search = library.search

    def slow(query: str, *args: object, **kwargs: object) -> SearchResult:
        release.wait(10)
        return search(query, *args, **kwargs)  # type: ignore[arg-type]

    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        await until(pilot, lambda: "unread" in list_title(screen))
        before, rows = list_title(screen), articles.source
        monkeypatch.setattr(library, "search", slow)
        screen.query_one(SearchBox).value = QUERY  # one search, as typing that pauses once
        pane = screen.query_one(ArchivePane)
        await until(pilot, lambda: pane.query_text == QUERY)
        assert list_title(screen) == before
        await until(
            pilot, lambda: f'… of {library.article_count()} · "{QUERY}"' in list_title(screen)
        )
        assert articles.source is rows, "the old rows stay until the answer"
        release.set()
        await until(pilot, lambda: pane.matched_total is not None)
        assert list_title(screen).startswith(f"Articles {pane.matched_total} of ")


async def test_a_preview_is_not_drawn_while_the_box_holds_newer_typing(
    library: Library, settings: Settings
) -> None:
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = await started(pilot)
        await type_query(pilot, QUERY)
        top, second = articles.row(0), articles.row(1)
        assert top is not None and second is not None
        await until(pilot, lambda: reader.article is not None and reader.article.id == top.id)
        shown, target = reader.article, second.id
        assert shown is not None
        box = screen.query_one(SearchBox)
        box.value = QUERY + " newer"  # typed, its search not yet run
        screen.show_preview(target)
        assert screen.article_id == shown.id
        box.value = QUERY
        screen.show_preview(target)
        await until(pilot, lambda: reader.article is not None and reader.article.id == target)


async def test_the_objects_alive_at_start_are_set_aside_from_the_collector_until_exit(
    library: Library, settings: Settings
) -> None:
    """Full collections walked the whole start-up heap (100-155 ms each at 10k)."""
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert gc.get_freeze_count() > 10_000
    assert gc.get_freeze_count() == 0
