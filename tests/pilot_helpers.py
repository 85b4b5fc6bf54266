"""Helpers for Pilot tests of the reader: wait for a state, find the main screen's parts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from newsdesk.tui.app import NewsdeskApp
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.widgets.archive_pane import ArchivePane
from newsdesk.tui.widgets.article_list import ArticleList
from newsdesk.tui.widgets.bars import StatusLine
from newsdesk.tui.widgets.reading_pane import ReadingPane

SIZE = (120, 36)


async def until(pilot: Pilot[None], condition: Callable[[], object], timeout: float = 10) -> None:
    """Let workers and timers run until ``condition`` holds (or fail after ``timeout``)."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never reached the expected state")


def parts(app: NewsdeskApp) -> tuple[MainScreen, ArticleList, ReadingPane]:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen, screen.query_one(ArticleList), screen.query_one(ReadingPane)


def list_title(screen: MainScreen) -> str:
    return str(screen.query_one("#list-column").border_title)


def status_text(screen: MainScreen) -> str:
    return str(screen.query_one(StatusLine).query_one("#context").render())


async def started(pilot: Pilot[None]) -> tuple[MainScreen, ArticleList, ReadingPane]:
    screen, articles, reader = parts(pilot.app)  # type: ignore[arg-type]
    await until(pilot, lambda: reader.article is not None)
    return screen, articles, reader


async def type_query(pilot: Pilot[None], query: str) -> None:
    await pilot.press("slash", *query)
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    await until(
        pilot,
        lambda: (
            screen.search_query == query and screen.query_one(ArchivePane).matched_total is not None
        ),
    )


async def settled(pilot: Pilot[None]) -> None:
    """Let every worker finish and its messages land (pages opened again included). A
    worker cancelled by a newer one (a count made stale by a mark) has finished too;
    a failed one still fails the test."""
    for _ in range(4):
        for worker in list(pilot.app.workers):
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()


def notifications(app: NewsdeskApp) -> list[str]:
    """The one-line notes the reader has shown so far, oldest first."""
    return [n.message for n in app._notifications]


async def reading(pilot: Pilot[None], article_id: str) -> ReadingPane:
    """Open one article in the reading pane, as Enter on its row would, and wait for it."""
    screen, _, reader = await started(pilot)
    screen.open_article(article_id)
    await until(pilot, lambda: reader.article is not None and reader.article.id == article_id)
    return reader
