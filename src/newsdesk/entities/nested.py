"""A person named inside a longer name is also a mention of that person.

"The Andy Warhol Foundation donated…": the model finds one organisation, and the article's
Andy Warhol — whose entity page should list everything the archive says of him — loses
that sentence. On the GUM Wikinews set 103 gold names sit inside other names; ten of them
are Warhol inside the Foundation and the Photographic Legacy Program, and those ten alone
are 355 of the 1,860 same-identity pairs linking did not join (pairs are quadratic in
mentions).

So, after linking, each full name of a person the article names on its own (a key of two
words or more: "andy warhol", with every form the article links to it, "Warhol" too) is
looked for inside the article's other names, and each occurrence becomes one more mention
of that person, nested in the longer one ("Andy Warhol" in "Andy Warhol Foundation",
"Warhol" in "Warhol Factory"). Never the other way round, and only people:

* a place inside a name is not that place's mention: "Manchester" in "Manchester United"
  is the club (issue #11: clubs named after cities must not feed the city's page), "U.S."
  in "U.S. Department of Agriculture" is the department;
* a one-word "person" is too often the model's mistake ("Twitter" on GUM) to be looked for;
* a person's name is never nested in another person's ("Kaya" of "Derya Kaya" inside
  "Selim Kaya").

The outer name stays what it was; the reader shows the outer one, except on the followed
entity's own page (:func:`newsdesk.spans.visible_mentions`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from newsdesk.entities.gazetteer import whole_words
from newsdesk.groups import is_name_label
from newsdesk.models import Mention

_PERSON = "PERSON"
_MIN_CHARS = 2


def nested_people(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` plus the article's people named inside its other names, in text order."""
    people = _people(mentions)
    if not people:
        return mentions
    pattern = whole_words(people)
    inner = [m for outer in mentions for m in _inside(text, outer, pattern, people)]
    if not inner:
        return mentions
    return sorted([*mentions, *inner], key=lambda m: (m.start, m.end))


def _inside(
    text: str, outer: Mention, pattern: re.Pattern[str], people: dict[str, Mention]
) -> Iterator[Mention]:
    """The people named inside one name that is not a person's (nor a date or number)."""
    if not is_name_label(outer.label) or outer.label == _PERSON:
        return
    for found in pattern.finditer(text, outer.start, outer.end):
        start, end, surface = found.start(), found.end(), found.group()
        person = people[surface]
        if person.key != outer.key and end - start < outer.end - outer.start:
            yield Mention(start, end, surface, _PERSON, person.key, person.name)


def _people(mentions: Iterable[Mention]) -> dict[str, Mention]:
    """Each surface the article links to a person of a full (two-word) name → a mention."""
    found: dict[str, Mention] = {}
    for mention in mentions:
        if mention.label == _PERSON and " " in mention.key and _searchable(mention.text):
            found.setdefault(mention.text, mention)
    return found


def _searchable(surface: str) -> bool:
    """Two characters or more, starting with a capital, on one line."""
    return len(surface) >= _MIN_CHARS and surface[:1].isupper() and "\n" not in surface
