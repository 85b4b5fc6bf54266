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
    assert main(["--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "person" in out and "coreference, newsdesk: same entity → same key 1.000" in out
    assert "+archive P/R/F1" in out
    assert main(["--gold", str(tmp_path / "missing.jsonl")]) == 2
