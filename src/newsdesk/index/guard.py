"""Reads that meet a damaged index say so in one line, after one retry.

Whoosh and SQLite report damage as many exception types; this module owns which ones
count, and the decorator the library's read methods wear.
"""

from __future__ import annotations

import functools
import pickle
import sqlite3
import struct
import zlib
from collections.abc import Callable
from typing import Any, TypeVar, cast

from newsdesk.errors import IndexDamaged, QueryError, SearchCancelled
from newsdesk.index import layout
from newsdesk.index.whooshdb import damaged

_Method = TypeVar("_Method", bound=Callable[..., Any])

WRITE_DAMAGE = (
    sqlite3.DatabaseError, OSError, EOFError, struct.error, zlib.error,
    pickle.UnpicklingError, UnicodeDecodeError,
)  # fmt: skip
"""What an indexing run over a damaged generation raises. Narrower than ``DAMAGE``: a
``ValueError`` while indexing is more likely an article ingest could not handle than
a damaged index, and must not be reported as one."""
DAMAGE = (*WRITE_DAMAGE, ValueError)
"""What reading a damaged index raises: SQLite's "malformed" and "not a database",
Whoosh's missing file, short read or bad unpack of a truncated segment, and the
``ValueError`` of a flipped byte in a stored value (a date ``fromisoformat`` rejects, a
tag list ``json`` rejects, text that is no longer UTF-8)."""
WHOOSH_DAMAGE = (Exception,)
"""Garbage inside a Whoosh segment surfaces as almost anything while searching, down to
a bare ``Exception("Block tag error")``; the query itself was parsed before, and a
``QueryError`` (a bad or too slow query) is never called damage."""
SQLITE_DAMAGE = (
    "malformed", "not a database", "no such table", "no such column", "i/o error",
    "could not decode",
)  # fmt: skip
"""The OperationalErrors that mean damage. "Could not decode to UTF-8 column" is a
flipped byte inside a stored text: SQLite's page checks pass, Python's decoding fails."""
NOT_DAMAGE = (QueryError, SearchCancelled, IndexDamaged)
"""A bad or too slow query, a search its caller gave up, damage already named: raised
as they are, never retried."""


def is_damage(exc: BaseException) -> bool:
    """A bad query, or a locked, busy or full database, is not damage."""
    if isinstance(exc, NOT_DAMAGE):
        return False
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        return any(sign in text for sign in SQLITE_DAMAGE)
    return True


def guard(kinds: tuple[type[Exception], ...]) -> Callable[[_Method], _Method]:
    """Reads that hit a damaged index raise ``IndexDamaged``, one line naming the fix.

    Any first failure but a bad query is retried once, with a freshly opened searcher:
    another process may have committed, merged segments, or swapped generations and
    deleted the old one while this read (or another thread's) was using it. That is
    not damage, and the retry finds the new state. So is an answer read while a rebuild
    swapped generations (the old one's files may be gone half-way through): it is
    asked again of the new one. Reads change nothing, so retrying is safe.

    Each attempt runs inside the object's ``reading()``, which holds the generation it
    reads open until the attempt ends (the library closes nothing under a read).
    """

    def decorate(method: _Method) -> _Method:
        @functools.wraps(method)
        def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return read_twice(self, *args, **kwargs)
            except IndexDamaged as exc:  # name the corpus in the command to run
                exc.corpus = exc.corpus or getattr(self, "corpus", None)
                raise

        def read_twice(self: Any, *args: Any, **kwargs: Any) -> Any:
            live = layout.current_generation(self.index_dir)
            try:
                with self.reading():
                    answer = method(self, *args, **kwargs)
                if layout.current_generation(self.index_dir) == live:
                    return answer
            except Exception as exc:
                if isinstance(exc, NOT_DAMAGE):
                    raise
            self._forget_searcher()
            try:
                with self.reading():
                    return method(self, *args, **kwargs)
            except kinds as exc:
                if not is_damage(exc):
                    raise
                raise damaged(self.index_dir, exc) from exc

        return cast(_Method, guarded)

    return decorate


guarded = guard(DAMAGE)
guarded_search = guard(WHOOSH_DAMAGE)
