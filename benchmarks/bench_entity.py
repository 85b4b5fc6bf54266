"""The entity page's first paint, as the library calls it makes, for a very popular entity.

The page starts three thread workers: header (``entity`` + ``timeline``), "appears with"
(``cooccurring``) and the first screenful of articles (``entity`` + ``entity_articles`` + three
contexts each via ``entity_contexts``). Here they are timed one after another (their
sum is what one core spends) and the slowest worker is reported too (the wait, were
they truly parallel). The baseline is the same calls for an entity of a single article:
the ratio is what popularity costs.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.corpus import World
from benchmarks.timing import clock, median
from newsdesk.groups import group_of
from newsdesk.library import Library
from newsdesk.tui.screens.entity import first_page

SCREEN_HEIGHT = 48
FIRST_PAGE = first_page(SCREEN_HEIGHT)
CONTEXTS = 3
NAME_GROUPS = ("person", "org", "place")


@dataclass(frozen=True)
class Chosen:
    key: str
    name: str
    articles: int


def most_popular(library: Library) -> Chosen:
    """The named entity (person, org, place) in the most articles."""
    candidates = [
        info for info in library.find_entities("", limit=200) if group_of(info.label) in NAME_GROUPS
    ]
    if not candidates:
        raise LookupError("the index has no named entities")
    best = max(candidates, key=lambda info: info.article_count)
    return Chosen(best.key, best.name, best.article_count)


def least_popular(library: Library, world: World) -> Chosen:
    """A named entity of one article: the cast's tail, looked up from the rarest up."""
    entities = world.cast.entities
    for kind in ("person", "org", "place"):
        for entity_id in reversed(world.cast.ranked(kind).words):
            info = library.resolve_entity(entities[entity_id].name)
            if info is not None and info.article_count == 1:
                return Chosen(info.key, info.name, 1)
    fallback = min(library.find_entities("", limit=500), key=lambda info: info.article_count)
    return Chosen(fallback.key, fallback.name, fallback.article_count)


def _header(library: Library, key: str) -> None:
    if library.entity(key):
        library.timeline(key)


def _articles(library: Library, key: str) -> None:
    library.entity(key)
    for article in library.entity_articles(key, "date", 0, FIRST_PAGE):
        library.entity_contexts(key, article.summary.id, CONTEXTS)


def _cooccurring(library: Library, key: str) -> None:
    library.cooccurring(key)


WORKERS = {"header": _header, "cooccurring": _cooccurring, "articles": _articles}


def first_paint(library: Library, key: str, repeats: int) -> dict[str, float]:
    """Median seconds per worker, their sum and the slowest, over ``repeats`` runs."""
    runs: dict[str, list[float]] = {name: [] for name in WORKERS}
    totals: list[float] = []
    for _ in range(max(1, repeats)):
        total = 0.0
        for name, work in WORKERS.items():
            started = clock()
            work(library, key)
            runs[name].append(clock() - started)
            total += runs[name][-1]
        totals.append(total)
    out = {f"{name}_ms": median(times) * 1000 for name, times in runs.items()}
    out["sum_ms"] = median(totals) * 1000
    out["slowest_ms"] = max(out[f"{name}_ms"] for name in WORKERS)
    return out
