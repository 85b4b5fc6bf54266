"""The exporter (``newsdesk.export``) on its own: tables of plain models in three formats,
read back with the real parsers (``csv``, ``json``, markdown-it's table rule)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from newsdesk.export import (
    ARTICLE_COLUMNS,
    article_table,
    csv_value,
    default_name,
    entity_table,
    format_of,
    render,
    write_new,
)
from newsdesk.models import ArticleSummary, EntityInfo
from newsdesk.safety import clean_line

WHEN = datetime(2021, 6, 15, tzinfo=UTC)
PIECES = ["=", "+", "-", "@", "\t", "\r", "'", '"', ",", "|", "\n", "\x1b[31m", "\x9b",
          "\x1b]52;c;aGk=\x07", "\u202e", "[x](javascript:1)", "<b>", "*", "_", "`", "~~",
          "&amp;", "\\", "a", " ", "é"]  # fmt: skip
"""What hostile titles are made of: formula starts, CSV and Markdown syntax, escapes."""
HOSTILE = st.one_of(st.text(), st.lists(st.sampled_from(PIECES)).map("".join))


def summary(title: str, n: int = 1) -> ArticleSummary:
    return ArticleSummary(f"id{n}", title, WHEN, "Caucasus Wire", f"/a/{n}.md", "https://x.test/")


def is_control(ch: str) -> bool:
    """A character a terminal could act on (newline is the one allowed)."""
    return (ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def markdown_cells(text: str) -> list[list[str]]:
    """The table's body cells as markdown-it reads them, as plain text; any markup
    (a link, emphasis, HTML, code) inside a cell fails the test."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rows: list[list[str]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            kinds = {child.type for child in token.children or []}
            assert kinds <= {"text"}, kinds
            rows[-1].append("".join(child.content for child in token.children or []))
    return rows[1:]


def test_csv_has_a_header_and_one_row_per_article():
    table = article_table('search "Shusha"', [summary("One, two"), summary('Say "hi"', 2)])
    rows = csv_rows(render(table, "csv"))
    assert rows[0] == list(ARTICLE_COLUMNS)
    assert rows[1] == ["id1", WHEN.isoformat(), "One, two", "Caucasus Wire", "https://x.test/",
                       "/a/1.md"]  # fmt: skip
    assert rows[2][2] == 'Say "hi"'


@pytest.mark.parametrize("title", ["=1+1", "+1", "-2", "@SUM(A1)", "\t=x", "'=1", "''+x"])
def test_csv_cells_that_a_spreadsheet_would_run_are_guarded(title: str):
    cell = csv_rows(render(article_table("t", [summary(title)]), "csv"))[1][2]
    assert cell.startswith("'") and cell[1:] == clean_line(title)
    assert csv_value(cell) == clean_line(title)


def test_harmless_apostrophes_are_left_alone():
    cell = csv_rows(render(article_table("t", [summary("'Til the end")]), "csv"))[1][2]
    assert cell == "'Til the end" == csv_value(cell)


def test_entity_tables_join_aliases_in_csv_and_keep_lists_in_json():
    info = EntityInfo("ilham aliyev", "Ilham Aliyev", "PERSON", ("Aliyev", "I. Aliyev"), 9, 30)
    table = entity_table("entities", [info])
    assert csv_rows(render(table, "csv"))[1] == [
        "Ilham Aliyev", "PERSON", "Aliyev; I. Aliyev", "9", "30", "ilham aliyev"
    ]  # fmt: skip
    data = json.loads(render(table, "json"))
    assert data["count"] == 1
    assert data["entities"][0]["aliases"] == ["Aliyev", "I. Aliyev"]
    assert data["entities"][0]["articles"] == 9


def test_markdown_escapes_pipes_and_newlines():
    text = render(article_table("a | b", [summary("left | right\nnext line")]), "md")
    assert text.startswith("## a \\| b\n")
    assert markdown_cells(text)[0][2] == "left | right next line"


def test_json_keeps_undated_articles_null():
    undated = ArticleSummary("id9", "No date", None, "")
    data = json.loads(render(article_table("t", [undated]), "json"))
    assert data["articles"][0]["date"] is None and data["title"] == "t"


@settings(max_examples=300, deadline=None)
@given(st.lists(HOSTILE, min_size=1, max_size=5))
def test_csv_round_trips_hostile_titles_as_displayed_and_runs_nothing(titles: list[str]):
    text = render(article_table("t", [summary(t, i) for i, t in enumerate(titles)]), "csv")
    rows = csv_rows(text)[1:]
    assert [csv_value(row[2]) for row in rows] == [clean_line(t) for t in titles]
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for row in rows for cell in row)
    assert not any(map(is_control, text))


@settings(max_examples=300, deadline=None)
@given(st.lists(HOSTILE, min_size=1, max_size=5))
def test_json_round_trips_hostile_titles_exactly_and_prints_no_control(titles: list[str]):
    text = render(article_table("t", [summary(t, i) for i, t in enumerate(titles)]), "json")
    assert [a["title"] for a in json.loads(text)["articles"]] == titles
    assert not any(map(is_control, text))


@settings(max_examples=300, deadline=None)
@given(st.lists(HOSTILE, min_size=1, max_size=5))
def test_markdown_cells_read_back_as_the_displayed_titles(titles: list[str]):
    text = render(article_table("t", [summary(t, i) for i, t in enumerate(titles)]), "md")
    cells = markdown_cells(text)
    assert all(len(row) == len(ARTICLE_COLUMNS) for row in cells)
    assert [row[2] for row in cells] == [clean_line(t) for t in titles]


def test_default_names_say_what_and_when():
    day = date(2026, 12, 1)
    assert default_name("search", 'Ilham "Aliyev"', "csv", day) == (
        "newsdesk-search-ilham-aliyev-2026-12-01.csv"
    )
    assert default_name("articles", "", "md", day) == "newsdesk-articles-2026-12-01.md"
    assert default_name("search", "../../etc/passwd", "json", day).startswith(
        "newsdesk-search-etc-passwd-"
    )


def test_format_follows_the_extension():
    assert [format_of(n) for n in ("a.csv", "b.JSON", "c.md", "d.markdown", "e.txt", "f")] == [
        "csv", "json", "md", "md", None, None
    ]  # fmt: skip


def test_an_existing_file_is_kept_unless_overwrite_is_asked(tmp_path: Path):
    target = tmp_path / "out.csv"
    target.write_text("mine")
    with pytest.raises(FileExistsError):
        write_new(str(target), "new")
    assert target.read_text() == "mine"
    write_new(str(target), "new", overwrite=True)
    assert target.read_text() == "new"
