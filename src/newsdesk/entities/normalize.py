"""Folding names to keys: one spelling-insensitive form per entity.

A key must come out equal for every way a wire service or a keyboard writes a name:
"Erdoğan"/"Erdogan"/"ERDOGAN", "O’Brien"/"O'Brien", "Nagorno-Karabakh"/"Nagorno Karabakh".
So :func:`fold` casefolds, strips accents, maps letters that Unicode does not decompose
(Turkish dotless ı, Polish ł, Nordic ø…), unifies apostrophes, turns hyphens and dashes
into spaces and collapses whitespace.
"""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "'’‘`´ʼʹ′"
"""Characters writers use for an apostrophe; all fold to ``'``."""

_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ħ": "h",
        "ŧ": "t",
        **{ch: "'" for ch in APOSTROPHES},
    }
)
_DASHES = re.compile(r"[\-‐‑‒–—―−]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """The key form of a name: casefolded, accent-free, one apostrophe, no hyphens.

    >>> fold("Recep Tayyip  Erdoğan") == fold("recep tayyip erdogan")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.translate(_LETTERS)
    return _SPACES.sub(" ", _DASHES.sub(" ", bare)).strip()


def key_tokens(key: str) -> tuple[str, ...]:
    """The words of a folded key, for surname and short-form matching."""
    return tuple(key.split())


def display(text: str) -> str:
    """A surface form fit for a name column: internal line breaks and runs of spaces collapsed."""
    return _SPACES.sub(" ", text).strip()
