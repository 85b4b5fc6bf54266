"""Journeys with the user's own state: reading marks an article read, `m` toggles it,
`u` finds the next unread, `*` stars, `t` labels, `a` notes, `S` saves the search and
`b` lists saved searches (live counts; Enter runs one). Real index, real state file."""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import Input, OptionList, TextArea

from newsdesk.library import Library
from newsdesk.settings import Settings
from newsdesk.tui.app import NewsdeskApp, make_app
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.screens.userstate import LabelPrompt, NoteEditor, SavedSearches
from newsdesk.tui.widgets.reading_pane import ReadingPane
from newsdesk.userstate import opened
from pilot_helpers import SIZE, list_title, started, type_query, until


def reader_app(library: Library, settings: Settings, delay: float = 60) -> NewsdeskApp:
    quick = dataclasses.replace(settings, mark_read_delay=delay)
    return make_app(library, quick, refresh_on_start=False)


def notified(app: NewsdeskApp, words: str) -> bool:
    return any(words in n.message for n in app._notifications)


def pane_text(reader: ReadingPane) -> str:
    return "\n".join(strip.text for strip in reader._lines)


@pytest.mark.parametrize("delay", [0.3, 0], ids=["after-the-delay", "no-delay"])
async def test_an_article_shown_for_the_delay_is_read(
    library: Library, settings: Settings, delay: float
):
    """``mark_read_delay = 0`` is allowed too: Textual cannot run a 0 s timer (it
    divides by the interval), which ended that timer and nothing was marked read."""
    total = library.article_count()
    app = reader_app(library, settings, delay=delay)
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = await started(pilot)
        first = articles.highlighted
        assert first is not None
        await until(pilot, lambda: library.marks(first.id).read)
        await until(pilot, lambda: f"· {total - 1} unread ·" in list_title(screen))
        assert articles.row_text(first, 60, False).plain.startswith("   2022")
        await pilot.press("down")
        second = articles.highlighted
        assert second is not None and second.id != first.id
        await until(pilot, lambda: library.marks(second.id).read)
        await until(pilot, lambda: reader.marks is not None and reader.marks.read)
        assert reader.article is not None and reader.article.id == second.id


async def test_m_toggles_read_and_the_row_stands_out_while_unread(
    library: Library, settings: Settings
):
    app = reader_app(library, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        row = articles.highlighted
        assert row is not None
        unread = articles.row_text(row, 60, False)
        assert unread.plain.startswith(" • ")
        assert any("bold" in str(span.style) for span in unread.spans)
        await pilot.press("m")
        await until(pilot, lambda: library.marks(row.id).read)
        assert articles.row_text(row, 60, False).plain.startswith("   ")
        await pilot.press("m")
        await until(pilot, lambda: not library.marks(row.id).read)
        total = library.article_count()
        await until(pilot, lambda: f"· {total} unread ·" in list_title(screen))


async def test_u_goes_to_the_next_unread_round_the_list(library: Library, settings: Settings):
    rows = library.list_articles(0, library.article_count())
    library.set_read([row.id for row in rows[:3]])
    library.set_read([row.id for row in rows[4:]])
    app = reader_app(library, settings)
    async with app.run_test(size=SIZE) as pilot:
        _, articles, reader = await started(pilot)
        await pilot.press("u")
        await until(pilot, lambda: articles.cursor == 3)
        await until(pilot, lambda: reader.article is not None and reader.article.id == rows[3].id)
        library.set_read([rows[3].id])
        library.set_read([rows[1].id], read=False)
        await pilot.press("u")
        await until(pilot, lambda: articles.cursor == 1)
        library.set_read([rows[1].id])
        await pilot.press("u")
        await until(pilot, lambda: notified(app, "No unread articles"))


async def test_star_labels_and_note_show_in_the_pane(library: Library, settings: Settings):
    app = reader_app(library, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = await started(pilot)
        row = articles.highlighted
        assert row is not None
        await pilot.press("asterisk")
        await until(pilot, lambda: library.marks(row.id).starred)
        assert articles.row_text(row, 60, False).plain.startswith(" ★ ")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, LabelPrompt))
        await pilot.press(*"court, Baku", "enter")
        await until(pilot, lambda: library.marks(row.id).labels == ("Baku", "court"))
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.press(*"Check the figures", "enter", *"with the wire.", "ctrl+s")
        await until(pilot, lambda: bool(library.marks(row.id).note))
        assert library.marks(row.id).note == "Check the figures\nwith the wire."
        await until(pilot, lambda: "Note: Check the figures" in pane_text(reader))
        assert "★ starred · labels: Baku, court" in pane_text(reader)
        await type_query(pilot, "label:court is:starred")
        assert screen.query_one("#articles").source.total == 1  # type: ignore[attr-defined]


async def test_escape_leaves_a_note_as_it_was(library: Library, settings: Settings):
    app = reader_app(library, settings)
    async with app.run_test(size=SIZE) as pilot:
        _, articles, _ = await started(pilot)
        row = articles.highlighted
        assert row is not None
        library.set_note(row.id, "keep me")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteEditor))
        assert app.screen.query_one(TextArea).text == "keep me"
        await pilot.press("x", "escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert library.marks(row.id).note == "keep me"


async def test_save_the_search_and_run_it_from_the_list(library: Library, settings: Settings):
    app = reader_app(library, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await started(pilot)
        await type_query(pilot, "person:aliyev")
        await pilot.press("enter", "S")
        await until(pilot, lambda: app.screen.query(Input) and app.screen is not screen)
        assert app.screen.query_one(Input).value == "person:aliyev"
        await pilot.press("ctrl+u", *"Aliyev", "enter")
        await until(pilot, lambda: library.saved_query("aliyev") == "person:aliyev")
        await pilot.press("escape")
        await until(pilot, lambda: screen.search_query == "")
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, SavedSearches))
        options = app.screen.query_one(OptionList)
        total = library.search("person:aliyev").total
        await until(
            pilot, lambda: f"{total} · {total} unread" in str(options.get_option_at_index(0).prompt)
        )
        await pilot.press("enter")
        await until(pilot, lambda: screen.search_query == "person:aliyev")


async def test_saved_counts_follow_a_refresh(curated: Library, settings: Settings):
    """Marks made elsewhere (``newsdesk mark``) show in the counts after the refresh."""
    curated.save_search("Shusha", "shusha")
    total = curated.search("shusha").total
    app = reader_app(curated, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await started(pilot)
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, SavedSearches))
        options = app.screen.query_one(OptionList)

        def shown() -> str:
            return str(options.get_option_at_index(0).prompt) if options.option_count else ""

        await until(pilot, lambda: f"{total} · {total} unread" in shown())
        ids = [hit.summary.id for hit in curated.search("shusha", limit=2).hits]
        curated.set_read(ids)
        assert isinstance(screen, MainScreen)
        screen.start_refresh()
        await until(pilot, lambda: f"{total} · {total - 2} unread" in shown(), timeout=60)


async def test_s_without_a_search_says_what_to_do(library: Library, settings: Settings):
    app = reader_app(library, settings)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("S")
        await until(pilot, lambda: notified(app, "Search first"))
        assert isinstance(app.screen, MainScreen)


async def test_marks_made_elsewhere_show_within_seconds(library: Library, settings: Settings):
    """``newsdesk mark`` in another terminal: the row and the pane follow on the next
    look at the index (every few seconds), without a refresh."""
    app = reader_app(library, settings)
    async with app.run_test(size=SIZE) as pilot:
        _, articles, reader = await started(pilot)
        row = articles.highlighted
        article = library.get_article(row.id) if row else None
        assert row is not None and article is not None
        with opened(library.user_state.path) as other:
            other.update([(row.id, article.title, article.body)], starred=1)
        star = lambda: articles.row_text(row, 60, False).plain.startswith(" ★")  # noqa: E731
        await until(pilot, star, timeout=20)
        await until(pilot, lambda: "★ starred" in pane_text(reader))


async def test_a_damaged_state_file_costs_the_marks_not_the_reader(
    library: Library, settings: Settings
):
    garbage = b"SQLite format 3\x00" + b"\xff" * 2000
    library.user_state.path.parent.mkdir(parents=True, exist_ok=True)
    library.user_state.path.write_bytes(garbage)
    app = reader_app(library, settings, delay=0.1)
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = await started(pilot)
        await pilot.press("asterisk")
        await until(pilot, lambda: notified(app, "cannot be used"))
        await pilot.press("j", "j")
        await until(pilot, lambda: reader.article is not None and articles.cursor == 2)
        assert "unread" not in list_title(screen)
        assert isinstance(app.screen, MainScreen)
    assert library.user_state.path.read_bytes() == garbage
