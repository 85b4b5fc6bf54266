"""The people, places, organisations, sources and authors of the synthetic archive.

Names are built from syllables plus short lists of name endings and organisation kinds
written here, so they look like names to a reader and to spaCy without being anyone's.
Each kind of entity is ranked by popularity: the corpus draws them with Zipfian
weights, so a handful appear in thousands of articles and most in a few.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.words import Ranked, pseudo_word, unique_words, zipf_cumulative

FIRST_ENDINGS = ("a", "o", "an", "el", "is", "ina", "ar", "en", "ia", "us", "")
SURNAME_ENDINGS = ("ov", "ez", "son", "ski", "ani", "er", "ek", "ura", "ton", "idis", "ić", "berg")
PLACE_ENDINGS = ("ia", "a", "stad", "burg", "ville", "ova", "ar", "en", "polis", "mouth", "")
PLACE_PREFIXES = ("Port", "North", "South", "New", "East", "Upper", "Lake")
ORG_KINDS = (
    "Bank", "National Bank", "Energy", "Holdings", "Group", "Institute", "University",
    "Council", "Party", "Airlines", "Motors", "Telecom", "Foundation", "Union", "Agency",
    "Commission", "Mining", "Shipping", "Pharma", "Capital",
)  # fmt: skip
PAPER_KINDS = (
    "Herald", "Times", "Post", "Gazette", "Courier", "Tribune", "Daily", "Observer",
    "Chronicle", "Journal", "Monitor", "Ledger", "Dispatch", "Bulletin", "Record", "Review",
    "Sentinel", "Star", "Globe", "Wire", "Press", "Express",
)  # fmt: skip
LABELS = {"person": "PERSON", "place": "GPE", "org": "ORG"}
SOURCES = 36


@dataclass(frozen=True, slots=True)
class Entity:
    """One placed entity: ``forms[0]`` is the full name, later forms are short forms."""

    id: int
    kind: str
    forms: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.forms[0]

    @property
    def label(self) -> str:
        return LABELS[self.kind]


@dataclass(frozen=True)
class Cast:
    """Everyone the archive can mention, by kind and in popularity order."""

    entities: list[Entity]
    people: Ranked[int]
    places: Ranked[int]
    orgs: Ranked[int]
    sources: Ranked[str]
    authors: dict[str, list[str]]

    def ranked(self, kind: str) -> Ranked[int]:
        return {"person": self.people, "place": self.places, "org": self.orgs}[kind]


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def _named(ending_list: tuple[str, ...]):
    def make(rng: random.Random) -> str:
        return _capital(pseudo_word(rng, 1, 2) + rng.choice(ending_list))

    return make


def _people(rng: random.Random, count: int, taken: set[str]) -> list[tuple[str, str]]:
    firsts = unique_words(rng, 400, taken, _named(FIRST_ENDINGS))
    surnames = unique_words(rng, count, taken, _named(SURNAME_ENDINGS), min_len=4)
    return [(f"{rng.choice(firsts)} {surname}", surname) for surname in surnames]


def _places(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names = unique_words(rng, count, taken, _named(PLACE_ENDINGS), min_len=4)
    return [f"{rng.choice(PLACE_PREFIXES)} {n}" if rng.random() < 0.15 else n for n in names]


def _orgs(rng: random.Random, count: int, taken: set[str], places: list[str]) -> list[str]:
    stems = unique_words(rng, count, taken, _named(("", "ex", "on", "ia", "co")), min_len=4)
    names: dict[str, None] = {}
    for stem in stems:
        base = rng.choice(places) if rng.random() < 0.4 else stem
        names.setdefault(f"{base} {rng.choice(ORG_KINDS)}", None)
    return list(names)


def _sources(rng: random.Random, places: list[str]) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < SOURCES:
        place, kind = rng.choice(places[:200]), rng.choice(PAPER_KINDS)
        names.setdefault(f"The {place} {kind}" if rng.random() < 0.5 else f"{place} {kind}", None)
    return list(names)


def _authors(rng: random.Random, sources: list[str], taken: set[str]) -> dict[str, list[str]]:
    pool = [full for full, _ in _people(rng, 20 * len(sources), taken)]
    return {source: pool[i * 20 : i * 20 + rng.randint(6, 20)] for i, source in enumerate(sources)}


def pool_sizes(articles: int) -> dict[str, int]:
    """Bigger archives mention more distinct entities, as real ones do."""
    return {
        "person": 1_500 + articles // 10,
        "place": 400 + articles // 40,
        "org": 600 + articles // 25,
    }


def make_cast(rng: random.Random, articles: int, taken: set[str]) -> Cast:
    sizes = pool_sizes(articles)
    people = _people(rng, sizes["person"], taken)
    places = _places(rng, sizes["place"], taken)
    orgs = _orgs(rng, sizes["org"], taken, places)
    entities: list[Entity] = []
    for kind, forms_list in (
        ("person", [(full, short) for full, short in people]),
        ("place", [(name,) for name in places]),
        ("org", [(name,) for name in orgs]),
    ):
        entities.extend(Entity(len(entities), kind, forms) for forms in forms_list)
    sources = _sources(rng, places)

    def ranked(kind: str, exponent: float, shift: float) -> Ranked[int]:
        ids = [e.id for e in entities if e.kind == kind]
        return Ranked(ids, zipf_cumulative(len(ids), exponent, shift))

    return Cast(
        entities=entities,
        people=ranked("person", 1.0, 3.0),
        places=ranked("place", 1.0, 2.0),
        orgs=ranked("org", 1.0, 3.0),
        sources=Ranked(sources, zipf_cumulative(len(sources), 0.8, 1.0)),
        authors=_authors(rng, sources, taken),
    )
