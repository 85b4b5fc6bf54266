"""RSS and Atom feeds: one article per entry, read by feedparser after the XML guard.

feedparser copes with the many dialects and the common breakage of real feeds. It is
given the already-decoded text as UTF-8 bytes in a stream (a plain string could be
taken for a file name or URL), with the XML declaration rewritten to say so.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser

from newsdesk.ingest.base import Draft, FileResult, IngestError, Source, finish_all
from newsdesk.ingest.fields import as_names, as_text
from newsdesk.ingest.html_text import html_to_paragraphs
from newsdesk.ingest.text import line_paragraphs, one_line
from newsdesk.ingest.xml_guard import check_xml

_XML_DECLARATION = re.compile(r"^<\?xml[^>]{0,300}\?>")
_UTF8_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HEADERS = {"content-type": "application/xml; charset=utf-8"}


def read_feed(text: str, src: Source) -> FileResult:
    """Entries of a feed; an ``.xml`` file that is not a feed is quietly no articles."""
    text = _XML_DECLARATION.sub(_UTF8_DECLARATION, text.lstrip("\ufeff \t\r\n"), count=1)
    xml_error = check_xml(text)
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=_HEADERS)
    entries = parsed.get("entries") or []
    if not entries:
        return _no_entries(parsed, xml_error, src)
    result = _read_entries(parsed, src, xml_error)
    if xml_error or parsed.get("bozo"):
        problem = one_line(xml_error or str(parsed.get("bozo_exception", "")), 200)
        result.warnings.insert(0, f"feed is not well-formed XML ({problem}); read leniently")
    return result


def _read_entries(parsed: Mapping[str, Any], src: Source, xml_error: str | None) -> FileResult:
    """Articles of the entries; when none has text, broken XML is the likelier reason."""
    fmt = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    drafts = _drafts(parsed["entries"], parsed.get("feed") or {})
    try:
        return finish_all(drafts, Source(src.path, src.root, fmt))
    except IngestError:
        if xml_error:
            raise IngestError(f"not valid XML: {xml_error}") from None
        raise


def _no_entries(parsed: Mapping[str, Any], xml_error: str | None, src: Source) -> FileResult:
    """An empty feed is fine; broken XML is an error unless the file is a mere ``.xml``."""
    if src.format == "xml" and (xml_error or not parsed.get("version")):
        return FileResult()
    if xml_error:
        raise IngestError(f"not valid XML: {xml_error}")
    if not parsed.get("version"):
        raise IngestError("not an RSS or Atom feed")
    return FileResult()


def _drafts(entries: list[Mapping[str, Any]], feed: Mapping[str, Any]) -> Iterator[Draft]:
    feed_title = _plain(feed.get("title_detail"), feed.get("title"))
    for index, entry in enumerate(entries, start=1):
        yield _draft(entry, feed_title, index)


def _draft(entry: Mapping[str, Any], feed_title: str, index: int) -> Draft:
    source = entry.get("source") or {}
    return Draft(
        body=_body(entry),
        title=_plain(entry.get("title_detail"), entry.get("title")),
        date=_date(entry),
        source=as_text(source.get("title")) or feed_title,
        author=_author(entry),
        url=as_text(entry.get("link")),
        tags=tuple(as_text(tag.get("term")) for tag in entry.get("tags") or ()),
        key=as_text(entry.get("id")) or as_text(entry.get("link")) or str(index),
        label=f"entry {index}",
    )


def _body(entry: Mapping[str, Any]) -> str:
    """The fullest text the entry has: content:encoded or content, else the summary."""
    for detail in entry.get("content") or ():
        body = _to_paragraphs(detail)
        if body:
            return body
    return _to_paragraphs(entry.get("summary_detail") or {"value": entry.get("summary")})


def _to_paragraphs(detail: Mapping[str, Any]) -> str:
    value = as_text(detail.get("value"))
    if detail.get("type", "text/html") in _HTML_TYPES:
        return html_to_paragraphs(value)
    return line_paragraphs(value)


def _plain(detail: Mapping[str, Any] | None, value: object) -> str:
    """A one-line title, with markup removed when the feed marks it as HTML."""
    text = as_text(value)
    if detail and detail.get("type") in _HTML_TYPES and "<" in text:
        text = html_to_paragraphs(text)
    return one_line(text)


def _date(entry: Mapping[str, Any]) -> object:
    """feedparser's parsed UTC tuple when it understood the date, else the raw string."""
    for name in ("published", "updated", "created"):
        parsed = entry.get(f"{name}_parsed")
        if isinstance(parsed, time.struct_time):
            return parsed
        if entry.get(name):
            return entry.get(name)
    return None


def _author(entry: Mapping[str, Any]) -> str:
    return as_text(entry.get("author")) or as_names(entry.get("authors") or [])
