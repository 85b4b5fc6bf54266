"""Plain-text shaping shared by every format: inert lines, paragraphs and titles.

Every string that leaves the ingest package passes through here, so the safety rules
(``newsdesk.safety``) and the body shape (one line per paragraph, one blank line
between paragraphs) are applied in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdesk.ingest import repairs
from newsdesk.safety import clean_text_counted

MAX_LINE = 300
"""Longest title, author or source kept; longer values are cut at a word with an ellipsis."""
TITLE_FROM_BODY = 100
"""Length at which a title taken from the lede is cut."""

_SURROGATES = re.compile("[\ud800-\udfff]")
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_LAST_WORD = re.compile(r"(\S+)$")
_CLOSERS = "\"'”’)]»"
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "gov", "sen", "rep", "col",
    "lt", "sgt", "capt", "cpt", "adm", "maj", "rev", "inc", "ltd", "co", "corp", "bros",
    "vs", "no", "nos", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "approx", "est", "fig", "vol"
})  # fmt: skip


def clean_lines(text: str) -> str:
    """Mojibake repaired, then ``clean_text``, noting what it removed.

    No escape string spans lines, so one that is never terminated cannot take text
    from the next line. Lone surrogates (from JSON escapes or undecodable names) become
    U+FFFD: they cannot be encoded, and would break the index writer far from their cause.
    """
    text, removed = clean_text_counted(repairs.unmangle(text))
    repairs.note_removed(removed)
    return _SURROGATES.sub("\ufffd", text)


def one_line(value: str, limit: int = MAX_LINE) -> str:
    """A display line (title, author, source): inert, whitespace collapsed, bounded length."""
    return shorten(" ".join(clean_lines(value).split()), limit)


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary near ``limit`` characters, marking the cut with "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def join_paragraphs(parts: Iterable[str]) -> str:
    """The body shape: each part one paragraph, inner whitespace collapsed, empties dropped."""
    return _join(clean_lines(part) for part in parts)


def _join(parts: Iterable[str]) -> str:
    collapsed = (" ".join(part.split()) for part in parts)
    return "\n\n".join(part for part in collapsed if part)


def paragraphs(text: str) -> str:
    """Body from prose where blank lines separate paragraphs and single newlines only wrap."""
    blocks: list[str] = []
    current: list[str] = []
    for line in clean_lines(text).split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(" ".join(current))
            current = []
    blocks.append(" ".join(current))
    return _join(blocks)


def line_paragraphs(text: str) -> str:
    """Body from text whose paragraphs may be single lines (JSON strings, extractor output).

    With a blank line anywhere, blank lines are taken as the separators; otherwise
    each line is a paragraph.
    """
    text = clean_lines(text)
    if re.search(r"\n[^\S\n]*\n", text):
        return paragraphs(text)
    return _join(text.split("\n"))


def is_headline(line: str) -> bool:
    """A short line without a closing full stop, question or exclamation mark."""
    line = line.strip()
    if not line or len(line) > 120 or len(line.split()) > 16:
        return False
    return line.rstrip(_CLOSERS)[-1:] not in {".", "?", "!", ""}


def derive_title(body: str) -> str:
    """A title from the lede: its first sentence, cut near 100 characters."""
    lede = body.split("\n\n", 1)[0][:2000]
    sentence = first_sentence(lede).strip()
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]
    return one_line(sentence, TITLE_FROM_BODY)


def first_sentence(text: str) -> str:
    """Text up to the first sentence end that is not an abbreviation or an initial."""
    for match in _BOUNDARY.finditer(text):
        following = text[match.end() : match.end() + 2].lstrip("\"'“‘([")
        if not following or not (following[0].isupper() or following[0].isdigit()):
            continue
        if text[match.start()] == "." and _is_abbreviation(text[: match.start()]):
            continue
        return text[: match.end()].rstrip()
    return text


def _is_abbreviation(before: str) -> bool:
    """Whether the word before a full stop is "Mr", an initial like "J" or "U.S"."""
    found = _LAST_WORD.search(before[-40:])
    if found is None:
        return False
    word = found.group(1).lstrip("\"'“‘([")
    return len(word) == 1 or "." in word or word.lower() in _ABBREVIATIONS
