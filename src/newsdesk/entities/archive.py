"""Archive-wide entity rules, as pure functions over plain data.

The index layer aggregates mentions with SQL; the *decisions* live here so they are tested
once and shared with the per-article resolver:

* :func:`pick_display_name` — what an entity is called across the archive;
* :func:`majority_label` — which label it carries (re-exported from :mod:`.labels`);
* :func:`archive_labels` — one label per key across articles (one vote per article);
* :func:`merge_short_keys` — a bare surname key ("erdogan", from an article that only ever
  says "Erdoğan") joins the one full name it can mean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from newsdesk.entities.labels import majority_label
from newsdesk.entities.linking import is_acronym, is_short_form
from newsdesk.entities.normalize import fold, key_tokens

NAME_PARTICLES: frozenset[str] = frozenset(
    {"al", "bin", "da", "de", "del", "der", "di", "du", "el", "la", "le", "van", "von"}
)
"""Lower-case words that belong to a personal name: "Ludwig van Beethoven"."""

__all__ = [
    "archive_labels",
    "majority_label",
    "merge_short_keys",
    "pick_display_name",
    "variant_keys",
]


def pick_display_name(forms: Counter[str]) -> str:
    """The most frequent *complete* form: a form a true expansion spells out is left out.

    So "Recep Tayyip Erdoğan" names the entity even where "Erdoğan" is written more often.
    A true expansion only adds capitalised name words in front ("Tony Blair" over
    "Blair"); a phrase that merely contains the form is no expansion: "Bedford county
    Labour", seen once, must not name the party written "Labour" 492 times (issue #11).
    Ties prefer more words, then normal case over a headline's ALL CAPS, then the form that
    keeps its accents ("Erdoğan" over "Erdogan": it carries more information), then the
    form seen first.
    """
    if not forms:
        raise ValueError("pick_display_name needs at least one form")
    ordered = list(forms)
    full = [f for f in ordered if not any(expands(g, f) for g in ordered)]
    return max(full, key=lambda form: (forms[form], *_form_quality(form), -ordered.index(form)))


def expands(long: str, short: str) -> bool:
    """True when ``long`` spells ``short`` out with capitalised name words only."""
    long_words, short_words = key_tokens(fold(long)), key_tokens(fold(short))
    if not is_short_form(short_words, long_words):
        return False
    shown = set(key_tokens(fold(short)))
    extra = [w for w in long.split() if fold(w) not in shown]
    return all(w[:1].isupper() or fold(w) in NAME_PARTICLES for w in extra)


def _form_quality(form: str) -> tuple[int, bool, int]:
    """Word count, not-all-caps, and how many non-ASCII letters the form keeps."""
    return len(form.split()), not form.isupper(), sum(not ch.isascii() for ch in form)


def merge_short_keys(keys_by_group: Mapping[str, Mapping[str, int]]) -> dict[str, str]:
    """Map each bare surname key to the one full person key it can only mean.

    ``keys_by_group`` is group → {key: archive-wide mention count}. A one-word person key
    ("erdogan", from an article that never gives the full name) maps to the multi-word
    person key ending with that word when there is exactly one such full name in the
    archive (forms that only shorten another, "tayyip erdogan", do not count as a second
    one); with two ("Derya Kaya", "Selim Kaya") it stays its own entity. Other groups
    never merge across the archive: a bare "Parliament", "Party" or "Bank" means whatever
    its own article introduced, and the most-mentioned long name is a guess (issue #11).
    Keys absent from the result map to themselves.
    """
    counts = keys_by_group.get("person", {})
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for key in counts:
        words = key_tokens(key)
        if len(words) > 1:
            by_last.setdefault(words[-1], []).append(words)
    merged: dict[str, str] = {}
    for key in counts:
        fulls = _longest(by_last.get(key, [])) if len(key_tokens(key)) == 1 else []
        if len(fulls) == 1:
            merged[key] = " ".join(fulls[0])
    return merged


def _longest(names: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The names that are not a short form of another one."""
    return [n for n in names if not any(is_short_form(n, m) for m in names)]


def variant_keys(groups: Mapping[str, str], evidence: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Keys that are variants of another key the archive itself defines (issue #11).

    ``groups`` maps every key to its group; ``evidence`` holds (folded surface, key) pairs
    of stored mentions, where an article joined a surface to a longer name.

    * an abbreviation: a one-word key ("eu", "u.s.") goes to the one multi-word key it is
      an acronym of *and* that some article resolved that very abbreviation to ("the
      European Union (EU)", or "EU" beside "European Union"); dots do not count, so
      "u.s." and "us" meet there too;
    * a plural group or organisation ("liberal democrats") goes to its singular key of
      the same group ("liberal democrat").
    """
    defined: dict[str, set[str]] = {}
    for surface, key in evidence:
        bare = surface.replace(".", "")
        if surface != key and " " not in surface and is_acronym(bare, key):
            defined.setdefault(bare, set()).add(key)
    mapping: dict[str, str] = {}
    for key, group in groups.items():
        targets = defined.get(key.replace(".", ""), set()) - {key}
        singular = key[:-1]
        if len(targets) == 1:
            mapping[key] = targets.pop()
        elif group in ("org", "group") and key.endswith("s") and groups.get(singular) == group:
            mapping[key] = singular
    return mapping


def archive_labels(articles: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """Each key's label across the archive: one vote per article, ties as in majority_label.

    ``articles`` holds one {key: label} map per article (each already the article's own
    majority). One vote per article, not per mention: an article that repeats a mistake
    thirteen times ("Shusha" as PERSON) is still one witness.
    """
    tallies: dict[str, Counter[str]] = {}
    for labels in articles:
        for key, label in labels.items():
            tallies.setdefault(key, Counter())[label] += 1
    return {key: majority_label(tally) for key, tally in tallies.items()}
