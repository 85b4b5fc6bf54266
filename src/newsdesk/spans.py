"""Where the marks go in an article body, as plain offsets: no terminal, no styles.

The reading pane shows entities, search matches and a cursor on top of each other.
Working that out here, as pure functions over offsets, keeps it testable without a
screen and lets the styling layer (``tui/highlight.py``) stay a thin lookup.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsdesk.groups import GROUP_NAMES, GROUP_ORDER, NAME_GROUPS, NAMES_MODE_GROUPS, group_of
from newsdesk.models import Mention

Span = tuple[int, int]

__all__ = [
    "DEFAULT_TYPES",
    "HIGHLIGHT_MODES",
    "Highlighting",
    "Paragraph",
    "Run",
    "Span",
    "clamp_spans",
    "find_terms",
    "layout_segments",
    "mention_indexes_of",
    "paragraph_bounds",
    "visible_mentions",
]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of body text that looks the same from ``start`` to ``end``.

    ``mention`` indexes the mentions given to :func:`layout_segments` and ``match`` the
    merged matches, so a click, the cursor or ``n`` can find what is behind the run.
    """

    start: int
    end: int
    group: str | None = None
    mention: int | None = None
    match: int | None = None
    cursor: bool = False
    focus: bool = False
    current_match: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    runs: tuple[Run, ...]


def paragraph_bounds(body: str) -> list[Span]:
    """Paragraphs are split by blank lines; surrounding whitespace is not part of them."""
    bounds: list[Span] = []
    pos = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = brk.start() if brk else len(body)
        chunk = body[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            bounds.append((pos + lead, pos + len(chunk.rstrip())))
        pos = brk.end() if brk else end
    return bounds


def clamp_spans(spans: Iterable[Span], length: int) -> list[Span]:
    """Spans cut to the body, empty ones dropped, overlapping ones merged, in order."""
    merged: list[Span] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


HIGHLIGHT_MODES = ("all", "names", "off")
"""What ``h`` cycles through: every chosen type, people/organisations/places, none."""
NAME_TYPES = frozenset(NAMES_MODE_GROUPS)
DEFAULT_TYPES = frozenset(NAME_GROUPS)
"""The name groups: dates and numbers are off by default in body text, since long
articles full of "Tuesday" and "3" read like a decorated tree; a user turns them on per type."""


@dataclass(frozen=True, slots=True)
class Highlighting:
    """Which entity types the reading pane colours: a mode and the types the user chose
    (the "all" mode's set). Matches of a search are marked in every mode."""

    mode: str = "all"
    types: frozenset[str] = DEFAULT_TYPES

    def shown(self) -> frozenset[str]:
        if self.mode == "off":
            return frozenset()
        return self.types & NAME_TYPES if self.mode == "names" else self.types

    def cycled(self) -> Highlighting:
        at = HIGHLIGHT_MODES.index(self.mode) if self.mode in HIGHLIGHT_MODES else 0
        return Highlighting(HIGHLIGHT_MODES[(at + 1) % len(HIGHLIGHT_MODES)], self.types)

    def describe(self) -> str:
        if self.mode == "off":
            return "highlighting off"
        names = ", ".join(GROUP_NAMES[g] for g in GROUP_ORDER if g in self.shown())
        return f"highlighting {names or 'nothing'}"


def visible_mentions(
    body: str,
    mentions: Iterable[Mention],
    highlight_numbers: bool = False,
    keep_key: str | None = None,
    types: frozenset[str] | None = None,
) -> list[Mention]:
    """The mentions the reader shows, in text order, none overlapping.

    Only ``types`` are shown when given, else everything but numbers unless asked for;
    the entity being followed (``keep_key``) always is, and wins where its mention sits
    inside a longer name ("Andy Warhol" in "Andy Warhol Foundation", see
    :mod:`newsdesk.entities.nested`). Offsets outside the body are dropped; of two other
    overlapping mentions the earlier (then the longer) wins, so every character belongs
    to at most one entity and the cursor has a clear order to walk.
    """
    inside = [m for m in mentions if 0 <= m.start < m.end <= len(body)]
    kept = [m for m in inside if keep_key is not None and m.key == keep_key]
    shown = _claim([], kept)
    others = [m for m in inside if not _hidden(m, highlight_numbers, keep_key, types)]
    return _claim(shown, others)


def _hidden(
    mention: Mention, highlight_numbers: bool, keep_key: str | None, types: frozenset[str] | None
) -> bool:
    """Left out by the chosen types (or numbers, unless asked for); never the followed key."""
    if mention.key == keep_key:
        return False
    group = group_of(mention.label)
    return group not in types if types is not None else (
        not highlight_numbers and group == "number")  # fmt: skip


def _claim(shown: list[Mention], candidates: Iterable[Mention]) -> list[Mention]:
    """``shown`` (none overlapping) plus each candidate, earlier then longer first, that
    overlaps nothing taken so far; in text order. Linear but for a bisect into ``shown``:
    a long article has thousands of mentions."""
    fixed = sorted(shown, key=lambda m: m.start)
    starts = [m.start for m in fixed]
    added: list[Mention] = []
    for mention in sorted(candidates, key=lambda m: (m.start, -(m.end - m.start))):
        if added and mention.start < added[-1].end:
            continue
        if not _overlaps(fixed, starts, mention):
            added.append(mention)
    return sorted([*fixed, *added], key=lambda m: m.start)


def _overlaps(fixed: list[Mention], starts: list[int], mention: Mention) -> bool:
    """Whether ``mention`` overlaps one of ``fixed`` (sorted, none overlapping)."""
    at = bisect.bisect_left(starts, mention.end)
    return at > 0 and fixed[at - 1].end > mention.start


def find_terms(text: str, terms: Iterable[str]) -> list[Span]:
    """Where a word of ``text`` starts with a term, any case (terms may be stems: "ga")."""
    spans = [
        (found.start(), found.end())
        for term in terms
        if term.strip()
        for found in re.finditer(r"(?<!\w)" + re.escape(term.strip()), text, re.IGNORECASE)
    ]
    return clamp_spans(spans, len(text))


def layout_segments(
    body: str,
    mentions: Sequence[Mention],
    matches: Iterable[Span] = (),
    cursor: int | None = None,
    focus_key: str | None = None,
    current_match: int | None = None,
) -> list[Paragraph]:
    """Cut the body into paragraphs of uniformly marked runs.

    ``mentions`` should come from :func:`visible_mentions`; ``cursor`` is an index into
    it and ``current_match`` an index into the merged ``matches``.
    """
    length = len(body)
    match_spans = clamp_spans(matches, length)
    paragraphs = []
    for start, end in paragraph_bounds(body):
        marks = _Marks(mentions, match_spans, start, end)
        runs = [_run(a, b, marks, cursor, focus_key, current_match) for a, b in marks.pieces()]
        paragraphs.append(Paragraph(start, end, tuple(_merge(runs))))
    return paragraphs


class _Marks:
    """The mentions and matches touching one paragraph, clipped to it."""

    def __init__(
        self, mentions: Sequence[Mention], matches: list[Span], start: int, end: int
    ) -> None:
        self.start, self.end = start, end
        self.mentions = sorted(
            (max(m.start, start), min(m.end, end), i)
            for i, m in enumerate(mentions)
            if m.start < end and m.end > start and m.start < m.end
        )
        self.matches = [
            (max(s, start), min(e, end), i)
            for i, (s, e) in enumerate(matches)
            if s < end and e > start
        ]
        self.kinds = mentions

    def pieces(self) -> list[Span]:
        cuts = {self.start, self.end}
        for s, e, _ in self.mentions + self.matches:
            cuts.update((s, e))
        points = sorted(cuts)
        return list(itertools.pairwise(points))

    def covering(self, spans: list[tuple[int, int, int]], a: int) -> int | None:
        index = bisect.bisect_right(spans, (a, float("inf"), 0)) - 1
        for s, e, i in spans[max(0, index - 1) : index + 1][::-1]:
            if s <= a < e:
                return i
        return None


def _run(
    a: int,
    b: int,
    marks: _Marks,
    cursor: int | None,
    focus_key: str | None,
    current_match: int | None,
) -> Run:
    mention = marks.covering(marks.mentions, a)
    match = marks.covering(marks.matches, a)
    found = marks.kinds[mention] if mention is not None else None
    return Run(
        a,
        b,
        group=group_of(found.label) if found else None,
        mention=mention,
        match=match,
        cursor=mention is not None and mention == cursor,
        focus=found is not None and focus_key is not None and found.key == focus_key,
        current_match=match is not None and match == current_match,
    )


def _merge(runs: list[Run]) -> list[Run]:
    """Neighbouring runs that look alike become one, so the styler makes fewer pieces."""
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last and last.end == run.start and _same_look(last, run):
            merged[-1] = Run(last.start, run.end, *_look(run))
        else:
            merged.append(run)
    return merged


def _look(run: Run) -> tuple[str | None, int | None, int | None, bool, bool, bool]:
    return (run.group, run.mention, run.match, run.cursor, run.focus, run.current_match)


def _same_look(left: Run, right: Run) -> bool:
    return _look(left) == _look(right)


def mention_indexes_of(mentions: Sequence[Mention], key: str) -> list[int]:
    """Where one entity's mentions sit in the visible list, to put the cursor on the first."""
    return [i for i, m in enumerate(mentions) if m.key == key]
