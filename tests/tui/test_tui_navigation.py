"""Navigation that keeps the user's place (issue #14 §4): history back to the page an
article was chosen on, the sorts, the list following the article, n/N's counter, an
empty search clearing the reading pane. Over the real sample index."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from newsdesk.library import Library
from newsdesk.models import ArticleSummary
from newsdesk.settings import Settings
from newsdesk.tui.app import NewsdeskApp, make_app
from newsdesk.tui.messages import OpenEntity
from newsdesk.tui.screens.entities import EntitiesScreen
from newsdesk.tui.screens.entity import EntityScreen
from newsdesk.tui.screens.help import HelpScreen
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.widgets.article_list import ArticleList
from newsdesk.tui.widgets.cooccur import CooccurList
from newsdesk.tui.widgets.entity_articles import EntityArticleList
from newsdesk.tui.widgets.entity_list import EntityList
from newsdesk.tui.widgets.reading_pane import ReadingPane
from newsdesk.tui.widgets.search_box import QueryNote
from pilot_helpers import SIZE, list_title, settled, started, status_text, type_query, until

ERDOGAN = "recep tayyip erdogan"


@pytest.fixture
def app(library: Library, settings: Settings) -> NewsdeskApp:
    return make_app(library, settings, refresh_on_start=False)


async def entity_page(pilot: Pilot[None], key: str) -> EntityScreen:
    await settled(pilot)
    pilot.app.screen.post_message(OpenEntity(key))
    await until(pilot, lambda: isinstance(pilot.app.screen, EntityScreen))
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EntityScreen)
    return screen


def reading(app: NewsdeskApp) -> ReadingPane:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen.query_one(ReadingPane)


async def test_escape_from_an_article_returns_to_its_entity_page_cursor_kept(
    app: NewsdeskApp, library: Library
):
    async with app.run_test(size=SIZE) as pilot:
        _, articles, _ = await started(pilot)
        page = await entity_page(pilot, ERDOGAN)
        await pilot.press("j", "j")
        chosen = page.query_one(EntityArticleList).highlighted
        assert chosen == 2
        expected = library.entity_articles(ERDOGAN, "date", 2, 1)[0].summary.id
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        reader = reading(app)
        await until(pilot, lambda: reader.article is not None and reader.article.id == expected)
        assert articles.highlighted is not None and articles.highlighted.id == expected
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await settled(pilot)
        back = app.screen
        assert isinstance(back, EntityScreen) and back.key == ERDOGAN
        assert back.query_one(EntityArticleList).highlighted == 2
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert app.focused is reading(app)


async def test_back_walks_every_page_of_a_nested_history(app: NewsdeskApp):
    """Entity page → "appears with" → a second page → article; back: the second page,
    then the first with "appears with" focused where it was left."""
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await entity_page(pilot, ERDOGAN)
        await pilot.press("tab", "j")
        first_side = app.screen.query_one(CooccurList).highlighted
        other = app.screen.query_one(CooccurList).get_option_at_index(first_side or 0).id
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.key == other)
        await settled(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.key == other)
        await settled(pilot)
        await pilot.press("escape")
        await until(
            pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.key == ERDOGAN
        )
        await settled(pilot)
        side = app.screen.query_one(CooccurList)
        assert side.has_focus and side.highlighted == first_side


async def test_back_from_an_article_chosen_through_the_entities_screen(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, EntitiesScreen))
        await settled(pilot)
        await pilot.press("j", "j", "j", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await settled(pilot)
        key = app.screen.key
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.key == key)
        await settled(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, EntitiesScreen))
        await settled(pilot)
        assert app.screen.query_one(EntityList).cursor == 3


async def test_back_after_reading_on_from_the_list_goes_to_the_list(app: NewsdeskApp):
    """The history belongs to the article it led to: read another, and back is the list."""
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = await started(pilot)
        await entity_page(pilot, ERDOGAN)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        chosen = screen.article_id
        screen.set_focus(articles)
        await pilot.press("j", "enter")
        await until(pilot, lambda: screen.article_id not in (None, chosen))
        await until(pilot, lambda: app.focused is reader)
        await pilot.press("escape")
        assert app.focused is articles and isinstance(app.screen, MainScreen)


@pytest.mark.parametrize("query", ["date:2021", "is:unread", "is:unread date:2021"])
async def test_a_filter_only_query_is_listed_by_date_never_by_relevance(
    app: NewsdeskApp, library: Library, query: str
):
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        await type_query(pilot, query)
        newest = library.search(query, sort="date", fold_copies=True).hits[0].summary
        await until(pilot, lambda: articles.highlighted == newest)
        assert list_title(screen).endswith("· newest first")
        await pilot.press("enter", "s")
        oldest = library.search(query, sort="oldest", fold_copies=True).hits[0].summary
        await until(pilot, lambda: articles.highlighted == oldest)
        assert list_title(screen).endswith("· oldest first") and oldest != newest
        await pilot.press("s")
        assert list_title(screen).endswith("· newest first")


async def test_a_preview_landing_after_a_new_sort_leaves_the_cursor_on_the_first_row(
    app: NewsdeskApp, library: Library
):
    """The list was sorted again while the old cursor's article was still loading: the
    cursor stays on the new first row (it once jumped to the old article, a CI flake)."""
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = await started(pilot)
        await pilot.press("s")
        oldest = library.list_articles(0, 1, sort="oldest")[0]
        await until(pilot, lambda: articles.highlighted == oldest)
        await until(pilot, lambda: reader.article is not None and reader.article.id == oldest.id)
        await settled(pilot)  # the cursor's own preview has landed: nothing else is due
        late = library.list_articles(0, 5, sort="oldest")[4]
        screen.open_article(late.id, follow=False)  # what a preview timer does
        await until(pilot, lambda: reader.article is not None and reader.article.id == late.id)
        await settled(pilot)
        assert articles.highlighted == oldest
        screen.open_article(late.id)  # opened from elsewhere: the list follows
        await until(pilot, lambda: articles.highlighted == late)


async def test_a_phrase_is_not_quoted_twice_in_the_heading(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await started(pilot)
        await type_query(pilot, '"Shusha"')
        assert ' · "Shusha" · ' in list_title(screen)
        assert '""' not in list_title(screen)


async def test_n_says_which_match_of_how_many(app: NewsdeskApp, library: Library):
    async with app.run_test(size=SIZE) as pilot:
        screen, _, reader = await started(pilot)
        await type_query(pilot, "Baku")
        top = library.search("Baku").hits[0].summary.id
        await until(pilot, lambda: reader.article is not None and reader.article.id == top)
        await until(pilot, lambda: bool(reader.matches))
        await pilot.press("enter", "enter")
        count = len(reader.matches)
        await pilot.press("n")
        assert status_text(screen) == f"match 1 of {count}"
        await pilot.press("N")
        assert status_text(screen) == f"match {count} of {count}"


async def test_a_search_with_no_results_clears_the_reading_pane(app: NewsdeskApp):
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = await started(pilot)
        await type_query(pilot, "Baku")
        await until(pilot, lambda: reader.article is not None)
        await pilot.press(*["backspace"] * 4, *"zqxjvw")
        await until(pilot, lambda: screen.search_query == "zqxjvw" and not articles.source.total)
        await until(pilot, lambda: reader.article is None)
        assert screen.article_id is None
        assert "No article matches" in reader.message
        assert not screen.query_one(QueryNote).has_class("-error")


async def test_the_default_sort_setting_is_the_first_order(library: Library, settings: Settings):
    oldest_first = Settings(
        spacy_model=settings.spacy_model,
        n_process=1,
        alias_file=settings.alias_file,
        default_sort="oldest",
    )
    app = make_app(library, oldest_first, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        assert list_title(screen).endswith("· oldest first")
        assert articles.highlighted == library.list_articles(0, 1, sort="oldest")[0]


async def test_help_fits_and_scrolls_at_80x24(app: NewsdeskApp):
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        box, scroll = app.screen.query_one("#help-box"), app.screen.query_one("#help-scroll")
        assert box.region.right <= 80 and box.region.bottom <= 24 and box.region.x >= 0
        assert scroll.max_scroll_y > 0, "the keys need more than one screen here"
        last = app.screen.query(".help-place").last()
        await pilot.press(*["space"] * 10)
        assert scroll.scroll_y == scroll.max_scroll_y
        assert last.region.bottom <= box.region.bottom, "the last place can be read"
        await pilot.press("k")
        assert scroll.scroll_y == scroll.max_scroll_y - 1
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


def footer_keys(app: NewsdeskApp) -> set[str]:
    return {key.key for key in app.screen.query(FooterKey) if key.region.width}


async def test_the_footer_fits_80_columns(app: NewsdeskApp):
    """On the list, and reading a search's hit with the entity cursor on a name (the
    fullest footer); E still opens the Entities screen from the reading pane."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _, reader = await started(pilot)
        await type_query(pilot, "Aliyev")
        await pilot.press("enter", "enter", "right_square_bracket")
        await until(pilot, lambda: reader.matches and reader.entity_cursor is not None)
        for shown in ({"q", "question_mark", "s", "E"}, {"q", "question_mark", "n", "enter"}):
            if shown == {"q", "question_mark", "s", "E"}:
                screen.set_focus(screen.query_one(ArticleList))
            else:
                screen.set_focus(reader)
            await until(pilot, lambda shown=shown: footer_keys(app) >= shown)
            await pilot.pause(0.2)
            keys = list(app.screen.query(FooterKey))
            for key in keys:
                assert key.region.width > 0 and key.region.right <= 80, key.key
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, EntitiesScreen))


async def test_the_title_takes_the_room_the_source_does_not_need(app: NewsdeskApp):
    long_title = "A council votes to rebuild the old harbour wall before the winter storms"
    row = ArticleSummary("x", long_title, datetime(2022, 3, 1, tzinfo=UTC), "Crier", "x.txt")
    async with app.run_test(size=SIZE) as pilot:
        _, articles, _ = await started(pilot)
        wide = articles.row_text(row, 80, False).plain
        assert wide.endswith("  Crier") and len(wide) == 80
        assert long_title[:55] in wide, "only the source's own width is kept from the title"
        narrow = articles.row_text(row, 46, False).plain
        assert "Crier" not in narrow and len(narrow) == 46
        assert narrow == " • 2022-03-01  A council votes to rebuild the…", "unread: a dot"
