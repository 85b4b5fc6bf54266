"""Entity quality on real news nobody here wrote: the 24 GUM Wikinews articles.

The gold (``tests/data/gum-news/``, see its README for provenance and licences) marks 1,386
named mentions with CoNLL labels and, for 1,148, the Wikipedia identity they refer to.
Three figures, the yardstick of issue #11:

* **mention F1 by label** — exact span and label, spaCy labels mapped to CoNLL
  (:data:`CONLL`); for raw spaCy, newsdesk's per-article mentions, and the same mentions
  with the label the archive gives them after indexing;
* **identity precision** — of the pairs of gold mentions newsdesk gives one key, the share
  that have one identity: within an article (its local keys) and across the archive (all 24
  articles indexed as one archive by the real indexer, catalogue keys compared);
* **identity recall** — of the pairs with one identity, the share newsdesk joined.

A gold mention is matched to the newsdesk mention at the same span, else to one sharing at
least half of the longer of the two spans (identity is about keys, not boundaries); a nested
gold span ("NSW" inside "University of NSW") only at its exact span. Unmatched mentions
join nothing, so they cost recall and leave precision alone.

Each article is indexed as ``Title:`` header + the whole file, so the body the indexer sees
is the same text the gold offsets index (the title sentence included).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from newsdesk.entities import Recognizer, resolve_article
from newsdesk.library import open_library
from newsdesk.models import Mention
from newsdesk.settings import Settings

DEFAULT_GUM = Path(__file__).resolve().parent.parent / "tests" / "data" / "gum-news"
LABELS = ("PER", "ORG", "LOC", "MISC")
CONLL: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    **dict.fromkeys(("GPE", "LOC", "FAC"), "LOC"),
    **dict.fromkeys(("NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"), "MISC"),
}
"""spaCy label → CoNLL label, as issue #11 fixes it; dates and numbers map to nothing."""

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldMention:
    start: int
    end: int
    label: str
    identity: str | None
    nested: bool


@dataclass(frozen=True, slots=True)
class GumDoc:
    name: str
    title: str
    text: str
    gold: list[GoldMention]


@dataclass(slots=True)
class LabelScore:
    """Exact span + label tallies per CoNLL label."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, gold: Iterable[tuple[int, int, str]], predicted: Iterable[tuple[int, int, str]]):
        wanted, got = Counter(gold), Counter(predicted)
        for tally, found in ((self.tp, wanted & got), (self.fp, got - wanted),
                             (self.fn, wanted - got)):  # fmt: skip
            for (_, _, label), n in found.items():
                tally[label] += n

    def f1(self, labels: Sequence[str] = LABELS) -> float:
        """Micro-averaged F1 over ``labels``."""
        tp = sum(self.tp[x] for x in labels)
        fp = sum(self.fp[x] for x in labels)
        fn = sum(self.fn[x] for x in labels)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@dataclass(slots=True)
class Pairs:
    """Identity pair tallies: [joined and same identity, joined], [same and joined, same]."""

    precision: list[int] = field(default_factory=lambda: [0, 0])
    recall: list[int] = field(default_factory=lambda: [0, 0])
    found: list[int] = field(default_factory=lambda: [0, 0])
    """Recall over the mentions the recogniser found: what linking alone loses."""
    wrong: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, keyed: Sequence[tuple[str | None, str]]) -> None:
        """``keyed``: (newsdesk key or None, gold identity) of each gold mention with one."""
        by_key: dict[str, Counter[str]] = defaultdict(Counter)
        by_identity: dict[str, Counter[str | None]] = defaultdict(Counter)
        for key, identity in keyed:
            by_identity[identity][key] += 1
            if key is not None:
                by_key[key][identity] += 1
        for identities in by_key.values():
            self.precision[1] += _pairs(sum(identities.values()))
            self.precision[0] += sum(_pairs(n) for n in identities.values())
            for a, b in combinations(sorted(identities), 2):
                self.wrong[(a, b)] += identities[a] * identities[b]
        for keys in by_identity.values():
            self.recall[1] += _pairs(sum(keys.values()))
            joined = sum(_pairs(n) for k, n in keys.items() if k is not None)
            self.recall[0] += joined
            self.found[0] += joined
            self.found[1] += _pairs(sum(n for k, n in keys.items() if k is not None))

    @staticmethod
    def share(tally: list[int]) -> float:
        return tally[0] / tally[1] if tally[1] else 1.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def load_gum(folder: Path = DEFAULT_GUM) -> list[GumDoc]:
    """The GUM gold, each span checked against its file."""
    docs = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = (folder / row["file"]).read_text(encoding="utf-8")
        gold = [_gold(text, m) for m in row["entities"]]
        docs.append(GumDoc(row["doc"], row["title"], text, gold))
    return docs


def _gold(text: str, m: dict[str, Any]) -> GoldMention:
    start, end = int(m["start"]), int(m["end"])
    if text[start:end] != m["text"]:
        raise SystemExit(f"gum gold: {m['text']!r} is not at {start}:{end}")
    return GoldMention(start, end, m["label"], m.get("identity"), bool(m.get("nested")))


@dataclass(slots=True)
class ErrorClasses:
    """Where the per-article mentions miss the gold, by class, with examples.

    Per gold mention: *label* (a prediction at its exact span with another label),
    *boundary* (no prediction at its span, one overlapping it), *missing* (nothing
    overlaps); per prediction: *spurious* (it overlaps no gold mention). Examples are
    (gold label, gold text, predicted text or label, article), counted.
    """

    found: dict[str, Counter[tuple[str, ...]]] = field(
        default_factory=lambda: {c: Counter() for c in ERROR_CLASSES}
    )

    def add(self, doc: GumDoc, mentions: Sequence[Mention]) -> None:
        names = [(m.start, m.end, CONLL[m.label]) for m in mentions if m.label in CONLL]
        exact = {(s, e): label for s, e, label in names}
        for g in doc.gold:
            text = doc.text[g.start : g.end]
            label = exact.get((g.start, g.end))
            near = [doc.text[s:e] for s, e, _ in names if s < g.end and g.start < e]
            if label is not None:
                if label != g.label:
                    self.found["label"][(g.label, text, label, doc.name)] += 1
            elif near:
                self.found["boundary"][(g.label, text, near[0], doc.name)] += 1
            else:
                self.found["missing"][(g.label, text, "", doc.name)] += 1
        for s, e, label in names:
            if not any(g.start < e and s < g.end for g in doc.gold):
                self.found["spurious"][(label, doc.text[s:e], "", doc.name)] += 1

    def report(self, out: Any, examples: int) -> None:
        for name, counted in self.found.items():
            by_label: Counter[str] = Counter()
            for key, n in counted.items():
                by_label[key[0]] += n
            labels = ", ".join(f"{lab} {n}" for lab, n in by_label.most_common())
            print(f"{name} errors: {sum(counted.values())} ({labels})", file=out)
            for key, n in counted.most_common(examples):
                print(f"  {n:>3}  {' | '.join(k for k in key if k)}", file=out)


ERROR_CLASSES = ("label", "boundary", "missing", "spurious")


@dataclass(slots=True)
class GumResult:
    """Everything measured on one run: label scores per column and identity pairs."""

    labels: dict[str, LabelScore] = field(default_factory=dict)
    article: Pairs = field(default_factory=Pairs)
    archive: Pairs = field(default_factory=Pairs)
    indexed: int = 0
    errors: ErrorClasses = field(default_factory=lambda: ErrorClasses())


def measure(docs: Sequence[GumDoc], settings: Settings) -> GumResult:
    """Raw spaCy and per-article newsdesk from one NER pass; then the real archive."""
    result = GumResult(labels={c: LabelScore() for c in ("spaCy", "newsdesk", "+archive")})
    recognizer = Recognizer(settings.spacy_model, n_process=1)
    for doc, (_, raw) in zip(docs, recognizer.raw_many(d.text for d in docs), strict=True):
        gold = [(g.start, g.end, g.label) for g in doc.gold]
        result.labels["spaCy"].add(gold, _conll((s, e, lab) for s, e, lab in raw))
        mentions = resolve_article(doc.text, raw)
        result.labels["newsdesk"].add(gold, _conll((m.start, m.end, m.label) for m in mentions))
        result.errors.add(doc, mentions)
        result.article.add(_keyed(doc, mentions))
    archived = index_archive(docs, settings)
    result.indexed = sum(1 for ms in archived if ms)
    keyed: list[tuple[str | None, str]] = []
    for doc, mentions in zip(docs, archived, strict=True):
        gold = [(g.start, g.end, g.label) for g in doc.gold]
        result.labels["+archive"].add(gold, _conll((m.start, m.end, m.label) for m in mentions))
        keyed += _keyed(doc, mentions)
    result.archive.add(keyed)
    return result


def _conll(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return [(s, e, CONLL[lab]) for s, e, lab in spans if lab in CONLL]


def _keyed(doc: GumDoc, mentions: Sequence[Mention]) -> list[tuple[str | None, str]]:
    """(key of the matched newsdesk name mention, identity) per gold mention with one."""
    names = [m for m in mentions if m.label in CONLL]
    exact = {(m.start, m.end): m.key for m in names}
    out: list[tuple[str | None, str]] = []
    for g in doc.gold:
        if g.identity is None:
            continue
        key = exact.get((g.start, g.end))
        if key is None and not g.nested:
            key = _overlapping(g, names)
        out.append((key, g.identity))
    return out


def _overlapping(g: GoldMention, names: Sequence[Mention]) -> str | None:
    """The key of the mention sharing at least half of the longer of the two spans.

    "Ilham Aliyev's" for "Ilham Aliyev" is the same mention; "Mecca" inside the gold
    "Mecca's Grand Mosque" is another one (a place, not the mosque), and counting it as
    the mosque would charge the linker for the recogniser's boundary.
    """
    for m in names:
        shared = min(m.end, g.end) - max(m.start, g.start)
        if shared * 2 >= max(m.end - m.start, g.end - g.start):
            return m.key
    return None


def index_archive(docs: Sequence[GumDoc], settings: Settings) -> list[list[Mention]]:
    """Index every document as one archive; each one's mentions under catalogue keys."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-gum-") as tmp:
        corpus, index_dir = Path(tmp) / "corpus", Path(tmp) / "index"
        corpus.mkdir()
        for doc in docs:
            (corpus / f"{doc.name}.txt").write_text(
                f"Title: {doc.title}\n\n{doc.text}", encoding="utf-8"
            )
        library = open_library(corpus, index_dir=index_dir, settings=settings)
        try:
            library.refresh()
            by_name = {Path(a.path).stem: a for a in library.list_articles(limit=len(docs) + 10)}
            return [_archived(library, doc, by_name.get(doc.name)) for doc in docs]
        finally:
            library.close()


def _archived(library: Any, doc: GumDoc, summary: Any) -> list[Mention]:
    """The stored mentions of one document, checked to index the same text as the gold."""
    if summary is None:
        return []
    article = library.get_article(summary.id)
    if article is None or article.body != doc.text.rstrip():
        raise SystemExit(f"gum: the indexed body of {doc.name} differs from its file")
    return list(library.mentions(summary.id))


def report(result: GumResult, docs: Sequence[GumDoc], out: Any, examples: int = 0) -> None:
    """The F1 table by label, then the identity figures and the worst wrong merges; with
    ``examples``, the per-article mentions' error classes and that many of each."""
    total = sum(len(d.gold) for d in docs)
    print(f"GUM Wikinews: {len(docs)} articles ({result.indexed} indexed with entities), "
          f"{total} gold mentions", file=out)  # fmt: skip
    print(f"{'label':<6}" + "".join(f"{c:>10}" for c in result.labels), file=out)
    for label in (*LABELS, "all"):
        chosen = LABELS if label == "all" else (label,)
        cells = "".join(f"{s.f1(chosen):>10.3f}" for s in result.labels.values())
        print(f"{label:<6}{cells}", file=out)
    for name, pairs in (("within an article", result.article), ("across the archive",
                                                                result.archive)):  # fmt: skip
        print(f"identity {name}: precision {_share(pairs.precision)}, "
              f"recall {_share(pairs.recall)}; recall among mentions found "
              f"{_share(pairs.found)}", file=out)  # fmt: skip
    wrong = ", ".join(f"{a} + {b} ({n})" for (a, b), n in result.archive.wrong.most_common(8))
    print(f"wrong joins across the archive (pairs): {wrong or '-'}", file=out)
    if examples:
        result.errors.report(out, examples)


def _share(tally: list[int]) -> str:
    return f"{Pairs.share(tally):.3f} ({tally[0]}/{tally[1]} pairs)"


def headline(result: GumResult) -> str:
    """The three target figures on one line."""
    return (
        f"F1 {result.labels['+archive'].f1():.3f} · archive identity precision "
        f"{Pairs.share(result.archive.precision):.3f} · identity recall "
        f"{Pairs.share(result.archive.recall):.3f}"
    )
