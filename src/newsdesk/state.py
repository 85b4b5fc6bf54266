"""Small facts remembered between runs (the last corpus opened), kept outside any index."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from newsdesk import locations


def last_corpus() -> Path | None:
    try:
        data = json.loads(locations.state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("last_corpus") if isinstance(data, dict) else None
    path = Path(value) if isinstance(value, str) else None
    return path if path and path.is_dir() else None


def remember_corpus(corpus: Path) -> None:
    """Written atomically: a crash never leaves a half-written state file."""
    target = locations.state_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".state-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"last_corpus": str(corpus)}, fh)
        os.replace(tmp, target)
    except OSError:
        pass
