"""The indexer reads and runs NER ahead of its commits, in a thread: nothing is lost,
reordered or left running."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from newsdesk.index.indexer import prefetched


def test_every_item_arrives_in_order() -> None:
    with prefetched(iter(range(1000)), size=7) as items:
        assert list(items) == list(range(1000))


def test_an_error_in_the_thread_is_raised_to_the_consumer() -> None:
    def source() -> Iterator[int]:
        yield 1
        raise ValueError("unreadable")

    with prefetched(source(), size=4) as items:
        assert next(items) == 1
        with pytest.raises(ValueError, match="unreadable"):
            next(items)


def test_leaving_early_stops_the_thread_and_closes_the_source() -> None:
    closed = threading.Event()

    def source() -> Iterator[int]:
        try:
            n = 0
            while True:
                yield n
                n += 1
        finally:
            closed.set()

    with prefetched(source(), size=2) as items:
        assert next(items) == 0
    assert closed.wait(timeout=5), "the source was left running"


def test_the_thread_runs_at_most_size_items_ahead() -> None:
    produced: list[int] = []

    def source() -> Iterator[int]:
        for n in range(100):
            produced.append(n)
            yield n

    with prefetched(source(), size=3) as items:
        assert next(items) == 0
        threading.Event().wait(0.2)
        assert len(produced) <= 1 + 3 + 1, produced


def test_a_check_that_raises_ends_a_wait_that_would_never_end() -> None:
    """A source stuck for good (a dead NER worker it waits on) no longer hangs the
    consumer: the check it is given while it waits raises, and the consumer gets that."""
    stuck = threading.Event()

    def source() -> Iterator[int]:
        yield 1
        stuck.wait()
        yield 2

    def check() -> None:
        raise RuntimeError("the producer can never finish")

    try:
        with prefetched(source(), size=4, check=check) as items:
            assert next(items) == 1
            with pytest.raises(RuntimeError, match="never finish"):
                next(items)
    finally:
        stuck.set()
