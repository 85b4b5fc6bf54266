"""JSON and JSON Lines articles, in the shapes news exports and APIs actually use.

A file may hold one article object, a list of them, or an object with an "articles"
or "items" list (NewsAPI, JSON Feed). Field names vary by producer, so each field
has a short list of accepted names. Odd values are coerced where the meaning is clear
(a numeric title, a body given as a list of paragraphs) and skipped with a warning
where it is not (a body that is an object).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from newsdesk.ingest.base import (
    Draft,
    FileResult,
    IngestError,
    Source,
    cap_warnings,
    finish,
    finish_all,
)
from newsdesk.ingest.fields import as_names, as_text, pick, split_tags
from newsdesk.ingest.html_text import html_to_paragraphs
from newsdesk.ingest.text import line_paragraphs, shorten

NO_ARTICLES = "no articles: expected an object or a list of objects with title and body"
TITLE = ("title", "headline", "name")
BODY = ("body", "text", "content", "content_text", "content_html", "articlebody")
SUMMARY = ("summary", "description")
DATE = ("date", "published", "published_at", "date_published", "datepublished", "pubdate")
DATE_UPDATED = ("updated", "date_modified", "modified")
SOURCE = ("source", "publisher", "site", "sitename")
AUTHOR = ("author", "authors", "byline", "creator")
URL = ("url", "link", "href")
TAGS = ("tags", "keywords", "categories")
KEY = ("guid", "id", "url", "link")
_ARTICLE_FIELDS = frozenset((*TITLE[:2], *BODY))


def read_json(text: str, src: Source) -> FileResult:
    """Articles of a ``.json`` file; malformed JSON is an error naming the position."""
    data = _loads(text)
    items, multiple = _items(data)
    if not multiple:
        result = FileResult()
        draft = _draft(items[0])
        if isinstance(draft, str):
            raise IngestError(draft)
        draft.key = ""
        result.articles.append(finish(draft, src, result.warnings))
        return result
    return finish_all(_drafts(items, "entry"), src)


def read_jsonl(text: str, src: Source) -> FileResult:
    """Articles of a ``.jsonl`` file: one object per line; bad lines are skipped with a warning."""
    entries: list[tuple[int, object]] = []
    problems: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            entries.append((number, json.loads(line, strict=False)))
        except (ValueError, RecursionError) as exc:
            problems.append(f"line {number}: not valid JSON ({_json_reason(exc, line=False)})")
    if not entries:
        raise IngestError(problems[0] if problems else "no article text")
    result = finish_all(_line_drafts(entries), src)
    result.warnings = cap_warnings(problems + result.warnings)
    return result


def _loads(text: str) -> Any:
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError) as exc:
        raise IngestError(f"not valid JSON: {_json_reason(exc, line=True)}") from None


def _json_reason(exc: Exception, *, line: bool) -> str:
    """Where and what: "line 3 column 5: Expecting ','" ("column 5" within a JSONL line)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        where = f"line {exc.lineno} column {exc.colno}" if line else f"column {exc.colno}"
        return f"{where}: {exc.msg}"
    return shorten(str(exc), 120)


def _items(data: object) -> tuple[list[object], bool]:
    """The candidate article objects, and whether the file is a collection of them."""
    if isinstance(data, Mapping):
        for name in ("articles", "items"):
            if isinstance(data.get(name), list):
                return _checked(data[name]), True
        if _is_article(data):
            return [data], False
    elif isinstance(data, list):
        return _checked(data), True
    raise IngestError(NO_ARTICLES)


def _checked(items: list[object]) -> list[object]:
    """A non-empty list must hold at least one article-like object."""
    if items and not any(_is_article(item) for item in items):
        raise IngestError(NO_ARTICLES)
    return items


def _is_article(value: object) -> bool:
    return isinstance(value, Mapping) and any(str(key).lower() in _ARTICLE_FIELDS for key in value)


def _drafts(items: list[object], noun: str) -> Iterator[Draft | str]:
    for index, item in enumerate(items, start=1):
        yield _labelled(item, f"{noun} {index}", str(index))


def _line_drafts(entries: list[tuple[int, object]]) -> Iterator[Draft | str]:
    for number, item in entries:
        yield _labelled(item, f"line {number}", str(number))


def _labelled(item: object, label: str, index: str) -> Draft | str:
    """An entry's draft keyed by its id (else its position), or why it was skipped."""
    draft = _draft(item)
    if isinstance(draft, str):
        return f"{label}: {draft}; skipped"
    draft.key = draft.key or index
    draft.label = label
    return draft


def _draft(item: object) -> Draft | str:
    """A draft from one object, or the reason it cannot be one."""
    if not isinstance(item, Mapping):
        return "not an object"
    record = {str(key).lower(): value for key, value in item.items()}
    body = _body(pick(record, BODY) or pick(record, SUMMARY))
    if body is None:
        return "body is not text"
    return Draft(
        body=body,
        title=as_text(pick(record, TITLE)),
        date=pick(record, DATE) or pick(record, DATE_UPDATED),
        source=as_names(pick(record, SOURCE)),
        author=as_names(pick(record, AUTHOR)),
        url=as_text(pick(record, URL)),
        tags=split_tags(pick(record, TAGS)),
        key=as_text(pick(record, KEY)),
    )


def _body(value: object) -> str | None:
    """Paragraphs from a string (plain or HTML) or a list of strings; ``None`` if neither."""
    if value is None:
        return ""
    if isinstance(value, list):
        if not all(isinstance(part, str) for part in value):
            return None
        return "\n\n".join(filter(None, map(line_paragraphs, value)))
    text = "" if isinstance(value, Mapping) else as_text(value)
    if not text:
        return None
    if text.lstrip().startswith("<"):
        return html_to_paragraphs(text)
    return line_paragraphs(text)
