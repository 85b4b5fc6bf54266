"""Handing an article on from the reader (issue #14 §3), driven with keys over the real
sample index: ``o`` opens its URL in a browser, ``v`` its file in ``$EDITOR``, ``y``
copies, ``x`` exports the list. The browser and the editor are real processes: small
shell scripts that write what they were given to a marker file."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import webbrowser
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from textual.geometry import Offset
from textual.selection import Selection

from newsdesk.export import citation
from newsdesk.library import Library
from newsdesk.models import Article, ArticleSummary
from newsdesk.settings import Settings
from newsdesk.tui import handover
from newsdesk.tui.app import NewsdeskApp, make_app
from newsdesk.tui.handover import Outcome, copied_text, web_address
from newsdesk.tui.messages import OpenEntity
from newsdesk.tui.screens.entities import EntitiesScreen
from newsdesk.tui.screens.entity import EntityScreen
from newsdesk.tui.screens.pickers import ChoicePicker, TextPrompt
from newsdesk.tui.widgets.reading_pane import details
from pilot_helpers import SIZE, notifications, reading, started, type_query, until

TODAY = date.today().isoformat()


@pytest.fixture
def app(library: Library, settings: Settings) -> NewsdeskApp:
    return make_app(library, settings, refresh_on_start=False)


def with_url(library: Library) -> ArticleSummary:
    return next(a for a in library.list_articles(0, 200) if a.url.startswith("https://"))


def without_url(library: Library) -> ArticleSummary:
    return next(a for a in library.list_articles(0, 200) if not a.url)


def recorder(folder: Path, name: str) -> tuple[Path, Path]:
    """A real program that writes its first argument to a marker file, and the marker."""
    marker = folder / f"{name}.out"
    script = folder / name
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{marker}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, marker


@pytest.fixture
def fresh_browsers(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """webbrowser reads $BROWSER once per process: let it read it again, and restore it."""
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    return monkeypatch


# --- the details line --------------------------------------------------------------------
async def test_the_reading_pane_shows_the_articles_url_and_file(app: NewsdeskApp, library: Library):
    shown = with_url(library)
    async with app.run_test(size=(160, 40)) as pilot:
        reader = await reading(pilot, shown.id)
        shown_text = reader.get_selection(Selection(None, None))
        assert shown_text is not None
        folded = "".join(shown_text[0].split("\n\n")[0].split("\n"))
        corpus = library.corpus
        assert corpus is not None
        assert f"{shown.url}{Path(shown.path).relative_to(corpus.parent)}" in folded
        assert Path(shown.path).relative_to(corpus.parent).parts[0] == "sample_articles"


# --- o: open the URL ----------------------------------------------------------------------
async def test_o_opens_the_url_in_the_browser(
    app: NewsdeskApp, library: Library, tmp_path: Path, fresh_browsers: pytest.MonkeyPatch
):
    browser, marker = recorder(tmp_path, "browser")
    fresh_browsers.setenv("BROWSER", str(browser))
    shown = with_url(library)
    async with app.run_test(size=SIZE) as pilot:
        await reading(pilot, shown.id)
        await pilot.press("o")
        await until(pilot, marker.exists)
        assert marker.read_text() == shown.url
        assert notifications(app)[-1] == f"Opened {shown.url}"


async def test_a_background_browser_cannot_write_over_the_screen(
    app: NewsdeskApp, library: Library, tmp_path: Path, fresh_browsers: pytest.MonkeyPatch
):
    """A graphical browser starts in the background and chatters on its stdout and
    stderr; they are /dev/null, not the terminal the reader draws on."""
    marker = tmp_path / "browser.out"
    script = tmp_path / "noisy-browser"
    script.write_text(
        "#!/bin/sh\necho NOISE; echo NOISE >&2\n"
        f'printf "%s\\n%s\\n%s" "$1" "$(readlink /proc/$$/fd/1)" "$(readlink /proc/$$/fd/2)"'
        f' > "{marker}.tmp" && mv "{marker}.tmp" "{marker}"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    fresh_browsers.delenv("BROWSER", raising=False)
    background = webbrowser.BackgroundBrowser([str(script), "%s"])
    webbrowser.register("newsdesk-test-background", None, background, preferred=True)
    shown = with_url(library)
    async with app.run_test(size=SIZE) as pilot:
        await reading(pilot, shown.id)
        await pilot.press("o")
        await until(pilot, marker.exists)
        assert marker.read_text().split("\n") == [shown.url, os.devnull, os.devnull]


async def test_o_without_a_url_says_so(app: NewsdeskApp, library: Library):
    async with app.run_test(size=SIZE) as pilot:
        await reading(pilot, without_url(library).id)
        await pilot.press("o")
        await until(pilot, lambda: notifications(app))
        assert "no URL" in notifications(app)[-1]


async def test_o_without_any_browser_says_so(
    app: NewsdeskApp, library: Library, tmp_path: Path, fresh_browsers: pytest.MonkeyPatch
):
    for name in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY"):
        fresh_browsers.delenv(name, raising=False)
    fresh_browsers.setenv("PATH", str(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await reading(pilot, with_url(library).id)
        await pilot.press("o")
        await until(pilot, lambda: notifications(app))
        assert notifications(app)[-1].startswith("No web browser found: set $BROWSER")


# --- v: the file in $EDITOR / $PAGER -------------------------------------------------------
async def test_v_opens_the_file_in_the_editor(
    app: NewsdeskApp, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    editor, marker = recorder(tmp_path, "editor")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{editor} ")
    shown = with_url(library)
    async with app.run_test(size=SIZE) as pilot:
        await reading(pilot, shown.id)
        await pilot.press("v")
        await until(pilot, marker.exists)
        assert marker.read_text() == shown.path
        assert notifications(app)[-1].startswith("Back from ")


async def test_v_falls_back_to_the_pager(
    app: NewsdeskApp, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    pager, marker = recorder(tmp_path, "pager")
    for name in ("VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PAGER", str(pager))
    shown = with_url(library)
    async with app.run_test(size=SIZE) as pilot:
        await reading(pilot, shown.id)
        await pilot.press("v")
        await until(pilot, marker.exists)
        assert marker.read_text() == shown.path


@pytest.mark.parametrize(
    ("editor", "said"),
    [
        (None, "Set $EDITOR or $PAGER to open the file"),
        ("false", "$EDITOR (false) stopped with status 1"),
        ("/nonexistent/editor", "Could not run $EDITOR (/nonexistent/editor)"),
        ('vim "unclosed', "$EDITOR is not a command line"),
    ],
)
async def test_v_says_in_one_line_what_went_wrong(
    app: NewsdeskApp,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    editor: str | None,
    said: str,
):
    for name in ("VISUAL", "EDITOR", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    if editor is not None:
        monkeypatch.setenv("EDITOR", editor)
    async with app.run_test(size=SIZE) as pilot:
        await reading(pilot, with_url(library).id)
        await pilot.press("v")
        await until(pilot, lambda: notifications(app))
        assert notifications(app)[-1].startswith(said)
        assert "\n" not in notifications(app)[-1]


# --- y: copy ---------------------------------------------------------------------------------
async def test_y_copies_the_title_and_url(app: NewsdeskApp, library: Library):
    shown = with_url(library)
    async with app.run_test(size=SIZE) as pilot:
        await reading(pilot, shown.id)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        await pilot.press("enter")
        await until(pilot, lambda: app.clipboard)
        assert app.clipboard == f"{shown.title} — {shown.url}"


async def test_y_copies_a_quote_with_its_citation(app: NewsdeskApp, library: Library):
    shown = with_url(library)
    article = library.get_article(shown.id)
    assert article is not None and article.date is not None
    async with app.run_test(size=SIZE) as pilot:
        reader = await reading(pilot, shown.id)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.clipboard)
        quote, cited = app.clipboard.split("\n")
        assert quote == f"“{' '.join(reader.passage().split())}”"
        assert reader.passage() in article.body
        day = f"{article.date.day} {article.date:%B %Y}"
        assert cited == f"— {article.title}, {article.source}, {day}. {article.url}"


async def test_y_copies_the_text_selected_with_the_mouse(app: NewsdeskApp, library: Library):
    shown = with_url(library)
    async with app.run_test(size=SIZE) as pilot:
        reader = await reading(pilot, shown.id)
        await pilot.mouse_down(reader, offset=(1, 0))
        await pilot.hover(reader, offset=(15, 0))
        await pilot.mouse_up(reader, offset=(15, 0))
        await until(pilot, lambda: app.screen.get_selected_text())
        selected = app.screen.get_selected_text() or ""
        assert len(selected) >= 5 and selected in shown.title
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        assert app.screen.query_one("OptionList").option_count == 3
        await pilot.press("down", "down", "enter")
        await until(pilot, lambda: app.clipboard)
        assert app.clipboard == selected


async def test_a_selection_becomes_the_quote(app: NewsdeskApp, library: Library):
    shown = with_url(library)
    async with app.run_test(size=SIZE) as pilot:
        reader = await reading(pilot, shown.id)
        app.screen.selections = {reader: Selection(Offset(0, 0), Offset(12, 0))}
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.clipboard)
        assert app.clipboard.startswith(f"“{shown.title[:12].strip()}”\n— ")


# --- x: export -------------------------------------------------------------------------------
async def export_with_keys(pilot, name: str | None = None) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("x")
    await until(pilot, lambda: isinstance(pilot.app.screen, TextPrompt))
    if name is not None:
        await pilot.press(*name)
    await pilot.press("enter")


async def test_x_exports_the_search_results_to_a_file_named_after_the_search(
    app: NewsdeskApp, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await type_query(pilot, "Shusha")
        await pilot.press("enter")
        await export_with_keys(pilot)
        target = tmp_path / f"newsdesk-search-shusha-{TODAY}.csv"
        await until(pilot, lambda: any("Exported" in n for n in notifications(app)))
        rows = list(csv.DictReader(io.StringIO(target.read_text())))
        hits = library.search("Shusha", limit=1000).hits
        assert [r["id"] for r in rows] == [h.summary.id for h in hits]
        assert notifications(app)[-1] == f"Exported {len(hits)} articles to {target.name}"


async def test_x_exports_the_whole_archive_as_json_when_browsing(
    app: NewsdeskApp, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await export_with_keys(pilot, "all.json")
        await until(pilot, lambda: (tmp_path / "all.json").exists())
        await until(pilot, lambda: any("Exported" in n for n in notifications(app)))
        data = json.loads((tmp_path / "all.json").read_text())
        assert data["count"] == library.article_count() == len(data["articles"])
        assert [a["id"] for a in data["articles"]][:5] == [
            a.id for a in library.list_articles(0, 5)
        ]


async def test_x_asks_before_replacing_a_file(
    app: NewsdeskApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.md").write_text("my notes")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await export_with_keys(pilot, "mine.md")
        await until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        await pilot.press("enter")  # the first answer: keep it
        await pilot.pause(0.3)
        assert (tmp_path / "mine.md").read_text() == "my notes"
        await export_with_keys(pilot, "mine.md")
        await until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        await pilot.press("down", "enter")  # replace it
        await until(pilot, lambda: (tmp_path / "mine.md").read_text() != "my notes")
        assert (tmp_path / "mine.md").read_text().startswith("## articles, newest first\n")


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("/nonexistent-folder/out.csv", "Could not write /nonexistent-folder/out.csv: "),
        ("out.txt", "Name the file .csv, .json or .md: out.txt"),
    ],
)
async def test_x_says_in_one_line_why_it_could_not_export(
    app: NewsdeskApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, said: str
):
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await export_with_keys(pilot, name)
        await until(pilot, lambda: notifications(app))
        assert notifications(app)[-1].startswith(said)
        assert os.listdir(tmp_path) == []


async def test_x_on_an_entity_page_exports_its_articles(
    app: NewsdeskApp, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    info = library.resolve_entity("erdogan")
    assert info is not None
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await started(pilot)
        screen.post_message(OpenEntity(info.key))
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.info)
        await export_with_keys(pilot)
        target = tmp_path / f"newsdesk-entity-recep-tayyip-erdoğan-{TODAY}.csv"
        await until(pilot, target.exists)
        await until(pilot, lambda: any("Exported" in n for n in notifications(app)))
        rows = list(csv.DictReader(io.StringIO(target.read_text())))
        assert len(rows) == info.article_count
        assert sum(int(r["mentions"]) for r in rows) == info.mention_count


async def test_x_on_the_entities_screen_exports_the_table(
    app: NewsdeskApp, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, EntitiesScreen))
        await pilot.press("t")  # people only
        await export_with_keys(pilot, "people.md")
        await until(pilot, lambda: (tmp_path / "people.md").exists())
        text = (tmp_path / "people.md").read_text()
        people = library.list_entities("person", limit=100_000)
        assert text.startswith("## entities, person, by articles\n")
        assert len([line for line in text.splitlines() if line.startswith("| ")]) == 1 + len(people)


# --- untrusted addresses, paths and titles --------------------------------------------------
EVIL = Article(
    "e1",
    "Loud \x1b[31mred\x1b[0m [b]title[/b]",
    "First paragraph \x1b]52;c;aGk=\x07 here.\n\nSecond.",
    source="Wire\u202e",
    url="https://x.test/\x1b]0;pwned\x07a",
    path="/news/evil\x1b[2J.md",
)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "-remote-option", "data:text/html,hi"]
)
def test_only_web_addresses_are_opened(url: str):
    found = web_address(replace(EVIL, url=url))
    assert isinstance(found, Outcome) and found.failed and "Not a web address" in found.text


def test_the_details_lines_and_the_clipboard_are_inert():
    shown = [*details(EVIL), copied_text("title", EVIL, "", ""), citation(EVIL, EVIL.body)]
    for text in shown:
        assert not any(ch in text for ch in "\x1b\x07\x9b\u202e"), text
    assert details(EVIL)[1] == "/news/evil\\x1b[2J.md"
    assert copied_text("title", EVIL, "", "").startswith("Loud red [b]title[/b] — https://")


def test_an_export_of_one_says_one_article() -> None:
    assert handover.counted(1, "articles") == "1 article"
    assert handover.counted(1, "entities") == "1 entity"
    assert handover.counted(2000, "articles") == "2,000 articles"
