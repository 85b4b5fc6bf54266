"""From raw spaCy spans to keyed mentions of one article (pure: no spaCy here).

Order of work, and why:

1. clean every span (:mod:`.clean`) and repair article-level merges (:mod:`.repair`);
2. vote one label per surface name: the model labels the same word differently in one
   text ("Shusha" PERSON then GPE); the article majority wins, ties as in
   :func:`.labels.majority_label` (places beat PERSON);
3. link names into entities: exact folded name; a parenthesised alternative right after a
   name, "Khankendi (Stepanakert)"; a short form, "Aliyev" → "Ilham Aliyev" (person and org
   only, see :mod:`.linking`);
4. per entity: one label (majority over its mentions), one display name (its most frequent
   full form) and the key ``fold(display name)``.

Dates and numbers are values, not names: they skip voting and linking, and their key is the
folded text itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from newsdesk.entities.archive import pick_display_name
from newsdesk.entities.clean import Span, clean_span
from newsdesk.entities.labels import PLACE_LABELS, is_name_label, majority_label
from newsdesk.entities.linking import Entities, node_of
from newsdesk.entities.normalize import display, fold
from newsdesk.entities.repair import repair
from newsdesk.models import Mention

RawSpan = tuple[int, int, str]


def resolve_article(text: str, raw: Iterable[RawSpan]) -> list[Mention]:
    """Cleaned, labelled and keyed mentions for one article body, in text order."""
    spans = repair(text, clean_all(text, raw))
    if not spans:
        return []
    entities = Entities(text, spans, name_labels(text, spans))
    entities.link()
    summaries: dict[str, tuple[str, str]] = {}
    return [_mention(text, span, entities, summaries) for span in spans]


def clean_all(text: str, raw: Iterable[RawSpan]) -> list[Span]:
    """Every raw span cleaned, empty ones dropped, duplicates removed, sorted by position."""
    seen: dict[tuple[int, int], Span] = {}
    for start, end, label in raw:
        span = clean_span(text, start, end, label)
        if span is not None and fold(text[span.start : span.end]):
            seen.setdefault((span.start, span.end), span)
    return sorted(seen.values(), key=lambda s: (s.start, s.end))


def votes(spans: Iterable[Span]) -> Counter[str]:
    """Label votes of some spans; a trimmed place noun ("… region") is one more place vote."""
    counted: Counter[str] = Counter()
    for span in spans:
        counted[span.label] += 1
        if span.place_hint:
            counted[span.label if span.label in PLACE_LABELS else "LOC"] += 1
    return counted


def name_labels(text: str, spans: list[Span]) -> dict[str, str]:
    """The article's majority label for each folded name (names only, not dates/numbers)."""
    by_name: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        if is_name_label(span.label):
            by_name[fold(text[span.start : span.end])].append(span)
    return {name: majority_label(votes(group)) for name, group in by_name.items()}


def _mention(
    text: str, span: Span, entities: Entities, summaries: dict[str, tuple[str, str]]
) -> Mention:
    """The output row of one span, carrying its entity's label, key and display name."""
    surface = text[span.start : span.end]
    if not is_name_label(span.label):
        return Mention(span.start, span.end, surface, span.label, fold(surface), display(surface))
    root = entities.find(node_of(text, span))
    if root not in summaries:
        summaries[root] = _summary(entities, root)
    label, name = summaries[root]
    return Mention(span.start, span.end, surface, label, fold(name), name)


def _summary(entities: Entities, root: str) -> tuple[str, str]:
    """An entity's label (majority over all its mentions) and display name (its full form)."""
    label = majority_label(votes(entities.members(root)))
    return label, pick_display_name(entities.forms(root))
