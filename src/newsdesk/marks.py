"""Where a query's words stand in a text: match spans and snippets, fast.

Whoosh's highlighter runs every word of a body through the whole analyser chain; for a
page of hits that was most of a search's time. Here the text is split with the same
word pattern, each word is asked whether it is one of the query's terms (the engine's
``marker``, which analyses only the words that can be), and the passages are chosen by
counting matches in a window: the same answers, several times faster. The question is
the engine's, passed in: this module knows no engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_WORDS = re.compile(r"\w+(?:\.?\w+)*")
"""Whoosh's default tokenizer pattern, so a word here is a token there."""

Span = tuple[int, int]
Matches = Callable[[str], bool]
"""Whether one word of text is one of a query's terms: ``SearchEngine.marker(terms)``."""
SNIPPET_CHARS = 160
BEFORE = 50
BETWEEN = " … "


def spans_of(text: str, matches: Matches) -> list[Span]:
    """Character spans of the words of ``text`` that ``matches`` says are terms."""
    return [m.span() for m in _WORDS.finditer(text) if matches(m.group())]


def _windows(spans: list[Span], size: int) -> list[tuple[int, Span]]:
    """Candidate passages: one per match, scored by how many matches it holds."""
    out = []
    for start, _ in spans:
        left = max(0, start - BEFORE)
        inside = sum(1 for s, e in spans if s >= left and e <= left + size)
        out.append((inside, (left, left + size)))
    return out


def _best(spans: list[Span], size: int, count: int) -> list[Span]:
    chosen: list[Span] = []
    for _, (left, right) in sorted(_windows(spans, size), key=lambda w: (-w[0], w[1][0])):
        if all(right <= a or left >= b for a, b in chosen):
            chosen.append((left, right))
        if len(chosen) == count:
            break
    return sorted(chosen)


def _trim(body: str, left: int, right: int) -> Span:
    """Widen to whole words, so a passage never starts or ends mid-word."""
    right = min(right, len(body))
    while left > 0 and body[left - 1].isalnum():
        left -= 1
    while right < len(body) and body[right].isalnum():
        right += 1
    return left, right


def _assemble(
    body: str, passages: Iterable[Span], spans: list[Span]
) -> tuple[str, tuple[Span, ...]]:
    parts: list[str] = []
    marks: list[Span] = []
    pos = 0
    for left, right in passages:
        if parts:
            parts.append(BETWEEN)
            pos += len(BETWEEN)
        marks += [(pos + s - left, pos + e - left) for s, e in spans if s >= left and e <= right]
        piece = body[left:right].replace("\n", " ")
        parts.append(piece)
        pos += len(piece)
    return "".join(parts), tuple(marks)


def snippet(body: str, matches: Matches, passages: int = 2) -> tuple[str, tuple[Span, ...]]:
    """The best passages of ``body`` for the words ``matches`` picks, or its opening
    when none match."""
    spans = spans_of(body, matches)
    if not spans:
        opening = body[:SNIPPET_CHARS].replace("\n", " ")
        return (opening + "…" if len(body) > SNIPPET_CHARS else opening), ()
    size = SNIPPET_CHARS // passages + BEFORE
    chosen = [_trim(body, a, b) for a, b in _best(spans, size, passages)]
    return _assemble(body, chosen, spans)
