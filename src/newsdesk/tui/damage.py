"""A damaged index is news for the user, not a crash: workers report it and carry on."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from textual.dom import DOMNode

from newsdesk.index.whooshdb import IndexDamaged

_Worker = TypeVar("_Worker", bound=Callable[..., Any])


def reports_damage(method: _Worker) -> _Worker:
    """Wrap a thread worker: ``IndexDamaged`` becomes a lasting notification (its one line
    names ``newsdesk index PATH --rebuild``) and the worker ends quietly."""

    @functools.wraps(method)
    def guarded(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except IndexDamaged as exc:
            notify = functools.partial(
                self.app.notify, str(exc), title="index damaged", severity="error", timeout=60
            )
            self.app.call_from_thread(notify)
            return None

    return cast(_Worker, guarded)
