"""How conflicting spaCy labels for one entity are settled.

The groups the labels fall into (what the reader shows and a user filters on) are
``newsdesk.groups``.
"""

from __future__ import annotations

from collections import Counter

PLACE_LABELS: tuple[str, ...] = ("GPE", "LOC", "FAC")
"""Preferred on a tie, best first: see :func:`majority_label`."""


def majority_label(labels: Counter[str], held: str | None = None) -> str:
    """The most frequent label; ties go to ``held`` (the label the entity already had:
    one new article cannot flip a label that had a lead, issue #11), then to a place
    label, then any non-PERSON, then PERSON.

    Why this tie rule: the small English model labels an unfamiliar capitalised word
    PERSON by default (towns like "Shusha" or "Stepanakert", demonyms like "Azerbaijani"),
    so on an even split the PERSON vote is the least trustworthy one. Among the rest the
    label seen first wins (``Counter`` keeps insertion order).
    """
    if not labels:
        raise ValueError("majority_label needs at least one label")
    top = max(labels.values())
    tied = [label for label, n in labels.items() if n == top]
    if held in tied:
        return held
    return min(tied, key=lambda label: (_tie_rank(label), tied.index(label)))


def _tie_rank(label: str) -> int:
    """0 for place labels in ``PLACE_LABELS`` order, then other labels, PERSON last."""
    if label in PLACE_LABELS:
        return PLACE_LABELS.index(label)
    return len(PLACE_LABELS) + (1 if label == "PERSON" else 0)
