"""The article list stays virtual: rows are drawn from pages fetched on demand, in threads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from textual import messages
from textual.app import App, ComposeResult
from textual.message import Message

from newsdesk.library import Library
from newsdesk.models import ArticleSummary, SearchResult
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.messages import PageLoaded, SearchFinished
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.widgets.archive_pane import ArchivePane
from newsdesk.tui.widgets.article_list import ArticleList, ListSource
from pilot_helpers import started, type_query, until

TOTAL = 100_000
START = datetime(2024, 1, 1)


def archive(total: int = TOTAL) -> list[ArticleSummary]:
    """Rows as the library would return them, newest first."""
    return [
        ArticleSummary(f"a{i}", f"Article number {i}", START - timedelta(hours=i), "Wire")
        for i in range(total)
    ]


class Recorder:
    """A page source over plain rows that remembers which offsets were asked for."""

    def __init__(self, rows: list[ArticleSummary]) -> None:
        self.rows = rows
        self.offsets: list[int] = []

    def __call__(self, offset: int, limit: int) -> list[ArticleSummary]:
        self.offsets.append(offset)
        return self.rows[offset : offset + limit]


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleList()


def row_text(articles: ArticleList, y: int) -> str:
    return "".join(segment.text for segment in articles.render_line(y))


async def test_a_hundred_thousand_rows_fetch_only_what_is_seen() -> None:
    fetch = Recorder(archive())
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        articles = app.query_one(ArticleList)
        articles.focus()
        articles.show(ListSource(fetch, TOTAL))
        assert row_text(articles, 0).strip() == "·", "a placeholder until the page arrives"
        await until(pilot, lambda: articles.row(0) is not None)
        assert "Article number 0" in row_text(articles, 0)
        assert fetch.offsets == [0]
        await pilot.press("end")
        await until(pilot, lambda: articles.highlighted is not None)
        assert articles.cursor == TOTAL - 1
        assert articles.highlighted.id == f"a{TOTAL - 1}"
        assert set(fetch.offsets) <= {0, 99_800, 99_900}
        assert len(app.query("*")) < 10, "no widget per row"


async def test_moving_the_cursor_never_waits_for_a_page() -> None:
    fetch = Recorder(archive())
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        articles = app.query_one(ArticleList)
        articles.focus()
        articles.show(ListSource(fetch, TOTAL), fetch.rows[:100])
        await pilot.press(*["pagedown"] * 30)
        assert articles.cursor > 500
        await until(pilot, lambda: articles.highlighted is not None)
        assert articles.highlighted.id == f"a{articles.cursor}"
        await pilot.press("home")
        assert articles.cursor == 0 and articles.scroll_y == 0


async def test_pages_for_rows_already_replaced_are_dropped() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        articles = app.query_one(ArticleList)
        old = articles.request
        articles.show(ListSource(Recorder(archive(10)), 10), archive(10))
        articles.post_message(PageLoaded(old, 0, archive(3)[::-1]))
        await pilot.pause()
        assert articles.row(0) is not None and articles.row(0).id == "a0"
        assert articles.row(9) is not None


async def test_an_empty_list_says_so() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)):
        articles = app.query_one(ArticleList)
        articles.empty_message = 'No articles match "zz".'
        articles.show(ListSource(Recorder([]), 0), [])
        assert 'No articles match "zz".' in row_text(articles, 0)
        assert articles.highlighted is None


async def test_late_answers_to_an_old_query_are_dropped(library: Library, settings: Settings):
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, articles, _ = await started(pilot)
        assert isinstance(screen, MainScreen)
        await type_query(pilot, "Baku")
        shown = articles.source.total
        late = SearchResult("Bak", 0, [], suggestion="bake")
        screen.post_message(SearchFinished(screen.query_one(ArchivePane).request - 1, late))
        await pilot.pause(0.2)
        assert articles.source.total == shown
        assert screen.search_query == "Baku"


async def test_a_narrow_row_gives_the_title_the_room_the_source_would_take() -> None:
    """Below 56 columns the source is left out whole; asking Rich to cut it to no width
    at all cut only its last cell, and the title got four."""
    row = ArticleSummary("a1", "Azerbaijan's gas exports head for a record", START, "Meridian Post")
    async with ListApp().run_test() as pilot:
        articles = pilot.app.query_one(ArticleList)
        plain = articles.row_text(row, 46, False).plain
        assert "Meridian" not in plain
        assert "Azerbaijan's gas exports head" in plain
        assert len(plain) == 46
        wide = articles.row_text(row, 80, False).plain
        assert wide.rstrip().endswith("Meridian Post") and len(wide) == 80


async def test_a_new_row_count_lays_out_the_screen_only_when_the_scrollbar_comes_or_goes() -> None:
    """A new length repaints the list and tells its scrollbar; a layout of the whole
    screen (what setting a virtual size asks for) is left to the scrollbar appearing or
    going, the one change of size there is."""
    layouts: list[Message] = []
    app = ListApp()
    async with app.run_test(size=(80, 24), message_hook=record_layouts(layouts)) as pilot:
        articles = app.query_one(ArticleList)
        rows = archive(2_000)
        articles.show(ListSource(Recorder(rows), 500))
        await pilot.pause()
        assert articles.show_vertical_scrollbar
        layouts.clear()
        articles.show(ListSource(Recorder(rows), 2_000), rows[:100])
        await pilot.pause()
        assert not layouts
        assert articles.vertical_scrollbar.window_virtual_size == 2_000
        assert articles.max_scroll_y == 2_000 - articles.scrollable_content_region.height
        articles.show(ListSource(Recorder(rows), 3), rows[:3])
        await pilot.pause()
        assert layouts and not articles.show_vertical_scrollbar
        layouts.clear()
        articles.show(ListSource(Recorder(rows), 700), rows[:100])
        await pilot.pause()
        assert layouts and articles.show_vertical_scrollbar
        assert articles.vertical_scrollbar.window_virtual_size == 700


def record_layouts(into: list[Message]) -> Callable[[Message], None]:
    def hook(message: Message) -> None:
        if isinstance(message, messages.Layout):
            into.append(message)

    return hook
