"""The entities the generator placed, handed to the indexer in place of spaCy.

Running spaCy over 100,000 articles takes hours on a small machine, and the figures at
that size (search, entity pages, the reader) do not depend on who found the entities.
``PlacedEntities`` implements the indexer's ``Recognizes`` protocol — the documented
benchmark-only path — by looking each body up in the generator's sidecar by hash.

Bodies are matched as ingest returns them; any body not found, or any placed span whose
text is not one of its entity's forms, is counted, so a drift between the generator and
ingest shows up as a non-zero count instead of as silently missing entities.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from benchmarks.corpus import Corpus, body_hash
from newsdesk.entities import fold
from newsdesk.models import Mention

_HASH = slice(2, 18)
"""Where the hash sits in a sidecar line: ``["0123456789abcdef",[...]]``."""


class _Entity:
    __slots__ = ("forms", "key", "label", "name")

    def __init__(self, label: str, forms: list[str]) -> None:
        self.label, self.forms = label, frozenset(forms)
        self.name = forms[0]
        self.key = fold(self.name)


class PlacedEntities:
    """``extract_many(texts)`` from the sidecar: same order, one list per text."""

    def __init__(self, placed_file: Path, entities_file: Path) -> None:
        rows = json.loads(entities_file.read_text(encoding="utf-8"))
        self.entities = {row[0]: _Entity(row[1], row[2:]) for row in rows}
        self._lines: dict[str, str] = {}
        with placed_file.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    self._lines[line[_HASH]] = line
        self.missing = 0
        self.misplaced = 0
        self.texts = 0

    @classmethod
    def for_corpus(cls, corpus: Corpus) -> PlacedEntities:
        return cls(corpus.placed_file, corpus.entities_file)

    def extract_many(self, texts: Iterable[str]) -> Iterator[list[Mention]]:
        for text in texts:
            yield self.mentions(text)

    def mentions(self, text: str) -> list[Mention]:
        """The placed mentions of one body, checked against its text."""
        self.texts += 1
        line = self._lines.get(body_hash(text))
        if line is None:
            self.missing += 1
            return []
        flat = json.loads(line)[1]
        found: list[Mention] = []
        for at in range(0, len(flat), 3):
            start, end, entity_id = flat[at : at + 3]
            entity = self.entities[entity_id]
            surface = text[start:end]
            if surface not in entity.forms:
                self.misplaced += 1
                continue
            found.append(Mention(start, end, surface, entity.label, entity.key, entity.name))
        return found

    def article_counts(self) -> dict[int, int]:
        """Entity id → number of articles it was placed in (the expected catalogue counts)."""
        counts: dict[int, int] = {}
        for line in self._lines.values():
            flat = json.loads(line)[1]
            for entity_id in set(flat[2::3]):
                counts[entity_id] = counts.get(entity_id, 0) + 1
        return counts
