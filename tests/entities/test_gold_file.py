"""Checks on the hand-made entity gold file, so that it stays valid and in sync with the samples."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter, defaultdict

import pytest

from helpers import DATA, ROOT

GOLD = DATA / "gold.jsonl"

LABELS = {
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
}
ENTITY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_gold() -> list[dict]:
    with GOLD.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


RECORDS = load_gold()


def test_gold_has_enough_documents_and_mentions() -> None:
    assert len(RECORDS) >= 12
    assert sum(len(r["mentions"]) for r in RECORDS) >= 300


def test_records_have_the_expected_fields_and_unique_ids() -> None:
    for record in RECORDS:
        assert set(record) == {"id", "source_file", "text", "mentions"}
        assert record["id"] and isinstance(record["text"], str)
    ids = [r["id"] for r in RECORDS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_offsets_match_text(record: dict) -> None:
    text = record["text"]
    previous_end = 0
    for mention in record["mentions"]:
        start, end = mention["start"], mention["end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert previous_end <= start < end <= len(text), mention
        assert text[start:end] == mention["text"], mention
        previous_end = end


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_labels_and_spans_follow_the_conventions(record: dict) -> None:
    text = record["text"]
    for mention in record["mentions"]:
        surface = mention["text"]
        assert mention["label"] in LABELS, mention
        assert ENTITY_ID.match(mention["entity"]), mention
        assert surface == surface.strip(), mention
        assert not surface.lower().startswith("the "), mention
        if not surface.endswith(("a.m.", "p.m.")):
            assert surface[-1] not in ".,;:!?\"'’”)", mention
        assert not surface.endswith(("’s", "'s")), mention
        # Spans cover whole words: no letter or digit glued on either side.
        start, end = mention["start"], mention["end"]
        assert start == 0 or not text[start - 1].isalnum(), mention
        assert end == len(text) or not text[end].isalnum(), mention


def test_each_entity_keeps_one_label() -> None:
    labels: defaultdict[str, set[str]] = defaultdict(set)
    for record in RECORDS:
        for mention in record["mentions"]:
            labels[mention["entity"]].add(mention["label"])
    mixed = {entity: found for entity, found in labels.items() if len(found) > 1}
    assert not mixed


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_gold_text_occurs_verbatim_in_its_sample(record: dict) -> None:
    source = ROOT / record["source_file"]
    assert record["source_file"].startswith("sample_articles/")
    assert source.suffix in {".txt", ".md"}
    assert source.is_file(), source
    assert record["text"] in source.read_text(encoding="utf-8")


def test_gold_covers_the_retold_seed_story() -> None:
    (seed,) = [r for r in RECORDS if r["source_file"].endswith("erdogan-arrives-in-baku.txt")]
    entities = Counter(m["entity"] for m in seed["mentions"])
    assert entities["recep-tayyip-erdogan"] >= 3
    assert entities["emine-erdogan"] == 1
    assert entities["khankendi"] == 2  # "Khankendi (Stepanakert)"
    assert "Shusha" in seed["text"]


def test_surname_and_spelling_variants_share_an_entity() -> None:
    surfaces: defaultdict[str, set[str]] = defaultdict(set)
    for record in RECORDS:
        for mention in record["mentions"]:
            surfaces[mention["entity"]].add(mention["text"])
    assert {"Recep Tayyip Erdoğan", "Erdoğan", "Recep Tayyip Erdogan"} <= surfaces[
        "recep-tayyip-erdogan"
    ]
    assert {"Mevlüt Çavuşoğlu", "Mevlut Cavusoglu"} <= surfaces["mevlut-cavusoglu"]
    assert {"Khankendi", "Stepanakert"} <= surfaces["khankendi"]
    assert surfaces["emine-erdogan"] == {"Emine Erdoğan"}


def test_gold_file_is_up_to_date_with_its_source() -> None:
    spec = importlib.util.spec_from_file_location("gold_source", DATA / "gold_source.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == RECORDS
