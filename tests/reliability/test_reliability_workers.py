"""spaCy's real worker processes (``n_process = 2``, the pinned model) when the indexer
is killed, fails, or fills the disk: one line, a prompt exit, no process left behind,
and the next run starts at once and finishes the job.

Every run goes through the real CLI in a child process. Each is tagged with an
environment variable (``RUN_MARK``): a worker whose indexer was killed is re-parented
and is no longer anyone's child here, but it keeps that environment, so walking
``/proc`` for the mark finds it. Failures and a full disk are placed at exact moments
by the harness in ``reliability_helpers`` (which patches only its own child's copy of
newsdesk), with commits every ``BATCH`` articles so that NER is still running in its
workers when the failure comes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability_helpers import (
    RUN_MARK,
    child_env,
    children,
    cli_command,
    expected_ids,
    harness_command,
    index_contents,
    kill_marked,
    make_corpus,
    marked_processes,
    wait_for,
)

pytestmark = pytest.mark.slow

TEXTS = 400
BATCH = 20
EXIT_SECONDS = 240.0
"""A hang guard, not a timing assertion: the old code never exited at all (a whole run
takes 10-30 s here, on two cores shared with other work)."""
GONE_SECONDS = 5.0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few hundred short news-like texts, shared (no test changes it); news-length
    bodies keep NER running in its workers well past the first commits."""
    folder = tmp_path_factory.mktemp("workers") / "corpus"
    make_corpus(folder, TEXTS, repeat=6)
    return folder


@pytest.fixture
def mark() -> Iterator[str]:
    """This test's run mark; whatever still carries it afterwards is killed."""
    value = uuid.uuid4().hex
    yield value
    kill_marked(value)


def env_for(home: Path, mark: str) -> dict[str, str]:
    return child_env(home, n_process=2, **{RUN_MARK: mark})


class Run:
    """The CLI in a child, its output in files: a pipe would be held open by workers
    that outlive it, and reading it would then wait for them."""

    def __init__(self, cmd: list[str], env: dict[str, str], logs: Path) -> None:
        logs.mkdir(parents=True, exist_ok=True)
        self.out, self.err = logs / "stdout", logs / "stderr"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.child = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, text=True)

    def finish(self, mark: str) -> tuple[int, str, str]:
        """Return code, stdout and stderr once it exits; if it hangs, it and its workers
        are killed and the test fails on that rather than hanging the suite."""
        try:
            self.child.wait(timeout=EXIT_SECONDS)
            hung = ""
        except subprocess.TimeoutExpired:
            kill_marked(mark)
            self.child.wait()
            hung = "\n[hung: killed by the test]"
        return self.child.returncode, self.out.read_text(), self.err.read_text() + hung


def assert_nothing_left(mark: str) -> None:
    assert wait_for(lambda: not marked_processes(mark), timeout=GONE_SECONDS), (
        f"processes of the run left behind: {marked_processes(mark)}"
    )


def assert_one_line(err: str, *words: str) -> None:
    assert "Traceback" not in err, err
    assert err.count("\n") == 1 and err.startswith("newsdesk: "), err
    for word in words:
        assert word in err, err


def committed_files(index_dir: Path) -> int:
    """Files the newest generation's manifest lists (what a failed run kept)."""
    import sqlite3

    stores = sorted(index_dir.glob("gen-*/store.sqlite"))
    if not stores:
        return 0
    db = sqlite3.connect(f"file:{stores[-1]}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT COUNT(*) FROM files").fetchone()[0])
    finally:
        db.close()


def index_again(corpus: Path, index_dir: Path, env: dict[str, str], mark: str) -> str:
    """The next ``newsdesk index`` (real CLI, real workers): it must start at once (no
    IndexBusy about a dead indexer) and leave every article exactly once."""
    cmd = cli_command("--index", str(index_dir), "index", str(corpus))
    code, out, err = Run(cmd, env, index_dir.parent / "again").finish(mark)
    assert code == 0, err
    sql_ids, whoosh_ids = index_contents(index_dir)
    assert sql_ids == whoosh_ids == sorted(expected_ids(corpus))
    assert_nothing_left(mark)
    return out


def test_a_killed_indexer_leaves_no_worker_and_no_lock(
    corpus: Path, tmp_path: Path, mark: str
) -> None:
    """SIGKILL (or the OOM killer) on the indexer while its two spaCy workers run: they
    used to be re-parented and run on for ever, holding the writer lock they inherited,
    so every later run said "another newsdesk is indexing … (pid N)" about a dead pid."""
    index_dir, env = tmp_path / "index", env_for(tmp_path / "home", mark)
    run = Run(cli_command("--index", str(index_dir), "index", str(corpus)), env, tmp_path)
    try:
        assert wait_for(lambda: len(children(run.child.pid)) >= 2, timeout=60)
        time.sleep(0.5)
    finally:
        run.child.kill()
    assert run.finish(mark)[0] == -signal.SIGKILL
    assert_nothing_left(mark)
    index_again(corpus, index_dir, env, mark)


def test_a_worker_killed_alone_is_one_line_and_a_prompt_exit(
    corpus: Path, tmp_path: Path, mark: str
) -> None:
    """One worker killed (the OOM killer picks the largest process): the run used to
    wait for it for ever, as its results pipe never reports end-of-file (the other
    worker holds its write end). Now one line naming the worker, exit 1, nothing left,
    and the next run finishes."""
    index_dir, env = tmp_path / "index", env_for(tmp_path / "home", mark)
    run = Run(cli_command("--index", str(index_dir), "index", str(corpus)), env, tmp_path)
    assert wait_for(lambda: len(children(run.child.pid)) >= 2, timeout=60)
    time.sleep(0.5)
    os.kill(children(run.child.pid)[0], signal.SIGKILL)
    code, _, err = run.finish(mark)
    assert code == 1, err
    assert_one_line(err, "NER worker process died")
    assert_nothing_left(mark)
    index_again(corpus, index_dir, env, mark)


@pytest.mark.parametrize(
    "where",
    ["after-batch:2", "ner:60"],
    ids=["error-in-a-commit", "error-in-the-analysing-thread"],
)
def test_an_error_while_workers_run_is_one_line_and_a_prompt_exit(
    where: str, corpus: Path, tmp_path: Path, mark: str
) -> None:
    """An exception in a commit (the main thread) or in the thread feeding the workers,
    while they run: it used to print a traceback and never exit (the main thread in
    ``wait`` on a worker, a queue feeder blocked writing to it). Now one line, exit 1,
    no process left; committed batches are kept and the next run finishes."""
    index_dir, env = tmp_path / "index", env_for(tmp_path / "home", mark)
    cmd = harness_command("--index", str(index_dir), "index", str(corpus),
                          fake_ner=False, batch=BATCH, fail=where)  # fmt: skip
    code, _, err = Run(cmd, env, tmp_path).finish(mark)
    assert code == 1, err
    assert_one_line(err, "injected failure")
    assert_nothing_left(mark)
    if where.startswith("after-batch"):
        assert committed_files(index_dir) == 2 * BATCH
    index_again(corpus, index_dir, env, mark)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of a few MB, unmounted afterwards; skipped only where it cannot mount."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)],
                             capture_output=True, text=True)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize(
    "where",
    ["after-batch:2", "after-whoosh:3"],
    ids=["whoosh-meets-it", "sqlite-meets-it"],
)
def test_a_full_disk_is_one_line_keeps_what_was_committed_and_resumes(
    where: str, corpus: Path, small_disk: Path, tmp_path: Path, mark: str
) -> None:
    """The disk holding the index fills mid-run (after batch 2 is committed, so Whoosh
    meets ENOSPC first; or after batch 3's Whoosh commit, so SQLite's "database or
    disk is full" comes first). Wanted: one line naming the index folder, exit 1, no
    process left, the committed batches kept; after space is freed the next run
    resumes and finishes."""
    index_dir, filler = small_disk / "index", small_disk / "filler"
    env = env_for(tmp_path / "home", mark)
    cmd = harness_command("--index", str(index_dir), "index", str(corpus),
                          fake_ner=False, batch=BATCH, fill=f"{where}={filler}")  # fmt: skip
    code, _, err = Run(cmd, env, tmp_path).finish(mark)
    assert code == 1, err
    assert_one_line(err, str(index_dir), "space")
    assert_nothing_left(mark)
    kept = committed_files(index_dir)
    assert kept >= 2 * BATCH
    filler.unlink()
    summary = index_again(corpus, index_dir, env, mark)
    assert summary.startswith(f"added {TEXTS - kept},"), summary
    shutil.rmtree(index_dir)
