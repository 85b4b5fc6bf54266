"""Where newsdesk keeps its files. One module, so every path has one owner."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP = "newsdesk"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("NEWSDESK_CONFIG")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP, appauthor=False))


def state_file() -> Path:
    """Remembers the last corpus opened, outside any index."""
    return data_dir() / "state.json"


def user_state_file() -> Path:
    """Read marks, stars, labels, notes and saved searches: the user's, so outside every
    index (a rebuild replaces an index's generations, never this)."""
    return data_dir() / "userstate.sqlite"


def alias_file() -> Path:
    """The user's entity aliases: theirs, so never stored only inside an index."""
    return config_dir() / "aliases.toml"


def index_dir_for(corpus: Path, explicit: str | Path | None = None) -> Path:
    """The index folder: ``--index``, else ``NEWSDESK_INDEX``, else one folder per corpus."""
    if explicit:
        return Path(explicit).expanduser()
    override = os.environ.get("NEWSDESK_INDEX")
    if override:
        return Path(override).expanduser()
    resolved = corpus.expanduser().resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return data_dir() / "indexes" / f"{resolved.name or 'root'}-{digest}"


def bundled_samples() -> Path | None:
    """The sample articles shipped beside a source checkout, when there is one."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "sample_articles"
        if candidate.is_dir():
            return candidate
    return None
