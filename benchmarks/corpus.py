"""Writing the synthetic archive to disk in the formats newsdesk reads, plus its sidecar.

Every article is a pure function of ``(seed, index)``, so the archive is identical
however many processes write it. Of every 200 articles, 164 are ``.txt`` files with a
``Title:/Date:/Source:/Author:`` header, 16 are ``.md`` with YAML front matter, 10 share
one ``.json`` list and 10 one ``.jsonl`` file: the real ingest path, every reader.

Beside the archive (never inside it, or it would be indexed) the generator writes
``entities.json`` (id, label, forms) and ``placed.jsonl`` (per article: the hash of its
body and the flat ``start, end, entity id`` triples), which ``benchmarks.placed`` hands
to the indexer instead of running spaCy.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.cast import Cast, make_cast
from benchmarks.prose import TEMPLATE_WORDS, Written, write_article
from benchmarks.words import Vocabulary, make_vocabulary

VERSION = 1
"""Bump when the output changes, so a cached corpus of the old shape is regenerated."""
BLOCK = 200
FIRST_DAY = datetime(2018, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 7 * 365 * 86_400
ARTICLES_DIR = "articles"


@dataclass(frozen=True)
class World:
    """Everything shared by all articles of one seed: words and cast."""

    seed: int
    vocab: Vocabulary
    cast: Cast


def make_world(seed: int, articles: int) -> World:
    rng = random.Random(seed)
    taken = set(TEMPLATE_WORDS)
    vocab = make_vocabulary(rng, taken)
    return World(seed, vocab, make_cast(rng, articles, taken))


@dataclass(frozen=True)
class Item:
    """One generated article with its metadata, before it is given a file format."""

    index: int
    written: Written
    date: datetime
    source: str
    author: str

    @property
    def slug(self) -> str:
        return f"{self.date:%Y-%m-%d}-{self.index:06d}"

    def url(self) -> str:
        site = "".join(ch for ch in self.source.lower() if ch.isalnum())
        return f"https://{site}.example/{self.date:%Y/%m}/{self.index:06d}"


def make_item(world: World, index: int) -> Item:
    rng = random.Random((world.seed << 32) | index)
    date = FIRST_DAY + timedelta(seconds=rng.randrange(SPAN_SECONDS))
    source = world.cast.sources.draw(rng, 1)[0]
    author = rng.choice(world.cast.authors[source])
    return Item(index, write_article(rng, world.vocab, world.cast), date, source, author)


def body_hash(body: str) -> str:
    """How the sidecar names an article: its body as ingest returns it, hashed."""
    return hashlib.sha1(body.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


# --- formats ---------------------------------------------------------------------------
def _date_text(item: Item) -> str:
    """Mostly ISO 8601, some RFC 2822 and some written dates, as real exports mix them."""
    style = item.index % 10
    if style < 7:
        return item.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    if style < 9:
        return item.date.strftime("%a, %d %b %Y %H:%M:%S +0000")
    return item.date.strftime("%B %d, %Y")


def wrap(paragraph: str, width: int = 78) -> str:
    """Hard-wrapped lines, as plain-text archives store them (ingest rejoins them)."""
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for word in paragraph.split(" "):
        if line and used + 1 + len(word) > width:
            lines.append(" ".join(line))
            line, used = [], 0
        used += len(word) + (1 if line else 0)
        line.append(word)
    lines.append(" ".join(line))
    return "\n".join(lines)


def as_txt(item: Item) -> str:
    header = [
        f"Title: {item.written.title}",
        f"Date: {_date_text(item)}",
        f"Source: {item.source}",
        f"Author: {item.author}",
    ]
    if item.index % 3 == 0:
        header.append(f"URL: {item.url()}")
    body = "\n\n".join(wrap(p) for p in item.written.paragraphs)
    return "\n".join(header) + "\n\n" + body + "\n"


def as_md(item: Item) -> str:
    matter = [
        "---",
        f"title: {json.dumps(item.written.title, ensure_ascii=False)}",
        f"date: {item.date:%Y-%m-%dT%H:%M:%SZ}",
        f"source: {json.dumps(item.source, ensure_ascii=False)}",
        f"author: {json.dumps(item.author, ensure_ascii=False)}",
        f"url: {item.url()}",
        "---",
    ]
    return "\n".join(matter) + "\n\n" + item.written.body + "\n"


def as_record(item: Item) -> dict[str, object]:
    """A JSON article; half give the body as a list of paragraphs, as some exports do."""
    paragraphs = item.written.paragraphs
    return {
        "id": f"{item.index:06d}",
        "title": item.written.title,
        "published": item.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "source": item.source,
        "author": item.author,
        "url": item.url(),
        "body": paragraphs if item.index % 2 else "\n\n".join(paragraphs),
    }


def _kind(index: int) -> str:
    slot = index % BLOCK
    return "txt" if slot < 164 else "md" if slot < 180 else "json" if slot < 190 else "jsonl"


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def write_block(world: World, root: Path, block: int, total: int) -> tuple[list[str], int]:
    """Articles ``block*200 …`` written; returns their sidecar lines and the bytes written."""
    grouped: dict[str, list[dict[str, object]]] = {"json": [], "jsonl": []}
    lines: list[str] = []
    size = 0
    for index in range(block * BLOCK, min(total, (block + 1) * BLOCK)):
        item = make_item(world, index)
        kind = _kind(index)
        folder = root / f"{item.date:%Y}" / f"{item.date:%m}"
        if kind == "txt":
            size += _write(folder / f"{item.slug}.txt", as_txt(item))
        elif kind == "md":
            size += _write(folder / f"{item.slug}.md", as_md(item))
        else:
            grouped[kind].append(as_record(item))
        flat = [n for mention in item.written.mentions for n in mention]
        lines.append(json.dumps([body_hash(item.written.body), flat], separators=(",", ":")))
    exports = root / "exports"
    if grouped["json"]:
        size += _write(exports / f"batch-{block:05d}.json", json.dumps(grouped["json"], indent=1))
    if grouped["jsonl"]:
        text = "".join(json.dumps(record) + "\n" for record in grouped["jsonl"])
        size += _write(exports / f"feed-{block:05d}.jsonl", text)
    return lines, size


# --- the whole archive -----------------------------------------------------------------
@dataclass(frozen=True)
class Corpus:
    """A generated archive on disk: ``articles`` is the folder newsdesk indexes."""

    root: Path
    articles: int
    seed: int
    bytes: int
    files: int
    seconds: float
    reused: bool = False

    @property
    def folder(self) -> Path:
        return self.root / ARTICLES_DIR

    @property
    def placed_file(self) -> Path:
        return self.root / "placed.jsonl"

    @property
    def entities_file(self) -> Path:
        return self.root / "entities.json"


_WORLD: World | None = None


def _start_worker(seed: int, articles: int) -> None:
    global _WORLD
    _WORLD = make_world(seed, articles)


def _block_task(args: tuple[Path, int, int]) -> tuple[list[str], int]:
    assert _WORLD is not None
    root, block, total = args
    return write_block(_WORLD, root, block, total)


def _blocks(
    folder: Path, seed: int, articles: int, processes: int
) -> Iterator[tuple[list[str], int]]:
    tasks = [(folder, block, articles) for block in range(-(-articles // BLOCK))]
    if processes <= 1 or len(tasks) < 4:
        _start_worker(seed, articles)
        yield from map(_block_task, tasks)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, _start_worker, (seed, articles)) as pool:
        yield from pool.imap(_block_task, tasks)


def _entity_table(world: World) -> list[list[object]]:
    return [[e.id, e.label, *e.forms] for e in world.cast.entities]


def _manifest(root: Path) -> dict[str, object]:
    try:
        return json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def generate(out: Path, articles: int, seed: int = 1, processes: int = 0) -> Corpus:
    """The archive of ``articles`` articles for ``seed`` under ``out``, reused when present."""
    root = out / f"corpus-{articles}-s{seed}"
    old = _manifest(root)
    if (
        old.get("version") == VERSION
        and old.get("articles") == articles
        and old.get("seed") == seed
    ):
        return Corpus(
            root,
            articles,
            seed,
            int(old["bytes"]),
            int(old["files"]),  # type: ignore[call-overload]
            float(old["seconds"]),
            reused=True,
        )  # type: ignore[arg-type]
    if root.exists():
        shutil.rmtree(root)
    (root / ARTICLES_DIR).mkdir(parents=True)
    started = time.perf_counter()
    size = 0
    procs = processes or min(2, os.cpu_count() or 1)
    with (root / "placed.jsonl").open("w", encoding="utf-8") as sidecar:
        for lines, written in _blocks(root / ARTICLES_DIR, seed, articles, procs):
            sidecar.write("\n".join(lines) + "\n")
            size += written
    world = make_world(seed, articles)
    (root / "entities.json").write_text(json.dumps(_entity_table(world)), encoding="utf-8")
    files = sum(len(names) for _, _, names in os.walk(root / ARTICLES_DIR))
    seconds = time.perf_counter() - started
    meta = {
        "version": VERSION,
        "seed": seed,
        "articles": articles,
        "bytes": size,
        "files": files,
        "seconds": round(seconds, 2),
    }
    (root / "manifest.json").write_text(json.dumps(meta), encoding="utf-8")
    return Corpus(root, articles, seed, size, files, seconds)
