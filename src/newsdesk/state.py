"""Small facts remembered between runs, kept outside any index: the last corpus opened
and how the reader highlights entities. One JSON file, replaced atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk import locations

if TYPE_CHECKING:
    from newsdesk.spans import Highlighting


def _read() -> dict[str, Any]:
    try:
        data = json.loads(locations.state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _update(**values: Any) -> None:
    """Written atomically: a crash never leaves a half-written state file; a state file
    that cannot be written costs only the memory, never the run."""
    target = locations.state_file()
    data = {**_read(), **values}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".state-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, target)
    except OSError:
        pass


def last_corpus() -> Path | None:
    value = _read().get("last_corpus")
    path = Path(value) if isinstance(value, str) else None
    return path if path and path.is_dir() else None


def remember_corpus(corpus: Path) -> None:
    _update(last_corpus=str(corpus))


def highlighting(default: Highlighting) -> Highlighting:
    """The reader's last highlighting choice; anything unreadable is the default.
    (``spans`` is imported here: the CLI reads the last corpus and must not pay for it.)"""
    from newsdesk.groups import GROUP_ORDER
    from newsdesk.spans import HIGHLIGHT_MODES, Highlighting

    saved = _read().get("highlighting")
    if not isinstance(saved, dict):
        return default
    mode, types = saved.get("mode"), saved.get("types")
    if mode not in HIGHLIGHT_MODES or not isinstance(types, list):
        return default
    return Highlighting(mode, frozenset(t for t in types if t in GROUP_ORDER))


def remember_highlighting(choice: Highlighting) -> None:
    _update(highlighting={"mode": choice.mode, "types": sorted(choice.types)})
