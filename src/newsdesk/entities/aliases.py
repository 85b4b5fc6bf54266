"""The user's alias file: merge, rename and hide entities, in TOML.

The model and the rules get some names wrong in ways only the reader can judge; this file is
the reader's word, kept outside any index (``Settings.alias_file``) so a rebuild never loses
it. Names are written as the reader sees them; case, accents, apostrophes and hyphens do not
matter ("Erdogan" and "Erdoğan" are the same entry). Format::

    # top-level keys must come before the first [table]
    hide = ["Reuters", "AP"]                # never list or highlight these

    [merge]                                 # left name becomes the right entity
    "Erdogan" = "Recep Tayyip Erdoğan"
    "Tayyip Erdogan" = "Recep Tayyip Erdoğan"

    [rename]                                # show this entity under another name
    "Recep Tayyip Erdoğan" = "R. T. Erdoğan"

    [retype]                                # person, org, place, group, event or other
    "Chelsea" = "org"

    [split]                                 # leave the entity the rules joined it to:
    "Murray" = "Murray"                     #   on its own,
    "Scott" = "Scott Brown"                 #   or joined to another entity

Merges chain ("A" = "B", "B" = "C" sends A to C) and may not loop. ``rename``, ``retype``
and ``hide`` entries follow merges: renaming or hiding a merged name affects the entity it
was merged into. A ``split`` entry wins over the rules and over ``[merge]``: the name
keeps only the entity it is split into. A missing file means no aliases; a broken one
raises :class:`AliasFileError` with a one-line message naming the file and the fix.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.entities.normalize import display, fold
from newsdesk.errors import AliasFileError
from newsdesk.groups import RETYPE_GROUPS, RETYPE_LABELS

_KNOWN = ("hide", "merge", "rename", "retype", "split")


@dataclass(frozen=True, slots=True)
class Aliases:
    """Folded key → folded key (merge), folded key → display name (rename), hidden keys."""

    merge: dict[str, str] = field(default_factory=dict)
    rename: dict[str, str] = field(default_factory=dict)
    hide: set[str] = field(default_factory=set)
    retype: dict[str, str] = field(default_factory=dict)
    """Folded key → label (``RETYPE_LABELS``' values)."""
    split: dict[str, str] = field(default_factory=dict)
    """Folded key → folded key it is split into (itself: on its own)."""

    def display_name(self, key: str, default: str) -> str:
        """The user's name for an entity key, else ``default``."""
        return self.rename.get(key, default)

    def is_hidden(self, key: str) -> bool:
        """The user asked never to list or highlight this entity."""
        return key in self.hide


def load_aliases(path: Path) -> Aliases:
    """Read and check the alias file; a missing file is an empty :class:`Aliases`."""
    if not path.exists():
        return Aliases()
    return aliases_from(path, _read_toml(path))


def aliases_from(path: Path, data: Mapping[str, object]) -> Aliases:
    """Check the file's parsed content (``path`` only names it in messages)."""
    unknown = sorted(set(data) - set(_KNOWN))
    if unknown:
        raise AliasFileError(
            f"{path}: unknown entry {unknown[0]!r}; use hide, [merge], [rename], [retype], [split]"
        )
    split = {fold(k): fold(v) for k, v in _string_table(path, data, "split").items()}
    merge = _resolve_chains(path, _folded_pairs(path, data, "merge"), split)
    renames = _string_table(path, data, "rename").items()
    rename = {merge.get(fold(k), fold(k)): display(v) for k, v in renames}
    hide = {merge.get(k, k) for k in _string_list(path, data, "hide")}
    retype = {merge.get(fold(k), fold(k)): _label(path, v) for k, v in
              _string_table(path, data, "retype").items()}  # fmt: skip
    return Aliases(merge=merge, rename=rename, hide=hide, retype=retype, split=split)


def _label(path: Path, group: str) -> str:
    label = RETYPE_LABELS.get(group.strip().lower())
    if label is None:
        raise AliasFileError(
            f'{path}: [retype] "{group}" is not a type; use {", ".join(RETYPE_GROUPS)}'
        )
    return label


def apply_aliases(mapping: Mapping[str, str], aliases: Aliases) -> dict[str, str]:
    """Local key → canonical key, with the user's merges applied on top.

    ``mapping`` comes from the automatic rules (e.g. :func:`.archive.merge_short_keys`,
    keys absent there mean "itself"). A user merge of the local key wins over the automatic
    choice; otherwise the automatic target is followed through the user's merges. Every key
    the user merged is in the result too, so callers can look any key up.
    """
    result = {k: aliases.merge.get(k, aliases.merge.get(v, v)) for k, v in mapping.items()}
    for key, target in aliases.merge.items():
        result.setdefault(key, target)
    return result


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise AliasFileError(f"{path}: not valid TOML: {_one_line(exc)}") from exc
    except UnicodeDecodeError as exc:
        raise AliasFileError(f"{path}: not UTF-8 text; save it as UTF-8") from exc
    except OSError as exc:
        raise AliasFileError(f"{path}: cannot read it: {exc.strerror or exc}") from exc


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _string_table(path: Path, data: Mapping[str, object], name: str) -> dict[str, str]:
    """A ``[name]`` table of "name" = "name" entries, checked."""
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise AliasFileError(f'{path}: "{name}" must be a table: [{name}] then "A" = "B" lines')
    for key, value in table.items():
        if key == "hide" and isinstance(value, list):
            raise AliasFileError(f"{path}: move hide = [...] above the first [table]")
        if not isinstance(value, str) or not fold(value) or not fold(key):
            raise AliasFileError(f'{path}: [{name}] "{key}" needs a non-empty name in quotes')
    return dict(table)


def _folded_pairs(path: Path, data: Mapping[str, object], name: str) -> dict[str, str]:
    """Folded merge pairs; merging a name into itself is dropped as harmless."""
    pairs = {fold(k): fold(v) for k, v in _string_table(path, data, name).items()}
    return {k: v for k, v in pairs.items() if k != v}


def _string_list(path: Path, data: Mapping[str, object], name: str) -> list[str]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and fold(v) for v in value):
        raise AliasFileError(
            f'{path}: "{name}" must be a list of names, e.g. {name} = ["Monday"], '
            "placed before the first [table]"
        )
    return [fold(v) for v in value]


def _resolve_chains(path: Path, merge: dict[str, str], split: dict[str, str]) -> dict[str, str]:
    """Follow A → B → C to the end for every entry; a loop is an error. A split name
    starts no merge of its own (its split entry says where it goes)."""
    merge = {k: v for k, v in merge.items() if k not in split}
    resolved: dict[str, str] = {}
    for start in merge:
        seen = [start]
        while seen[-1] in merge:
            seen.append(merge[seen[-1]])
            if seen[-1] in seen[:-1]:
                raise AliasFileError(f"{path}: [merge] goes in a circle: {' → '.join(seen)}")
        resolved[start] = seen[-1]
    return resolved
