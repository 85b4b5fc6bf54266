"""Keyword-in-context: the sentence around a mention, cut to a readable width.

The reader never runs spaCy, so sentences are found from punctuation and paragraph
breaks; good enough for a context line, and instant.
"""

from __future__ import annotations

import re

from newsdesk.models import MentionContext

_END = re.compile(r"[.!?…][\"'”’)]*\s+|\n\s*\n")
ELLIPSIS = "…"


def _sentence_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _END.finditer(body, 0, start):
        left = m.end()
    right_match = _END.search(body, end)
    right = right_match.start() + 1 if right_match else len(body)
    return left, min(right, len(body))


def context(article_id: str, body: str, start: int, end: int, width: int = 220) -> MentionContext:
    """The mention's sentence, trimmed around the mention when longer than ``width``."""
    left, right = _sentence_bounds(body, start, end)
    room = max(width - (end - start), 20) // 2
    cut_left, cut_right = max(left, start - room), min(right, end + room)
    prefix = ELLIPSIS if cut_left > left else ""
    suffix = ELLIPSIS if cut_right < right else ""
    text = prefix + body[cut_left:cut_right].replace("\n", " ").strip() + suffix
    lead = len(prefix) + len(body[cut_left:start].replace("\n", " ").lstrip())
    return MentionContext(article_id, text, lead, lead + (end - start))
