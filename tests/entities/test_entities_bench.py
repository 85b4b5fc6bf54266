"""The NER quality benchmark scores correctly and runs end to end on a tiny gold of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.ner_quality import Score, load_gold, main


def test_scores_exact_span_and_group() -> None:
    score = Score()
    gold = [(0, 4, "place", "baku"), (10, 15, "person", "kaya"), (20, 25, "person", "kaya")]
    predicted = [(0, 4, "place", "baku"), (10, 15, "org", "kaya"), (20, 25, "person", "kaya")]
    score.add(gold, [*predicted, (30, 33, "date", "may")])
    assert score.prf(["place"])[:3] == (1.0, 1.0, 1.0)
    assert score.prf(["person"])[:2] == (1.0, 0.5)
    assert score.prf(["person", "org", "place", "date"])[:2] == (0.5, 2 / 3)


def test_coreference_pairs() -> None:
    score = Score()
    gold = [(0, 4, "person", "A"), (5, 9, "person", "A"), (10, 14, "person", "B")]
    score.add(gold, [(0, 4, "person", "a"), (5, 9, "person", "a"), (10, 14, "person", "a")])
    assert score.same == [1, 1, 1]
    assert score.apart == [0, 2, 2]


def test_gold_offsets_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    mention = {"start": 0, "end": 2, "text": "Baku", "label": "GPE", "entity": "Baku"}
    row = {"id": "x", "text": "In Baku.", "mentions": [mention]}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="not at 0:2"):
        load_gold(path)


def test_runs_on_a_small_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Ilham Aliyev hosted the summit in Baku. Aliyev said the talks were useful."
    marks = [("Ilham Aliyev", "PERSON", "Ilham Aliyev"), ("Baku", "GPE", "Baku"),
             ("Aliyev", "PERSON", "Ilham Aliyev")]  # fmt: skip
    mentions, cursor = [], 0
    for needle, label, entity in marks:
        start = text.index(needle, cursor)
        cursor = start + len(needle)
        mentions.append({"start": start, "end": cursor, "text": needle, "label": label,
                         "entity": entity})  # fmt: skip
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "1", "text": text, "mentions": mentions}) + "\n")
    assert main(["--gold", str(gold), "--no-gum"]) == 0
    out = capsys.readouterr().out
    assert "person" in out and "coreference, newsdesk: same entity → same key 1.000" in out
    assert "+archive P/R/F1" in out
    assert main(["--gold", str(tmp_path / "missing.jsonl")]) == 2


def test_identity_pairs_count_precision_and_recall() -> None:
    from benchmarks.gum_quality import Pairs

    pairs = Pairs()
    # Three mentions of A (two joined, one missed), one B wrongly joined to A's key.
    pairs.add([("k", "A"), ("k", "A"), (None, "A"), ("k", "B")])
    assert pairs.precision == [1, 3]
    assert pairs.recall == [1, 3]
    assert pairs.wrong[("A", "B")] == 2


def test_gum_gold_loads_from_the_tests_copy() -> None:
    from benchmarks.gum_quality import DEFAULT_GUM, load_gum

    assert DEFAULT_GUM.parent.name == "data" and (DEFAULT_GUM / "README.md").is_file()
    docs = load_gum(DEFAULT_GUM)
    assert len(docs) == 24
    assert sum(len(d.gold) for d in docs) == 1386
    assert sum(g.identity is not None for d in docs for g in d.gold) == 1148


def test_gum_yardstick_end_to_end_holds_todays_figures(tmp_path: Path) -> None:
    """The real archive path (24 articles indexed, catalogue keys compared) runs, and the
    figures docs/entities.md reports do not slip back (issue #11's yardstick)."""
    from benchmarks.gum_quality import Pairs, load_gum, measure

    from newsdesk.settings import BUNDLED_MODEL, Settings

    settings = Settings(spacy_model=BUNDLED_MODEL, n_process=1, alias_file=tmp_path / "a.toml")
    result = measure(load_gum(), settings)
    assert result.indexed == 24
    assert result.labels["spaCy"].f1() < 0.5
    assert result.labels["+archive"].f1() >= 0.65
    assert Pairs.share(result.archive.precision) >= 0.99
    assert Pairs.share(result.archive.recall) >= 0.62
    assert Pairs.share(result.archive.found) >= 0.80
    errors = {name: sum(c.values()) for name, c in result.errors.found.items()}
    found = sum(result.labels["newsdesk"].tp.values())
    assert found + errors["label"] + errors["boundary"] + errors["missing"] == 1386
