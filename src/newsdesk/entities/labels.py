"""spaCy labels, the display groups they fall into, and how conflicting labels are settled.

Labels are stored exactly as spaCy names them (``GPE``, ``NORP``…) so nothing is lost;
the reader only ever shows the coarser *group*, which is what a user filters on.
"""

from __future__ import annotations

from collections import Counter

GROUPS: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "DATE": "date",
    "TIME": "date",
    "WORK_OF_ART": "other",
    "LAW": "other",
    "LANGUAGE": "other",
    "PRODUCT": "other",
    "CARDINAL": "number",
    "ORDINAL": "number",
    "QUANTITY": "number",
    "PERCENT": "number",
    "MONEY": "number",
}

HIGHLIGHT_GROUPS: tuple[str, ...] = ("person", "org", "place", "group", "event", "date")
"""Groups the reader highlights by default, in display order (numbers are stored, not shown)."""

NAME_GROUPS: frozenset[str] = frozenset({"person", "org", "place", "group", "event", "other"})
"""Groups whose mentions are names: these get label voting, aliases and short-form joining."""

PLACE_LABELS: tuple[str, ...] = ("GPE", "LOC", "FAC")
"""Preferred on a tie, best first: see :func:`majority_label`."""


def group_of(label: str) -> str:
    """The display group of a spaCy label; unknown labels (other models) fall into ``other``."""
    return GROUPS.get(label, "other")


def is_name_label(label: str) -> bool:
    """Names are entities with identity; dates and numbers are only values."""
    return group_of(label) in NAME_GROUPS


def majority_label(labels: Counter[str]) -> str:
    """The most frequent label; ties go to a place label, then any non-PERSON, then PERSON.

    Why this tie rule: the small English model labels an unfamiliar capitalised word
    PERSON by default (towns like "Shusha" or "Stepanakert", demonyms like "Azerbaijani"),
    so on an even split the PERSON vote is the least trustworthy one. Among the rest the
    label seen first wins (``Counter`` keeps insertion order).
    """
    if not labels:
        raise ValueError("majority_label needs at least one label")
    top = max(labels.values())
    tied = [label for label, n in labels.items() if n == top]
    return min(tied, key=lambda label: (_tie_rank(label), tied.index(label)))


def _tie_rank(label: str) -> int:
    """0 for place labels in ``PLACE_LABELS`` order, then other labels, PERSON last."""
    if label in PLACE_LABELS:
        return PLACE_LABELS.index(label)
    return len(PLACE_LABELS) + (1 if label == "PERSON" else 0)
