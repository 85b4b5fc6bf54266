"""``python -m benchmarks``: generate, index, measure, print the table, write the JSON.

Steps run in this order, each logged with its duration so a long run can be followed in
its log: generate (or reuse) the archive; read it through ingest; build the index (with
spaCy, after timing raw ``nlp.pipe`` on the same bodies, or with the placed entities);
re-index unchanged; size; search; entity page; the reader through Pilot; peak memory;
curation (a catalogue rebuild, and a merge in the reader until it is on screen).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import newsdesk
from benchmarks import (
    bench_curation,
    bench_entity,
    bench_index,
    bench_memory,
    bench_reader,
    bench_search,
)
from benchmarks.corpus import Corpus, generate, make_world
from benchmarks.figures import all_figures
from benchmarks.placed import PlacedEntities
from benchmarks.queries import make_queries, typing_queries
from benchmarks.report import table, write_json
from benchmarks.timing import load_average, machine, median
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings

DEFAULT_OUT = Path(__file__).resolve().parent / "out"


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--articles", type=int, required=True, help="archive size")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="corpus, index, results")
    parser.add_argument(
        "--skip-ner",
        action="store_true",
        help="index with the generator's placed entities instead of spaCy",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5, help="repeats per timed step")
    parser.add_argument("--queries", type=int, default=240, help="search workload size")
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="keep an index this corpus already has (no build figure)",
    )
    parser.add_argument(
        "--only",
        type=_phases,
        default=PHASES,
        help=f"comma-separated steps to run, of {','.join(PHASES)} (reader needs entity)",
    )
    return parser.parse_args(argv)


PHASES = ("build", "index", "search", "entity", "reader", "curation")


def _phases(text: str) -> tuple[str, ...]:
    chosen = tuple(p.strip() for p in text.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PHASES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"steps are {', '.join(PHASES)}; not {unknown}")
    return chosen


def _build(
    args: argparse.Namespace,
    corpus: Corpus,
    library: Library,
    settings: Settings,
    m: dict[str, Any],
) -> None:
    """Ingest-only read, then the build (with the NER baseline first, if NER runs)."""
    m["ingest_s"], bodies, articles, files = bench_index.read_bodies(corpus.folder, m["ner"])
    log(f"read {articles:,} articles from {files:,} files through ingest: {m['ingest_s']:.1f} s")
    if args.reuse_index and library.is_indexed():
        log("reusing the existing index: no build figure")
        return
    recognizer = None
    if m["ner"]:
        m["ner_processes"] = bench_index.ner_processes(settings, files)
        m["pipe_s"] = bench_index.pipe_baseline(bodies, settings, m["ner_processes"])
        log(f"raw nlp.pipe: {m['pipe_s']:.1f} s ({len(bodies) / m['pipe_s']:.1f} articles/s)")
    else:
        recognizer = PlacedEntities.for_corpus(corpus)
    del bodies
    m["build_s"], report = bench_index.build(library, recognizer)
    m["build_report"] = {
        "added": report.added,
        "skipped": len(report.skipped),
        "warnings": len(report.warnings),
    }
    if recognizer is not None:
        m["placed_check"] = {
            "texts": recognizer.texts,
            "missing": recognizer.missing,
            "misplaced": recognizer.misplaced,
        }
    log(f"build: {m['build_s']:.1f} s ({args.articles / m['build_s']:.1f} articles/s)")


def _index_figures(
    args: argparse.Namespace, corpus: Corpus, library: Library, m: dict[str, Any]
) -> None:
    times, report = bench_index.reindex(library, args.repeats)
    m["reindex_s"], m["reindex_unchanged"] = median(times), report.unchanged
    m["walk_s"] = median(bench_index.walk_baseline(corpus.folder, args.repeats))
    m["index_bytes"] = bench_index.index_bytes(library.index_dir)
    m["corpus_bytes"] = bench_index.folder_bytes(corpus.folder)
    log(f"re-index {m['reindex_s']:.2f} s (walk {m['walk_s']:.2f} s); index {m['index_bytes']:,} B")


def _entity(library: Library, world: Any, repeats: int, m: dict[str, Any]) -> tuple[str, str]:
    top = bench_entity.most_popular(library)
    rare = bench_entity.least_popular(library, world)
    m["entity"] = {
        "top_name": top.name,
        "top_articles": top.articles,
        "rare_name": rare.name,
        "top": bench_entity.first_paint(library, top.key, repeats),
        "rare": bench_entity.first_paint(library, rare.key, repeats),
    }
    log(f"entity page calls ({top.name}, {top.articles:,} articles): {m['entity']['top']}")
    return top.key, rare.key


def _entity_keys(library: Library, world: Any) -> tuple[str, str]:
    """The busiest and the rarest entity, for the reader's entity page when the entity
    step did not run (without them it timed the page of an unknown key)."""
    top = bench_entity.most_popular(library)
    return top.key, bench_entity.least_popular(library, world).key


def _phase(m: dict[str, Any], name: str, step: Callable[[], Any]) -> Any:
    """Run one step; a failure is logged and recorded, and the run goes on without it."""
    if name not in m["phases"]:
        return None
    try:
        return step()
    except Exception as error:  # one broken step must not lose an hour of other figures
        log(f"{name} FAILED: {type(error).__name__}: {error}")
        m.setdefault("errors", {})[name] = traceback.format_exc(limit=6)
        return None


def _search(library: Library, world: Any, args: argparse.Namespace, m: dict[str, Any]) -> None:
    queries = make_queries(world, args.queries)
    m["search"] = bench_search.measure(library, queries, max(1, args.repeats // 2)).summary()
    log(f"search p50 {m['search']['p50_ms']:.1f} ms, p95 {m['search']['p95_ms']:.1f} ms")


def _reader(plan: bench_reader.ReaderPlan, args: argparse.Namespace, m: dict[str, Any]) -> None:
    m["reader"] = bench_reader.measure(plan)
    log(f"reader: {m['reader']}")
    repeats = max(1, args.repeats // 2)
    m["memory"] = bench_memory.measure(plan.corpus, plan.index_dir, plan.typing[0], repeats)
    log(f"memory: {m['memory']}")


def _curation(plan: bench_reader.ReaderPlan, m: dict[str, Any]) -> None:
    m["curation"] = bench_curation.measure(plan.corpus, plan.index_dir, plan.settings, plan.repeats)
    log(f"curation: {m['curation']}")


def run(args: argparse.Namespace) -> dict[str, Any]:
    out = args.out.resolve()
    m: dict[str, Any] = {"ner": not args.skip_ner, "phases": list(args.only)}
    started = time.perf_counter()
    corpus = generate(out, args.articles, args.seed)
    m["generate_s"], m["corpus_reused"] = corpus.seconds, corpus.reused
    log(
        f"corpus {corpus.folder}: {corpus.files:,} files, {corpus.bytes:,} B "
        f"({'reused' if corpus.reused else f'generated in {corpus.seconds:.1f} s'})"
    )
    world = make_world(args.seed, args.articles)
    settings = Settings(n_process=0, alias_file=out / "no-aliases.toml")
    suffix = "placed" if args.skip_ner else "ner"
    index_dir = out / f"index-{args.articles}-s{args.seed}-{suffix}"
    library = open_library(corpus.folder, index_dir, settings)
    keys = None
    try:
        _phase(m, "build", lambda: _build(args, corpus, library, settings, m))
        _phase(m, "index", lambda: _index_figures(args, corpus, library, m))
        _phase(m, "search", lambda: _search(library, world, args, m))
        keys = _phase(m, "entity", lambda: _entity(library, world, args.repeats, m))
        if keys is None and "reader" in args.only:
            keys = _entity_keys(library, world)
    finally:
        library.close()
    typed = typing_queries(world, max(2, min(8, 2 * args.repeats)))
    top_key, rare_key = keys or ("", "")
    plan = bench_reader.ReaderPlan(
        corpus.folder, index_dir, settings, typed, top_key, rare_key, args.repeats
    )
    _phase(m, "reader", lambda: _reader(plan, args, m))
    _phase(m, "curation", lambda: _curation(plan, m))
    m["total_s"] = time.perf_counter() - started
    return m


def source_identity() -> dict[str, str]:
    """Which newsdesk code was measured: where it was imported from and a digest of it."""
    package = Path(newsdesk.__file__).resolve().parent
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return {"path": str(package), "digest": digest.hexdigest()[:12]}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    meta: dict[str, Any] = {
        "articles": args.articles,
        "seed": args.seed,
        "ner": not args.skip_ner,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "newsdesk": source_identity(),
    }
    m = run(args)
    meta["machine"]["load_average_end"] = load_average()
    figures = all_figures(m, args.articles)
    path = (
        args.out.resolve() / f"results-{args.articles}-{'placed' if args.skip_ner else 'ner'}.json"
    )
    write_json(path, meta, figures, m)
    print()
    print(table(figures))
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
