"""The archive-wide entity catalogue, rebuilt from stored mentions without re-running NER.

Mentions are stored with the key their article gave them. Here those local keys meet:
bare surnames join the full name they most often stand for, the user's alias file
merges, renames and hides, and each entity gets its majority label and display name.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from newsdesk.entities.aliases import Aliases, load_aliases
from newsdesk.entities.archive import (
    majority_label,
    merge_short_keys,
    pick_display_name,
    variant_keys,
)
from newsdesk.entities.normalize import fold
from newsdesk.errors import AliasFileError
from newsdesk.groups import group_of, is_name_label
from newsdesk.index.store import Store
from newsdesk.settings import Settings

log = logging.getLogger(__name__)
_ASCII_LOWER = re.compile("[a-z]")
_Written = tuple[str, str, int]


@dataclass
class _Local:
    labels: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    mentions: int = 0


def _alias_stamp(settings: Settings) -> str:
    try:
        return str(settings.alias_file.stat().st_mtime_ns)
    except OSError:
        return "none"


def is_stale(store: Store, settings: Settings) -> bool:
    """True when the alias file changed since the catalogue was built."""
    return store.get_meta("aliases") != _alias_stamp(settings)


def _load_user_aliases(settings: Settings) -> Aliases:
    try:
        return load_aliases(settings.alias_file)
    except AliasFileError as exc:
        log.warning("%s", exc)
        return Aliases()


def _locals(store: Store) -> dict[str, _Local]:
    """Per local key: label votes (one per article, so a mistake repeated in one article
    is one witness), name forms and mentions.

    Dates and numbers are values, not entities of the archive: "last week" (151 articles
    of a real archive), "Monday" or "an hour and a half" stay highlighted in their article
    (its mentions keep their own label) but get no entity, no page, no "appears with" row.
    Their votes would also pull a name that is spelt like one ("May") towards a date.

    Grouped from the covering index ``article_entities_by_name``, not by sorting the
    table: at 10,000 articles 190 → 23 ms (a third of a rebuild went here).
    """
    rows = store.db.execute(
        "SELECT key, label, name, SUM(count), COUNT(*) FROM article_entities "
        "GROUP BY key, label, name"
    )
    found: dict[str, _Local] = defaultdict(_Local)
    for key, label, name, count, articles in rows:
        if not is_name_label(label):
            continue
        entry = found[key]
        entry.labels[label] += articles
        entry.names[name] += count
        entry.mentions += count
    return found


def _canonical_map(
    written: list[_Written], found: dict[str, _Local], aliases: Aliases, held: dict[str, str]
) -> dict[str, str]:
    """Local key → catalogue key: variants the archive defines, then bare surnames, then
    the user's merges on top."""
    by_group: dict[str, dict[str, int]] = defaultdict(dict)
    groups = {}
    for key, entry in found.items():
        groups[key] = group_of(majority_label(entry.labels, held.get(key)))
        by_group[groups[key]][key] = entry.mentions
    mapping = {key: key for key in found}
    mapping.update(variant_keys(groups, _abbreviations(written)))
    mapping.update(merge_short_keys(by_group))
    return _user_choices(mapping, aliases)


def _user_choices(mapping: dict[str, str], aliases: Aliases) -> dict[str, str]:
    """The user's word over the rules: a local key the user merged goes where they said
    (not where the rules sent it), and a split key only where its split entry says."""
    chosen = {
        local: _follow(local if local in aliases.merge else canon, aliases.merge)
        for local, canon in mapping.items()
    }
    for local, target in aliases.split.items():
        if local in chosen:
            chosen[local] = local if target == local else chosen.get(target, target)
    return chosen


def _abbreviations(written: list[_Written]) -> list[tuple[str, str]]:
    """(folded surface, key) of one-word mentions an article resolved to a longer name:
    written without lower-case ASCII letters (as SQLite's ASCII-only ``upper(text) =
    text`` had it, so "ÇAV" and "çA" count as before)."""
    return [
        (fold(text), key)
        for key, text, _n in written
        if " " not in text and " " in key and not _ASCII_LOWER.search(text)
    ]


def _follow(key: str, merges: dict[str, str]) -> str:
    seen = {key}
    while key in merges and merges[key] not in seen:
        key = merges[key]
        seen.add(key)
    return key


def rebuild(store: Store, settings: Settings) -> None:
    aliases = _load_user_aliases(settings)
    found = _locals(store)
    written = _written_forms(store)
    held = _held_labels(store)
    mapping = _canonical_map(written, found, aliases, held)
    merged: dict[str, _Local] = defaultdict(_Local)
    for local, canon in mapping.items():
        merged[canon].labels.update(found[local].labels)
        merged[canon].names.update(found[local].names)
    forms = _surface_forms(written, mapping)
    with store.transaction() as db:
        db.execute("DELETE FROM entity_map")
        db.executemany("INSERT INTO entity_map VALUES(?, ?)", mapping.items())
        counts = _counts(db)
        rows = [
            _entity_row(
                key,
                entry,
                forms.get(key, Counter()),
                counts.get(key, (0, 0)),
                aliases,
                held.get(key),
            )
            for key, entry in merged.items()
        ]
        _write_entities(db, rows)
    store.set_meta("aliases", _alias_stamp(settings))


def _held_labels(store: Store) -> dict[str, str]:
    """Each entity's label in the catalogue being replaced: on a tie of votes it stays
    (``majority_label``), so one new article never flips a label that had a lead, and
    an entity's page does not change type back and forth as articles come and go. A
    rebuild from nothing (``--rebuild``) has none and uses the fixed tie order."""
    return dict(store.db.execute("SELECT key, label FROM entities"))


def _written_forms(store: Store) -> list[_Written]:
    """(local key, written form, mentions) over every mention, read once for both the
    abbreviations and the surface forms (it was two scans of every mention). Grouped
    from ``mentions_by_key`` (key, text), not by sorting: at 10,000 articles (362,213
    mentions) 450 → 100 ms, then the largest part of a rebuild."""
    rows = store.db.execute("SELECT key, text, COUNT(*) FROM mentions GROUP BY key, text")
    return [(key, text, n) for key, text, n in rows]


def _surface_forms(written: list[_Written], mapping: dict[str, str]) -> dict[str, Counter[str]]:
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for key, text, n in written:
        forms[mapping.get(key, key)][text] += n
    return forms


def _counts(db: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    rows = db.execute(
        "SELECT m.key, COUNT(DISTINCT ae.article_id), SUM(ae.count) FROM article_entities ae "
        "JOIN entity_map m ON ae.key = m.local_key GROUP BY m.key"
    )
    return {key: (articles, mentions) for key, articles, mentions in rows}


_EntityRow = tuple[str, str, str, str, str, int, int, int]


def _entity_row(
    key: str,
    entry: _Local,
    forms: Counter[str],
    counts: tuple[int, int],
    aliases: Aliases,
    held: str | None = None,
) -> _EntityRow:
    label = aliases.retype.get(key) or majority_label(entry.labels, held)
    name = aliases.rename.get(key) or pick_display_name(entry.names)
    alias_list = _alias_list(name, [*entry.names, *forms])
    return (key, name, label, group_of(label), json.dumps(alias_list), counts[0], counts[1],
            int(key in aliases.hide))  # fmt: skip


def _write_entities(db: sqlite3.Connection, rows: list[_EntityRow]) -> None:
    """The catalogue and its word index replaced, in two ``executemany`` calls: one
    ``execute`` per entity (and per entity's words) was half of a rebuild's SQLite time
    at 2,000 articles (2,225 entities)."""
    db.execute("DELETE FROM entities")
    db.execute("DELETE FROM entity_words")
    db.executemany("INSERT INTO entities VALUES(?,?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO entity_words VALUES(?, ?)", _words(rows))


def _words(rows: list[_EntityRow]) -> list[tuple[str, str]]:
    """(word, key) for each distinct folded word of an entity's name and aliases."""
    out = []
    for key, name, _label, _grp, aliases, *_ in rows:
        words = {w for text in [name, *json.loads(aliases)] for w in fold(text).split()}
        out += [(w, key) for w in words]
    return out


def _alias_list(name: str, forms: list[str]) -> list[str]:
    """Other spellings, one per folded form, the display name excluded."""
    seen = {fold(name)}
    out = []
    for form in forms:
        folded = fold(form)
        if folded and folded not in seen:
            seen.add(folded)
            out.append(form)
    return out
