"""Property tests: no input makes the ingest layer raise anything but IngestError."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.ingest import FileResult, IngestError, read_file
from newsdesk.ingest.text import line_paragraphs, paragraphs
from newsdesk.ingest.txt import parse_plain

SUFFIXES = [".txt", ".json", ".jsonl", ".md", ".html", ".rss"]
TOKENS = [
    "<", ">", "</p>", "<p>", "<rss>", "<item>", "<title>", "</title>", "<description>",
    "<!DOCTYPE x [", "<!ENTITY a 'b'>", "]>", "&a;", "&amp;", "<![CDATA[", "]]>",
    "{", "}", "[", "]", '"', ":", ",", '"title"', '"body"', "null", "1e999", "\n", "\n\n",
    "---", "Title:", "Date:", "# ", "*", "[x](y)", "\x1b[", "\x1b]0;", "\x07", "\u202e",
    "\r", "\t", " ", "é", "\ud800", "\x00", "\x85", "word", ".", "Mr.", "?",
]  # fmt: skip
LIMITS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

token_text = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=300), token_text)
any_bytes = st.one_of(
    st.binary(max_size=600),
    any_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    any_text.map(lambda text: text.encode("utf-16", "surrogatepass")),
)


def check_body(body: str) -> None:
    assert body == body.strip()
    assert "\n\n\n" not in body
    for paragraph in body.split("\n\n") if body else []:
        assert paragraph and "\n" not in paragraph
        assert paragraph == " ".join(paragraph.split())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ingest-properties")


@pytest.mark.parametrize("suffix", SUFFIXES)
@LIMITS
@given(data=any_bytes)
def test_read_file_only_raises_ingest_error(folder: Path, suffix: str, data: bytes) -> None:
    path = folder / f"sample{suffix}"
    path.write_bytes(data)
    try:
        result = read_file(path, folder)
    except IngestError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(result, FileResult)
    for warning in result.warnings:
        assert warning and "\n" not in warning
    for article in result.articles:
        check_body(article.body)
        assert article.body
        assert "\n" not in article.title and article.title == article.title.strip()
        assert re.fullmatch("[0-9a-f]{16}", article.id)
        assert article.date is None or article.date.tzinfo is not None


@LIMITS
@given(text=any_text)
def test_parse_plain_never_raises_and_title_is_one_line(text: str) -> None:
    parsed = parse_plain(text)
    assert "\n" not in parsed.title and "\r" not in parsed.title
    assert parsed.title == " ".join(parsed.title.split())
    assert len(parsed.title) <= 300
    check_body(parsed.body)


@LIMITS
@given(text=any_text)
def test_paragraph_shapers_keep_the_body_shape(text: str) -> None:
    check_body(paragraphs(text))
    check_body(line_paragraphs(text))
