"""The benchmark suite itself: a deterministic generator, real ingest, placed entities, a runner.

No timing is asserted here: performance lives in ``python -m benchmarks``. These tests
check that what the benchmarks measure is the real thing: files newsdesk reads without
complaint, entities that land where the sidecar says, and a result file with every figure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from benchmarks.corpus import body_hash, generate, make_world
from benchmarks.placed import PlacedEntities
from benchmarks.queries import make_queries, typing_queries
from benchmarks.report import FIGURE_KEYS
from benchmarks.timing import percentile

from helpers import ROOT
from newsdesk import ingest
from newsdesk.index.whoosh_query import QueryParser
from newsdesk.library import open_library
from newsdesk.search import check
from newsdesk.settings import Settings

pytestmark = pytest.mark.slow  # real processes: `-m 'not slow'` skips them for a quick pass


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path, with its bytes."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != "manifest.json"
    }


@pytest.fixture(scope="module")
def all_formats(tmp_path_factory: pytest.TempPathFactory):
    """200 articles: one full block, so every format (txt, md, json, jsonl) is present."""
    return generate(tmp_path_factory.mktemp("formats"), 200, seed=5, processes=1)


def test_same_seed_gives_the_same_files(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 60, seed=3, processes=1)
    second = generate(tmp_path / "b", 60, seed=3, processes=1)
    other = generate(tmp_path / "c", 60, seed=4, processes=1)
    assert _tree(first.root) == _tree(second.root)
    assert _tree(first.root) != _tree(other.root)


def test_a_second_call_reuses_the_corpus(tmp_path: Path) -> None:
    generate(tmp_path, 20, seed=2, processes=1)
    assert generate(tmp_path, 20, seed=2, processes=1).reused


def test_every_article_parses_through_real_ingest(all_formats) -> None:
    formats: Counter[str] = Counter()
    bodies = []
    for path in ingest.discover(all_formats.folder):
        result = ingest.read_file(path, all_formats.folder)
        assert result.warnings == [], path
        for article in result.articles:
            formats[article.format] += 1
            assert article.title and article.date and article.source and article.author
            assert 300 <= len(article.body.split()) <= 900
            bodies.append(article.body)
    assert formats == {"txt": 164, "md": 16, "json": 10, "jsonl": 10}
    placed = {line[2:18] for line in all_formats.placed_file.read_text().splitlines()}
    assert {body_hash(body) for body in bodies} == placed


def test_placed_mentions_sit_on_their_names(all_formats) -> None:
    placed = PlacedEntities.for_corpus(all_formats)
    for path in ingest.discover(all_formats.folder):
        for article in ingest.read_file(path, all_formats.folder).articles:
            mentions = placed.mentions(article.body)
            assert mentions
            assert all(article.body[m.start : m.end] == m.text for m in mentions)
    assert (placed.missing, placed.misplaced) == (0, 0)
    assert placed.mentions("a body the generator never wrote") == []
    assert placed.missing == 1


def test_popular_entities_recur_across_articles(all_formats) -> None:
    counts = sorted(PlacedEntities.for_corpus(all_formats).article_counts().values())
    assert counts[-1] >= 10  # a few entities are everywhere…
    assert counts[len(counts) // 2] <= 2  # …and most appear in one or two articles


def test_placed_entities_index_and_the_top_entity_has_its_articles(tmp_path: Path) -> None:
    corpus = generate(tmp_path, 50, seed=7, processes=1)
    placed = PlacedEntities.for_corpus(corpus)
    counts = placed.article_counts()
    top = max(counts, key=lambda entity_id: counts[entity_id])
    settings = Settings(n_process=1, alias_file=tmp_path / "aliases.toml")
    library = open_library(corpus.folder, tmp_path / "index", settings)
    try:
        report = library.refresh(recognizer=placed)
        assert (report.added, placed.missing, placed.misplaced) == (50, 0, 0)
        key = placed.entities[top].key
        info = library.entity(key)
        assert info is not None and info.article_count == counts[top]
        assert len(library.entity_articles(key, limit=1000)) == counts[top]
    finally:
        library.close()


def test_every_query_of_the_workload_parses() -> None:
    world = make_world(1, 1000)
    queries = make_queries(world, 240)
    assert len(queries) >= 200
    assert len({kind for kind, _ in queries}) >= 8
    parser = QueryParser()
    for _, text in queries:
        check(text)
        parser.parse(text)
    assert all(q.isascii() and q.isalnum() for q in typing_queries(world))


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([5.0], 95) == 5.0


def test_runner_end_to_end_writes_every_figure(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--articles", "60", "--out", str(tmp_path),
         "--skip-ner", "--repeats", "1", "--queries", "20"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads((tmp_path / "results-60-placed.json").read_text())
    assert set(FIGURE_KEYS) <= set(result["figures"])
    for key in FIGURE_KEYS:
        figure = result["figures"][key]
        assert {"value", "baseline", "ratio", "target"} <= set(figure), key
        assert figure["value"] is not None, key
    assert result["details"]["placed_check"] == {"texts": 60, "missing": 0, "misplaced": 0}
    assert result["machine"]["nproc"] >= 1
    reader = result["details"]["reader"]
    typed = {"query", "total", "typing_ms", "typing_exact_ms", "first_page_ms", "search_ms"}
    assert typed <= set(reader["typing_per_query"][0])
    assert reader["typing_exact_ms"] >= reader["typing_ms"] > 0
    assert len(reader["typist_per_query"]) == len(reader["typing_per_query"])
    assert reader["typist_ms"] > 0 and reader["bare_typist_ms"] > 0
    assert {"first_paint_ms", "complete_ms"} <= set(reader["entity_pilot"]["top"])
    assert "errors" not in result["details"], result["details"].get("errors")
    assert "reader start-up" in done.stdout


def test_only_runs_the_named_steps_and_rejects_unknown_ones() -> None:
    from benchmarks.runner import PHASES, parse_args

    assert parse_args(["--articles", "10"]).only == PHASES
    assert parse_args(["--articles", "10", "--only", "entity, reader"]).only == ("entity", "reader")
    with pytest.raises(SystemExit):
        parse_args(["--articles", "10", "--only", "reader,lunch"])
