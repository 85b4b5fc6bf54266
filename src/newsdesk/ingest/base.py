"""What every format reader shares: the error, the result, and how drafts become Articles.

A reader turns text into ``Draft`` objects; ``finish`` and ``finish_all`` apply the
rules common to all formats (ids, derived titles, dates, "no article text") so no
format can forget one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from urllib.parse import urlsplit

from newsdesk.ingest.dates import parse_date
from newsdesk.ingest.text import derive_title, one_line, shorten
from newsdesk.models import Article

SUFFIXES = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".xml", ".rss", ".atom"}
)
"""File name endings read as articles (compared case-insensitively)."""

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Larger files are skipped unread: no news article is this big, but a log or a dump is."""

NO_TEXT = "no article text"


class IngestError(Exception):
    """A file that cannot be read as articles; ``str(e)`` is a one-line reason for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(one_line(reason, 400) or "unreadable file")


@dataclass(slots=True)
class FileResult:
    """The articles of one file, and the repairs the user should hear about."""

    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Source:
    """The file being read: what an Article needs besides its own fields."""

    path: Path
    root: Path
    format: str

    def article_id(self, key: str) -> str:
        """Stable id: the relative path and the entry key, so re-reading gives the same id."""
        raw = _path_bytes(_relative(self.path, self.root)) + b"\0"
        raw += key.encode("utf-8", "surrogatepass")
        return hashlib.sha1(raw, usedforsecurity=False).hexdigest()[:16]


@dataclass(slots=True)
class Draft:
    """One article's raw fields as a reader found them; ``body`` is already paragraphs."""

    body: str
    title: str = ""
    date: object = None
    source: str = ""
    author: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    key: str = ""
    label: str = ""
    """Where the entry is in its file ("entry 3", "line 7"), for warnings."""


def finish(draft: Draft, src: Source, warnings: list[str]) -> Article:
    """The Article for a draft; date problems are added to ``warnings``."""
    if not draft.body:
        raise IngestError(NO_TEXT)
    date, problem = parse_date(draft.date)
    if problem:
        warnings.append(_labelled(draft.label, problem))
    return Article(
        id=src.article_id(draft.key),
        title=one_line(draft.title) or derive_title(draft.body),
        body=draft.body,
        date=date,
        source=one_line(draft.source),
        author=one_line(draft.author),
        url=_url(draft.url),
        tags=tuple(dict.fromkeys(tag for tag in map(one_line, draft.tags) if tag)),
        path=str(src.path),
        format=src.format,
    )


def finish_all(drafts: Iterable[Draft | str], src: Source) -> FileResult:
    """Articles of a multi-entry file; a ``str`` item is the reason an entry was skipped.

    Entries without text are skipped with a warning; if nothing is left of a file that
    had entries, the first reason becomes the error. Repeated keys get the entry's
    label appended so ids stay unique within the file.
    """
    result = FileResult()
    seen: set[str] = set()
    for draft in drafts:
        if isinstance(draft, str):
            result.warnings.append(draft)
            continue
        if not draft.body:
            result.warnings.append(_labelled(draft.label, f"{NO_TEXT}; skipped"))
            continue
        if draft.key in seen:
            draft.key = f"{draft.key}\0{draft.label}"
        seen.add(draft.key)
        result.articles.append(finish(draft, src, result.warnings))
    if result.warnings and not result.articles:
        raise IngestError(result.warnings[0].removesuffix("; skipped"))
    return result


def cap_warnings(warnings: list[str], limit: int = 20) -> list[str]:
    """At most ``limit`` warnings, then one line counting the rest, for very broken files."""
    if len(warnings) <= limit:
        return warnings
    return [*warnings[:limit], f"… and {len(warnings) - limit} more problems"]


def _url(value: str) -> str:
    """An absolute URL, or "": a bare guid or a relative link cannot be opened."""
    url = one_line(value, 2000)
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme and parts.netloc and " " not in url else ""


def _labelled(label: str, message: str) -> str:
    return shorten(f"{label}: {message}" if label else message, 400)


def _relative(path: Path, root: Path) -> str:
    """POSIX path of ``path`` below ``root``; a file read as its own root is its name."""
    if path == root:
        return path.name
    try:
        return PurePath(path).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _path_bytes(text: str) -> bytes:
    """The file name's own bytes (undecodable bytes come back via surrogateescape)."""
    try:
        return os.fsencode(text)
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")
