"""Make untrusted text inert before it is stored or shown.

Article text comes from folders the user did not write. Escape sequences, control
characters and bidi overrides could move the cursor, retitle the window, write the
clipboard or disguise text, so they are removed (or shown as visible symbols) here,
once, and every layer above can treat text as plain characters.
"""

from __future__ import annotations

import re

# CSI, OSC, DCS/SOS/PM/APC strings and lone two-byte escapes, in 7-bit and 8-bit forms.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?            # CSI ... final
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])       # OSC, DCS, SOS, PM, APC ...
      .*?(?:\x07|\x1b\\|\x9c|$)                  # ... up to BEL or ST
  | \x1b[ -/]*[0-~]?                             # other escapes
    """,
    re.VERBOSE | re.DOTALL,
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_escapes(text: str) -> str:
    """Remove terminal escape sequences, keeping the visible text around them."""
    return _ESCAPES.sub("", text)


def clean_text(text: str) -> str:
    """Text safe to store and display: escapes, controls and bidi overrides removed.

    Newlines and tabs survive; a carriage return becomes a newline so no line can
    overwrite another.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_escapes(text)
    text = _CONTROLS.sub("", text)
    return _BIDI.sub("", text)


def clean_line(text: str) -> str:
    """A single display line (title, source, file name): whitespace runs become one space."""
    return " ".join(clean_text(text).split())


def visible_path(path: str) -> str:
    """A file name for messages: control characters shown as escapes, never executed."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in path)
