"""How the reader's thread workers fail: one way, everywhere.

A worker never lets an exception escape (Textual would end the app with a traceback).
:func:`reports_failures` turns it into a :class:`WorkFailed` message posted from the
worker's widget; it bubbles up, so a screen that can show the failure in place does
(and lets it go on), and the app always says it in one notification. A damaged index
gets a lasting one, since its message names the repair. Expected answers (a bad query,
a search the user replaced) are not failures: workers handle them where they arise.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from textual.dom import DOMNode
from textual.message import Message

from newsdesk.errors import IndexDamaged, NotIndexed

_Worker = TypeVar("_Worker", bound=Callable[..., Any])
DAMAGE_SECONDS = 60
OTHER_SECONDS = 10


@dataclass
class WorkFailed(Message):
    """``what`` could not be done (a verb phrase: "load the article list"); ``error``
    is one line."""

    what: str
    error: str
    damaged: bool = False
    not_indexed: bool = False

    @property
    def title(self) -> str:
        if self.not_indexed:
            return "Not indexed"
        return "Index damaged" if self.damaged else f"Could not {self.what}"

    @property
    def seconds(self) -> int:
        return DAMAGE_SECONDS if self.damaged else OTHER_SECONDS


def failure(what: str, error: Exception) -> WorkFailed:
    """The message for an exception: its own one line, or its type when it has none."""
    text = str(error) or type(error).__name__
    return WorkFailed(what, text, isinstance(error, IndexDamaged), isinstance(error, NotIndexed))


def reports_failures(what: str) -> Callable[[_Worker], _Worker]:
    """Wrap a thread worker of a widget or screen: any exception ends it quietly and is
    posted as ``WorkFailed(what, …)`` from that node."""

    def decorate(method: _Worker) -> _Worker:
        @functools.wraps(method)
        def guarded(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:
                self.post_message(failure(what, exc))
                return None

        return cast(_Worker, guarded)

    return decorate
