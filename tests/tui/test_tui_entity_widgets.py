"""The entity page's widgets and helpers: KWIC lines, the timeline, and inert hostile text."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widget import Widget

from newsdesk.models import (
    ArticleSummary,
    Cooccurrence,
    EntityArticle,
    EntityInfo,
    MentionContext,
    MonthCount,
)
from newsdesk.tui.entity_text import entity_look
from newsdesk.tui.screens.entity import heading_text
from newsdesk.tui.widgets.cooccur import CooccurList
from newsdesk.tui.widgets.entity_articles import ArticleRow, EntityArticleList
from newsdesk.tui.widgets.fitline import FitLine, fixed
from newsdesk.tui.widgets.kwic import kwic_line, kwic_parts, trim_left
from newsdesk.tui.widgets.sparkline import MentionTimeline, month_label, month_range

HOSTILE = "[bold red]x[/] [@click=app.quit]y[/] \x1b]52;c;ZXZpbA==\x07end"


def context(text: str, mention: str) -> MentionContext:
    start = text.index(mention)
    return MentionContext("a1", text, start, start + len(mention))


def screen_lines(app: App[None]) -> list[str]:
    """The whole screen as drawn, with any control bytes left in place."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def clickable(app: App[None]) -> bool:
    """Whether any drawn cell carries a click action (markup would have added one)."""
    return any(
        segment.style is not None and "@click" in (segment.style.meta or {})
        for strip in app.screen._compositor.render_strips()
        for segment in strip
    )


def test_kwic_keeps_the_spacing_around_the_mention() -> None:
    ctx = context("President Erdoğan late Monday arrived in Azerbaijan's capital.", "Azerbaijan")
    left, mention, right = kwic_parts(ctx, left_chars=100)
    assert (left, mention, right) == (
        "President Erdoğan late Monday arrived in ",
        "Azerbaijan",
        "'s capital.",
    )


def test_kwic_trims_the_left_context_at_a_word_boundary() -> None:
    assert trim_left("one two three four five", 10) == "… four five"
    assert trim_left("short", 10) == "short"


def test_kwic_line_styles_only_the_mention() -> None:
    ctx = context("Talks in Baku ended.", "Baku")
    line = kwic_line(ctx, Style(bold=True), indent="")
    assert line.plain == "Talks in Baku ended."
    styled = [line.plain[s.start : s.end] for s in line.spans if s.style == Style(bold=True)]
    assert styled == ["Baku"]


def test_kwic_cleans_escapes_without_shifting_the_mention() -> None:
    ctx = context("A \x1b[31mred\x1b[0m word about Baku today", "Baku")
    assert kwic_parts(ctx, 100) == ("A red word about ", "Baku", " today")


def test_month_labels_and_range() -> None:
    assert month_label("2020-11") == "Nov 2020"
    months = [MonthCount("2020-11", 1), MonthCount("2020-12", 0), MonthCount("2021-07", 4)]
    assert month_range(months) == "Nov 2020 → Jul 2021"
    assert month_range(months[:1]) == "Nov 2020"
    assert month_range([]) == ""


def test_heading_text_names_type_aliases_and_counts() -> None:
    info = EntityInfo("k", "Recep Tayyip Erdoğan", "PERSON", ("Erdogan", "Erdoğan"), 12, 37)
    assert heading_text(info).plain == (
        'Recep Tayyip Erdoğan · person · also "Erdogan", "Erdoğan" · 12 articles · 37 mentions'
    )
    assert entity_look("GPE")[1] == "place"


class WidgetHost(App[None]):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


def hostile_row() -> ArticleRow:
    summary = ArticleSummary("a1", HOSTILE, datetime(2021, 6, 15), "Wire")
    return ArticleRow(EntityArticle(summary, 2), (context(f"{HOSTILE} Baku", "Baku"),))


async def test_hostile_titles_and_contexts_render_as_literal_text() -> None:
    articles = EntityArticleList()
    app = WidgetHost(articles)
    async with app.run_test(size=(120, 36)) as pilot:
        articles.add_rows([hostile_row()], complete=True)
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "2021-06-15  [bold red]x[/] [@click=app.quit]y[/]" in text
        assert "[@click=app.quit]y[/] end Baku" in text
        assert "\x1b" not in text and "\x07" not in text
        assert not clickable(app)


async def test_hostile_cooccurring_names_render_as_literal_text() -> None:
    cooccur = CooccurList()
    app = WidgetHost(cooccur)
    async with app.run_test(size=(120, 36)) as pilot:
        cooccur.show_rows([Cooccurrence("k", HOSTILE, "PERSON", 3)], entity_look)
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "[bold red]x[/] [@click=app.quit]y[/]" in text
        assert "\x1b" not in text and not clickable(app)


async def test_article_list_asks_for_more_near_the_end_only_once_per_page() -> None:
    articles = EntityArticleList()
    asked: list[EntityArticleList.MoreWanted] = []

    class Host(WidgetHost):
        def on_entity_article_list_more_wanted(self, message: EntityArticleList.MoreWanted) -> None:
            asked.append(message)

    async with Host(articles).run_test(size=(120, 36)) as pilot:
        articles.show_placeholder("loading…")
        articles.add_rows([hostile_row()], complete=False)
        await pilot.pause()
        await pilot.pause()
        assert len(asked) == 1
        articles.add_rows([], complete=True)
        await pilot.pause()
        assert len(asked) == 1


async def test_timeline_draws_one_bar_per_month() -> None:
    timeline = MentionTimeline()
    app = WidgetHost(timeline)
    async with app.run_test(size=(120, 36)) as pilot:
        months = [MonthCount(f"2021-{m:02d}", m % 3) for m in range(1, 10)]
        timeline.show_months(months)
        await pilot.pause()
        line = screen_lines(app)[0]
        assert "mentions per month" in line and "Jan 2021 → Sep 2021" in line
        bars = [ch for ch in line if ch in "▁▂▃▄▅▆▇█"]
        assert len(bars) == 9


async def test_each_article_takes_its_heading_and_one_line_per_context() -> None:
    summary = ArticleSummary("a1", "Talks in Baku", datetime(2021, 6, 15), "Wire")
    contexts = tuple(context(f"Sentence {n} names Baku here.", "Baku") for n in range(3))
    following = ArticleSummary("a2", "Next story", datetime(2021, 6, 14), "Wire")
    articles = EntityArticleList()
    app = WidgetHost(articles)
    async with app.run_test(size=(120, 36)) as pilot:
        rows = [
            ArticleRow(EntityArticle(summary, 3), contexts),
            ArticleRow(EntityArticle(following, 1)),
        ]
        articles.add_rows(rows, complete=True)
        await pilot.pause()
        lines = [line.strip() for line in screen_lines(app)[:5]]
        assert lines[0].startswith("2021-06-15  Talks in Baku")
        assert lines[1:4] == [f"Sentence {n} names Baku here." for n in range(3)]
        assert lines[4].startswith("2021-06-14  Next story")


def fitted(line: FitLine, width: int) -> list[str]:
    console = Console(width=width, color_system=None, legacy_windows=False)
    with console.capture() as capture:
        console.print(line)
    return capture.get().splitlines()


def test_fit_line_crops_the_left_text_and_keeps_the_cells_whole() -> None:
    line = FitLine(Text("A very long article title indeed"), Text("12×"))
    assert fitted(line, 20) == ["A very long art… 12×"]
    assert fitted(line, 40) == ["A very long article title indeed".ljust(36) + " 12×"]


def test_fit_line_cells_have_fixed_widths() -> None:
    line = FitLine(Text("Ilham Aliyev"), fixed(Text("person"), 6), fixed(Text("9"), 4, True))
    assert fitted(line, 30) == ["Ilham Aliyev".ljust(18) + " person    9"]
    assert fixed(Text("organisation"), 6).plain == "organ…"


def test_fit_line_never_draws_wider_than_its_room() -> None:
    line = FitLine(Text("Title"), Text("1234567890"))
    assert [len(row) for row in fitted(line, 8)] == [8]


def numbered_rows(count: int, contexts: int = 3) -> list[ArticleRow]:
    """``count`` articles, newest first, each with ``contexts`` lines naming Baku."""
    rows = []
    for n in range(count):
        day = datetime(2021, 6, 28) - timedelta(days=n)
        summary = ArticleSummary(f"a{n}", f"Story {n}", day, "Wire")
        lines = tuple(
            context(f"Line {m} of story {n} names Baku.", "Baku") for m in range(contexts)
        )
        rows.append(ArticleRow(EntityArticle(summary, contexts), lines))
    return rows


class Picked(WidgetHost):
    """Records the articles the list says were chosen."""

    def __init__(self, widget: Widget) -> None:
        super().__init__(widget)
        self.picked: list[str] = []

    def on_entity_article_list_selected(self, message: EntityArticleList.Selected) -> None:
        self.picked.append(message.article_id)


async def test_keys_move_a_row_at_a_time_and_enter_or_a_click_chooses() -> None:
    articles = EntityArticleList()
    app = Picked(articles)
    async with app.run_test(size=(60, 12)) as pilot:
        articles.add_rows(numbered_rows(6), complete=True)
        await pilot.pause()
        assert articles.highlighted == 0
        await pilot.press("down", "j")
        assert articles.highlighted == 2
        await pilot.press("end")
        assert articles.highlighted == 5
        await pilot.pause()
        assert any(line.strip().startswith("2021-06-23  Story 5") for line in screen_lines(app))
        await pilot.press("k", "enter")
        assert app.picked == ["a4"]
        await pilot.press("home")
        await pilot.pause()
        await pilot.click(EntityArticleList, offset=(5, 5))  # line 5: story 1's heading
        assert articles.highlighted == 1 and app.picked == ["a4", "a1"]


async def test_a_cursor_set_before_the_list_is_laid_out_is_scrolled_into_view() -> None:
    """Back from an article, the page's first page arrives as the screen is built; the
    article the user came from must be on screen, not just highlighted."""

    class Early(WidgetHost):
        def on_mount(self) -> None:
            articles.add_rows(numbered_rows(20), complete=True)
            articles.highlighted = 17

    articles = EntityArticleList()
    app = Early(articles)
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        await pilot.pause()
        lines = [line.strip() for line in screen_lines(app)]
        assert any(line.startswith("2021-06-11  Story 17") for line in lines), lines


async def test_a_long_list_draws_only_the_lines_on_screen() -> None:
    """A page of 400 loaded articles repaints what is visible (12 lines), however many
    rows it holds: the old ``OptionList`` rendered every row it held."""
    drawn: list[int] = []
    articles = EntityArticleList()
    app = WidgetHost(articles)
    async with app.run_test(size=(60, 12)) as pilot:
        articles.add_rows(numbered_rows(400), complete=True)
        await pilot.pause()
        original = articles.render_line

        def counting(y: int):  # type: ignore[no-untyped-def]
            drawn.append(y)
            return original(y)

        articles.render_line = counting  # type: ignore[method-assign]
        articles.refresh()
        await pilot.pause()
        assert 0 < len(drawn) <= 12


def test_counts_are_grouped_by_thousands_as_in_the_article_list() -> None:
    info = EntityInfo("k", "Miesflirstad", "GPE", (), 9020, 60124)
    assert heading_text(info).plain.endswith(" · 9,020 articles · 60,124 mentions")
