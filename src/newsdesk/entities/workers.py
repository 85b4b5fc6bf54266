"""spaCy's NER worker processes never outlive the indexer, and never hang it.

``nlp.pipe(n_process=2)`` forks its workers (Linux, Python 3.11: the ``fork`` start
method). Each inherits every pipe the indexer had open when it forked, the other
worker's included, so no worker ever reads end-of-file, and neither does the indexer
when one worker dies. Three things follow from that, each handled here:

* the indexer killed (SIGKILL, the OOM killer): its workers were re-parented and ran on
  for ever (~190 MB each, and the CPU). A fork hook marks every child forked by a
  thread inside :func:`bound_to_parent` with ``PR_SET_PDEATHSIG = SIGKILL``; the kernel
  kills it the moment its parent *thread* exits, which covers the whole process dying
  by any means. The child then re-reads its parent pid: a parent that died between
  ``fork`` and ``prctl`` is already gone, and the child exits at once. The scope is per
  thread because the signal follows the forking thread: spaCy forks from the thread
  running ``nlp.pipe`` (the indexer's analysing thread), which joins its workers before
  the pipe ends, and no other thread's forks are touched. Measured: after ``SIGKILL``
  to the indexer, no process of the run is left 0.08-0.11 s later (``/proc`` walked
  every 2 ms); before, both workers stayed;
* the pipe closed early (any error): spaCy joins workers that never exit, so the run
  hung; :func:`closed_safely` kills them first;
* one worker killed alone: :class:`Watch` notices, and the indexer stops with one line
  (4.6-4.9 s after the kill, 3 s of it the grace below).

Linux only: elsewhere ``prctl`` does not exist and the hook does nothing.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from newsdesk.errors import WorkerDied

PR_SET_PDEATHSIG = 1
_T = TypeVar("_T")
_bound: dict[int, int] = {}
"""Thread ident → the pid of the process it belongs to, while a pipe may fork there."""


def _load_prctl() -> Callable[..., int] | None:
    """libc's ``prctl``, looked up in the parent: a dlopen in a child forked from a
    threaded process could wait for ever on a loader lock another thread held."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_prctl = _load_prctl()


def _in_child() -> None:
    """After ``fork``, in the child: die with the forking thread, or now if it is gone."""
    parent = _bound.get(threading.get_ident())
    _bound.clear()
    if parent is None or _prctl is None:
        return
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


_forked = [0]
"""How many processes bound threads have forked: ``Watch`` counts them without having
to see them alive (a worker killed before anyone looked is reaped unseen)."""


def _in_parent() -> None:
    if threading.get_ident() in _bound:
        _forked[0] += 1


os.register_at_fork(after_in_child=_in_child, after_in_parent=_in_parent)


@contextmanager
def bound_to_parent(enabled: bool = True) -> Iterator[None]:
    """Processes this thread forks inside the block die when it (or the process) does."""
    ident = threading.get_ident()
    if not enabled or ident in _bound:
        yield
        return
    _bound[ident] = os.getpid()
    try:
        yield
    finally:
        _bound.pop(ident, None)


def closed_safely(pipe: Iterator[_T]) -> Iterator[_T]:
    """spaCy's multi-process ``pipe``, whose workers are killed if it is left early.

    Closed early (an error in its consumer, the indexer stopping), spaCy's pipe joins
    its workers, and one blocked writing results nobody reads never exits: the other
    worker holds that pipe's read end too (each inherits every pipe open when it was
    forked). The join waited for ever, inside the thread that feeds NER, so the error
    never reached the indexer. Killed first (those started since this began), they
    are joined at once. A plain loop, not ``yield from``: that would close ``pipe``,
    and so join, before this frame could kill anything.
    """
    before = set(multiprocessing.active_children())
    try:
        for item in pipe:  # noqa: UP028 (see above)
            yield item
    except BaseException:  # closed (GeneratorExit) or failed: the workers go first
        for child in set(multiprocessing.active_children()) - before:
            child.kill()
        raise
    finally:
        close = getattr(pipe, "close", None)
        if close is not None:
            close()


DEAD_GRACE_SECONDS = 3.0
"""How long a dead worker may go unexplained before it is called the failure: the
thread feeding NER may be about to report an error of its own (after which it kills
the workers itself), and that error is the one worth showing."""


class Watch:
    """The worker processes started since this was made, and whether one has died.

    A worker killed alone (the OOM killer picks the largest process) hung the run for
    ever: its results pipe never reports end-of-file, since the other worker holds its
    write end too, so spaCy waits on it and the indexer waits on spaCy. ``check`` is
    called while the indexer waits for analysed files (see ``indexer.prefetched``).
    Workers are counted as they are forked (``_forked``), not as they are seen: the
    first version looked for dead ones among those it had seen alive, and missed a
    worker killed before the indexer first had to wait (the tests caught it, 3 in 5).
    Workers only end, otherwise, after their pipe's last text, just before the end.
    """

    def __init__(self) -> None:
        self.before = set(multiprocessing.active_children())
        self.forked = _forked[0]
        self.seen: set[multiprocessing.process.BaseProcess] = set()
        self.dead_since: float | None = None

    def check(self) -> None:
        """Raise ``WorkerDied`` once a worker has been gone for ``DEAD_GRACE_SECONDS``."""
        alive = set(multiprocessing.active_children()) - self.before
        self.seen |= alive
        if len(alive) >= _forked[0] - self.forked:
            return
        self.dead_since = self.dead_since or time.monotonic()
        if time.monotonic() - self.dead_since >= DEAD_GRACE_SECONDS:
            codes = [p.exitcode for p in self.seen if p.exitcode not in (None, 0)]
            raise WorkerDied(_died(codes[0] if codes else None))


def _died(code: int | None) -> str:
    if code is None:
        how = ""
    elif code < 0:
        how = f" (killed by signal {-code}{', out of memory?' if code == -9 else ''})"
    else:
        how = f" (exit status {code})"
    return (f"an NER worker process died{how}: what was committed is kept; "
            "run newsdesk index again")  # fmt: skip
