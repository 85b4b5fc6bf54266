"""A store holding only a catalogue, written row by row: for the Entities listing's tests
and its measurement at 100,000 entities (no articles are needed to page entities)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from newsdesk.entities import fold
from newsdesk.index.store import Store

GROUPS = ("person", "org", "place", "group", "event", "other")
LABELS = {"person": "PERSON", "org": "ORG", "place": "GPE", "group": "NORP",
          "event": "EVENT", "other": "PRODUCT"}  # fmt: skip


@dataclass(frozen=True)
class Row:
    name: str
    group: str
    articles: int
    mentions: int
    hidden: bool = False

    @property
    def key(self) -> str:
        return fold(self.name)


def catalogue_store(path: Path, rows: list[Row]) -> Store:
    """A real store (its own schema and indexes) whose catalogue is ``rows``."""
    store = Store(path)
    with store.transaction() as db:
        for row in rows:
            db.execute(
                "INSERT INTO entities VALUES(?,?,?,?,?,?,?,?)",
                (row.key, row.name, LABELS[row.group], row.group, json.dumps([]),
                 row.articles, row.mentions, int(row.hidden)),
            )  # fmt: skip
            words = set(row.key.split())
            db.executemany("INSERT INTO entity_words VALUES(?, ?)", [(w, row.key) for w in words])
    return store


def many_rows(count: int, seed: int = 1) -> list[Row]:
    """``count`` entities of two invented words each, counts skewed like a real archive's."""
    pick = random.Random(seed)
    syllables = ["ka", "lo", "mer", "an", "tis", "bo", "ru", "vel", "dor", "shi", "en", "pa"]

    def word() -> str:
        return "".join(pick.choice(syllables) for _ in range(pick.randint(2, 4))).title()

    names = {f"{word()} {word()} {n}" for n in range(count)}
    return [
        Row(name, pick.choice(GROUPS), articles := int(pick.paretovariate(1.2)),
            articles + pick.randint(0, 20))
        for name in sorted(names)
    ]  # fmt: skip
