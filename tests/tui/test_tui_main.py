"""Journeys through the main screen, driven like a user would, over the real sample index."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import pytest
from textual import events

from newsdesk.errors import SearchCancelled
from newsdesk.groups import group_of
from newsdesk.library import Library
from newsdesk.settings import Settings
from newsdesk.tui.app import SWITCH_INTERVAL, NewsdeskApp, make_app
from newsdesk.tui.commands import NewsdeskCommands
from newsdesk.tui.screens.entity import EntityScreen
from newsdesk.tui.screens.help import HelpScreen
from newsdesk.tui.screens.main import PREVIEW_DELAY, PREVIEW_WHILE_TYPING, MainScreen
from newsdesk.tui.widgets.entity_sidebar import EntitySidebar
from newsdesk.tui.widgets.reading_pane import ReadingPane
from newsdesk.tui.widgets.search_box import QueryNote, SearchBox
from pilot_helpers import SIZE, list_title, started, status_text, type_query, until

WAIT = 10.0
"""A hang guard for the stale count, not a timing."""


@pytest.fixture
def app(library: Library, settings: Settings) -> NewsdeskApp:
    return make_app(library, settings, refresh_on_start=False)


async def test_launch_shows_the_list_and_the_first_article(app: NewsdeskApp, library: Library):
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = await started(pilot)
        total = library.article_count()
        newest = library.list_articles(0, 1)[0]
        assert articles.source.total == total
        assert articles.highlighted == newest
        assert reader.article is not None and reader.article.id == newest.id
        await until(pilot, lambda: f"· {total} unread ·" in list_title(screen))
        assert list_title(screen) == f"Articles {total} · {total} unread · newest first"
        assert app.focused is articles
        assert reader.mentions, "the first article should have entities marked"


async def test_a_new_query_stops_the_old_querys_unread_count(
    app: NewsdeskApp, library: Library, monkeypatch: pytest.MonkeyPatch
):
    """The unread count is a second full search: at 100,000 articles a stale one ran
    for seconds beside the next query. Here the old count runs until it is told to stop;
    the new query must tell it, and still get its own count."""
    told: list[Callable[[], bool]] = []
    count, search = library.match_count, library.search

    def counting(
        query: str, stop: Callable[[], bool] | None = None, fold_copies: bool = False
    ) -> int:
        if query == "Shusha is:unread" and stop is not None:
            told.append(stop)
            deadline = time.monotonic() + WAIT
            while not stop() and time.monotonic() < deadline:
                time.sleep(0.01)
            raise SearchCancelled
        return count(query, stop, fold_copies)

    monkeypatch.setattr(library, "match_count", counting)
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await started(pilot)
        await type_query(pilot, "Shusha")
        await until(pilot, lambda: bool(told))
        screen.query_one(SearchBox).value = "Baku"
        expected = search("Baku")
        await until(pilot, lambda: f"{expected.total} unread" in list_title(screen))
        assert told[0](), "the stale count was told to stop"
        assert '"Baku"' in list_title(screen)


async def test_typing_a_search_narrows_the_list_and_marks_matches(
    app: NewsdeskApp, library: Library
):
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = await started(pilot)
        await type_query(pilot, "Shusha")
        expected = library.search("Shusha")
        assert articles.source.total == expected.total < library.article_count()
        assert articles.highlighted == expected.hits[0].summary
        total = library.article_count()
        await until(pilot, lambda: "unread" in list_title(screen))
        assert (
            list_title(screen)
            == f'Articles {expected.total} of {total} · "Shusha" · {expected.total} unread · '
            "by relevance"
        )
        await until(
            pilot, lambda: reader.article and reader.article.id == expected.hits[0].summary.id
        )
        assert reader.matches
        assert all(reader.article.body[s:e].lower() == "shusha" for s, e in reader.matches)


async def test_while_typing_the_top_hit_is_shown_only_after_a_longer_pause(
    app: NewsdeskApp, library: Library
):
    """The delay is asked of the screen, not timed: a loaded machine could take longer to
    show the results than the pause itself (this failed once in a CI run)."""
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = await started(pilot)
        assert screen.preview_delay() == PREVIEW_DELAY
        await type_query(pilot, "Shusha")
        top = library.search("Shusha").hits[0].summary
        assert isinstance(app.focused, SearchBox) and articles.highlighted == top
        assert screen.preview_delay() == PREVIEW_WHILE_TYPING > PREVIEW_DELAY
        await until(pilot, lambda: reader.article and reader.article.id == top.id)


async def test_the_reader_shortens_the_gil_switch_interval_while_it_runs(app: NewsdeskApp):
    before = sys.getswitchinterval()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert sys.getswitchinterval() == SWITCH_INTERVAL < before
    assert sys.getswitchinterval() == before


async def test_enter_leaves_the_box_for_the_list_and_escape_clears(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        total = articles.source.total
        await type_query(pilot, "Baku")
        await pilot.press("enter")
        assert app.focused is articles
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBox)
        await pilot.press("escape")
        await until(pilot, lambda: articles.source.total == total)
        assert screen.search_query == "" and screen.query_one(SearchBox).value == ""
        assert app.focused is articles


async def test_up_and_down_in_the_box_recall_earlier_searches(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await started(pilot)
        box = screen.query_one(SearchBox)
        for query in ("Baku", "Aliyev"):
            await type_query(pilot, query)
            await pilot.press("enter")
        await pilot.press("slash", "up")
        assert box.value == "Aliyev"
        await pilot.press("up")
        assert box.value == "Baku"
        await pilot.press("down")
        assert box.value == "Aliyev"
        await until(pilot, lambda: screen.search_query == "Aliyev")


async def test_a_query_error_shows_one_line_under_the_box(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        total = articles.source.total
        await pilot.press("slash", *'"Shusha')
        note = screen.query_one(QueryNote)
        await until(pilot, lambda: note.has_class("-error"))
        text = str(note.render())
        assert "quote" in text and "\n" not in text
        await pilot.pause()
        assert note.region.height == 1
        assert articles.source.total == total, "a failed query leaves the list alone"
        await pilot.press("home", "delete")
        await until(pilot, lambda: not note.has_class("-error"))


async def test_a_pasted_huge_query_says_so_in_one_line(app: NewsdeskApp):
    """3,000 words once kept Whoosh's parser busy for tens of seconds before any answer."""
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        total = articles.source.total
        await pilot.press("slash")
        screen.query_one(SearchBox).post_message(events.Paste("harbour " * 3000))
        note = screen.query_one(QueryNote)
        await until(pilot, lambda: note.has_class("-error"))
        text = str(note.render())
        assert "too long (23,999 characters; at most 1,000)" in text and "\n" not in text
        assert articles.source.total == total, "a refused query leaves the list alone"


async def test_did_you_mean_is_shown_and_taken_with_tab(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        await type_query(pilot, "Shusa")
        note = screen.query_one(QueryNote)
        assert "did you mean shusha" in str(note.render()).lower()
        assert "tab" in str(note.render())
        await pilot.press("tab")
        await until(pilot, lambda: screen.search_query == "Shusha" and articles.source.total > 0)


async def test_brackets_walk_the_entities_and_the_status_names_them(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = await started(pilot)
        await pilot.press("enter")
        assert app.focused is reader
        await pilot.press("right_square_bracket")
        first = reader.mentions[0]
        assert reader.entity_cursor == 0
        assert f"open {first.name} ({group_of(first.label)})" in status_text(screen)
        await pilot.press("right_square_bracket", "right_square_bracket", "left_square_bracket")
        assert reader.entity_cursor == 1
        await pilot.press("escape")
        assert app.focused is articles


async def test_the_entity_cursor_scrolls_into_view(app: NewsdeskApp):
    async with app.run_test(size=(80, 24)) as pilot:
        _, _, reader = await started(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: reader.size.height > 0)
        await pilot.press("end", "left_square_bracket")
        last = len(reader.mentions) - 1
        row = reader._mention_rows[last]
        await pilot.pause()
        top = round(reader.scroll_y)
        assert top <= row < top + reader.scrollable_content_region.height


async def test_enter_on_an_entity_opens_its_page(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        _, _, reader = await started(pilot)
        await pilot.press("enter", "right_square_bracket", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        assert isinstance(app.screen, EntityScreen)
        assert app.screen.key == reader.mentions[0].key
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize("size", [SIZE, (170, 40)], ids=["sidebar-hidden", "sidebar-shown"])
async def test_picking_an_article_on_the_entity_page_marks_that_entity(
    app: NewsdeskApp, library: Library, size: tuple[int, int]
):
    async with app.run_test(size=size) as pilot:
        screen, _, reader = await started(pilot)
        key = reader.mentions[0].key
        target = library.entity_articles(key, limit=1)[0].summary.id
        await pilot.press("enter", "right_square_bracket", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        page = app.screen
        assert isinstance(page, EntityScreen)
        from newsdesk.tui.messages import OpenArticle

        page.dismiss(OpenArticle(target, key))
        await until(pilot, lambda: reader.focus_key == key)
        assert reader.article is not None and reader.article.id == target
        assert app.screen is screen and app.focused is reader
        sidebar = screen.query_one(EntitySidebar)
        if sidebar.display:
            await until(pilot, lambda: sidebar.article_id == target and sidebar.option_count)
            await pilot.pause()
        assert reader.focus_key == key, "the sidebar filling in must not drop the mark"
        assert reader.current_mention is not None and reader.current_mention.key == key


async def test_clicking_an_entity_opens_its_page(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        _, _, reader = await started(pilot)
        row = reader._mention_rows[0]
        x = next(
            x
            for x in range(reader.size.width)
            if reader.get_style_at(x, row).meta.get("mention") == 0
        )
        await pilot.click(ReadingPane, offset=(x, row))
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        assert app.screen.key == reader.mentions[0].key


async def test_n_jumps_between_search_matches(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        _, _, reader = await started(pilot)
        await type_query(pilot, "Shusha")
        await until(pilot, lambda: len(reader.matches) > 1)
        await pilot.press("enter", "enter", "n")
        assert reader.match_cursor == 0
        await pilot.press("n", "N", "N")
        assert reader.match_cursor == len(reader.matches) - 1


async def test_e_shows_this_articles_entities_grouped(app: NewsdeskApp, library: Library):
    async with app.run_test(size=SIZE) as pilot:
        screen, _, reader = await started(pilot)
        sidebar = screen.query_one(EntitySidebar)
        assert not sidebar.display
        await pilot.press("e")
        assert sidebar.display
        assert reader.article is not None
        expected = library.article_entities(reader.article.id)
        await until(pilot, lambda: sidebar.option_count > len(expected))
        keys = [sidebar.get_option_at_index(i).id for i in range(sidebar.option_count)]
        assert {info.key for info, _ in expected if group_of(info.label) != "number"} <= set(keys)
        assert str(sidebar.get_option_at_index(0).prompt) == "People"
        sidebar.focus()
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await pilot.press("escape", "e")
        assert not sidebar.display


async def test_s_cycles_every_sort_browsing_and_searching(app: NewsdeskApp, library: Library):
    """Browsing: newest, oldest, title; searching: relevance, newest, oldest."""
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        for sort, name in (("oldest", "oldest first"), ("title", "by title")):
            await pilot.press("s")
            first = library.list_articles(0, 1, sort=sort)[0]
            await until(pilot, lambda first=first: articles.highlighted == first)
            assert list_title(screen).endswith(f"· {name}")
        assert first != library.list_articles(0, 1, sort="date")[0]
        await type_query(pilot, "Baku")
        await pilot.press("enter")
        for sort, name in (("date", "newest first"), ("oldest", "oldest first")):
            await pilot.press("s")
            hit = library.search("Baku", sort=sort).hits[0].summary
            await until(pilot, lambda hit=hit: articles.highlighted == hit)
            assert list_title(screen).endswith(f"· {name}")
        await pilot.press("s")
        assert list_title(screen).endswith("· by relevance")


async def test_80x24_shows_one_pane_at_a_time(app: NewsdeskApp):
    async with app.run_test(size=(80, 24)) as pilot:
        screen, articles, reader = await started(pilot)
        column = screen.query_one("#list-column")
        assert screen.has_class("-narrow")
        assert (column.region.width == 80 and not reader.display) or reader.region.width == 0
        assert articles.size.height >= 15
        await pilot.press("enter")
        assert reader.region.width >= 74 and articles.region.width == 0
        assert reader.article is not None
        title_line = "".join(s.text for s in reader._lines[0])
        assert title_line.strip() and reader.article.title.startswith(title_line.strip())
        await pilot.press("escape")
        assert articles.region.width > 70


async def test_wide_terminals_show_the_entity_sidebar(app: NewsdeskApp):
    async with app.run_test(size=(170, 40)) as pilot:
        screen, _, _ = await started(pilot)
        sidebar = screen.query_one(EntitySidebar)
        assert sidebar.display
        await until(pilot, lambda: sidebar.option_count > 0)


async def test_question_mark_opens_help_and_the_palette_knows_newsdesk(app: NewsdeskApp):
    assert NewsdeskCommands in NewsdeskApp.COMMANDS
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_a_search_from_the_palette_fills_the_box(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        from newsdesk.tui.messages import SearchRequested

        screen.post_message(SearchRequested("Aliyev"))
        await until(pilot, lambda: screen.search_query == "Aliyev")
        assert screen.query_one(SearchBox).value == "Aliyev"
        assert app.focused is articles
