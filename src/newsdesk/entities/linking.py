"""Which names of one article are the same entity: a small union-find over folded names.

Nodes are folded surface names ("erdogan", "recep tayyip erdogan"); every mention of a node
is the same entity. Two rules join nodes:

* **parenthesised alternative** — "Khankendi (Stepanakert)": the second name joins the
  first when both are in one group, or when the second is a lone PERSON after a non-person
  (the model's default guess for an unfamiliar word). For places, and for that PERSON
  fallback, the second name must not occur anywhere else, so "Shusha (Azerbaijan)" in a text
  that names Azerbaijan on its own keeps two places apart;
* **short form** — a name whose words are a subsequence of a longer name's words ending on
  the same word ("Erdoğan", "Tayyip Erdoğan" → "Recep Tayyip Erdoğan"). Person and org only:
  for places the rule is wrong too often ("Korea" vs "South Korea", "Sudan" vs "South
  Sudan"). When several full names fit ("Recep Tayyip Erdoğan", "Emine Erdoğan") the short
  form goes to the one with most mentions, then the one named first — never to both.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import pairwise

from newsdesk.entities.clean import Span
from newsdesk.entities.labels import group_of, is_name_label
from newsdesk.entities.normalize import display, fold, key_tokens

SHORT_FORM_GROUPS: tuple[str, ...] = ("person", "org")
"""Groups where a bare surname or tail joins the full name (see module docstring)."""

_OPEN = re.compile(r"\s*[(\[]\s*")
_CLOSE = re.compile(r"\s*[)\]]")


def node_of(text: str, span: Span) -> str:
    """The union-find node of a name span: its folded surface."""
    return fold(text[span.start : span.end])


def is_short_form(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """True for ("erdogan",) in ("recep", "tayyip", "erdogan"): a same-ending subsequence."""
    if not short or len(short) >= len(full) or short[-1] != full[-1]:
        return False
    remaining = iter(full)
    return all(word in remaining for word in short)


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
        """Apply both joining rules: parentheses first, since they are the surer signal."""
        self._link_parentheses()
        for group in SHORT_FORM_GROUPS:
            self._link_short_forms(group)

    def members(self, root: str) -> list[Span]:
        """Every name span whose entity is ``root``."""
        return [s for node, spans in self.spans.items() if self.find(node) == root for s in spans]

    def forms(self, root: str) -> Counter[str]:
        """Display forms of the root name itself: the candidates for the entity's name."""
        return Counter(display(self.text[s.start : s.end]) for s in self.spans[root])

    def _link_parentheses(self) -> None:
        for a, b in pairwise(self.ordered):
            first, second = node_of(self.text, a), node_of(self.text, b)
            if first != second and self._is_parenthesised(a, b) and self._compatible(first, second):
                self.join(second, first)

    def _is_parenthesised(self, a: Span, b: Span) -> bool:
        """``b`` sits alone in brackets right after ``a``."""
        return bool(_OPEN.fullmatch(self.text, a.end, b.start) and _CLOSE.match(self.text, b.end))

    def _compatible(self, first: str, second: str) -> bool:
        """Same group, or a PERSON fallback guess after a non-person (see module docstring)."""
        group_a, group_b = group_of(self.labels[first]), group_of(self.labels[second])
        fallback = self.labels[second] == "PERSON" and group_a != "person"
        if group_a != group_b and not fallback:
            return False
        strict = fallback or group_a == "place"
        return not strict or len(self.spans[second]) == 1

    def _link_short_forms(self, group: str) -> None:
        roots = [n for n in self.parent if self.find(n) == n and group_of(self.labels[n]) == group]
        words = {n: key_tokens(n) for n in roots}
        fulls = [f for f in roots if not any(is_short_form(words[f], words[g]) for g in roots)]
        choices = {n: [f for f in fulls if is_short_form(words[n], words[f])] for n in roots}
        for node, options in choices.items():
            if len(options) == 1:
                self.join(node, options[0])
        prominence = {f: self._prominence(f) for f in fulls}
        for node, options in choices.items():
            if len(options) > 1:
                self.join(node, max(options, key=prominence.__getitem__))

    def _prominence(self, root: str) -> tuple[int, int]:
        """Most mentions first, then the earliest first mention."""
        members = self.members(root)
        return len(members), -min(s.start for s in members)
