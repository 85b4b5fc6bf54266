"""Repairs made to a file's text while it is read, so the user hears about each kind once.

Text is cleaned field by field, deep inside each format's reader; the warnings belong
to the file. ``noting()`` opens a record for the file being read (a context variable, so
readers in several threads keep their own), the cleaning functions add to it, and
``warnings()`` turns it into lines.

Mojibake is UTF-8 that was decoded as Latin-1 or Windows-1252 on its way into the
archive (scraped news is full of it): "”" becomes "â€\x9d", with C1 control characters
inside. ftfy undoes it. It is asked only when a telltale pair of characters is present,
because it costs about 0.4 µs a character even on clean text (0.64 s for 1.5 MB); the
search for the pair is skipped for ASCII text (10 ns a character, 49 µs an article).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

REMOVED_QUIETLY = 5
"""Up to this many characters of controls and escapes go without a warning per file."""


def _continuations() -> str:
    """UTF-8 continuation bytes 0x80-0xBF as Latin-1 and Windows-1252 show them."""
    chars = {chr(byte) for byte in range(0x80, 0xC0)}
    chars |= set(bytes(range(0x80, 0xC0)).decode("cp1252", "ignore"))
    return "".join(sorted(chars))


_HINT = re.compile(f"[\u00c2-\u00f4][{re.escape(_continuations())}]")
"""A UTF-8 lead byte read as a letter (Â-ô), then a continuation byte read as a character."""
_CODECS = {"latin-1": "Latin-1", "sloppy-windows-1252": "Windows-1252"}


@dataclass(slots=True)
class Repairs:
    """What cleaning one file's text changed."""

    mojibake: dict[str, None] = field(default_factory=dict)
    removed: int = 0


_CURRENT: ContextVar[Repairs | None] = ContextVar("newsdesk_repairs", default=None)


@contextmanager
def noting() -> Iterator[Repairs]:
    """Record the repairs made inside the block (one file's reading)."""
    repairs = Repairs()
    token = _CURRENT.set(repairs)
    try:
        yield repairs
    finally:
        _CURRENT.reset(token)


def unmangle(text: str) -> str:
    """``text`` with double-encoded UTF-8 decoded once more, noting how it was wrong."""
    if text.isascii() or not _HINT.search(text):
        return text
    import ftfy  # here, not at the top: importing it takes 76 ms, and start-up should not

    fixed = ftfy.fix_encoding_and_explain(text)
    repairs = _CURRENT.get()
    if repairs is not None and fixed.explanation:
        repairs.mojibake[_how(fixed.explanation)] = None
    return fixed.text


def note_removed(count: int) -> None:
    """Cleaning removed ``count`` characters of controls and escapes."""
    repairs = _CURRENT.get()
    if repairs is not None:
        repairs.removed += count


def warnings(repairs: Repairs) -> list[str]:
    """One line per kind of repair worth telling."""
    found = [f"repaired mojibake: {how}" for how in repairs.mojibake]
    if repairs.removed > REMOVED_QUIETLY:
        found.append(f"removed {repairs.removed} characters of control codes and escapes")
    return found


def _how(steps: Sequence[tuple[str, str]]) -> str:
    """ftfy's steps as words: "UTF-8 read as Windows-1252" (twice over, if it was)."""
    names = [_CODECS.get(codec, codec) for action, codec in steps if action == "encode"]
    if not names:
        return "text decoded again"
    return ", then ".join(f"UTF-8 read as {name}" for name in reversed(names))
