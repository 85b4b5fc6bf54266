"""Archive-wide entity rules, as pure functions over plain data.

The index layer aggregates mentions with SQL; the *decisions* live here so they are tested
once and shared with the per-article resolver:

* :func:`pick_display_name` — what an entity is called across the archive;
* :func:`majority_label` — which label it carries (re-exported from :mod:`.labels`);
* :func:`archive_labels` — one label per key across articles (one vote per article);
* :func:`merge_short_keys` — a bare surname key ("erdogan", from an article that only ever
  says "Erdoğan") joins the full name it most likely means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from newsdesk.entities.labels import majority_label
from newsdesk.entities.linking import SHORT_FORM_GROUPS, is_short_form
from newsdesk.entities.normalize import fold, key_tokens

__all__ = ["archive_labels", "majority_label", "merge_short_keys", "pick_display_name"]


def pick_display_name(forms: Counter[str]) -> str:
    """The most frequent *full* form: forms that abbreviate another form are left out.

    So "Recep Tayyip Erdoğan" names the entity even where "Erdoğan" is written more often.
    Ties prefer more words, then normal case over a headline's ALL CAPS, then the form that
    keeps its accents ("Erdoğan" over "Erdogan": it carries more information), then the
    form seen first.
    """
    if not forms:
        raise ValueError("pick_display_name needs at least one form")
    ordered = list(forms)
    words = {form: key_tokens(fold(form)) for form in ordered}
    full = [f for f in ordered if not any(is_short_form(words[f], words[g]) for g in ordered)]
    return max(full, key=lambda form: (forms[form], *_form_quality(form), -ordered.index(form)))


def _form_quality(form: str) -> tuple[int, bool, int]:
    """Word count, not-all-caps, and how many non-ASCII letters the form keeps."""
    return len(form.split()), not form.isupper(), sum(not ch.isascii() for ch in form)


def merge_short_keys(keys_by_group: Mapping[str, Mapping[str, int]]) -> dict[str, str]:
    """Map each bare one-word key to the full key it abbreviates, per group.

    ``keys_by_group`` is group → {key: archive-wide mention count}. A one-word key maps to
    the multi-word key of the same group that ends with that word and has most mentions
    (ties: alphabetical, so the result is stable). Only person and org keys are merged, for
    the reason given in :mod:`.linking`. Keys absent from the result map to themselves; a
    key seen in both groups is decided by the person group.
    """
    mapping: dict[str, str] = {}
    for group in SHORT_FORM_GROUPS:
        for short, full in _merges(keys_by_group.get(group, {})).items():
            mapping.setdefault(short, full)
    return mapping


def _merges(counts: Mapping[str, int]) -> dict[str, str]:
    """One group's bare keys → best full key (most mentions, then alphabetical)."""
    by_last: dict[str, list[str]] = {}
    for key in counts:
        words = key_tokens(key)
        if len(words) > 1:
            by_last.setdefault(words[-1], []).append(key)
    merged: dict[str, str] = {}
    for key in counts:
        options = by_last.get(key) if len(key_tokens(key)) == 1 else None
        if options:
            merged[key] = min(options, key=lambda full: (-counts[full], full))
    return merged


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
