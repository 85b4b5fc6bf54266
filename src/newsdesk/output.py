"""How the CLI prints: plain lines for people, JSON for scripts, both inert in a terminal."""

from __future__ import annotations

import json
import re
import sys
from typing import Any, NoReturn

from newsdesk.safety import clean_line

_UNSAFE_IN_JSON = re.compile(r"[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def to_json(data: Any) -> str:
    """JSON whose strings cannot drive a terminal: json escapes C0 controls, we escape the rest."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def line(*parts: object) -> str:
    """One display line from untrusted parts."""
    return "  ".join(clean_line(str(p)) for p in parts)


def fail(message: str, code: int = 1) -> NoReturn:
    """The one way a command fails: ``newsdesk: <one line>`` on stderr, then exit ``code``."""
    sys.stderr.write(f"newsdesk: {line(message)}\n")
    sys.stderr.flush()
    sys.exit(code)
