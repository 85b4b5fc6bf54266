"""Plain-text articles: an optional ``Key: value`` header, a headline, paragraphs.

Text exports from news databases put a few fields above the story, and most plain
files start with a headline line. Both are recognised only when unambiguous, so a
story whose first line happens to contain a colon keeps that line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdesk.ingest.base import Draft, FileResult, Source, finish
from newsdesk.ingest.fields import split_tags
from newsdesk.ingest.text import clean_lines, derive_title, is_headline, one_line, paragraphs

HEADER_KEYS = frozenset({"title", "date", "source", "author", "url", "tags"})


@dataclass(slots=True)
class PlainText:
    """A plain-text article taken apart: header fields (lower-case keys), title, body."""

    header: dict[str, str] = field(default_factory=dict)
    title: str = ""
    body: str = ""


def read_txt(text: str, src: Source) -> FileResult:
    """One article per file."""
    parsed = parse_plain(text)
    header = parsed.header
    draft = Draft(
        body=parsed.body,
        title=parsed.title,
        date=header.get("date"),
        source=header.get("source", ""),
        author=header.get("author", ""),
        url=header.get("url", ""),
        tags=split_tags(header.get("tags", "")),
    )
    result = FileResult()
    result.articles.append(finish(draft, src, result.warnings))
    return result


def parse_plain(text: str) -> PlainText:
    """Header, title and body of plain text; never raises, the title is always one line."""
    lines = clean_lines(text).split("\n")
    start = _skip_blank(lines, 0)
    header, start = _header(lines, start)
    parsed = PlainText(header=header, title=one_line(header.get("title", "")))
    start = _skip_blank(lines, start)
    if not parsed.title and _headline_at(lines, start):
        parsed.title = one_line(lines[start])
        start += 1
    parsed.body = paragraphs("\n".join(lines[start:]))
    if not parsed.title:
        parsed.title = derive_title(parsed.body)
    return parsed


def _header(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    """The ``Key: value`` block at ``start`` and the index after it, or nothing.

    Every line up to the first blank one must be a known key, else it is no header.
    """
    fields: dict[str, str] = {}
    index = start
    while index < len(lines) and lines[index].strip():
        key, colon, value = lines[index].partition(":")
        key = key.strip().lower()
        if not colon or key not in HEADER_KEYS:
            return {}, start
        fields.setdefault(key, value.strip())
        index += 1
    return fields, index


def _headline_at(lines: list[str], index: int) -> bool:
    """A headline is a short line followed by a blank line."""
    if index + 1 >= len(lines) or lines[index + 1].strip():
        return False
    return is_headline(lines[index])


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index
