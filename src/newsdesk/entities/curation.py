"""Editing the user's alias file: merge, split, rename, retype, hide, unhide, undo.

The reader and ``newsdesk alias`` both change entities through here, so both write the
same file the same way. The file stays the user's: tomlkit keeps their comments, order
and hand-written entries; an entry is found by its folded name, so "Erdogan" written by
hand is the same entry as "Erdoğan" written here. Each save is atomic (a temporary file,
then ``os.replace``), and the text before it is kept beside the file (``.undo``), so one
step can be taken back from the reader or the command line, even after a restart.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tomlkit
from tomlkit.items import Array, Table
from tomlkit.toml_document import TOMLDocument

from newsdesk.entities.aliases import aliases_from
from newsdesk.entities.normalize import fold
from newsdesk.errors import AliasFileError
from newsdesk.groups import RETYPE_GROUPS

UNDO_SUFFIX = ".undo"
HEADER = (
    "# newsdesk alias file: your corrections to the entities it found.\n"
    "# Edited by the reader and by `newsdesk alias`; your own lines and comments are kept.\n"
    '# See docs/guide.md, "Your alias file".\n'
)


class AliasEditor:
    """The alias file opened for one change; :meth:`save` writes it back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.before = _read_text(path)
        self.doc = _parse(path, self.before or HEADER)

    # --- the operations ---------------------------------------------------------------
    def merge(self, source: str, target: str) -> None:
        """``source`` becomes part of ``target`` (and stops being split out)."""
        if fold(source) == fold(target):
            raise AliasFileError(f'cannot merge "{source}" into itself')
        self._drop("split", source)
        self._set("merge", source, target)

    def split(self, name: str, into: str | None = None) -> None:
        """``name`` leaves the entity the rules (or a merge) put it in: on its own, or
        joined to ``into``."""
        self._drop("merge", name)
        self._set("split", name, into or name)

    def rename(self, name: str, new_name: str) -> None:
        if not fold(new_name):
            raise AliasFileError("a new name needs at least one letter or digit")
        self._set("rename", name, " ".join(new_name.split()))

    def retype(self, name: str, group: str) -> None:
        if group not in RETYPE_GROUPS:
            raise AliasFileError(f'unknown type "{group}": use {", ".join(RETYPE_GROUPS)}')
        self._set("retype", name, group)

    def hide(self, name: str) -> None:
        hidden = self._hide_list()
        if all(fold(str(v)) != fold(name) for v in hidden):
            hidden.append(name)

    def unhide(self, name: str) -> bool:
        """Whether ``name`` was hidden (every spelling of it is unhidden)."""
        hidden = self._hide_list()
        keep = [v for v in hidden if fold(str(v)) != fold(name)]
        if len(keep) == len(hidden):
            return False
        if keep:
            hidden.clear()
            hidden.extend(keep)
        else:
            del self.doc["hide"]
        return True

    # --- writing ----------------------------------------------------------------------
    def save(self) -> None:
        """Write the file atomically; what it held before becomes the undo step."""
        text = tomlkit.dumps(self.doc).rstrip("\n") + "\n"
        _check_loads(self.path, text)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        undo = self.path.with_name(self.path.name + UNDO_SUFFIX)
        _write_atomic(undo, self.before if self.before is not None else "")
        _write_atomic(self.path, text)

    # --- tables -----------------------------------------------------------------------
    def _table(self, name: str) -> Table:
        table = self.doc.get(name)
        if table is None:
            table = tomlkit.table()
            self.doc.add(name, table)
        if not isinstance(table, Table):
            raise AliasFileError(f'{self.path}: "{name}" must be a table: [{name}]')
        return table

    def _set(self, table_name: str, name: str, value: str) -> None:
        """Replace any entry for the same folded name, keeping the table's other lines."""
        table = self._table(table_name)
        for key in [k for k in table if fold(k) == fold(name)]:
            del table[key]
        table[name] = value

    def _drop(self, table_name: str, name: str) -> None:
        table = self.doc.get(table_name)
        if isinstance(table, Table):
            for key in [k for k in table if fold(k) == fold(name)]:
                del table[key]

    def _hide_list(self) -> Array:
        hidden = self.doc.get("hide")
        if hidden is None:
            hidden = tomlkit.array()
            self.doc.add("hide", hidden)
        if not isinstance(hidden, Array):
            raise AliasFileError(f'{self.path}: "hide" must be a list of names')
        return hidden


def entries(path: Path) -> dict[str, list[tuple[str, str]]]:
    """The file's entries as the user spelt them: table → [(name, value)]; hidden names
    are listed under "hide" with an empty value."""
    text = _read_text(path)
    if text is None:
        return {}
    doc = _parse(path, text)
    found: dict[str, list[tuple[str, str]]] = {}
    for name in ("merge", "split", "rename", "retype"):
        table = doc.get(name)
        if isinstance(table, Table) and table:
            found[name] = [(str(k), str(v)) for k, v in table.items()]
    hidden = doc.get("hide")
    if isinstance(hidden, Array) and hidden:
        found["hide"] = [(str(v), "") for v in hidden]
    return found


@contextmanager
def editing(path: Path) -> Iterator[AliasEditor]:
    """Open, change, save: nothing is written if the block raises."""
    editor = AliasEditor(path)
    yield editor
    editor.save()


def undo(path: Path) -> bool:
    """Put back the alias file as it was before the last change; ``False`` if there is
    nothing to undo. An empty undo text means the file did not exist then."""
    step = path.with_name(path.name + UNDO_SUFFIX)
    if not step.exists():
        return False
    before = step.read_text(encoding="utf-8")
    if before:
        _write_atomic(path, before)
    else:
        path.unlink(missing_ok=True)
    step.unlink()
    return True


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise AliasFileError(f"{path}: cannot read it: {exc}") from exc


def _parse(path: Path, text: str) -> TOMLDocument:
    try:
        return tomlkit.parse(text)
    except Exception as exc:  # tomlkit's ParseError and friends
        reason = " ".join(str(exc).split())
        raise AliasFileError(f"{path}: not valid TOML: {reason}; fix it by hand first") from exc


def _check_loads(path: Path, text: str) -> None:
    """What is written must read back as a valid alias file: a merge that would close a
    circle (A into B while B is merged into A) is refused here, and nothing is written."""
    try:
        aliases_from(path, tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise AliasFileError(f"{path}: the change would not be valid TOML") from exc


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
