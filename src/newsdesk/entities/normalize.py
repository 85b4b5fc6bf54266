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
from functools import lru_cache

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


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The key form of a name: casefolded, accent-free, one apostrophe, no hyphens.

    Cached: an archive repeats the same few thousand names, and cleaning folds each word.

    >>> fold("Recep Tayyip  Erdoğan") == fold("recep tayyip erdogan")
    True
    """
    bare = text.casefold()
    if not bare.isascii():
        decomposed = unicodedata.normalize("NFKD", bare)
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        bare = bare.translate(_LETTERS)
    return _SPACES.sub(" ", _DASHES.sub(" ", bare.replace("`", "'"))).strip()


def key_tokens(key: str) -> tuple[str, ...]:
    """The words of a folded key, for surname and short-form matching."""
    return tuple(key.split())


def display(text: str) -> str:
    """A surface form fit for a name column: internal line breaks and runs of spaces collapsed."""
    return _SPACES.sub(" ", text).strip()
