"""News-shaped prose from sentence templates, remembering where each entity was placed.

An article is a lede, then paragraphs of two to five sentences, 300–800 words in all.
Slots in the templates take Zipfian words and the article's own cast: a person is named
in full the first time and by surname after, as wire copy does. Every placed name is
recorded as ``(start, end, entity id)`` in the body exactly as ingest will return it
(paragraphs joined by one blank line), so the benchmark can hand these to the indexer.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from benchmarks.cast import Cast, Entity
from benchmarks.words import MONTHS, WEEKDAYS, Ranked, Vocabulary, past, plural, present

SENTENCES = (
    "{P} said the {N} would {Vb} the {A} {N} in {L}.",
    "Officials in {L} {V} the {A} {N} on {DAY}, according to {O}.",
    "The {N} of {Ns} {V} {PCT} percent in {MONTH}, {O} said.",
    '"The {N} is {A}," {P} told reporters in {L}.',
    "{O} {V} a {A} {N} after {P} {V} the {N}.",
    "{P}, who {Vs} the {N} at {O}, {V} the {A} {Ns} {R}.",
    "In {L}, {Ns} {V} {R} as the {N} {V}.",
    "The {A} {N} {V} {NUM} {Ns} during the {N}, {P} said.",
    "{O} has {V} its {N} since {YEAR}, while {Ns} in {L} {V} the {N}.",
    "{P} and {P} {V} the {N} of the {A} {N} on {DAY}.",
    "Residents of {L} {V} that the {N} was {A}.",
    "The {N} {Vs} the {A} {N} and the {N} of {L}.",
    "{O} {Vs} {NUM} {A} {Ns} in {L} and {L}.",
    '"We {Vb} the {N} and we will {Vb} the {Ns}," {P} said.',
    "After the {N}, {P} {V} a {A} {N} with {O}.",
    "{Ns} {V} {R} in {MONTH}, the most since {YEAR}.",
    "The {N} was {V} by {O} last {N}.",
    "{P} {V} the {N} of {O} over the {A} {N}.",
    "A {A} {N} in {L} {V} {NUM} {Ns} and {NUM} {Ns}.",
    "Critics of {O} {V} that the {N} {Vs} {A} {Ns}.",
    "The {A} {Ns} of {L} {V} {R}, {P} told {O}.",
    "{L} {V} the {N} in {YEAR} after {NUM} {Ns} of {N}.",
    "According to {P}, the {N} will {Vb} {A} {Ns} by {MONTH}.",
    "{O} {V} on {DAY} that {P} would {Vb} the {N}.",
    "The {N} {V} {PCT} percent, {O} said in a {N}.",
    "{P} {Vs} that the {A} {N} could {Vb} the {N} in {L}.",
    "It was the {A} {N} since {P} {V} the {N} of {L} in {YEAR}.",
    "The {Ns} {V} {R} between {L} and {L} during the {N}.",
)
PLAIN_SENTENCES = (
    "The {N} {V} {R} after the {A} {N}.",
    "Many {Ns} {V} that the {N} would {Vb} the {A} {Ns} next year.",
    "The {A} {N} {Vs} {NUM} {Ns}, more than the {N} {V} last week.",
    "It is not the {A} {N} of the {N}, but the {N} {Vs} {R}.",
    "Since {YEAR}, the {N} has {V} {PCT} percent of the {A} {Ns}.",
    "The {Ns} were {V} {R} during the {N}, and the {N} was {A}.",
    "A {N} with {NUM} {Ns} {V} the {A} {N} on {DAY}.",
    "Without the {N}, the {Ns} could {Vb} the {A} {N}.",
    "The {N} {V} {R} in {MONTH} and {V} the {N} of {Ns}.",
    "Their {Ns} {V} the {A} {N} as the {N} {V}.",
    "This {N} {Vs} the {A} {N}, which {V} in {YEAR}.",
    "About {NUM} {Ns} {V} the {N} before the {A} {N} {V}.",
    "The {A} {N} and the {A} {N} {V} {R}.",
    "Officials {V} the {N} of {Ns} with a {A} {N}.",
    "The {N} had {V} {NUM} {Ns} against the {N} by {MONTH}.",
    "Residents {V} the {A} {Ns} over the {N}.",
)
HEADLINES = (
    "{L} {N} {Vs} {A} {N}",
    "{P} {Vs} {N} as {O} {Vs} {Ns}",
    "{O} {Vs} {A} {N} in {L}",
    "{A} {Ns} {Vb} {N} of {L}",
    "{P} and {O} {Vb} {A} {N}",
    "{N} in {L}: {Ns} {Vb} {R}",
)
_SLOT = re.compile(r"\{(\w+)\}")
ENTITY_SLOTS = {"P": "person", "L": "place", "O": "org"}
Part = tuple[bool, str]
"""``(True, slot name)`` or ``(False, literal text)``."""


def parse_template(template: str) -> list[Part]:
    pieces = _SLOT.split(template)
    return [(i % 2 == 1, piece) for i, piece in enumerate(pieces) if piece]


SENTENCE_PARTS = [parse_template(t) for t in SENTENCES]
PLAIN_PARTS = [parse_template(t) for t in PLAIN_SENTENCES]
NAMED_SHARE = 0.45
"""Share of sentences that name someone: about 25–35 placed mentions per article."""
HEADLINE_PARTS = [parse_template(t) for t in HEADLINES]
TEMPLATE_WORDS = frozenset(
    word.lower()
    for t in SENTENCES + PLAIN_SENTENCES + HEADLINES
    for word in re.findall(r"[A-Za-z]+", _SLOT.sub(" ", t))
)
"""Literal words of the templates, so generated words never take their spelling."""


@dataclass
class Written:
    """One article: headline, paragraphs, and placed mentions as (start, end, entity id)."""

    title: str
    paragraphs: list[str]
    mentions: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


class _Draws:
    """Zipfian words drawn a batch at a time: one ``choices`` call, not one per slot."""

    def __init__(self, rng: random.Random, ranked: Ranked[str], batch: int) -> None:
        self.rng, self.ranked, self.batch = rng, ranked, batch
        self.items: list[str] = []

    def next(self) -> str:
        if not self.items:
            self.items = self.ranked.draw(self.rng, self.batch)
        return self.items.pop()


class _Filler:
    """Fills slots for one article: its cast, its topic words, its running body offset."""

    def __init__(self, rng: random.Random, vocab: Vocabulary, cast: Cast) -> None:
        self.rng, self.vocab, self.cast = rng, vocab, cast
        self.members = {kind: self._pick(kind, n) for kind, n in self._sizes().items()}
        self.unused = {kind: list(ids) for kind, ids in self.members.items()}
        self.named: set[int] = set()
        self.topics = vocab.nouns.draw(rng, 6)
        self.nouns = _Draws(rng, vocab.nouns, 160)
        self.verbs = _Draws(rng, vocab.verbs, 80)
        self.adjectives = _Draws(rng, vocab.adjectives, 48)
        self.adverbs = _Draws(rng, vocab.adverbs, 12)

    def _sizes(self) -> dict[str, int]:
        return {"person": self.rng.randint(1, 5), "place": self.rng.randint(1, 3),
                "org": self.rng.randint(1, 3)}  # fmt: skip

    def _pick(self, kind: str, n: int) -> list[int]:
        return self.cast.ranked(kind).distinct(self.rng, n)

    def entity(self, kind: str) -> Entity:
        """Everyone in the cast is named once before anyone is named twice; the lead most."""
        unused = self.unused[kind]
        members = self.members[kind]
        if unused:
            chosen = unused.pop(0)
        else:
            chosen = members[0] if self.rng.random() < 0.5 else self.rng.choice(members)
        return self.cast.entities[chosen]

    def mention_text(self, entity: Entity) -> str:
        if entity.id in self.named and len(entity.forms) > 1:
            return entity.forms[1]
        self.named.add(entity.id)
        return entity.forms[0]

    def word(self, slot: str) -> str:
        rng = self.rng
        if slot in ("N", "Ns"):
            noun = rng.choice(self.topics) if rng.random() < 0.25 else self.nouns.next()
            return plural(noun) if slot == "Ns" else noun
        if slot in ("V", "Vs", "Vb"):
            stem = self.verbs.next()
            return past(stem) if slot == "V" else present(stem) if slot == "Vs" else stem
        if slot == "A":
            return self.adjectives.next()
        if slot == "R":
            return self.adverbs.next()
        return self._value(slot)

    def _value(self, slot: str) -> str:
        rng = self.rng
        if slot == "NUM":
            return str(rng.randint(2, 900))
        if slot == "PCT":
            return f"{rng.randint(1, 60)}.{rng.randint(0, 9)}"
        if slot == "YEAR":
            return str(rng.randint(1990, 2017))
        if slot == "DAY":
            return rng.choice(WEEKDAYS)
        if slot == "MONTH":
            return rng.choice(MONTHS)
        raise ValueError(f"unknown slot {slot}")


def _capitalised(text: str) -> str:
    at = 1 if text.startswith('"') else 0
    return text[:at] + text[at : at + 1].upper() + text[at + 1 :]


def _fill(
    parts: list[Part], filler: _Filler, at: int, mentions: list[tuple[int, int, int]] | None
) -> str:
    """One sentence; entity positions go to ``mentions`` offset by ``at`` (body position).

    Without ``mentions`` (a headline) names are the lead's short forms and not recorded:
    only the body goes through NER.
    """
    out: list[str] = []
    pos = 0
    for is_slot, piece in parts:
        if not is_slot:
            text = piece
        elif mentions is None and piece in ENTITY_SLOTS:
            text = filler.cast.entities[filler.members[ENTITY_SLOTS[piece]][0]].forms[-1]
        elif piece in ENTITY_SLOTS:
            entity = filler.entity(ENTITY_SLOTS[piece])
            text = filler.mention_text(entity)
            mentions.append((at + pos, at + pos + len(text), entity.id))
        else:
            text = filler.word(piece)
        out.append(text)
        pos += len(text)
    return "".join(out)


def write_article(rng: random.Random, vocab: Vocabulary, cast: Cast) -> Written:
    """A 300–800 word article with its placed mentions."""
    filler = _Filler(rng, vocab, cast)
    target = rng.randint(300, 800)
    written = Written(_capitalised(_fill(rng.choice(HEADLINE_PARTS), filler, 0, None)), [])
    words, at = 0, 0
    while words < target:
        size = rng.randint(1, 2) if not written.paragraphs else rng.randint(2, 5)
        sentences: list[str] = []
        for _ in range(size):
            start = at + sum(len(s) + 1 for s in sentences)
            parts = rng.choice(SENTENCE_PARTS if rng.random() < NAMED_SHARE else PLAIN_PARTS)
            sentence = _capitalised(_fill(parts, filler, start, written.mentions))
            sentences.append(sentence)
            words += sentence.count(" ") + 1
        paragraph = " ".join(sentences)
        written.paragraphs.append(paragraph)
        at += len(paragraph) + 2
    return written
