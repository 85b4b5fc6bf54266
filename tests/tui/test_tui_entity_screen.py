"""The entity page inside the real reader, over the real sample index."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator

import pytest
from textual.message import Message
from textual.pilot import Pilot

from newsdesk.library import Library, open_library
from newsdesk.settings import Settings
from newsdesk.tui.app import NewsdeskApp, make_app
from newsdesk.tui.messages import OpenEntity
from newsdesk.tui.screens.entity import PRELOAD_WAIT, ArticlesLoaded, EntityScreen, first_page
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.widgets.cooccur import CooccurList
from newsdesk.tui.widgets.entity_articles import EntityArticleList
from pilot_helpers import settled, until

ERDOGAN = "recep tayyip erdogan"
ALIYEV = "ilham aliyev"
SIZE = (120, 36)
FIRST_PAGE = first_page(SIZE[1])


async def open_entity(pilot: Pilot[None], key: str) -> EntityScreen:
    await settled(pilot)
    pilot.app.screen.post_message(OpenEntity(key))
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EntityScreen) and screen.key == key
    return screen


def shown_ids(screen: EntityScreen) -> list[str]:
    return screen.query_one(EntityArticleList).article_ids()


def busiest(library: Library) -> str:
    """An entity in more articles than the first page holds, to exercise paging."""
    for info in library.find_entities("", 50):
        if info.article_count > FIRST_PAGE:
            return info.key
    pytest.skip("no entity in the samples spans more than one page")


@pytest.fixture
def app(library: Library, settings: Settings) -> NewsdeskApp:
    return make_app(library, settings, refresh_on_start=False)


async def test_page_lists_the_entitys_articles_newest_first(
    app: NewsdeskApp, library: Library
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_entity(pilot, ERDOGAN)
        shown = shown_ids(screen)
        assert len(shown) >= FIRST_PAGE
        expected = library.entity_articles(ERDOGAN, "date", 0, len(shown))
        assert shown == [a.summary.id for a in expected]
        heading = str(screen.query_one("#entity-heading").render())
        info = library.entity(ERDOGAN)
        assert info is not None
        assert heading.startswith(info.name)
        assert f"{info.article_count} articles" in heading


async def test_m_sorts_by_most_mentions_and_back(app: NewsdeskApp, library: Library) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_entity(pilot, ERDOGAN)
        await pilot.press("m")
        await settled(pilot)
        shown = shown_ids(screen)
        by_mentions = library.entity_articles(ERDOGAN, "mentions", 0, len(shown))
        assert shown == [a.summary.id for a in by_mentions]
        assert "most mentions (m: newest first)" in str(
            screen.query_one(EntityArticleList).border_title
        )
        await pilot.press("m")
        await settled(pilot)
        shown = shown_ids(screen)
        by_date = library.entity_articles(ERDOGAN, "date", 0, len(shown))
        assert shown == [a.summary.id for a in by_date]


async def test_first_page_fills_the_screen_and_the_rest_streams_in(
    app: NewsdeskApp, library: Library
) -> None:
    key = busiest(library)
    pages: list[tuple[int, int]] = []

    def hook(message: Message) -> None:
        if isinstance(message, ArticlesLoaded):
            pages.append((message.offset, len(message.rows)))

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        screen = await open_entity(pilot, key)
        # the first page came with the page (fetched before it was shown): a screenful;
        # the next one is asked for at once, without a keystroke
        assert pages[0][0] == FIRST_PAGE
        await pilot.press("end")
        await settled(pilot)
        everything = library.entity_articles(key, "date", 0, 10_000)
        assert shown_ids(screen) == [a.summary.id for a in everything]


async def test_hopping_to_a_cooccurring_entity_and_walking_back(
    app: NewsdeskApp, library: Library
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        first = await open_entity(pilot, ERDOGAN)
        depth = len(app.screen_stack)
        partner = first.query_one(CooccurList).options[0].id
        assert partner == library.cooccurring(ERDOGAN)[0].key
        await pilot.press("tab", "enter")
        await settled(pilot)
        second = app.screen
        assert isinstance(second, EntityScreen) and second.key == partner
        assert len(app.screen_stack) == depth + 1
        await pilot.press("escape")
        await settled(pilot)
        assert app.screen is first and len(app.screen_stack) == depth
        await pilot.press("backspace")
        await settled(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_enter_on_an_article_opens_it_in_the_reader_through_nested_pages(
    app: NewsdeskApp, library: Library
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_entity(pilot, ERDOGAN)
        await pilot.press("tab", "enter")
        await settled(pilot)
        nested = app.screen
        assert isinstance(nested, EntityScreen)
        wanted = library.entity_articles(nested.key, "date", 0, 1)[0].summary.id
        await pilot.press("enter")
        await settled(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert not any(isinstance(s, EntityScreen) for s in app.screen_stack)
        assert main.article_id == wanted


async def test_entity_page_returns_open_article_with_its_key(
    app: NewsdeskApp, library: Library
) -> None:
    results: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        app.push_screen(EntityScreen(library, ERDOGAN), results.append)
        await settled(pilot)
        await pilot.press("tab", "enter")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
    (choice,) = results
    nested_key = library.cooccurring(ERDOGAN)[0].key
    first = library.entity_articles(nested_key, "date", 0, 1)[0].summary.id
    assert (getattr(choice, "article_id", None), getattr(choice, "entity_key", None)) == (
        first,
        nested_key,
    )


async def test_unknown_key_says_so(app: NewsdeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_entity(pilot, "no such entity anywhere")
        assert "No entity" in str(screen.query_one("#entity-heading").render())
        assert shown_ids(screen) == []
        assert screen.query_one(EntityArticleList).placeholder == "no articles mention it"


HOSTILE = "[bold red]x[/] [@click=app.quit]y[/] \x1b]52;c;ZXZpbA==\x07"


@pytest.fixture(scope="module")
def hostile_library(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Library]:
    """A real index of one article whose title and prose carry markup and escapes."""
    corpus = tmp_path_factory.mktemp("hostile")
    story = (
        f"Title: Talks in Baku {HOSTILE}\ndate: 2021-06-15\n\n"
        f"President Ilham Aliyev met ministers in Baku on Monday. {HOSTILE} Baku hosted "
        "the talks, and officials in Baku said more would follow.\n"
    )
    (corpus / "hostile.txt").write_text(story, encoding="utf-8")
    lib = open_library(
        corpus, index_dir=tmp_path_factory.mktemp("hostile-index"), settings=settings
    )
    lib.refresh()
    yield lib
    lib.close()


async def test_hostile_title_and_context_render_as_literal_text(
    hostile_library: Library, settings: Settings
) -> None:
    app = make_app(hostile_library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_entity(pilot, "baku")
        strips = screen._compositor.render_strips()
        text = "\n".join("".join(segment.text for segment in strip) for strip in strips)
        assert "Talks in Baku [bold red]x[/] [@click=app.quit]y[/]" in text
        assert "[@click=app.quit]y[/] Baku hosted" in text
        assert "\x1b" not in text and "\x07" not in text
        metas = [seg.style.meta for strip in strips for seg in strip if seg.style]
        assert not any("@click" in (meta or {}) for meta in metas)
        assert app.is_running


async def test_clicking_back_returns_to_the_main_screen(app: NewsdeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_entity(pilot, ERDOGAN)
        await pilot.click("#back")
        await settled(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_a_page_whose_answers_are_late_shows_itself_and_fills_in(
    app: NewsdeskApp, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page waits for its first answers so it is laid out once, with them; past
    ``PRELOAD_WAIT`` it shows "loading…" rather than leave the key unanswered, and the
    answers already on their way are used, not asked for a second time."""
    asked: list[int] = []
    release = threading.Event()
    real = library.entity_articles

    def late(key: str, sort: str, offset: int, limit: int) -> object:
        asked.append(offset)
        if offset == 0:
            release.wait(timeout=10)  # until the test has seen the page without them
        return real(key, sort, offset, limit)  # type: ignore[arg-type]

    def loading() -> bool:
        screen = app.screen
        return (
            isinstance(screen, EntityScreen)
            and screen.query_one(EntityArticleList).placeholder == "loading…"
        )

    monkeypatch.setattr(library, "entity_articles", late)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        started = time.perf_counter()
        app.screen.post_message(OpenEntity(ERDOGAN))
        await until(pilot, loading)
        assert time.perf_counter() - started >= PRELOAD_WAIT
        release.set()
        screen = app.screen
        assert isinstance(screen, EntityScreen)
        await until(pilot, lambda: screen.loaded > 0)
        await settled(pilot)
        assert asked.count(0) == 1
        assert screen.info is not None and screen.info.key == ERDOGAN


async def test_a_page_whose_first_answers_fail_opens_and_says_what_failed(
    app: NewsdeskApp, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> list[object]:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(library, "entity_articles", broken)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        app.screen.post_message(OpenEntity(ERDOGAN))
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        titles = lambda: [n.title for n in app._notifications]  # noqa: E731
        await until(pilot, lambda: "Could not load its articles" in titles())
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_a_second_entity_asked_for_before_the_first_page_shows_replaces_it(
    app: NewsdeskApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        app.screen.post_message(OpenEntity(ERDOGAN))
        app.screen.post_message(OpenEntity(ALIYEV))
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await settled(pilot)
        pages = [s for s in app.screen_stack if isinstance(s, EntityScreen)]
        assert [page.key for page in pages] == [ALIYEV]


async def test_leaving_a_page_still_loading_then_its_answers_failing_changes_nothing(
    app: NewsdeskApp, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def late_and_broken(*_args: object) -> list[object]:
        release.wait(timeout=10)
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(library, "entity_articles", late_and_broken)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        main = app.screen
        main.post_message(OpenEntity(ERDOGAN))
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is main)
        release.set()
        await settled(pilot)
        await pilot.pause(0.2)
        assert app.screen is main and app.is_running
