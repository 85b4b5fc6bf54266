"""An archive without dates, with a file the indexer skips (issue #14 §4): no blank date
column, no date order claimed, no empty "mentions per month" row, a ``date:`` query
that says why it cannot match, and the report of what was skipped and why. A small
corpus of our own, indexed for real (spaCy, Whoosh, SQLite) in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from helpers import write
from newsdesk.cli import main
from newsdesk.errors import QueryError
from newsdesk.library import Library, open_library
from newsdesk.settings import BUNDLED_MODEL, Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.commands import REPORT
from newsdesk.tui.messages import OpenEntity
from newsdesk.tui.screens.entity import EntityScreen
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.screens.report import FileReportScreen
from newsdesk.tui.widgets.search_box import QueryNote
from newsdesk.tui.widgets.sparkline import MentionTimeline
from pilot_helpers import SIZE, list_title, parts, settled, until

STORIES = {
    "harbour.txt": "Harbour council delays the new ferry terminal\n\n"
    "Mayor Ilse Varga told the Velmora Harbour Council that the ferry terminal would "
    "open a year late. Varga blamed the cost of steel.\n",
    "market.txt": "Fish market moves to the east quay\n\n"
    "Traders at the Velmora fish market will move to the east quay in spring, "
    "Ilse Varga said on Tuesday.\n",
    "storm.txt": "Storm closes the Velmora ferry for two days\n\n"
    "High winds stopped every crossing, and the Velmora Harbour Council opened the "
    "town hall to stranded travellers.\n",
}
BINARY = "photo.txt"
MTIME = datetime(2019, 5, 4, 12, 0, tzinfo=UTC)


def undated_corpus(folder: Path) -> Path:
    for name, text in STORIES.items():
        os.utime(write(folder, name, text), (MTIME.timestamp(), MTIME.timestamp()))
    (folder / BINARY).write_bytes(bytes(range(256)) * 40)
    return folder


@pytest.fixture(scope="module")
def undated(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[Library]:
    corpus = undated_corpus(tmp_path_factory.mktemp("undated"))
    lib = open_library(
        corpus, index_dir=tmp_path_factory.mktemp("undated-index"), settings=settings
    )
    lib.refresh()
    yield lib
    lib.close()


async def test_an_undated_list_has_no_date_column_and_claims_no_date_order(
    undated: Library, settings: Settings
):
    app = make_app(undated, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, reader = parts(app)
        await until(pilot, lambda: reader.article is not None)
        await until(pilot, lambda: "unread" in list_title(screen))
        title = list_title(screen)
        assert title == "Articles 3 · 3 unread · no dates · by title"
        assert "newest" not in title
        row = articles.row_text(articles.highlighted, 60, False).plain
        assert row.startswith(" • Fish market"), row  # the unread mark, then no date
        await pilot.press("s")
        assert list_title(screen) == title


async def test_an_entity_page_of_an_undated_archive_has_no_timeline(
    undated: Library, settings: Settings
):
    key = undated.resolve_entity("Ilse Varga")
    assert key is not None
    app = make_app(undated, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        app.screen.post_message(OpenEntity(key.key))
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await settled(pilot)
        assert app.screen.info is not None and app.screen.info.key == key.key
        assert not app.screen.query_one(MentionTimeline).display


async def test_a_date_query_over_an_undated_archive_says_so(undated: Library, settings: Settings):
    with pytest.raises(QueryError, match="no article in this archive has a date"):
        undated.search("date:2021")
    assert undated.search("ferry").total == 2
    app = make_app(undated, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, _, reader = parts(app)
        await until(pilot, lambda: reader.article is not None)
        await pilot.press("slash", *"date:2021")
        note = screen.query_one(QueryNote)
        await until(pilot, lambda: note.has_class("-error"))
        assert "no article in this archive has a date" in str(note.render())


def test_the_skipped_file_is_kept_with_its_reason(undated: Library):
    notes = undated.file_notes()
    skipped = [note for note in notes if note.skipped]
    assert [Path(note.path).name for note in skipped] == [BINARY]
    assert "binary" in skipped[0].message


async def test_the_first_run_from_the_reader_shows_what_was_skipped(
    tmp_path: Path, settings: Settings
):
    corpus = undated_corpus(tmp_path / "corpus")
    library = open_library(corpus, index_dir=tmp_path / "index", settings=settings)
    app = make_app(library, settings, refresh_on_start=True)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, FileReportScreen), timeout=120)
            report = app.screen
            await until(pilot, lambda: report.notes is not None)
            text = str(report.query_one("#report-summary").render())
            assert text == "1 file skipped"
            lines = [str(o.prompt) for o in report.query_one("#report-list").options]
            assert any(BINARY in line and "binary file, not text" in line for line in lines)
            await pilot.press("escape")
            assert isinstance(app.screen, MainScreen)
    finally:
        library.close()


async def test_the_report_is_reachable_later_from_the_palette(undated: Library, settings: Settings):
    app = make_app(undated, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+p", *REPORT[:7])
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FileReportScreen))
        await until(pilot, lambda: app.screen.notes is not None)
        assert "1 file skipped" in str(app.screen.query_one("#report-summary").render())


def test_file_times_date_undated_articles_when_asked(tmp_path: Path, settings: Settings):
    by_file = Settings(
        spacy_model=settings.spacy_model, n_process=1, alias_file=settings.alias_file,
        date_from_file=True,
    )  # fmt: skip
    corpus = undated_corpus(tmp_path / "corpus")
    library = open_library(corpus, index_dir=tmp_path / "index", settings=by_file)
    try:
        library.refresh()
        assert library.dated_count() == 3
        assert {a.date for a in library.list_articles(0, 10)} == {MTIME}
        assert library.search("date:2019-05").total == 3
    finally:
        library.close()


def test_the_first_run_from_newsdesk_path_opens_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """``newsdesk PATH`` indexes a new folder in the terminal, then opens the reader
    with the report of what it skipped; a second start does not."""
    corpus = undated_corpus(tmp_path / "corpus")
    opened: list[tuple[bool, bool]] = []

    def record(library: Library, settings: Settings, refresh: bool, show_skipped: bool):
        opened.append((refresh, show_skipped))
        return SimpleNamespace(run=lambda: None)

    monkeypatch.setattr("newsdesk.tui.app.make_app", record)
    monkeypatch.setenv("NEWSDESK_SPACY_MODEL", BUNDLED_MODEL)
    args = ["--index", str(tmp_path / "index"), str(corpus)]
    for _ in range(2):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    assert opened == [(False, True), (True, False)]


async def test_the_reader_opened_with_show_skipped_starts_on_the_report(
    undated: Library, settings: Settings
):
    app = make_app(undated, settings, refresh_on_start=False, show_skipped=True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FileReportScreen))
        await until(pilot, lambda: app.screen.notes is not None)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
