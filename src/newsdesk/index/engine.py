"""The seam between newsdesk and a search engine: what any engine must do, and nothing
of how one does it.

Whoosh (``index/whooshdb.py``, with ``index/whoosh_query.py`` mapping the query language
onto its parser) is the one implementation. Everything above the ``index`` package talks
to an engine through :class:`SearchEngine` and the plain values below, so a change of
engine, or of Whoosh itself (whoosh-reloaded has not released since early 2024), stays
inside the package. ``tests/test_index_engine_contract.py`` is the contract: any engine
must pass it; ``docs/architecture.md`` says what a server engine would have to provide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from newsdesk.errors import QueryTooSlow
from newsdesk.index.store import FileRecord
from newsdesk.models import Article, ArticleFilter, Mention

Stop = Callable[[], bool]
"""Asked while a search runs: ``True`` once its answer is no longer wanted. It may be
asked from a thread other than the searching one (an engine may watch it from there
to interrupt work that never asks), so it must be quick and safe in any thread."""
Sort = Literal["relevance", "date", "oldest"]
"""``date`` is newest first; both date orders put undated articles last."""
Batch = Iterable[tuple[FileRecord, list[tuple[Article, list[Mention]]]]]
"""Files to (re)index, each with its articles and their entity mentions; taken one by
one as they come (the indexer hands them over while NER is still making the next)."""


@dataclass(frozen=True, slots=True)
class EngineHits:
    """One page of a search. ``total`` counts every match exactly when ``exact`` (always,
    from ``search``), else it is the engine's estimate (``first_page``); ``page`` is
    (article id, score) in order; ``terms`` are the index terms the query matched
    (wildcards and fuzzy terms expanded), for marking them in the text."""

    total: int
    page: list[tuple[str, float]]
    terms: frozenset[str]
    exact: bool = True


def too_slow(seconds: float) -> QueryTooSlow:
    """The one message for a search past its time limit, whichever engine and wherever
    in the search the limit was met (expanding terms, collecting, marking)."""
    return QueryTooSlow(
        f"the query took over {seconds:g} s; narrow it (leading wildcards and wide "
        "fuzzy terms are slow)"
    )


class SearchEngine(Protocol):
    """An open index of one generation. Reads are safe from many threads at once.

    Every read with ``seconds`` is bounded: past it, it raises ``too_slow(seconds)``
    (``corrections`` returns nothing instead: a hint is not worth waiting for). Text
    arrives already checked by ``newsdesk.search.check``; what the engine cannot read
    raises ``QueryError`` with one line. Anything else a read raises is the index's
    fault; the library's guard retries it once, then calls it damage.
    """

    def write_files(self, files: Batch) -> None:
        """Replace each file's documents (by its path) with these articles, atomically."""

    def delete_paths(self, paths: list[str]) -> None:
        """Remove every document of these files."""

    def stray_paths(self, known: set[str]) -> list[str]:
        """Paths with documents here that ``known`` (the store's manifest) lacks."""

    def doc_count(self) -> int: ...

    def search(
        self,
        text: str,
        limit: int,
        offset: int,
        sort: Sort,
        seconds: float,
        stop: Stop | None,
        only: ArticleFilter | None = None,
    ) -> EngineHits:
        """A page of matches; ``stop`` saying ``True`` raises ``SearchCancelled``.
        ``only`` keeps the search to some article ids and from others (the user's
        read marks, stars, labels: resolved by the library, never indexed); with it,
        empty ``text`` matches every article it lets through."""

    def first_page(
        self,
        text: str,
        limit: int,
        seconds: float,
        stop: Stop | None,
        only: ArticleFilter | None = None,
    ) -> EngineHits:
        """The first ``limit`` matches by relevance, the same ones ``search`` gives, found
        without scoring every match where the engine can skip: the reader paints them
        while the exact total is still being counted. ``total`` is exact when the
        engine saw every match (``exact``), else its estimate."""

    def count(
        self, text: str, seconds: float, stop: Stop | None, only: ArticleFilter | None = None
    ) -> int:
        """How many articles ``search`` would find, none of them scored or kept: the
        exact total the reader fills in after ``first_page``."""

    def terms(self, text: str, seconds: float) -> frozenset[str]:
        """The index terms the query matches, as ``EngineHits.terms``."""

    def corrections(
        self, words: Sequence[str], seconds: float, stop: Stop | None = None
    ) -> dict[str, str]:
        """For each word not in the archive's vocabulary, a close one that is; raises
        ``SearchCancelled`` soon after ``stop()`` says yes."""

    def marker(self, terms: frozenset[str]) -> Callable[[str], bool]:
        """Whether one word of article text becomes one of ``terms`` (a query's
        ``terms``): what lets newsdesk mark a query's words in text itself, fast."""

    def forget_searchers(self) -> None:
        """Read what is on disk now from the next read on (another process committed)."""

    def close(self) -> None: ...


class EngineKind(Protocol):
    """How an engine is made: the class of an implementation satisfies this."""

    def create(self, folder: Path) -> SearchEngine:
        """A new, empty index in ``folder``."""

    def open(self, folder: Path) -> SearchEngine:
        """The index in ``folder``, checked: damage raises ``IndexDamaged`` here, not
        in the middle of a search."""

    def validate(self, text: str) -> None:
        """Raise ``QueryError`` for checked text this engine still cannot read (a bad
        date, say), without an index: so a bad query is told before anything is built."""
