"""JSON and JSON Lines articles: shapes, field aliases, odd types, broken input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest_helpers import read, read_one
from newsdesk.ingest import IngestError

NO_ARTICLES = "no articles: expected an object or a list of objects with title and body"


def dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_single_object(tmp_path: Path) -> None:
    record = {
        "headline": "Orchard harvest doubles",
        "text": "Growers reported a record year.\n\nPrices fell.",
        "published_at": "2021-06-15T10:00:00Z",
        "publisher": "Farm Weekly",
        "byline": "D. Grower",
        "link": "https://farm.example/orchard",
        "keywords": "farming, fruit",
    }
    article = read_one(tmp_path, "one.json", dump(record))
    assert article.title == "Orchard harvest doubles"
    assert article.body == "Growers reported a record year.\n\nPrices fell."
    assert article.date == datetime(2021, 6, 15, 10, tzinfo=UTC)
    assert article.source == "Farm Weekly"
    assert article.author == "D. Grower"
    assert article.url == "https://farm.example/orchard"
    assert article.tags == ("farming", "fruit")
    assert article.format == "json"


@pytest.mark.parametrize("wrapper", ["list", "articles", "items"])
def test_collections(tmp_path: Path, wrapper: str) -> None:
    entries = [{"title": "A", "body": "Alpha."}, {"title": "B", "body": "Beta."}]
    data: object = entries if wrapper == "list" else {wrapper: entries}
    result = read(tmp_path, "many.json", dump(data))
    assert [a.title for a in result.articles] == ["A", "B"]
    assert result.warnings == []


def test_newsapi_shape(tmp_path: Path) -> None:
    data = {
        "status": "ok",
        "articles": [
            {
                "source": {"id": None, "name": "Wire Service"},
                "author": None,
                "title": "Ports reopen",
                "description": "Short description.",
                "content": "Full content.",
                "publishedAt": "2021-06-15T10:00:00Z",
                "url": "https://wire.example/ports",
            }
        ],
    }
    article = read(tmp_path, "newsapi.json", dump(data)).articles[0]
    assert article.source == "Wire Service"
    assert article.body == "Full content."
    assert article.author == ""


def test_odd_types_are_coerced_or_skipped(tmp_path: Path) -> None:
    entries = [
        {"title": 2021, "body": ["First paragraph.", "Second\nparagraph."]},
        {"title": "Object body", "body": {"html": "<p>x</p>"}},
        "not an object",
        {"title": "HTML body", "content": "<p>Para <b>one</b></p><p>Two</p><script>x()</script>"},
        {"title": ["a", "list"], "body": "Text.", "tags": ["t1", 2, {"x": 1}, None]},
    ]
    result = read(tmp_path, "odd.json", dump(entries))
    assert [a.title for a in result.articles] == ["2021", "HTML body", "Text"]
    assert result.articles[0].body == "First paragraph.\n\nSecond\n\nparagraph."
    assert result.articles[1].body == "Para one\n\nTwo"
    assert result.articles[2].tags == ("t1", "2")
    assert result.warnings == [
        "entry 2: body is not text; skipped",
        "entry 3: not an object; skipped",
    ]


def test_entry_without_text_is_skipped(tmp_path: Path) -> None:
    entries = [{"title": "Empty", "body": ""}, {"title": "Full", "body": "Yes."}]
    result = read(tmp_path, "e.json", dump(entries))
    assert [a.title for a in result.articles] == ["Full"]
    assert result.warnings == ["entry 1: no article text; skipped"]


def test_single_object_without_text_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^no article text$"):
        read(tmp_path, "e.json", dump({"title": "Only a title", "body": "   "}))


def test_all_entries_unusable_is_an_error(tmp_path: Path) -> None:
    entries = [{"title": "A", "body": {"x": 1}}, {"title": "B", "body": {"y": 2}}]
    with pytest.raises(IngestError, match="entry 1: body is not text"):
        read(tmp_path, "bad.json", dump(entries))


@pytest.mark.parametrize(
    "data", [{"name": "config", "version": 3}, [1, 2, 3], "just a string", 42, [{"a": 1}]]
)
def test_no_article_shape(tmp_path: Path, data: object) -> None:
    with pytest.raises(IngestError) as caught:
        read(tmp_path, "x.json", dump(data))
    assert str(caught.value) == NO_ARTICLES


def test_empty_list_is_no_articles_quietly(tmp_path: Path) -> None:
    result = read(tmp_path, "empty.json", dump({"items": []}))
    assert result.articles == [] and result.warnings == []


def test_malformed_json_names_the_position(tmp_path: Path) -> None:
    text = '[\n  {"title": "a",\n    "body": "b"\n    "date": "c"}\n]'
    with pytest.raises(IngestError) as caught:
        read(tmp_path, "broken.json", text)
    assert str(caught.value) == "not valid JSON: line 4 column 5: Expecting ',' delimiter"


def test_deeply_nested_json_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not valid JSON"):
        read(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)


def test_jsonl_reads_good_lines_and_warns_about_bad(tmp_path: Path) -> None:
    lines = [
        dump({"title": "One", "body": "First."}),
        "",
        "{broken",
        dump(["not", "an", "object"]),
        dump({"title": "Two", "body": "Second.", "date": "2021-06-15"}),
    ]
    result = read(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    assert [a.title for a in result.articles] == ["One", "Two"]
    assert all(a.format == "jsonl" for a in result.articles)
    assert result.warnings == [
        "line 3: not valid JSON (column 2: Expecting property name enclosed in double quotes)",
        "line 4: not an object; skipped",
    ]


def test_jsonl_all_lines_bad_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^line 1: not valid JSON \("):
        read(tmp_path, "bad.jsonl", "nope\nstill nope\n")


def test_jsonl_many_bad_lines_are_summarised(tmp_path: Path) -> None:
    lines = ["{bad"] * 50 + [dump({"title": "Fine", "body": "Ok."})]
    result = read(tmp_path, "many.jsonl", "\n".join(lines))
    assert len(result.articles) == 1
    assert len(result.warnings) == 21
    assert result.warnings[-1] == "… and 30 more problems"
