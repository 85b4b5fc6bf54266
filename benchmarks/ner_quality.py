"""NER quality: real news (GUM Wikinews, the main yardstick) and a hand-made gold file.

Run ``python -m benchmarks.ner_quality [--gum DIR | --no-gum] [--errors 20]
[--gold tests/data/gold.jsonl] [--speed 400]``. The GUM part
(:mod:`benchmarks.gum_quality`) prints mention F1 by CoNLL label and identity
precision/recall within an article and across an indexed archive (with ``--errors N``,
the error classes of newsdesk's mentions and the N commonest of each); the rest of this
docstring is about the hand-made gold.

The gold file has one JSON object per line::

    {"id": "...", "source_file": "...", "text": "...",
     "mentions": [{"start": 0, "end": 5, "text": "...", "label": "GPE", "entity": "..."}]}

A prediction counts when its span is exactly a gold span and its *group* (person, org,
place…) matches: groups are what the reader shows and filters on. Three columns: spaCy's own
entities, newsdesk's per-article mentions, and those mentions with the archive-wide label of
their key (:func:`newsdesk.entities.archive_labels`, what the index layer applies).
Groups the gold does not annotate (numbers) are left out of the totals.

Coreference is scored on name mentions found at the gold span: of the gold pairs that are
one entity, the share we gave one key; of the pairs that are different entities, the share
we kept apart. Raw spaCy has no keys, so its baseline key is the folded surface text.

``--speed N`` also times NER over N texts (the gold texts, repeated): NER-only versus the
full pipeline, 1 versus 2 processes, and counts where their entities differ.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, islice
from pathlib import Path
from typing import Any

from benchmarks import gum_quality
from newsdesk.entities import Recognizer, archive_labels, fold, resolve_article
from newsdesk.entities.ner import load_pipeline
from newsdesk.groups import GROUP_ORDER, NAME_GROUPS, group_of
from newsdesk.models import Mention
from newsdesk.settings import Settings

DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold.jsonl"

Labeled = tuple[int, int, str, str]
"""A scored mention: start, end, group, key."""


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    text: str
    gold: list[Labeled]


@dataclass(slots=True)
class Score:
    """Exact span + group matches, per group, and coreference pair tallies."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    same: list[int] = field(default_factory=lambda: [0, 0, 0])
    apart: list[int] = field(default_factory=lambda: [0, 0, 0])
    """[pairs we got right, pairs scored, gold pairs in all]."""

    def add(self, gold: list[Labeled], predicted: list[Labeled]) -> None:
        """Tally one document."""
        wanted = Counter((s, e, g) for s, e, g, _ in gold)
        got = Counter((s, e, g) for s, e, g, _ in predicted)
        for (_, _, group), n in (wanted & got).items():
            self.tp[group] += n
        for (_, _, group), n in (got - wanted).items():
            self.fp[group] += n
        for (_, _, group), n in (wanted - got).items():
            self.fn[group] += n
        self._add_pairs(gold, {(s, e): key for s, e, _, key in predicted})

    def _add_pairs(self, gold: list[Labeled], keys: dict[tuple[int, int], str]) -> None:
        names = [m for m in gold if m[2] in NAME_GROUPS]
        for a, b in combinations(names, 2):
            tally = self.same if a[3] == b[3] else self.apart
            tally[2] += 1
            ka, kb = keys.get(a[:2]), keys.get(b[:2])
            if ka is None or kb is None:
                continue
            tally[1] += 1
            tally[0] += (ka == kb) == (a[3] == b[3])

    def prf(self, groups: Iterable[str]) -> tuple[float, float, float, int]:
        """Precision, recall, F1 and gold count over some groups (micro-averaged)."""
        chosen = list(groups)
        tp = sum(self.tp[g] for g in chosen)
        fp = sum(self.fp[g] for g in chosen)
        fn = sum(self.fn[g] for g in chosen)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0), tp + fn


def load_gold(path: Path) -> list[Doc]:
    """Read the gold JSONL, checking each mention's offsets against its text."""
    docs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        text = row["text"]
        gold = [_gold_mention(path, number, text, m) for m in row.get("mentions", [])]
        docs.append(Doc(str(row.get("id", number)), text, gold))
    return docs


def _gold_mention(path: Path, number: int, text: str, m: dict[str, Any]) -> Labeled:
    start, end = int(m["start"]), int(m["end"])
    if "text" in m and text[start:end] != m["text"]:
        raise SystemExit(f"{path}:{number}: {m['text']!r} is not at {start}:{end}")
    return start, end, group_of(m["label"]), str(m.get("entity") or fold(text[start:end]))


COLUMNS = ("spaCy", "newsdesk", "+archive")
"""Raw spaCy ents; our per-article mentions; the same with archive-wide labels applied."""


def score(docs: Sequence[Doc], recognizer: Recognizer) -> dict[str, Score]:
    """Score raw spaCy, our mentions, and our mentions relabelled archive-wide, on one run."""
    scores = {name: Score() for name in COLUMNS}
    ours: list[list[Mention]] = []
    for doc, (_, raw) in zip(docs, recognizer.raw_many(d.text for d in docs), strict=True):
        scores["spaCy"].add(
            doc.gold, [(s, e, group_of(lab), fold(doc.text[s:e])) for s, e, lab in raw]
        )
        ours.append(resolve_article(doc.text, raw))
        scores["newsdesk"].add(doc.gold, [_labeled(m, m.label) for m in ours[-1]])
    labels = archive_labels({m.key: m.label for m in ms if _is_name(m)} for ms in ours)
    for doc, mentions in zip(docs, ours, strict=True):
        relabelled = [_labeled(m, labels[m.key] if _is_name(m) else m.label) for m in mentions]
        scores["+archive"].add(doc.gold, relabelled)
    return scores


def _is_name(mention: Mention) -> bool:
    return group_of(mention.label) in NAME_GROUPS


def _labeled(mention: Mention, label: str) -> Labeled:
    return mention.start, mention.end, group_of(label), mention.key


def report(scores: dict[str, Score], out: Any = None) -> None:
    """Print the per-group table, the totals and the coreference figures.

    Groups the gold does not annotate at all (numbers, in the bundled gold) are listed but
    left out of the totals: every prediction there would count as a false positive.
    """
    out = out or sys.stdout
    first = scores[COLUMNS[0]]
    annotated = [g for g in GROUP_ORDER if first.tp[g] + first.fn[g]]
    header = "".join(f"   {c + ' P/R/F1':<19}" for c in COLUMNS)
    print(f"{'group':<10}{'gold':>6}{header}", file=out)
    rows = [(g, [g]) for g in GROUP_ORDER]
    rows += [("names", sorted(set(NAME_GROUPS) & set(annotated))), ("all", annotated)]
    for name, groups in rows:
        if any(s.tp[g] + s.fp[g] + s.fn[g] for s in scores.values() for g in groups):
            cells = "".join(f"   {_prf(s.prf(groups)):<19}" for s in scores.values())
            print(f"{name:<10}{first.prf(groups)[3]:>6}{cells}", file=out)
    unscored = [g for g in GROUP_ORDER if g not in annotated and scores["newsdesk"].fp[g]]
    print(f"not in the gold, left out of the totals: {', '.join(unscored) or '-'}", file=out)
    _report_pairs(scores, out)


def _report_pairs(scores: dict[str, Score], out: Any) -> None:
    titles = {"spaCy": "spaCy (key = folded text)", "newsdesk": "newsdesk"}
    for name, title in titles.items():
        print(f"coreference, {title}: {_pairs('same entity → same key', scores[name].same)}; "
              f"{_pairs('different → apart', scores[name].apart)}", file=out)  # fmt: skip


def _prf(values: tuple[float, float, float, int]) -> str:
    p, r, f, _ = values
    return f"{p:.3f} {r:.3f} {f:.3f}"


def _pairs(title: str, tally: list[int]) -> str:
    right, scored, total = tally
    share = f"{right / scored:.3f}" if scored else "n/a"
    return f"{title} {share} ({right}/{scored} pairs found at gold spans, of {total})"


def speed(docs: Sequence[Doc], model: str, count: int, out: Any = None) -> None:
    """Time NER over ``count`` texts: NER-only vs full pipeline, 1 vs 2 processes."""
    out = out or sys.stdout
    texts = list(islice(_cycle([d.text for d in docs]), count))
    runs = {}
    for name, ner_only, n_process in (("ner-only", True, 1), ("ner-only", True, 2),
                                      ("full", False, 1)):  # fmt: skip
        nlp = load_pipeline(model, ner_only=ner_only)
        started = time.perf_counter()
        runs[(name, n_process)] = [_ents(d) for d in nlp.pipe(texts, n_process=n_process)]
        seconds = time.perf_counter() - started
        print(f"{name:<9} n_process={n_process}: {len(texts) / seconds:7.1f} texts/s "
              f"({sum(map(len, texts)) / seconds / 1000:.0f} kchar/s; {', '.join(nlp.pipe_names)})",
              file=out)  # fmt: skip
    lean, full = runs[("ner-only", 1)], runs[("full", 1)]
    print(f"2 processes give the same entities as 1: {runs[('ner-only', 2)] == lean}", file=out)
    print(f"NER-only vs full pipeline: {_differences(lean, full)}", file=out)


def _differences(a: list[list[tuple[int, int, str]]], b: list[list[tuple[int, int, str]]]) -> str:
    """How many texts and entities two runs disagree on."""
    texts = sum(x != y for x, y in zip(a, b, strict=True))
    ents = sum(len(set(x) ^ set(y)) for x, y in zip(a, b, strict=True))
    return f"{texts} of {len(a)} texts differ, {ents} differing entities of {sum(map(len, b))}"


def _ents(doc: Any) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def _cycle(texts: list[str]) -> Iterable[str]:
    while texts:
        yield from texts


def main(argv: Sequence[str] | None = None) -> int:
    """Score the gold file (and time NER with ``--speed``); 2 when there is no gold."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ner_quality")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--model", default=None, help="spaCy model (default: from settings)")
    parser.add_argument("--speed", type=int, default=0, metavar="N", help="also time N texts")
    parser.add_argument("--gum", type=Path, default=gum_quality.DEFAULT_GUM, metavar="DIR")
    parser.add_argument("--no-gum", action="store_true", help="only the hand-made gold")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="GUM: error classes and the N commonest of each")  # fmt: skip
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"no gold file at {args.gold}", file=sys.stderr)
        return 2
    model = args.model or Settings.load().spacy_model
    if not args.no_gum:
        run_gum(args.gum, model, args.errors)
    docs = load_gold(args.gold)
    print(f"{len(docs)} texts, {sum(len(d.gold) for d in docs)} gold mentions, model {model}")
    report(score(docs, Recognizer(model, n_process=1)))
    if args.speed:
        speed(docs, model, args.speed)
    return 0


def run_gum(folder: Path, model: str, examples: int = 0) -> gum_quality.GumResult:
    """Score the GUM set in a throw-away archive (aliases off: the rules alone)."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-gum-config-") as config:
        settings = Settings(spacy_model=model, n_process=1,
                            alias_file=Path(config) / "aliases.toml")  # fmt: skip
        docs = gum_quality.load_gum(folder)
        result = gum_quality.measure(docs, settings)
    gum_quality.report(result, docs, sys.stdout, examples)
    print(gum_quality.headline(result))
    print()
    return result


if __name__ == "__main__":
    raise SystemExit(main())
