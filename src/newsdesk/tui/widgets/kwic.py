"""Keyword-in-context lines: a mention with a little of its sentence either side.

Context text is untrusted article prose, so every piece is cleaned and appended as
plain text; the mention is styled by span, never by markup.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from newsdesk.models import MentionContext
from newsdesk.safety import clean_line

LEFT_CHARS = 32
ELLIPSIS = "…"


def trim_left(text: str, limit: int) -> str:
    """The end of ``text`` in at most ``limit`` characters, cut at a word boundary."""
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    cut = tail.find(" ")
    tail = tail[cut + 1 :] if 0 <= cut < len(tail) - 1 else tail
    return f"{ELLIPSIS} {tail}"


def kwic_parts(context: MentionContext, left_chars: int = LEFT_CHARS) -> tuple[str, str, str]:
    """Cleaned (left, mention, right), keeping whether each side touched the mention."""
    raw = context.text
    start, end = max(0, context.start), min(len(raw), context.end)
    left, mention, right = raw[:start], raw[start:end], raw[end:]
    left_clean = trim_left(clean_line(left), left_chars)
    right_clean = clean_line(right)
    if left_clean and left[-1:].isspace():
        left_clean += " "
    if right_clean and right[:1].isspace():
        right_clean = " " + right_clean
    return left_clean, clean_line(mention), right_clean


def kwic_line(
    context: MentionContext,
    mention_style: Style | str,
    indent: str = "    ",
    left_chars: int = LEFT_CHARS,
) -> Text:
    """One context line, cropped with an ellipsis at the right edge when drawn."""
    left, mention, right = kwic_parts(context, left_chars)
    line = Text(indent, no_wrap=True, overflow="ellipsis")
    line.append(left, style="dim")
    line.append(mention, style=mention_style)
    line.append(right, style="dim")
    return line
