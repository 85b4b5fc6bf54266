"""Plain data shared by every layer; nothing here knows about files, indexes or screens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from disk, before any analysis."""

    id: str
    title: str
    body: str
    date: datetime | None = None
    source: str = ""
    author: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    path: str = ""
    format: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: ``body[start:end]`` is the text, ``key`` joins mentions of one entity.

    Offsets are Python string offsets into ``Article.body``.
    """

    start: int
    end: int
    text: str
    label: str
    key: str
    name: str


class Mentions(list[Mention]):
    """An article's mentions, and what stopped some of them being made ("" when nothing).

    A list, so every consumer of ``list[Mention]`` takes it as it is; the indexer reads
    ``problem`` to report the article's file in one line instead of failing the run.
    """

    problem: str = ""

    @classmethod
    def partial(cls, mentions: list[Mention], problem: str) -> Mentions:
        """The mentions that could be made, with the reason the rest were skipped."""
        made = cls(mentions)
        made.problem = problem
        return made


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that could not be read, and why, so the user can fix it."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class FileNote:
    """What an indexing run said about one file, kept for the reader's report screen:
    ``skipped`` (not indexed, ``message`` says why) or a warning (indexed anyway)."""

    path: str
    skipped: bool
    message: str


@dataclass(frozen=True, slots=True)
class IngestWarning:
    """A file that was read, but only after a repair the user should know about."""

    path: str
    message: str


@dataclass(slots=True)
class IndexReport:
    """What one indexing run did, for the summary line."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the article list needs: enough to draw a row, nothing more."""

    id: str
    title: str
    date: datetime | None
    source: str
    path: str = ""
    url: str = ""
    copies: int = 1
    """How many articles of the archive have this text: 2 and more are listed once."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One match; ``marks`` and ``title_marks`` are spans of the matched words."""

    summary: ArticleSummary
    score: float
    snippet: str
    marks: tuple[tuple[int, int], ...] = ()
    title_marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of hits; ``total`` counts every match, not just this page, or when not
    ``exact`` estimates it (the reader's first paint, ``Library.search(exact=False)``)."""

    query: str
    total: int
    hits: list[SearchHit]
    suggestion: str | None = None
    terms: tuple[str, ...] = ()
    exact: bool = True


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """A catalogue row: one canonical entity of the archive."""

    key: str
    name: str
    label: str
    aliases: tuple[str, ...]
    article_count: int
    mention_count: int


@dataclass(frozen=True, slots=True)
class Curated:
    """One curation step done: ``summary`` says what changed in one line; ``key`` is
    the entity to show now (the merge target, the split-off name), if any."""

    summary: str
    key: str | None = None


@dataclass(frozen=True, slots=True)
class EntityArticle:
    summary: ArticleSummary
    mentions: int


@dataclass(frozen=True, slots=True)
class MentionContext:
    """A keyword-in-context line: ``text[start:end]`` is the mention inside its sentence."""

    article_id: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Cooccurrence:
    key: str
    name: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class MonthCount:
    month: str
    mentions: int


@dataclass(frozen=True, slots=True)
class StateWord:
    """One word of a query about the user's own state: ``is:unread``, ``-label:court``.
    ``kind`` is "read", "unread", "starred" or "label" (then ``value`` is the label)."""

    kind: str
    value: str = ""
    negated: bool = False


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which articles a search may return, resolved from the user state before the
    engine runs: only ``keep`` (``None``: any), never ``drop``. Ids, not documents, so
    the engine's index never holds the user's state."""

    keep: frozenset[str] | None = None
    drop: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ArticleMarks:
    """What the user has said about one article."""

    read: bool = False
    starred: bool = False
    labels: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query kept under a name; the counts are filled in when asked for (``None``:
    not counted, or the query no longer runs)."""

    name: str
    query: str
    total: int | None = None
    unread: int | None = None
