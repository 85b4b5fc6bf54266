"""From raw spaCy spans to keyed mentions of one article (pure: no spaCy here).

Order of work, and why:

1. clean every span (:mod:`.clean`), split what the model glued together (:mod:`.repair`)
   and fix labels from the article's own words (:mod:`.relabel`);
2. vote one label per surface name: the model labels the same word differently in one
   text ("Shusha" PERSON then GPE); the article majority wins, ties as in
   :func:`.labels.majority_label` (places beat PERSON), textual hints count extra;
3. link names into entities: exact folded name; a parenthesised alternative right after a
   name, "Khankendi (Stepanakert)"; a short form, "Aliyev" → "Ilham Aliyev" (person and org
   only, see :mod:`.linking`);
4. per entity: one label (majority over all its mentions, so it may differ from a name's
   own vote in step 2), one display name (its most frequent full form) and the key
   ``fold(display name)``;
5. a person's name inside a longer name ("Andy Warhol Foundation") is one more mention of
   that person, nested in the longer one (:mod:`.nested`).

Dates and numbers are values, not names: they skip voting and linking, and their key is the
folded text itself.

One article never stops a run (issue #11: a results table made linking raise and nothing
was indexed). :func:`resolve_article` catches a failure at the stage it happens: if
cleaning fails the article gets no mentions, if linking fails each cleaned name keeps its
own key; either way the result's ``problem`` says which stage failed, for one report line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from newsdesk.entities.archive import pick_display_name
from newsdesk.entities.clean import Span, clean_span, list_pieces, paragraph_pieces
from newsdesk.entities.gazetteer import echo_names
from newsdesk.entities.junk import drop_junk
from newsdesk.entities.labels import majority_label
from newsdesk.entities.linking import Entities, node_of, votes
from newsdesk.entities.nested import nested_people
from newsdesk.entities.normalize import display, fold
from newsdesk.entities.relabel import relabel_all
from newsdesk.entities.repair import Context, split_merged
from newsdesk.entities.sport import TEAM_SUFFIX, as_team, named_side, teams
from newsdesk.groups import is_name_label
from newsdesk.models import Mention, Mentions

RawSpan = tuple[int, int, str]


def resolve_article(text: str, raw: Iterable[RawSpan]) -> Mentions:
    """Cleaned, labelled and keyed mentions for one article body, in text order.

    Never raises for the article's content: see the module docstring.
    """
    try:
        spans = prepare(text, raw)
    except Exception as exc:  # any bug meeting any text: this article only
        return Mentions.partial([], stage_failed("cleaning", exc))
    try:
        return Mentions(link(text, spans))
    except Exception as exc:
        return Mentions.partial(unlinked(text, spans), stage_failed("linking", exc))


def stage_failed(stage: str, exc: BaseException) -> str:
    """One line: which stage failed and how ("linking failed: ValueError: …")."""
    detail = " ".join(str(exc).split())[:200]
    return f"{stage} failed: {type(exc).__name__}" + (f": {detail}" if detail else "")


def prepare(text: str, raw: Iterable[RawSpan]) -> list[Span]:
    """Cleaning: spans trimmed, split where glued and relabelled from the article's words."""
    cleaned = clean_all(text, raw)
    context = Context.of(text, cleaned)
    spans = relabel_all(text, split_merged(text, cleaned, context), context)
    kept = drop_junk(text, [s for s in spans if fold(text[s.start : s.end])], context.surnames)
    return echo_names(text, kept)


def link(text: str, spans: list[Span]) -> list[Mention]:
    """Linking: label votes, the joining rules, one key and name per entity."""
    if not spans:
        return []
    team_names = teams(text, spans)
    spans = [as_team(text, s, team_names) for s in spans]
    sides = {s for s in spans if named_side(text, s)}
    linked = [s for s in spans if s not in sides]
    entities = Entities(text, linked, name_labels(text, linked))
    entities.link()
    summaries: dict[str, tuple[str, str, str]] = {}
    keyed = (_mention(text, s, entities, summaries, team_names) for s in linked)
    by_span = dict(zip(linked, keyed, strict=True)) | {s: _side(text, s) for s in sides}
    return nested_people(text, [by_span[span] for span in spans])


def _side(text: str, span: Span) -> Mention:
    """A place standing for its team ("the US team"): the team, on its own, whatever the
    rest of the article calls that place (:func:`.sport.named_side`)."""
    surface = text[span.start : span.end]
    key = fold(surface) + TEAM_SUFFIX
    return Mention(span.start, span.end, surface, "ORG", key, display(surface))


def unlinked(text: str, spans: list[Span]) -> list[Mention]:
    """Each cleaned span under its own folded text: what is safe when linking failed."""
    out = []
    for span in spans:
        surface = text[span.start : span.end]
        out.append(
            Mention(span.start, span.end, surface, span.label, fold(surface), display(surface))
        )
    return out


def clean_all(text: str, raw: Iterable[RawSpan]) -> list[Span]:
    """Every raw span cleaned, empty ones dropped, duplicates removed, sorted by position."""
    seen: dict[tuple[int, int], Span] = {}
    for raw_start, raw_end, label in raw:
        for start, end in _pieces(text, raw_start, raw_end, label):
            span = clean_span(text, start, end, label)
            if span is not None and fold(text[span.start : span.end]):
                seen.setdefault((span.start, span.end), span)
    return sorted(seen.values(), key=lambda s: (s.start, s.end))


def _pieces(text: str, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """Paragraph pieces, each cut again where a list separates names."""
    return [
        p for a, b in paragraph_pieces(text, start, end) for p in list_pieces(text, a, b, label)
    ]


def name_labels(text: str, spans: list[Span]) -> dict[str, str]:
    """The article's majority label for each folded name (names only, not dates/numbers)."""
    by_name: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        if is_name_label(span.label):
            by_name[fold(text[span.start : span.end])].append(span)
    return {name: majority_label(votes(group)) for name, group in by_name.items()}


def _mention(
    text: str,
    span: Span,
    entities: Entities,
    summaries: dict[str, tuple[str, str, str]],
    team_names: frozenset[str],
) -> Mention:
    """The output row of one span, carrying its entity's label, key and display name."""
    surface = text[span.start : span.end]
    if not is_name_label(span.label):
        return Mention(span.start, span.end, surface, span.label, fold(surface), display(surface))
    root = entities.find(node_of(text, span))
    if root not in summaries:
        summaries[root] = _summary(entities, root, team_names)
    label, name, key = summaries[root]
    return Mention(span.start, span.end, surface, label, key, name)


def _summary(entities: Entities, root: str, team_names: frozenset[str]) -> tuple[str, str, str]:
    """An entity's label (majority over all its mentions), display name (its full form) and
    key: a team named after a place gets its own key (:mod:`.sport`)."""
    label = majority_label(entities.votes(root))
    name = pick_display_name(entities.forms(root))
    team = root in team_names and label == "ORG"
    return label, name, fold(name) + (TEAM_SUFFIX if team else "")
