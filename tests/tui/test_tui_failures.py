"""Workers fail one way: a WorkFailed message, one notification, never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Static

from helpers import SAMPLES
from newsdesk.errors import IndexDamaged, NotIndexed
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.failures import WorkFailed, failure
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.widgets.bars import StatusLine


def test_a_failure_is_named_by_what_could_not_be_done() -> None:
    plain = failure("load the article", OSError("disk on fire"))
    assert (plain.title, plain.error, plain.damaged) == ("Could not load the article",
                                                         "disk on fire", False)  # fmt: skip
    damage = failure("search", IndexDamaged(Path("/x"), "no such table"))
    assert damage.title == "Index damaged" and damage.seconds > plain.seconds
    assert failure("search", NotIndexed(Path("/x"), "no CURRENT")).title == "Not indexed"
    assert failure("search", KeyError()).error == "KeyError"


@pytest.fixture
def reader_library(tmp_path: Path, library: Library) -> Library:
    """A private copy of the samples' index: these tests break things in it."""
    index_dir = tmp_path / "index"
    shutil.copytree(library.index_dir, index_dir)
    return open_library(SAMPLES, index_dir=index_dir, settings=library.settings)


async def test_the_same_failure_is_told_once_while_its_notice_is_up(
    reader_library: Library,
) -> None:
    app = make_app(reader_library, reader_library.settings, refresh_on_start=False)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(3):
            app.post_message(WorkFailed("count the articles", "database is locked"))
        app.post_message(WorkFailed("load the article", "database is locked"))
        last = "Could not load the article"  # told once the three before it were handled
        for _ in range(200):
            if any(n.title == last for n in app._notifications):
                break
            await pilot.pause(0.05)
        titles = [n.title for n in app._notifications]
        assert sorted(titles) == ["Could not count the articles", "Could not load the article"]
    reader_library.close()


async def test_the_palette_says_the_index_is_damaged_instead_of_offering_nothing(
    reader_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> list[object]:
        raise IndexDamaged(Path("/x"), "no such table")

    app = make_app(reader_library, reader_library.settings, refresh_on_start=False)
    async with app.run_test(size=(120, 36)) as pilot:
        monkeypatch.setattr(reader_library, "find_entities", broken)
        await pilot.press("ctrl+p", *"aliyev")
        for _ in range(60):
            if app._notifications:
                break
            await pilot.pause(0.05)
        assert [n.title for n in app._notifications] == ["Index damaged"]
    reader_library.close()


async def test_a_failed_refresh_keeps_the_reader_and_says_why(
    reader_library: Library, tmp_path: Path
) -> None:
    """The corpus folder vanished under the reader: the status line says the refresh
    failed, one notification says why, and the archive already shown stays."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES, corpus)
    library = Library(reader_library.index_dir, corpus, Settings(n_process=1,
                      alias_file=tmp_path / "aliases.toml"))  # fmt: skip
    app = make_app(library, library.settings, refresh_on_start=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        shutil.rmtree(corpus)
        library.corpus = corpus / "gone"
        await pilot.press("r")
        for _ in range(100):
            if app._notifications:
                break
            await pilot.pause(0.05)
        assert [n.title for n in app._notifications] == ["Could not refresh the index"]
        activity = screen.query_one(StatusLine).query_one("#activity", Static)
        assert "refresh failed" in str(activity.render())
        assert app.is_running and library.article_count() > 0
    library.close()
