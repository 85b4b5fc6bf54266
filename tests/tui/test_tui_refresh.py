"""The reader notices what another indexer committed: by itself, and on ``r``."""

from __future__ import annotations

from pathlib import Path

from newsdesk.library import Library, open_library
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.widgets.archive_pane import ArchivePane
from pilot_helpers import settled, until
from reliability_helpers import FakeRecognizer, make_corpus


async def test_new_articles_from_another_indexer_appear_by_themselves(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    settings = Settings(n_process=1, alias_file=tmp_path / "aliases.toml")
    make_corpus(corpus, 12)
    writer = open_library(corpus, index_dir=index_dir, settings=settings)
    writer.refresh(recognizer=FakeRecognizer())
    reader = open_library(corpus, index_dir=index_dir, settings=settings)
    app = make_app(reader, settings, refresh_on_start=False)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = app.screen.query_one(ArchivePane)
        await until(pilot, lambda: pane.archive_total == 12)
        make_corpus(corpus, 5, start=12)
        writer.refresh(recognizer=FakeRecognizer())  # as another process would
        await until(pilot, lambda: pane.archive_total == 17, timeout=15)
    writer.close()
    reader.close()


async def test_the_reader_says_why_before_it_rebuilds(
    schema4_index: tuple[Path, Path], settings: Settings
) -> None:
    """`r` (and the refresh at start) over an older index says, before the wait, that the
    index is rebuilt aside and why; the old index answers meanwhile."""
    library = Library(*schema4_index, settings)
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await until(pilot, lambda: any("older newsdesk" in n.message for n in app._notifications))
        await settled(pilot)
    assert library.rebuild_reason() is None
