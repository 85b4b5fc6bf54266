"""Two-phase search in the reader (issue #15, step 2): the first page is painted from
a pruned top-N with an estimated total ("≈ N"), then the exact total follows for the
same request; the rows and the cursor stay put, and a stale answer is still dropped.

The list's page is made 3 rows here, and pruning allowed at any estimate, so that the
samples' frequent words have more matches than the first page holds, as frequent words
do at 100,000 articles.
"""

from __future__ import annotations

import pytest
from textual.message import Message

from newsdesk.index import engine, whooshdb
from newsdesk.library import Library
from newsdesk.models import SearchResult
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.messages import SearchCounted, SearchFinished
from newsdesk.tui.widgets.archive_pane import ArchivePane
from newsdesk.tui.widgets.article_list import ArticleList
from newsdesk.tui.widgets.search_box import QueryNote
from pilot_helpers import SIZE, list_title, started, type_query, until

PAGE = 3
WORD = "harbour"


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ArticleList, "PAGE_SIZE", PAGE)
    monkeypatch.setattr(whooshdb, "PRUNE_ABOVE", 0)  # the samples are far below it


async def test_a_search_paints_an_estimate_then_the_exact_total(
    library: Library, settings: Settings
) -> None:
    answers: list[Message] = []

    def hook(message: Message) -> None:
        if isinstance(message, SearchFinished | SearchCounted):
            answers.append(message)

    exact = library.search(WORD, limit=1).total
    assert exact > PAGE
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        screen, articles, _ = await started(pilot)
        await type_query(pilot, WORD)
        mine = [m for m in answers if m.result.query == WORD]  # type: ignore[attr-defined]
        assert [type(m) for m in mine] == [SearchFinished, SearchCounted]
        first, counted = mine[0].result, mine[1].result  # type: ignore[attr-defined]
        assert not first.exact and first.total >= PAGE and len(first.hits) == PAGE
        assert counted.exact and counted.total == exact
        assert [h.summary.id for h in first.hits] == [h.summary.id for h in counted.hits]
        assert articles.source.total == exact
        assert list_title(screen).startswith(f"Articles {exact} of ")


async def test_the_estimate_shows_until_the_count_and_the_cursor_stays(
    library: Library, settings: Settings
) -> None:
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        await type_query(pilot, WORD)
        pane = screen.query_one(ArchivePane)
        counted = library.search(WORD, PAGE, snippets=False)
        estimate = SearchResult(WORD, 40, counted.hits, exact=False)
        pane.post_message(SearchFinished(pane.request, estimate))
        await until(pilot, lambda: "≈ 40 of" in list_title(screen))
        assert articles.source.total == PAGE  # only the rows it holds, until counted
        articles.cursor = 2
        pane.post_message(SearchCounted(pane.request - 1, counted))  # stale: dropped
        await pilot.pause(0.2)
        assert articles.source.total == PAGE and "≈ 40 of" in list_title(screen)
        pane.post_message(SearchCounted(pane.request, counted))
        await until(pilot, lambda: articles.source.total == counted.total)
        assert articles.cursor == 2
        assert f"Articles {counted.total:,} of " in list_title(screen)


async def test_a_count_past_the_time_limit_keeps_the_page_and_says_so(
    library: Library, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 300,000 articles counting a frequent word took 2.2 of the 3 s allowed: past
    the limit the note said the query had failed and advised narrowing it, under a list
    that had answered."""

    def too_slow_to_count(*args: object, **kwargs: object) -> int:
        raise engine.too_slow(3.0)

    monkeypatch.setattr(library, "match_count", too_slow_to_count)
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, articles, _ = await started(pilot)
        await pilot.press("slash", *WORD)
        note = screen.query_one(QueryNote)
        await until(pilot, lambda: "count in time" in str(note.render()))
        assert not note.has_class("-error")
        assert f"first {PAGE} listed" in str(note.render())
        assert articles.source.total == PAGE and articles.row(0) is not None
        assert "≈" in list_title(screen)
