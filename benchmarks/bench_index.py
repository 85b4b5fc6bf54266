"""Building, re-checking and sizing the index, each beside the cost it cannot beat.

* full build: articles per second through ``Library.refresh(rebuild=True)``, against raw
  ``nlp.pipe`` with the same components, batch size and processes over the same bodies
  (with real NER), or against reading the files through ingest alone (placed entities);
* re-index of an unchanged folder, against a bare ``os.walk`` + ``stat`` of it;
* bytes on disk per article, against the corpus's own bytes per article.
"""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks.timing import clock, timed
from newsdesk import ingest
from newsdesk.entities.ner import AUTO_PROCESS_THRESHOLD, MAX_CHARS, load_pipeline
from newsdesk.index.indexer import Recognizes
from newsdesk.library import Library
from newsdesk.models import IndexReport
from newsdesk.settings import Settings


def read_bodies(folder: Path, keep: bool = True) -> tuple[float, list[str], int, int]:
    """Seconds to read every article through the real ingest path; the bodies (if kept,
    for the NER baseline), the article count and the file count."""
    bodies: list[str] = []
    articles = files = 0
    started = clock()
    for path in ingest.discover(folder):
        files += 1
        found = ingest.read_file(path, folder).articles
        articles += len(found)
        if keep:
            bodies.extend(article.body for article in found)
    return clock() - started, bodies, articles, files


def ner_processes(settings: Settings, files: int) -> int:
    """The worker count the indexer's recognizer will use for this job (same rule)."""
    wanted = settings.n_process or (2 if files > AUTO_PROCESS_THRESHOLD else 1)
    return max(1, min(wanted, os.cpu_count() or 1))


def pipe_baseline(texts: list[str], settings: Settings, processes: int) -> float:
    """Seconds for raw spaCy over the texts: model load plus ``nlp.pipe``, nothing else.

    The load is included because the build pays it too; it is a few seconds of minutes.
    """
    started = clock()
    nlp = load_pipeline(settings.spacy_model)
    stream = nlp.pipe(
        (t[:MAX_CHARS] for t in texts), batch_size=settings.batch_size, n_process=processes
    )
    for _ in stream:
        pass
    return clock() - started


def build(
    library: Library, recognizer: Recognizes | None, every: int = 10_000
) -> tuple[float, IndexReport]:
    """A full rebuild (a new generation), NER included unless a recognizer is handed over.

    Every ``every`` files the time and rate so far are printed: a build of hundreds of
    thousands of articles runs for hours, and its rate as the archive grows (merges
    included) is a figure of its own, kept even if the run is stopped.
    """
    started = clock()

    def progress(done: int, total: int, articles: int) -> None:
        if done % every == 0 or done == total:
            seconds = clock() - started
            print(
                f"  build: {done:,}/{total:,} files, {articles:,} articles, {seconds:,.0f} s"
                f" ({articles / max(seconds, 1e-9):.1f} articles/s)",
                flush=True,
            )

    return timed(library.refresh, progress, rebuild=True, recognizer=recognizer)


def reindex(library: Library, repeats: int) -> tuple[list[float], IndexReport]:
    """``refresh()`` over a folder nothing changed in: the cost of opening the reader."""
    times: list[float] = []
    report = IndexReport()
    for _ in range(max(1, repeats)):
        seconds, report = timed(library.refresh)
        times.append(seconds)
    return times, report


def walk_and_stat(folder: Path) -> int:
    """The least any change check can do: list every file and stat it."""
    count = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            os.stat(os.path.join(dirpath, name))
            count += 1
    return count


def walk_baseline(folder: Path, repeats: int) -> list[float]:
    return [timed(walk_and_stat, folder)[0] for _ in range(max(1, repeats))]


def folder_bytes(folder: Path) -> int:
    total = 0
    for dirpath, _, names in os.walk(folder):
        total += sum(os.lstat(os.path.join(dirpath, n)).st_size for n in names)
    return total


def index_bytes(index_dir: Path) -> int:
    """The live generation's size: Whoosh segments plus the SQLite store (and its WAL)."""
    current = (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    return folder_bytes(index_dir / current)
