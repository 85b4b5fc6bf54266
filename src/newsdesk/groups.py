"""The entity groups: the one vocabulary every layer speaks, and the only place it is written.

spaCy labels are stored as the model names them (``GPE``, ``NORP``…) so nothing is lost;
everything a user sees or types is the coarser *group*: the reader's colours and legend,
the search fields (``person:aliyev``), ``entities --list --type``, the alias file's
``[retype]`` and the catalogue's ``grp`` column. Each of those takes its names from here,
so a group added, renamed or moved between names and values changes in one place.
"""

from __future__ import annotations

GROUP_ORDER: tuple[str, ...] = (
    "person", "org", "place", "group", "event", "date", "other", "number",
)  # fmt: skip
"""Every group, in the order the reader lists them (sidebar, legend, type picker)."""

GROUP_NAMES: dict[str, str] = {
    "person": "people",
    "org": "organisations",
    "place": "places",
    "group": "groups",
    "event": "events",
    "date": "dates",
    "other": "other",
    "number": "numbers",
}
"""Each group's plural display name: the legend, the sidebar's headings, the status line."""

NAME_GROUPS: tuple[str, ...] = ("person", "org", "place", "group", "event", "other")
"""Groups whose mentions are *names*: entities of the archive, with label voting, aliases
and short-form joining, a catalogue row, a page, a place in ``entities --list --type``
and in "appears with", and a type a user may give an entity."""

VALUE_GROUPS: tuple[str, ...] = ("date", "number")
"""Groups whose mentions are *values*: "last week" (151 articles of a real archive),
"Monday", "3". Highlighted in their article, but never entities: the catalogue leaves
them out, so they have no page, no list entry and no "appears with" row anywhere."""

LABEL_GROUPS: dict[str, str] = {
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
"""The group of each label of spaCy's English models (OntoNotes' eighteen)."""

RETYPE_LABELS: dict[str, str] = {
    "person": "PERSON", "org": "ORG", "place": "GPE", "group": "NORP", "event": "EVENT",
    "other": "MISC",
}  # fmt: skip
"""The label stored for an entity the user gives a group (``[retype]``, ``alias retype``):
one per name group. ``MISC`` is no OntoNotes label, so it falls into ``other``."""

RETYPE_GROUPS: tuple[str, ...] = tuple(RETYPE_LABELS)
"""The types a user may give an entity: the name groups, in their order."""

FIELD_GROUPS: tuple[str, ...] = tuple(g for g in NAME_GROUPS if g != "other")
"""The groups with a search field of their own (``person:aliyev``). ``other`` mixes laws,
works, products and languages, too little alike to filter on; dates have the ``date``
field, numbers none."""

NAMES_MODE_GROUPS: tuple[str, ...] = ("person", "org", "place")
"""What the reader's "names" highlighting keeps of the chosen types: who, which
organisation, where."""

LEGEND_GROUPS: tuple[str, ...] = ("person", "org", "place", "group", "event", "date")
"""The colour key shown when the reader has no chosen types to describe."""


def group_of(label: str) -> str:
    """The group of a spaCy label; unknown labels (other models) fall into ``other``."""
    return LABEL_GROUPS.get(label, "other")


def is_name_label(label: str) -> bool:
    """Names are entities with identity; dates and numbers are only values."""
    return group_of(label) in NAME_GROUPS
