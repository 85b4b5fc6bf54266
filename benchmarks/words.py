"""Made-up words with a Zipfian frequency: the vocabulary of the synthetic archive.

Every content word is built from syllables, so no text is copied from anywhere, yet the
archive behaves like news for an index: a few words are everywhere, most are rare, and
verbs and adjectives carry English endings the stemmer folds ("-ed", "-s", "-ly").
The only real English is the short list of function words below, written for this file.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")

ONSETS = (
    "b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "kr", "l", "m",
    "n", "p", "pl", "pr", "r", "s", "sh", "sl", "st", "t", "tr", "v", "w", "z", "", "",
)  # fmt: skip
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "i", "ai", "ea", "ou", "ie", "oa")
CODAS = ("", "", "", "", "n", "r", "l", "s", "t", "m", "n", "r", "nd", "rk", "st", "ng", "x")
ADJ_ENDINGS = ("al", "ic", "ous", "ive", "ent", "ish", "ary", "", "", "")

FUNCTION_WORDS = frozenset({
    "the", "a", "an", "of", "in", "on", "to", "and", "for", "with", "by", "from", "at",
    "as", "that", "which", "after", "before", "over", "under", "about", "against",
    "between", "during", "without", "into", "would", "could", "will", "has", "have", "had",
    "was", "were", "is", "are", "said", "told", "its", "their", "this", "more", "than",
    "most", "new", "not", "but", "or", "also", "percent", "last", "next", "year", "week",
    "officials", "reporters", "residents", "according", "government", "since", "while",
})  # fmt: skip
"""Words the templates use literally; generated words never take these spellings."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)


def pseudo_word(rng: random.Random, low: int = 1, high: int = 3) -> str:
    """Mostly two syllables, as English content words are."""
    count = min(high, max(low, rng.choices((1, 2, 3), (3, 5, 2))[0]))
    return "".join(syllable(rng) for _ in range(count))


def unique_words(
    rng: random.Random, count: int, taken: set[str], make=pseudo_word, min_len: int = 3
) -> list[str]:
    """``count`` new spellings from ``make``; ``taken`` grows so word lists never overlap."""
    words: list[str] = []
    while len(words) < count:
        word = make(rng)
        if len(word) >= min_len and word.lower() not in taken:
            taken.add(word.lower())
            words.append(word)
    return words


def zipf_cumulative(size: int, exponent: float = 1.0, shift: float = 2.7) -> list[float]:
    """Cumulative Zipf–Mandelbrot weights ``1/(rank+shift)^exponent`` for ``random.choices``."""
    return list(accumulate(1.0 / (rank + shift) ** exponent for rank in range(1, size + 1)))


@dataclass(frozen=True)
class Ranked(Generic[T]):
    """Items (words, entity ids, sources) in popularity order, drawn with Zipfian weights."""

    words: Sequence[T]
    cum: Sequence[float]

    def draw(self, rng: random.Random, k: int) -> list[T]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def distinct(self, rng: random.Random, k: int) -> list[T]:
        """``k`` different items, popular ones more likely (weighted, without replacement)."""
        chosen: dict[T, None] = {}
        while len(chosen) < min(k, len(self.words)):
            chosen.update(dict.fromkeys(self.draw(rng, k)))
        return list(chosen)[:k]


@dataclass(frozen=True)
class Vocabulary:
    """The content words of the archive, one Zipfian list per part of speech."""

    nouns: Ranked[str]
    verbs: Ranked[str]
    adjectives: Ranked[str]
    adverbs: Ranked[str]

    def all_words(self) -> list[str]:
        return [*self.nouns.words, *self.verbs.words, *self.adjectives.words, *self.adverbs.words]


def _adjective(rng: random.Random) -> str:
    return pseudo_word(rng, 1, 2) + rng.choice(ADJ_ENDINGS)


def _ranked(rng: random.Random, words: list[str], exponent: float = 1.05) -> Ranked[str]:
    """Shorter words tend to rank higher, as in real language (with noise, not strictly)."""
    keyed = sorted(words, key=lambda word: len(word) + 5 * rng.random())
    return Ranked(tuple(keyed), zipf_cumulative(len(keyed), exponent))


def make_vocabulary(rng: random.Random, taken: set[str], nouns: int = 24_000) -> Vocabulary:
    """Nouns, verb stems, adjectives and adverbs, each list in popularity order."""
    taken |= FUNCTION_WORDS
    noun_words = unique_words(rng, nouns, taken)
    verb_words = unique_words(rng, nouns // 4, taken, lambda r: pseudo_word(r, 1, 2))
    adjective_words = unique_words(rng, nouns // 3, taken, _adjective)
    adverb_words = unique_words(rng, nouns // 24, taken, lambda r: pseudo_word(r, 1, 2) + "ly")
    return Vocabulary(
        nouns=_ranked(rng, noun_words),
        verbs=_ranked(rng, verb_words),
        adjectives=_ranked(rng, adjective_words),
        adverbs=_ranked(rng, adverb_words),
    )


def past(stem: str) -> str:
    return stem + ("d" if stem.endswith("e") else "ed")


def present(stem: str) -> str:
    return stem + ("es" if stem.endswith(("s", "x", "sh", "ch")) else "s")


def plural(noun: str) -> str:
    return present(noun)
