"""The search workload: a few hundred varied queries, drawn from the archive's own words.

Real users type single words, several words, phrases, field filters and date ranges, and
a term's frequency decides its cost, so terms are taken at log-uniform popularity ranks:
as many from the top hundred words as from the tail. Phrases are cut from generated
articles, so they match; entity filters use the cast's names.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

from benchmarks.corpus import World, make_item
from benchmarks.words import past

Maker = Callable[[random.Random, World, int], str]


def _ranked_pick(rng: random.Random, words: Sequence[str]) -> str:
    rank = int(math.exp(rng.uniform(0, math.log(len(words)))))
    return words[min(rank, len(words)) - 1]


def _noun(rng: random.Random, world: World) -> str:
    return _ranked_pick(rng, world.vocab.nouns.words)


def _entity(rng: random.Random, world: World, kind: str) -> str:
    """A name of that kind, popular ones far more often (as people search for them)."""
    entity_id = world.cast.ranked(kind).draw(rng, 1)[0]
    return world.cast.entities[entity_id].forms[-1]


def term(rng: random.Random, world: World, n: int) -> str:
    return _noun(rng, world)


def two_words(rng: random.Random, world: World, n: int) -> str:
    return f"{_noun(rng, world)} {_noun(rng, world)}"


def three_words(rng: random.Random, world: World, n: int) -> str:
    verb = past(world.vocab.verbs.draw(rng, 1)[0])
    return f"{_noun(rng, world)} {verb} {_entity(rng, world, 'place')}"


def boolean(rng: random.Random, world: World, n: int) -> str:
    a, b = _noun(rng, world), _noun(rng, world)
    return [f"{a} AND {b}", f"{a} OR {b}", f"{a} -{b}", f"{a} NOT {b}"][n % 4]


def phrase(rng: random.Random, world: World, n: int) -> str:
    """Two to four consecutive words of a generated article, or a full entity name."""
    if n % 2:
        return f'"{world.cast.entities[world.cast.people.draw(rng, 1)[0]].name}"'
    words = make_item(world, rng.randrange(50)).written.body.split()
    at = rng.randrange(len(words) - 4)
    picked = " ".join(w.strip('.,"') for w in words[at : at + rng.randint(2, 4)])
    return f'"{picked}"'


def field(rng: random.Random, world: World, n: int) -> str:
    kind = n % 6
    if kind == 0:
        return f"person:{_entity(rng, world, 'person')}"
    if kind == 1:
        return f"place:{_entity(rng, world, 'place').split()[-1]}"
    if kind == 2:
        return f'org:"{_entity(rng, world, "org")}"'
    if kind == 3:
        return f"source:{world.cast.sources.draw(rng, 1)[0].split()[-2]}"
    if kind == 4:
        author = rng.choice(rng.choice(list(world.cast.authors.values())))
        return f"author:{author.split()[-1]}"
    return f"title:{_noun(rng, world)}"


def dated(rng: random.Random, world: World, n: int) -> str:
    year, month = rng.randint(2018, 2024), rng.randint(1, 12)
    kind = n % 5
    if kind == 0:
        return f"{_noun(rng, world)} date:{year}"
    if kind == 1:
        return f"date:{year}-{month:02d}"
    if kind == 2:
        end = min(2024, year + 1)
        return f"{_noun(rng, world)} date:[{year}-{month:02d} to {end}-{month:02d}]"
    if kind == 3:
        return f"date:>{year}-{month:02d}-01 {_noun(rng, world)}"
    return f"{_entity(rng, world, 'person')} date:{year}"


def prefix(rng: random.Random, world: World, n: int) -> str:
    word = world.vocab.nouns.words[rng.randrange(200)]
    return f"{word[:3]}*" if len(word) > 3 else f"{word}*"


MIX: tuple[tuple[Maker, int], ...] = (
    (term, 50), (two_words, 30), (three_words, 20), (boolean, 20), (phrase, 30),
    (field, 42), (dated, 35), (prefix, 13),
)  # fmt: skip
"""Query makers and their share of every 240 queries."""


def make_queries(world: World, count: int = 240) -> list[tuple[str, str]]:
    """``(kind, query)`` pairs, the mix above scaled to ``count``, in a shuffled order."""
    rng = random.Random(world.seed * 7919)
    total = sum(share for _, share in MIX)
    out: list[tuple[str, str]] = []
    for maker, share in MIX:
        for n in range(max(1, round(count * share / total))):
            out.append((maker.__name__, maker(rng, world, n)))
    rng.shuffle(out)
    return out


def typing_queries(world: World, count: int = 8) -> list[str]:
    """What a user types into the box: words and surnames (plain ASCII letters: keystrokes)."""
    rng = random.Random(world.seed * 104729)
    typed: list[str] = []
    while len(typed) < count:
        word = _noun(rng, world) if len(typed) % 2 else _entity(rng, world, "person")
        if word.isascii() and word.isalnum():
            typed.append(word)
    return typed
