"""Saved web pages: main text, metadata, no scripts, clear failures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest_helpers import read, read_one
from newsdesk.ingest import IngestError

PAGE = """<!doctype html>
<html><head>
<title>Bridge reopens after repairs | Valley Times</title>
<meta name="author" content="Cara Reporter">
<meta property="og:site_name" content="Valley Times">
<meta property="article:published_time" content="2021-06-15T09:00:00+00:00">
<link rel="canonical" href="https://valley.example/bridge">
<script>var tracking = "SECRET-SCRIPT";</script>
<style>.x { color: red } /* SECRET-STYLE */</style>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Bridge reopens after repairs</h1>
<p>The old stone bridge over the river reopened to traffic on Tuesday after
   eight months of repairs that cost the county more than expected.</p>
<script>document.write("SECRET-INLINE")</script>
<p>Engineers said the   arches were in better shape than they had feared, and that the
   work should last another century.</p>
</article>
<footer>Copyright Valley Times</footer>
</body></html>
"""


def test_main_text_and_metadata(tmp_path: Path) -> None:
    article = read_one(tmp_path, "bridge.html", PAGE)
    assert article.title == "Bridge reopens after repairs"
    assert article.author == "Cara Reporter"
    assert article.source == "Valley Times"
    assert article.url == "https://valley.example/bridge"
    assert article.date == datetime(2021, 6, 15, tzinfo=UTC)
    assert article.format == "html"
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("The old stone bridge over the river reopened")
    assert "  " not in article.body
    assert paragraphs[-1].endswith("should last another century.")
    assert "SECRET" not in article.body
    assert "Home" not in article.body


def test_htm_suffix_is_html(tmp_path: Path) -> None:
    assert read_one(tmp_path, "b.HTM", PAGE).format == "html"


def test_script_only_page_has_no_article_text(tmp_path: Path) -> None:
    page = (
        "<html><head><script>var a = 'text';</script></head><body><style>p{}</style></body></html>"
    )
    with pytest.raises(IngestError, match=r"^no article text$"):
        read(tmp_path, "s.html", page)


def test_empty_body_has_no_article_text(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^no article text$"):
        read(tmp_path, "e.html", "<html><body>   </body></html>")


def test_bare_fragment_still_reads(tmp_path: Path) -> None:
    article = read_one(tmp_path, "t.html", "<p>One short line.</p>")
    assert article.body == "One short line."
    assert article.title == "One short line"


def test_whole_page_is_used_when_extractor_finds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsdesk.ingest.html_page.bare_extraction", lambda *a, **k: None)
    page = (
        "<html><head><title>T</title><script>x()</script></head>"
        "<body><div>A<br>B</div></body></html>"
    )
    result = read(tmp_path, "w.html", page)
    assert result.warnings == ["main text not found; read the whole page"]
    assert result.articles[0].body == "A\n\nB"


def test_deeply_nested_html_does_not_crash(tmp_path: Path) -> None:
    page = "<html><body>" + "<div>" * 10_000 + "<p>deep</p>" + "</div>" * 10_000 + "</body></html>"
    try:
        result = read(tmp_path, "deep.html", page)
    except IngestError as exc:
        assert str(exc)
    else:
        assert all(article.body for article in result.articles)
