"""Which names of one article are the same entity: a small union-find over folded names.

Nodes are folded surface names ("erdogan", "recep tayyip erdogan"); every mention of a node
is the same entity. Two rules join nodes:

* **parenthesised alternative** — "Khankendi (Stepanakert)": the second name joins the
  first when it is the first's acronym ("Trans Adriatic Pipeline (TAP)"), when both are in
  one group, or when the second is a lone PERSON after a non-person (the model's default
  guess for an unfamiliar word). For places, and for that PERSON fallback, the second name
  must not occur anywhere else, so "Shusha (Azerbaijan)" in a text that names Azerbaijan on
  its own keeps two places apart;
* **short form** — a name whose words are a subsequence of a longer name's words ending on
  the same word ("Erdoğan", "Tayyip Erdoğan" → "Recep Tayyip Erdoğan"). Person and org only:
  for places the rule is wrong too often ("Korea" vs "South Korea", "Sudan" vs "South
  Sudan"). When several full names fit ("Recep Tayyip Erdoğan", "Emine Erdoğan") the short
  form goes to the one with most mentions, then the one named first — never to both. A
  one-word ORG or NORP may join a person this way too: the model files unfamiliar surnames
  there ("Pashinyan" as NORP next to "Nikol Pashinyan"), and it then votes as PERSON;
  so may a one-word GPE/LOC never written where places stand (:data:`PLACE_GUESSES`),
  but not an acronym ("DAB" is a party).

* **acronym** — an all-caps name spelling the initials of a longer name in the same article
  ("EU" → "European Union", "TAP" → "Trans Adriatic Pipeline"), whatever their labels;
* **plural group** — "Armenians" joins "Armenian" (both NORP).

An entity's label is the majority of its mentions' votes (:func:`votes`): each mention's
label, plus :data:`HINT_WEIGHT` votes for the label the text itself argues for.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import pairwise

from newsdesk.entities.clean import Span
from newsdesk.entities.normalize import display, fold, key_tokens
from newsdesk.groups import group_of, is_name_label

SHORT_FORM_GROUPS: tuple[str, ...] = ("person", "org")
"""Groups where a bare surname or tail joins the full name (see module docstring)."""

HINT_WEIGHT = 2
"""Votes a textual hint ("in Shusha", "… region", "… Airport") adds to its label: evidence in
the text outweighs one guess of the model."""

SURNAME_GUESSES: frozenset[str] = frozenset({"ORG", "NORP"})
"""Labels under which the model files a surname it does not know; these may still join."""

PLACE_GUESSES: frozenset[str] = frozenset({"GPE", "LOC"})
"""A surname the model took for a place ("had known Devocht" GPE beside "Tom Devocht",
"said Bolden" beside "Charles Bolden") joins its person too, unless one of its mentions
stands where places do ("in", "to", "from"…): then it is the place."""
PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|to|into|across|outside|inside|throughout|of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

_OPEN = re.compile(r"\s*[(\[]\s*")
_CLOSE = re.compile(r"\s*[)\]]")
_LIST_AFTER = re.compile(r"\s*[)\]]\s*[,;]")
_LIST_BEFORE = re.compile(r"(?:^|[,;:\n])[ \t]*$")
_CONTEXT = 20
_CONNECTORS = frozenset({"and", "of", "the", "for", "de", "du", "des", "la", "le"})


def node_of(text: str, span: Span) -> str:
    """The union-find node of a name span: its folded surface."""
    return fold(text[span.start : span.end])


def is_short_form(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """True for ("erdogan",) in ("recep", "tayyip", "erdogan"): a same-ending subsequence."""
    if not short or len(short) >= len(full) or short[-1] != full[-1]:
        return False
    remaining = iter(full)
    return all(word in remaining for word in short)


def votes(spans: Iterable[Span]) -> Counter[str]:
    """Label votes of some spans: the model's label, plus the text's own hint when it has one.
    An echo (:mod:`.gazetteer`) is no witness: the model never labelled it."""
    counted: Counter[str] = Counter()
    for span in spans:
        if span.echo:
            continue
        counted[span.label] += 1
        if span.hint:
            counted[span.hint] += HINT_WEIGHT
    return counted


def is_acronym(short: str, full: str) -> bool:
    """True for "tap" / "trans adriatic pipeline" and "jdp" / "justice and development party";
    dots do not count ("u.s." / "united states"). Two letters must be every initial: "US"
    is not "University of Sheffield"."""
    words = key_tokens(full)
    short = short.replace(".", "")
    if " " in short or len(short) < 2 or len(words) < 2:
        return False
    initials = "".join(w[0] for w in words)
    content = "".join(w[0] for w in words if w not in _CONNECTORS)
    return short == initials or (len(short) > 2 and short == content)


class Entities:
    """The entities of one article: its name spans, their voted labels and the links."""

    def __init__(self, text: str, spans: list[Span], labels: dict[str, str]) -> None:
        self.text = text
        self.labels = labels
        self.parent = {node: node for node in labels}
        self.spans: dict[str, list[Span]] = defaultdict(list)
        for span in spans:
            if is_name_label(span.label):
                self.spans[node_of(text, span)].append(span)
        self.ordered = [s for s in spans if is_name_label(s.label)]
        self.retyped: dict[str, str] = {}

    def find(self, node: str) -> str:
        """The root node of ``node``'s entity (with path halving)."""
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, child: str, parent: str) -> None:
        """Put ``child``'s entity under ``parent``'s; the parent keeps naming it."""
        child_root, parent_root = self.find(child), self.find(parent)
        if child_root != parent_root:
            self.parent[child_root] = parent_root

    def link(self) -> None:
        """Apply the joining rules, surest first: brackets, acronyms, plurals, short forms."""
        self._link_parentheses()
        self._link_acronyms()
        self._link_plurals()
        for group in SHORT_FORM_GROUPS:
            self._link_short_forms(group)

    def members(self, root: str) -> list[Span]:
        """Every name span whose entity is ``root``."""
        return [s for node, spans in self.spans.items() if self.find(node) == root for s in spans]

    def votes(self, root: str) -> Counter[str]:
        """Label votes of an entity's mentions (retyped surnames vote as their person)."""
        counted: Counter[str] = Counter()
        for node, spans in self.spans.items():
            if self.find(node) == root:
                label = self.retyped.get(node)
                witnesses = sum(not s.echo for s in spans)
                for voted, n in (votes(spans) if label is None else {label: witnesses}).items():
                    counted[voted] += n
        return counted

    def forms(self, root: str) -> Counter[str]:
        """Display forms of the root name itself: the candidates for the entity's name."""
        return Counter(display(self.text[s.start : s.end]) for s in self.spans[root])

    def _link_parentheses(self) -> None:
        """Each name directly followed by a bracketed name: the second may join the first.

        Not in lists and tables (issue #11): a team sheet's "H Luscombe (Dragons), K Morgan
        (Dragons)" chained every player of a club into one person. A bracket that follows
        two different names, or is itself followed by a list separator, or follows a
        person, holds an affiliation (club, party, country), not another name for the
        first; only an acronym of the first is still taken there.
        """
        pairs = [(a, b) for a, b in pairwise(self.ordered) if self._is_parenthesised(a, b)]
        owners: dict[str, set[str]] = defaultdict(set)
        for a, b in pairs:
            owners[node_of(self.text, b)].add(node_of(self.text, a))
        for a, b in pairs:
            first, second = node_of(self.text, a), node_of(self.text, b)
            if first == second:
                continue
            if is_acronym(second, first) or (
                len(owners[second]) == 1
                and not self._affiliation(a, b)
                and self._compatible(first, second)
            ):
                self.join(second, first)

    def _affiliation(self, a: Span, b: Span) -> bool:
        """The bracket annotates a person or a list item: "Smith (Labour)" (not a second
        PERSON: the model's guess for an unfamiliar place), "; H Luscombe
        (Dragons)," — a list item sits between separators (or a line start); in prose,
        "south of Khankendi (Stepanakert), the…", the bracket names the place again."""
        labels = self.labels[node_of(self.text, a)], self.labels[node_of(self.text, b)]
        if labels[0] == "PERSON" and labels[1] != "PERSON":
            return True
        before = self.text[max(0, a.start - _CONTEXT) : a.start]
        return bool(_LIST_BEFORE.search(before) and _LIST_AFTER.match(self.text, b.end))

    def _is_parenthesised(self, a: Span, b: Span) -> bool:
        """``b`` sits alone in brackets right after ``a``."""
        return bool(_OPEN.fullmatch(self.text, a.end, b.start) and _CLOSE.match(self.text, b.end))

    def _compatible(self, first: str, second: str) -> bool:
        """Same group, an acronym, or a PERSON fallback guess (see module docstring)."""
        if is_acronym(second, first):
            return True
        group_a, group_b = group_of(self.labels[first]), group_of(self.labels[second])
        fallback = self.labels[second] == "PERSON" and group_a != "person"
        if group_a != group_b and not fallback:
            return False
        strict = fallback or group_a == "place"
        return not strict or len(self.spans[second]) == 1

    def _link_acronyms(self) -> None:
        """An all-caps name spelling the initials of a longer name here: "EU", "TAP".

        Candidates are compared as whole entities (their roots): a long form already
        joined to another name ("Bedford (Bedford Blues)") has no members of its own, and
        ranking it alone raised ``min() arg is an empty sequence`` (issue #11).
        """
        fulls = [n for n in self.parent if len(key_tokens(n)) > 1]
        for node, spans in self.spans.items():
            if self.find(node) != node or not self.text[spans[0].start : spans[0].end].isupper():
                continue
            options = {self.find(f) for f in fulls if is_acronym(node, f)} - {node}
            if options:
                self.join(node, max(sorted(options), key=self._prominence))

    def _link_plurals(self) -> None:
        """A plural group name joins its singular: "Armenians" → "Armenian"."""
        for node in list(self.parent):
            singular = node[:-1]
            plural = node.endswith("s") and self.labels.get(singular) == "NORP"
            if plural and self.labels[node] == "NORP":
                self.join(node, singular)

    def _link_short_forms(self, group: str) -> None:
        """Unambiguous short forms first, so they count towards their full name's prominence."""
        roots = [n for n in self.parent if self.find(n) == n]
        words = {n: key_tokens(n) for n in roots}
        members = [n for n in roots if group_of(self.labels[n]) == group]
        fulls = [f for f in members if not any(is_short_form(words[f], words[g]) for g in members)]
        shorts = members + [n for n in roots if self._surname_guess(group, n, words[n])]
        choices = {n: [f for f in fulls if is_short_form(words[n], words[f])] for n in shorts}
        for node, options in choices.items():
            if len(options) == 1:
                self._join_short(node, options[0])
        prominence = {f: self._prominence(f) for f in fulls}
        for node, options in choices.items():
            if len(options) > 1:
                self._join_short(node, max(options, key=prominence.__getitem__))

    def _join_short(self, node: str, full: str) -> None:
        """Join a short form; a surname filed as ORG/NORP then votes as its person."""
        if self.labels[node] != self.labels[full]:
            self.retyped[node] = self.labels[full]
        self.join(node, full)

    def _surname_guess(self, group: str, node: str, words: tuple[str, ...]) -> bool:
        """A one-word ORG/NORP that may be a surname the model did not know ("Pashinyan").

        Never one the article writes in capitals: an acronym is an organisation, not a
        surname ("DAB", a party, went to the model's "Pro-Beijing DAB" PERSON and all
        eight of its mentions became a person, on GUM)."""
        if group != "person" or len(words) != 1:
            return False
        spans = self.spans[node]
        if self.labels[node] in PLACE_GUESSES:
            return not any(
                PLACE_BEFORE.search(self.text, max(0, s.start - 20), s.start) for s in spans
            )
        if self.labels[node] not in SURNAME_GUESSES:
            return False
        return not any(self._written(s).isupper() for s in spans)

    def _written(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def _prominence(self, root: str) -> tuple[int, int]:
        """Most mentions first, then the earliest first mention."""
        members = self.members(root)
        return len(members), -min(s.start for s in members)
