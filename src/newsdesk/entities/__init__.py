"""Named entities: spaCy NER at index time, then cleaning, keys and archive-wide rules.

Cheap to import: nothing here imports spaCy until a :class:`Recognizer` is first used.

* :class:`Recognizer` — runs the model (``extract``, ``extract_many``);
* :func:`resolve_article` — pure: raw ``(start, end, label)`` spans → keyed mentions;
* :func:`fold`, :func:`pick_display_name`, :func:`majority_label`, :func:`archive_labels`,
  :func:`merge_short_keys` — the archive-wide rules the index layer applies;
* :func:`load_aliases`, :func:`apply_aliases` — the user's merge/rename/hide file.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_HOMES = {
    "Aliases": "aliases", "apply_aliases": "aliases",
    "load_aliases": "aliases", "archive_labels": "archive", "merge_short_keys": "archive",
    "pick_display_name": "archive", "majority_label": "labels",
    "Recognizer": "ner", "fold": "normalize", "resolve_article": "resolve",
}  # fmt: skip
"""Where each name lives. Loaded on first use (PEP 562): importing one small module of
the package (``entities.labels`` for the schema) ran all of them, NER and linking rules
included, about 50 ms of every ``newsdesk search``."""

if TYPE_CHECKING:
    from newsdesk.entities.aliases import Aliases, apply_aliases, load_aliases
    from newsdesk.entities.archive import archive_labels, merge_short_keys, pick_display_name
    from newsdesk.entities.labels import majority_label
    from newsdesk.entities.ner import Recognizer
    from newsdesk.entities.normalize import fold
    from newsdesk.entities.resolve import resolve_article
    from newsdesk.errors import AliasFileError, ModelMissing


def __getattr__(name: str) -> Any:
    if name in ("AliasFileError", "ModelMissing"):
        return getattr(importlib.import_module("newsdesk.errors"), name)
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "AliasFileError",
    "Aliases",
    "ModelMissing",
    "Recognizer",
    "apply_aliases",
    "archive_labels",
    "fold",
    "load_aliases",
    "majority_label",
    "merge_short_keys",
    "pick_display_name",
    "resolve_article",
]
