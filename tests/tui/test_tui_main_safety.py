"""Untrusted article text stays text, and the reader notices new files on start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.text import Text

from helpers import write
from newsdesk.index.layout import writer_lock
from newsdesk.library import Library, open_library
from newsdesk.models import Article
from newsdesk.settings import Settings
from newsdesk.spans import layout_segments
from newsdesk.tui.app import make_app
from newsdesk.tui.highlight import marked_line, paragraph_text
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.widgets.bars import StatusLine
from pilot_helpers import started, until

TITLE = "[bold red]X[/] [@click=app.quit]y[/]"
SOURCE = "[link=https://evil.example]Wire[/link]"
AUTHOR = "[i]Mallory[/i]"
BODY = "Officials in Baku said \x1b]0;pwned\x07 nothing [b]bold[/b] happened.\n\nSecond part."

EVIL_MD = f"""---
title: "{TITLE}"
date: 2021-03-04
source: "{SOURCE}"
author: "{AUTHOR}"
---
{BODY}
"""


@pytest.fixture(scope="module")
def evil_library(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[Library]:
    corpus = tmp_path_factory.mktemp("evil")
    write(corpus, "evil.md", EVIL_MD)
    library = open_library(
        corpus, index_dir=tmp_path_factory.mktemp("evil-index"), settings=settings
    )
    library.refresh()
    yield library
    library.close()


def screen_text(app: object) -> str:
    """Everything on screen as the terminal would receive it (SVG text, unescaped)."""
    import html

    return html.unescape(app.export_screenshot())  # type: ignore[attr-defined]


async def test_markup_in_titles_and_bylines_renders_literally(
    evil_library: Library, settings: Settings
):
    app = make_app(evil_library, settings, refresh_on_start=False)
    async with app.run_test(size=(120, 36)) as pilot:
        _, articles, reader = await started(pilot)
        shown = screen_text(app).replace("\u00a0", " ")
        assert TITLE in shown
        assert SOURCE[:20] in shown and AUTHOR in shown
        assert "[b]bold[/b]" in shown
        assert "pwned" not in shown and "\x1b" not in shown and "\x07" not in shown
        for strip in reader._lines:
            assert all("\x1b" not in seg.text and "\x07" not in seg.text for seg in strip)
        await pilot.click(type(articles), offset=(20, 1))
        await pilot.pause()
        assert app.is_running, "a [@click=app.quit] title must not be an action"


async def test_the_display_layer_cleans_text_even_if_the_index_did_not(
    evil_library: Library, settings: Settings
):
    raw = Article("raw", TITLE + "\x1b[2J", BODY, source=SOURCE, author=AUTHOR + "\x9b31m")
    app = make_app(evil_library, settings, refresh_on_start=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen, _, reader = await started(pilot)
        assert isinstance(screen, MainScreen)
        reader.show_article(raw, [], [])
        await pilot.pause()
        lines = ["".join(seg.text for seg in strip) for strip in reader._lines]
        assert lines[0].strip() == TITLE
        assert all(
            "\x1b" not in line and "\x9b" not in line and "\x07" not in line for line in lines
        )
        assert any("[b]bold[/b]" in line for line in lines)


def test_highlight_builds_text_without_parsing_markup() -> None:
    line = marked_line(TITLE, ["x"])
    assert isinstance(line, Text) and line.plain == TITLE
    (first, _) = layout_segments(BODY, [])
    text = paragraph_text(BODY, first)
    assert "[b]bold[/b]" in text.plain and "\x1b" not in text.plain and "pwned" not in text.plain


async def test_start_up_checks_the_folder_and_reports_new_articles(
    tmp_path: Path, settings: Settings
):
    corpus = tmp_path / "corpus"
    write(corpus, "one.txt", "Storm in Baku\n\nA storm hit Baku on Monday.\n")
    library = open_library(corpus, index_dir=tmp_path / "index", settings=settings)
    library.refresh()
    write(corpus, "two.txt", "Sun in Shusha\n\nThe sun shone on Shusha on Tuesday.\n")
    app = make_app(library, settings, refresh_on_start=True)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            screen, articles, _ = await started(pilot)
            activity = screen.query_one(StatusLine).query_one("#activity")
            await until(pilot, lambda: "1 new article" in str(activity.render()), timeout=60)
            await until(pilot, lambda: articles.source.total == 2)
    finally:
        library.close()


async def test_a_refresh_that_fails_leaves_the_reader_usable(tmp_path: Path, settings: Settings):
    corpus = tmp_path / "corpus"
    write(corpus, "one.txt", "Storm in Baku\n\nA storm hit Baku on Monday.\n")
    library = open_library(corpus, index_dir=tmp_path / "index", settings=settings)
    library.refresh()
    app = make_app(library, settings, refresh_on_start=True)
    try:
        with writer_lock(tmp_path / "index"):
            async with app.run_test(size=(120, 36)) as pilot:
                screen, _, reader = await started(pilot)
                activity = screen.query_one(StatusLine).query_one("#activity")
                await until(pilot, lambda: "refresh failed" in str(activity.render()))
                assert app.is_running and reader.article is not None
    finally:
        library.close()
