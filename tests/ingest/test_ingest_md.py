"""Markdown articles: front matter fields and markup-free paragraphs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ingest_helpers import read, read_one
from newsdesk.ingest import IngestError

POST = """---
title: Ferry service returns
date: 2021-06-15T08:30:00+02:00
source: Island Post
author: B. Writer
url: https://island.example/ferry
tags: [transport, islands]
---
# Ferry service returns

The **first** ferry in _three_ months left at dawn, says the [port](https://port.example)
authority.

## Timetable

- Mondays and `Thursdays`
- ![A ferry at the pier](ferry.jpg) photo
"""


def test_front_matter_and_plain_body(tmp_path: Path) -> None:
    article = read_one(tmp_path, "ferry.md", POST)
    assert article.title == "Ferry service returns"
    assert article.date == datetime(2021, 6, 15, 8, 30, tzinfo=timezone(timedelta(hours=2)))
    assert article.source == "Island Post"
    assert article.author == "B. Writer"
    assert article.url == "https://island.example/ferry"
    assert article.tags == ("transport", "islands")
    assert article.format == "md"
    assert article.body == (
        "Ferry service returns\n\n"
        "The first ferry in three months left at dawn, says the port authority.\n\n"
        "Timetable\n\n"
        "Mondays and Thursdays\n\n"
        "A ferry at the pier photo"
    )


def test_first_heading_is_title_without_front_matter(tmp_path: Path) -> None:
    article = read_one(tmp_path, "n.markdown", "# Snow *closes* roads\n\nDrivers stayed home.\n")
    assert article.title == "Snow closes roads"
    assert article.body == "Drivers stayed home."
    assert article.date is None


def test_comma_separated_tags_and_yaml_date(tmp_path: Path) -> None:
    text = "---\ntags: a, b ,c\ndate: 2020-02-29\n---\nText.\n"
    article = read_one(tmp_path, "t.md", text)
    assert article.tags == ("a", "b", "c")
    assert article.date == datetime(2020, 2, 29, tzinfo=UTC)
    assert article.title == "Text"


def test_broken_front_matter_is_dropped_with_warning(tmp_path: Path) -> None:
    result = read(tmp_path, "b.md", "---\ntitle: [unclosed\n---\nBody survives.\n")
    assert result.articles[0].body == "Body survives."
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("front matter ignored:")
    assert "\n" not in result.warnings[0]


def test_nested_front_matter_values_are_not_stringified(tmp_path: Path) -> None:
    text = "---\ntitle: {nested: [1, 2]}\nauthor: [{name: A}, {name: B}]\n---\nBody.\n"
    article = read_one(tmp_path, "n.md", text)
    assert article.title == "Body"
    assert article.author == "A, B"


def test_yaml_alias_bomb_is_harmless(tmp_path: Path) -> None:
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        below = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([below] * 9)}]")
    lines += ["title: *a8", "tags: *a8", "---", "Body."]
    article = read_one(tmp_path, "bomb.md", "\n".join(lines))
    assert article.title == "Body"
    assert article.tags == ()


def test_raw_html_block_becomes_text(tmp_path: Path) -> None:
    text = "Intro.\n\n<div><p>Inside</p><script>alert(1)</script></div>\n\nOutro.\n"
    assert read_one(tmp_path, "h.md", text).body == "Intro.\n\nInside\n\nOutro."


def test_front_matter_only_has_no_article_text(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no article text"):
        read(tmp_path, "e.md", "---\ntitle: Nothing else\n---\n")
