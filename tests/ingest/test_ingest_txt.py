"""Plain-text articles: header block, title rules, paragraph shape."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest_helpers import read, read_one
from newsdesk.ingest import IngestError
from newsdesk.ingest.txt import parse_plain

STORY = (
    "Harbour cranes idle as dockworkers strike\n"
    "\n"
    "Dockworkers at the port of Eastmere walked out on Monday, leaving ships\n"
    "waiting in the bay.\n"
    "\n"
    "Union leaders said the strike would last a week.\n"
)


def test_headline_becomes_title_and_leaves_body(tmp_path: Path) -> None:
    article = read_one(tmp_path, "strike.txt", STORY)
    assert article.title == "Harbour cranes idle as dockworkers strike"
    assert article.body == (
        "Dockworkers at the port of Eastmere walked out on Monday, leaving ships "
        "waiting in the bay.\n\nUnion leaders said the strike would last a week."
    )
    assert article.format == "txt"
    assert article.date is None
    assert article.path == str(tmp_path / "strike.txt")


def test_header_block_fields(tmp_path: Path) -> None:
    text = (
        "Title: Council approves new library\n"
        "date: 2021-06-15\n"
        "SOURCE: The Eastmere Gazette\n"
        "Author:  Ann Example \n"
        "URL: https://news.example/library\n"
        "Tags: culture, local ,, books\n"
        "\n"
        "The council voted on Tuesday.\n"
    )
    article = read_one(tmp_path, "library.txt", text)
    assert article.title == "Council approves new library"
    assert article.date == datetime(2021, 6, 15, tzinfo=UTC)
    assert article.source == "The Eastmere Gazette"
    assert article.author == "Ann Example"
    assert article.url == "https://news.example/library"
    assert article.tags == ("culture", "local", "books")
    assert article.body == "The council voted on Tuesday."


def test_header_without_title_still_finds_headline(tmp_path: Path) -> None:
    text = "Date: 15 June 2021\n\nMarket reopens after fire\n\nTraders returned today.\n"
    article = read_one(tmp_path, "market.txt", text)
    assert article.title == "Market reopens after fire"
    assert article.body == "Traders returned today."
    assert article.date == datetime(2021, 6, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    "first_block",
    [
        "Note: this is not a header\nTitle: but looks like one",
        "Title: a header line\nfollowed by prose without a key",
        "Dateline: Eastmere, where the council met on Monday evening.",
    ],
)
def test_block_with_unknown_key_is_body(tmp_path: Path, first_block: str) -> None:
    article = read_one(tmp_path, "x.txt", first_block + "\n\nSecond paragraph here.\n")
    assert article.body.startswith(first_block.split("\n")[0])
    assert article.body.endswith("Second paragraph here.")


def test_sentence_first_line_is_not_a_headline(tmp_path: Path) -> None:
    text = "The mayor resigned on Friday.\n\nShe gave no reason.\n"
    article = read_one(tmp_path, "mayor.txt", text)
    assert article.title == "The mayor resigned on Friday"
    assert article.body == "The mayor resigned on Friday.\n\nShe gave no reason."


def test_short_line_not_followed_by_blank_is_not_a_headline(tmp_path: Path) -> None:
    text = "Rain expected\nacross the region tomorrow, forecasters said.\n"
    article = read_one(tmp_path, "rain.txt", text)
    assert article.body == "Rain expected across the region tomorrow, forecasters said."
    assert article.title == "Rain expected across the region tomorrow, forecasters said"


def test_long_first_line_is_not_a_headline(tmp_path: Path) -> None:
    words = " ".join(f"word{i}" for i in range(17))
    article = read_one(tmp_path, "long.txt", f"{words}\n\nMore text.\n")
    assert article.body.startswith(words)


def test_derived_title_skips_abbreviations_and_cuts_long_sentences(tmp_path: Path) -> None:
    text = (
        "Mr. Ortega and the U.S. delegation met officials from forty nations in a long "
        "and difficult session that ran far into the night. Talks resume today.\n"
    )
    article = read_one(tmp_path, "talks.txt", text)
    assert article.title.startswith("Mr. Ortega and the U.S. delegation met")
    assert article.title.endswith("…")
    assert len(article.title) <= 101
    assert "Talks resume" not in article.title


def test_paragraph_whitespace_is_collapsed(tmp_path: Path) -> None:
    text = "\n\n  Lede   line\twith  tabs\r\nand CRLF  \r\n\r\n\r\n\r\n  Second  \n\n\n"
    article = read_one(tmp_path, "ws.txt", text)
    assert article.body == "Lede line with tabs and CRLF\n\nSecond"


def test_headline_only_has_no_article_text(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no article text"):
        read(tmp_path, "only.txt", "Just a headline\n\n\n")


def test_whitespace_only_file_has_no_article_text(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no article text"):
        read(tmp_path, "blank.txt", " \n\t\n \n")


def test_unparseable_header_date_warns(tmp_path: Path) -> None:
    result = read(tmp_path, "d.txt", "Date: the day after\n\nBody text.\n")
    assert result.articles[0].date is None
    assert result.warnings == ["date not understood: 'the day after'"]


def test_parse_plain_is_usable_alone() -> None:
    parsed = parse_plain("Title: T\nTags: a\n\nHeadline kept in body\n\nText.")
    assert parsed.header == {"title": "T", "tags": "a"}
    assert parsed.title == "T"
    assert parsed.body == "Headline kept in body\n\nText."
