"""Merges stream segments into the new one: the index Whoosh's own merge makes, faster.

Whoosh merged by pouring every posting of the merged segments into the commit's pool and
sorting them again; at 100,000 articles one such commit ran for over 13 minutes. These
build real multi-segment indexes (the real schema, with a deleted document) and compare
the streamed merge with Whoosh's own, posting by posting.
"""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from newsdesk.index import whoosh_merge
from newsdesk.index.store import FileRecord
from newsdesk.index.whoosh_merge import MERGE_FACTOR, MergingWriter, tier, tiered
from newsdesk.index.whooshdb import WhooshIndex
from newsdesk.models import Article, Mention

WORDS = ["harbour", "ferry", "council", "bridge", "Lisbon", "market", "school", "budget"]


def story(n: int, rng: random.Random) -> tuple[Article, list[Mention]]:
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 120))]
    date = datetime(2019 + n % 4, 1 + n % 12, 1 + n % 28, tzinfo=UTC)
    article = Article(id=f"a{n}", title=f"{rng.choice(WORDS)} {n}", body=" ".join(words), date=date)
    at = article.body.find("Lisbon")
    mentions = [Mention(at, at + 6, "Lisbon", "GPE", "lisbon", "Lisbon")] if at >= 0 else []
    return article, mentions


def segmented(folder: Path, segments: int = 4, per_segment: int = 30) -> Path:
    """A real index of several unmerged segments, one file re-indexed (a deletion)."""
    engine = WhooshIndex.create(folder)
    engine.merge = False
    rng = random.Random(11)
    for s in range(segments):
        files = [
            (FileRecord(f"/n/{n}.txt", 1, 1, "x"), [story(n, rng)])
            for n in range(s * per_segment, (s + 1) * per_segment)
        ]
        engine.write_files(files)
    engine.write_files([(FileRecord("/n/3.txt", 1, 1, "x"), [story(3, rng)])])
    engine.ix.close()
    return folder


def merge_everything(writer: MergingWriter, segments: list[Any]) -> list[Any]:
    writer.merge_segments(segments)
    return []


def dump(folder: Path) -> dict[str, Any]:
    reader = whoosh_index.open_dir(str(folder)).reader()
    try:
        fields = ("title", "body", "plain")
        return {
            "postings": list(reader.iter_postings()),
            "stored": list(reader.all_stored_fields()),
            "lengths": [
                [reader.doc_field_length(d, f) for f in fields]
                for d in range(reader.doc_count_all())
            ],
            "segments": len(reader.leaf_readers()),
        }
    finally:
        reader.close()


def test_a_streamed_merge_writes_what_whooshs_own_merge_writes(tmp_path: Path) -> None:
    source = segmented(tmp_path / "source")
    theirs, ours = tmp_path / "theirs", tmp_path / "ours"
    shutil.copytree(source, theirs)
    shutil.copytree(source, ours)
    SegmentWriter(whoosh_index.open_dir(str(theirs)), compound=False).commit(optimize=True)
    MergingWriter(whoosh_index.open_dir(str(ours)), compound=False).commit(
        mergetype=merge_everything
    )
    expected, got = dump(theirs), dump(ours)
    assert dump(source)["segments"] == 5 and got["segments"] == 1
    assert len(got["stored"]) == 120, "the re-indexed file's old document is gone"
    assert got == expected


def test_a_merge_beside_new_documents_keeps_them_all_searchable(tmp_path: Path) -> None:
    folder = segmented(tmp_path / "index")
    engine = WhooshIndex(whoosh_index.open_dir(str(folder)))
    engine.merge = True
    rng = random.Random(5)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(whoosh_merge, "MERGE_FACTOR", 2)
        engine.write_files([(FileRecord("/n/new.txt", 1, 1, "x"), [story(500, rng)])])
    with engine.searching() as searcher:
        assert searcher.doc_count() == 121
        ids = {fields["id"] for fields in searcher.all_stored_fields()}
    assert ids == {f"a{n}" for n in range(120)} | {"a500"}
    assert dump(folder)["segments"] < 6


def test_the_fresh_build_policy_merges_a_full_tier_and_leaves_the_rest() -> None:
    merged: list[list[Any]] = []
    writer = SimpleNamespace(merge_segments=merged.append)

    def segment(documents: int) -> Any:
        return SimpleNamespace(doc_count_all=lambda: documents)

    batches = [segment(2_000) for _ in range(MERGE_FACTOR - 1)]
    big = segment(22_000)
    assert tiered(writer, [big, *batches]) == [big, *batches]  # type: ignore[arg-type]
    assert merged == [[]]
    full = [*batches, segment(1_500)]
    small = segment(40)
    assert tiered(writer, [big, *full, small]) == [big, small]  # type: ignore[arg-type]
    assert merged[-1] == full


def test_tiers_are_powers_of_the_merge_factor() -> None:
    assert [tier(n) for n in (0, 1, 9, 10, 999, 1_000, 9_999, 10_000)] == [0, 0, 0, 1, 2, 3, 3, 4]
    assert tier(MERGE_FACTOR * 2_000) == tier(2_000) + 1


def test_updates_of_a_live_index_never_merge(tmp_path: Path) -> None:
    folder = segmented(tmp_path / "index", segments=2)
    engine = WhooshIndex(whoosh_index.open_dir(str(folder)))
    assert engine.merge is False
    engine.write_files([(FileRecord("/n/x.txt", 1, 1, "x"), [story(900, random.Random(1))])])
    assert dump(folder)["segments"] == 4
