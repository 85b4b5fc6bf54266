"""Named entities: spaCy NER at index time, then cleaning, keys and archive-wide rules.

Cheap to import: nothing here imports spaCy until a :class:`Recognizer` is first used.

* :class:`Recognizer` — runs the model (``extract``, ``extract_many``);
* :func:`resolve_article` — pure: raw ``(start, end, label)`` spans → keyed mentions;
* :func:`fold`, :func:`pick_display_name`, :func:`majority_label`, :func:`archive_labels`,
  :func:`merge_short_keys` — the archive-wide rules the index layer applies;
* :func:`load_aliases`, :func:`apply_aliases` — the user's merge/rename/hide file.
"""

from __future__ import annotations

from newsdesk.entities.aliases import Aliases, apply_aliases, load_aliases
from newsdesk.entities.archive import archive_labels, merge_short_keys, pick_display_name
from newsdesk.entities.labels import majority_label
from newsdesk.entities.ner import Recognizer
from newsdesk.entities.normalize import fold
from newsdesk.entities.resolve import resolve_article
from newsdesk.errors import AliasFileError, ModelMissing

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
