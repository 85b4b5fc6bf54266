"""The fork hooks behind the worker guarantees, checked fast and in isolation (the real
spaCy workers are exercised end to end in ``test_reliability_workers.py``)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdesk.entities import workers
from newsdesk.index import layout
from reliability_helpers import ROOT, wait_for

HOLDER = """
import os, sys, time
from pathlib import Path
from newsdesk.index import layout
with layout.writer_lock(Path(sys.argv[1])):
    if os.fork() == 0:  # the child speaks once its fork hooks have run
        print(os.getpid(), flush=True)
        time.sleep(60)
        os._exit(0)
    time.sleep(60)
"""


def test_a_child_forked_under_the_writer_lock_does_not_keep_it(tmp_path: Path) -> None:
    """``flock`` belongs to the open file, which a forked child shares: when the holder
    was killed (so never unlocked), a child it forked kept the lock, and every later
    indexer was told the index was busy."""
    holder = python(HOLDER, str(tmp_path))
    child = int(holder.stdout.readline())  # type: ignore[union-attr]
    holder.kill()
    holder.wait()
    try:
        assert _alive(child)
        with layout.writer_lock(tmp_path):
            pass
    finally:
        os.kill(child, signal.SIGKILL)


def python(script: str, *args: str) -> subprocess.Popen[str]:
    """``script`` in a fresh interpreter on this checkout's ``src``; stdout is piped."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-c", script, *args], env=env,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip


BOUND = """
import multiprocessing, sys, time
from newsdesk.entities.workers import bound_to_parent
ctx = multiprocessing.get_context("fork")
with bound_to_parent():
    bound = ctx.Process(target=time.sleep, args=(60,))
    bound.start()
free = ctx.Process(target=time.sleep, args=(60,))
free.start()
print(bound.pid, free.pid, flush=True)
time.sleep(60)
"""


def test_children_forked_in_a_bound_thread_die_with_their_parent() -> None:
    """SIGKILL to the parent: what it forked inside ``bound_to_parent`` dies at once;
    a fork outside the block is left alone (the binding is not process-wide)."""
    parent = python(BOUND)
    bound, free = (int(pid) for pid in parent.stdout.readline().split())  # type: ignore[union-attr]
    parent.kill()
    parent.wait()
    try:
        assert wait_for(lambda: not _alive(bound), timeout=5), "the bound child outlived it"
        assert _alive(free)
    finally:
        for pid in (bound, free):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """Running, not a zombie (a re-parented child is reaped by init, not by us)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def test_a_dead_worker_is_reported_after_the_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed alone (the OOM killer): the watch calls it the failure, in one
    line naming the signal, once the feeding thread has had time to report its own."""
    monkeypatch.setattr(workers, "DEAD_GRACE_SECONDS", 0.0)
    watch = workers.Watch()
    with workers.bound_to_parent():
        worker = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,))
        worker.start()
    watch.check()
    worker.kill()
    worker.join()
    with pytest.raises(workers.WorkerDied, match="killed by signal 9"):
        watch.check()


def test_a_worker_dead_before_it_was_ever_seen_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Killed before the indexer first had to wait (so never seen alive, and reaped by
    then): still noticed, by counting the forks."""
    monkeypatch.setattr(workers, "DEAD_GRACE_SECONDS", 0.0)
    watch = workers.Watch()
    with workers.bound_to_parent():
        worker = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,))
        worker.start()
    worker.kill()
    worker.join()
    with pytest.raises(workers.WorkerDied, match="died"):
        watch.check()
