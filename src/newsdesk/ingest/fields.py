"""Loose field values (from JSON, YAML front matter, feeds) coerced to what an Article holds.

Only scalars become text: a nested structure is never turned into its ``repr``, which
also keeps a YAML alias bomb from being expanded into gigabytes of text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date


def as_text(value: object) -> str:
    """A scalar as text, a ``{"name": ...}`` object as its name, anything else as ""."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        for key in ("name", "title"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return ""


def as_names(value: object) -> str:
    """One author string from a scalar, an object with a name, or a list of either."""
    if isinstance(value, list | tuple):
        return ", ".join(name for name in map(as_text, value[:50]) if name.strip())
    return as_text(value)


def split_tags(value: object) -> tuple[str, ...]:
    """Tags from a comma-separated string or a list of scalars."""
    if isinstance(value, str):
        items: Iterable[object] = value.split(",")
    elif isinstance(value, list | tuple):
        items = value[:500]
    else:
        return ()
    return tuple(text.strip() for text in map(as_text, items) if text.strip())


def pick(record: Mapping[str, object], names: Iterable[str]) -> object:
    """The first of ``names`` present in ``record`` with a value that is not null or empty."""
    for name in names:
        value = record.get(name)
        if value is not None and value != "" and value != []:
            return value
    return None
