"""Crash-safe indexing: SIGKILL at exact moments of a build, an update and a rebuild.

Each kill is real (``SIGKILL`` to a child running the real CLI); the child only patches
its own copy of newsdesk to kill itself at the named moment (``reliability_helpers``
lists them), with commits every 20 articles so a run has many batches. After each kill
the index opens and searches, and the next ``newsdesk index`` completes with every
article present exactly once, in SQLite and in Whoosh, with the same entity catalogue
as a run that was never interrupted. A fast NER stand-in keeps the ~20 runs quick; two
kills of the unpatched ``python -m newsdesk`` with the bundled spaCy model, at staggered
delays, check that nothing depends on the stand-in.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsdesk.entities
from newsdesk.cli import main
from newsdesk.errors import NotIndexed
from newsdesk.index import layout
from newsdesk.library import open_library
from newsdesk.settings import Settings
from reliability_helpers import (
    PEOPLE,
    FakeRecognizer,
    article_text,
    catalogue,
    child_env,
    children,
    cli_command,
    expected_ids,
    harness_command,
    index_contents,
    make_corpus,
    run,
    start,
    wait_for,
)

pytestmark = pytest.mark.slow  # real processes: `-m 'not slow'` skips them for a quick pass

ARTICLES = 150
BATCH = 20
NEW, CHANGED, DELETED = range(ARTICLES, ARTICLES + 40), range(0, 10), range(10, 20)
GONE_BEFORE_RECOVERY = ARTICLES  # a new file deleted after the kill, before the next run

BUILD_KILLS = [
    "ner:30",  # reading and NER of the first batch, nothing committed
    "after-whoosh:2",  # batch 2 in Whoosh, not in SQLite
    "in-sqlite:45",  # inside batch 3's SQLite transaction
    "after-batch:3",  # three batches fully committed
    "before-toc:3",  # inside a Whoosh commit: segment written, TOC not yet
    "in-catalogue:5",  # all batches in, catalogue half written
    "in-publish:1",  # new CURRENT written aside, not renamed in
    "after-publish:1",  # published, stale generations not yet removed
]
UPDATE_KILLS = [
    "ner:10",
    "after-whoosh:1",
    "in-sqlite:15",
    "before-toc:1",
    "after-batch:1",
    "in-remove:1",  # deleted files gone from SQLite, not yet from Whoosh
    "in-catalogue:2",
]


class Reference:
    """What a never-interrupted run produces for a corpus."""

    def __init__(self, corpus: Path, where: Path, settings: Settings) -> None:
        self.ids = expected_ids(corpus)
        index_dir = where / "reference-index"
        shutil.rmtree(index_dir, ignore_errors=True)
        build(corpus, index_dir, settings)
        self.catalogue = catalogue(index_dir)


def build(corpus: Path, index_dir: Path, settings: Settings) -> None:
    library = open_library(corpus, index_dir=index_dir, settings=settings)
    try:
        library.refresh(recognizer=FakeRecognizer())
    finally:
        library.close()


def kill_run(corpus: Path, index_dir: Path, home: Path, spec: str, *extra: str) -> None:
    """Run ``newsdesk index`` in a child that SIGKILLs itself at ``spec``."""
    cmd = harness_command("--index", str(index_dir), "index", str(corpus), *extra,
                          batch=BATCH, kill=spec)  # fmt: skip
    done = run(cmd, child_env(home))
    assert done.returncode == -signal.SIGKILL, (spec, done.returncode, done.stdout, done.stderr)


def recover(corpus: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> str:
    """The next ``newsdesk index``, through the CLI; returns its summary line."""
    monkeypatch.setattr(newsdesk.entities, "Recognizer", FakeRecognizer)
    result = CliRunner().invoke(main, ["--index", str(index_dir), "index", str(corpus), *extra])
    assert result.exit_code == 0, (result.output, result.exc_info)
    assert "Traceback" not in result.output
    return result.stdout


def assert_usable(corpus: Path, index_dir: Path, allowed: set[str]) -> None:
    """Right after a kill: the index opens, reads and searches; nothing is doubled."""
    library = open_library(corpus, index_dir=index_dir, settings=Settings(n_process=1))
    try:
        if not library.is_indexed():  # nothing published: said so, not "0 articles"
            with pytest.raises(NotIndexed):
                library.search("story")
            return
        listed = [s.id for s in library.list_articles(limit=10_000)]
        assert len(listed) == len(set(listed)) and set(listed) <= allowed
        assert library.search("story", limit=5).hits
        assert library.search("uniq3x OR uniq33x").total >= 0
    finally:
        library.close()
    sql_ids, whoosh_ids = index_contents(index_dir)
    assert len(whoosh_ids) == len(set(whoosh_ids)), "a document is in Whoosh twice"
    assert set(sql_ids) <= set(whoosh_ids), "SQLite has articles Whoosh lacks"


def assert_complete(index_dir: Path, reference: Reference, leftovers: bool = False) -> None:
    """Every article exactly once in both stores, the catalogue as if never interrupted."""
    sql_ids, whoosh_ids = index_contents(index_dir)
    assert sql_ids == sorted(reference.ids)
    assert whoosh_ids == sorted(reference.ids), "Whoosh and SQLite disagree"
    assert catalogue(index_dir) == reference.catalogue
    live = layout.current_generation(index_dir)
    assert live is not None
    others = [p.name for p in index_dir.glob("gen-*") if p != live]
    assert leftovers or not others, f"generations left behind: {others}"
    assert not (index_dir / "CURRENT.tmp").exists() or leftovers


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus, written once and copied per test (tests change it)."""
    folder = tmp_path_factory.mktemp("crash-original") / "corpus"
    make_corpus(folder, ARTICLES)
    return folder


@pytest.fixture
def corpus(tmp_path: Path, original: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(original, folder)
    return folder


def change_corpus(corpus: Path) -> None:
    """New, changed and deleted files: an update with every kind of work."""
    make_corpus(corpus, len(NEW), start=NEW.start)
    for i in CHANGED:
        path = corpus / f"part{i % 5}" / f"story-{i:04d}.txt"
        path.write_text(article_text(i).replace("went well", "went badly"), encoding="utf-8")
    for i in DELETED:
        (corpus / f"part{i % 5}" / f"story-{i:04d}.txt").unlink()


def drop_new_file(corpus: Path) -> None:
    i = GONE_BEFORE_RECOVERY
    (corpus / f"part{i % 5}" / f"story-{i:04d}.txt").unlink()


@pytest.mark.parametrize("spec", BUILD_KILLS)
def test_killed_build_recovers(
    spec: str, corpus: Path, tmp_path: Path, settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    index_dir = tmp_path / "index"
    kill_run(corpus, index_dir, tmp_path / "home", spec)
    assert_usable(corpus, index_dir, expected_ids(corpus))
    summary = recover(corpus, index_dir, monkeypatch)
    assert_complete(index_dir, Reference(corpus, tmp_path, settings))
    if spec == "after-batch:3":  # the interrupted first build was resumed, not redone
        assert summary.startswith(f"added {ARTICLES - 3 * BATCH},"), summary


@pytest.mark.parametrize("spec", UPDATE_KILLS)
def test_killed_update_recovers(
    spec: str, corpus: Path, tmp_path: Path, settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    index_dir = tmp_path / "index"
    build(corpus, index_dir, settings)
    before = expected_ids(corpus)
    change_corpus(corpus)
    kill_run(corpus, index_dir, tmp_path / "home", spec)
    assert_usable(corpus, index_dir, before | expected_ids(corpus))
    drop_new_file(corpus)
    recover(corpus, index_dir, monkeypatch)
    assert_complete(index_dir, Reference(corpus, tmp_path, settings))


def test_killed_catalogue_rebuild_is_redone_when_nothing_else_changed(
    corpus: Path, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every batch of an update committed, the catalogue rebuild killed: the next run has
    no file to index, yet must rebuild the catalogue rather than keep the old one."""
    index_dir = tmp_path / "index"
    build(corpus, index_dir, settings)
    change_corpus(corpus)
    kill_run(corpus, index_dir, tmp_path / "home", "in-catalogue:1")
    summary = recover(corpus, index_dir, monkeypatch)
    assert summary.startswith("added 0, updated 0, removed 0"), summary
    assert_complete(index_dir, Reference(corpus, tmp_path, settings))


@pytest.mark.parametrize("spec", ["after-batch:2", "in-publish:1"])
def test_killed_rebuild_leaves_the_old_index_in_use(
    spec: str, corpus: Path, tmp_path: Path, settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    index_dir = tmp_path / "index"
    build(corpus, index_dir, settings)
    reference = Reference(corpus, tmp_path, settings)
    old = layout.current_generation(index_dir)
    kill_run(corpus, index_dir, tmp_path / "home", spec, "--rebuild")
    assert layout.current_generation(index_dir) == old
    assert_complete(index_dir, reference, leftovers=True)
    assert_usable(corpus, index_dir, reference.ids)
    assert recover(corpus, index_dir, monkeypatch).startswith("added 0, updated 0, removed 0")
    assert_complete(index_dir, reference)  # the half-built generation is gone
    recover(corpus, index_dir, monkeypatch, "--rebuild")
    assert layout.current_generation(index_dir) != old
    assert_complete(index_dir, reference)


def test_locks_of_a_killed_indexer_do_not_block_the_next(
    corpus: Path, tmp_path: Path, settings: Settings
) -> None:
    """Killed inside a Whoosh commit: our lock file names a dead pid and Whoosh's
    MAIN_WRITELOCK file stays behind; both are flock()s the kernel dropped, so the next
    run starts at once (no IndexBusy, no wait)."""
    index_dir, home = tmp_path / "index", tmp_path / "home"
    kill_run(corpus, index_dir, home, "before-toc:2")
    stale_pid = (index_dir / layout.LOCK).read_text().strip()
    assert stale_pid.isdigit() and not Path(f"/proc/{stale_pid}").exists()
    assert list(index_dir.glob("gen-*/whoosh/MAIN_WRITELOCK"))
    started = time.monotonic()
    done = run(harness_command("--index", str(index_dir), "index", str(corpus)),
               child_env(home), timeout=30)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 20
    assert (index_dir / layout.LOCK).read_text() == ""
    assert_complete(index_dir, Reference(corpus, tmp_path, settings))


def _committed(index_dir: Path) -> int:
    """Files committed so far in the newest generation (read while the writer runs)."""
    stores = sorted(index_dir.glob("gen-*/store.sqlite"))
    if not stores:
        return 0
    try:
        db = sqlite3.connect(f"file:{stores[-1]}?mode=ro", uri=True, timeout=1)
        try:
            return int(db.execute("SELECT COUNT(*) FROM files").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("update", [False, True], ids=["build", "update"])
def test_ctrl_c_stops_cleanly_and_keeps_what_was_committed(
    update: bool, corpus: Path, tmp_path: Path, settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    index_dir = tmp_path / "index"
    allowed = expected_ids(corpus)
    if update:
        build(corpus, index_dir, settings)
        change_corpus(corpus)
        allowed |= expected_ids(corpus)
    floor = _committed(index_dir)
    cmd = harness_command("--index", str(index_dir), "index", str(corpus), batch=BATCH,
                          slow=0.02)  # fmt: skip
    child = start(cmd, child_env(tmp_path / "home"))
    try:
        assert wait_for(lambda: _committed(index_dir) >= floor + BATCH, timeout=30)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 130, (out, err)
    assert err.count("\n") == 1 and err.startswith("newsdesk: interrupted"), err
    assert "Traceback" not in err
    kept = _committed(index_dir) - floor
    assert kept >= BATCH
    if update:  # committed batches of an update are live at once
        assert_usable(corpus, index_dir, allowed)
    summary = recover(corpus, index_dir, monkeypatch)
    assert summary.startswith("added "), summary
    if not update:
        assert summary.startswith(f"added {ARTICLES - kept},"), summary
    assert_complete(index_dir, Reference(corpus, tmp_path, settings))


def test_real_cli_killed_at_staggered_moments(tmp_path: Path) -> None:
    """The unpatched ``python -m newsdesk`` with the bundled spaCy model, killed twice
    (while building, then while resuming), then run to the end."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 120)
    env = child_env(tmp_path / "home")
    cmd = cli_command("--index", str(index_dir), "index", str(corpus))
    moments = (  # (what to wait for, then how long before the kill)
        (lambda: any(index_dir.glob("gen-*/store.sqlite")), 0.3),  # loading spaCy, NER
        (lambda: any(index_dir.glob("gen-*/whoosh/*.pst")), 0.0),  # Whoosh commit landed
    )
    killed = []
    for moment, delay in moments:
        child = start(cmd, env)
        try:
            assert wait_for(moment, timeout=60, step=0.002)
            time.sleep(delay)
        finally:
            child.kill()
            child.communicate()
        killed.append(child.returncode == -signal.SIGKILL)
        assert_usable(corpus, index_dir, expected_ids(corpus))
    assert killed[0], "the first kill came after the run had finished"
    done = run(cmd, env, timeout=120)
    assert done.returncode == 0, done.stderr
    sql_ids, whoosh_ids = index_contents(index_dir)
    assert sql_ids == whoosh_ids == sorted(expected_ids(corpus))
    library = open_library(corpus, index_dir=index_dir, settings=Settings(n_process=1))
    try:
        assert library.search("uniq42x").total == 1
        assert library.resolve_entity(PEOPLE[0]) is not None
    finally:
        library.close()


@pytest.mark.parametrize(
    ("to_group", "late"),
    [(False, False), (True, False), (True, True)],
    ids=["kill-INT", "terminal-ctrl-c", "terminal-ctrl-c-well-into-ner"],
)
def test_ctrl_c_during_ner_in_worker_processes(tmp_path: Path, to_group: bool, late: bool) -> None:
    """spaCy's worker processes (``n_process = 2``): SIGINT to the indexer alone used to
    hang it (spaCy joins a worker blocked on a full pipe); SIGINT to the whole process
    group, as Ctrl-C at a terminal sends, printed a traceback per worker; later in a run,
    the exit hung on the queues that fed the stopped workers. Each way: exit 130 within
    seconds, one line, no traceback, no worker left behind."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 1500 if late else 400, repeat=12 if late else 1)
    env = child_env(tmp_path / "home", n_process=2)
    child = start(cli_command("--index", str(index_dir), "index", str(corpus)), env, to_group)
    try:
        assert wait_for(lambda: len(children(child.pid)) >= 2, timeout=60, step=0.01)
        workers = children(child.pid)
        time.sleep(3.0 if late else 0.2)
        if to_group:
            os.killpg(child.pid, signal.SIGINT)
        else:
            child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=20)
    finally:
        if child.poll() is None:  # hung: stop it and its workers (they hold its pipes)
            for pid in [*children(child.pid), child.pid]:
                os.kill(pid, signal.SIGKILL)
        child.communicate()
    assert child.returncode == 130, err
    assert err.count("\n") == 1 and err.startswith("newsdesk: interrupted"), err
    assert wait_for(lambda: not any(Path(f"/proc/{w}").exists() for w in workers), timeout=5)
