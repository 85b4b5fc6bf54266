"""The search box: results follow the typing, earlier searches come back with ↑/↓."""

from __future__ import annotations

import math
import time
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widgets import Input, Static

from newsdesk.safety import clean_line
from newsdesk.tui.messages import SearchRequested


class SearchHistory:
    """This session's searches, newest last, walked like a shell history."""

    def __init__(self, limit: int = 100) -> None:
        self.entries: list[str] = []
        self.limit = limit
        self._pos: int | None = None

    def add(self, query: str) -> None:
        query = query.strip()
        if query:
            if query in self.entries:
                self.entries.remove(query)
            self.entries = [*self.entries, query][-self.limit :]
        self._pos = None

    def back(self) -> str | None:
        """One search further into the past, or ``None`` at the oldest."""
        if not self.entries:
            return None
        pos = len(self.entries) if self._pos is None else self._pos
        self._pos = max(0, pos - 1)
        return self.entries[self._pos]

    def forward(self) -> str:
        """One search towards now; past the newest, an empty box."""
        if self._pos is None:
            return ""
        self._pos += 1
        if self._pos >= len(self.entries):
            self._pos = None
            return ""
        return self.entries[self._pos]


class SearchBox(Input):
    """Posts :class:`SearchRequested` for each key typed after a pause, and once a burst
    of keys closer than ``debounce`` seconds stops."""

    DEFAULT_CSS = """
    SearchBox, SearchBox:focus { border: none; height: 1; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "clear", key_display="esc", id="clear_search"),
        Binding("up", "history(-1)", "earlier", key_display="↑↓", id="earlier"),
        Binding("down", "history(1)", "later", show=False, id="later"),
        Binding("tab", "take_suggestion", "use suggestion", key_display="tab", id="suggestion"),
    ]
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """The typed text's width. Textual's ``Input`` sets it at every keystroke, and a
    change of any widget's virtual size lays out the whole screen: 10-25 ms a key in
    the reader at 160x48 (py-spy and timed compositor runs, 10k benchmark). The box's
    size is fixed (one line, the column's width), so nothing needs that layout; its
    own horizontal scrolling reads the virtual size directly."""

    def __init__(self, debounce: float = 0.05, *, id: str | None = None) -> None:
        super().__init__(placeholder="/ search", id=id, select_on_focus=True)
        self.debounce = debounce
        self.history = SearchHistory()
        self._respelling: str | None = None
        self._timer: Timer | None = None
        self._pending = False
        self._last_key = -math.inf

    @property
    def suggestion(self) -> str | None:
        """A respelling ``tab`` would take; the footer offers it only while there is one."""
        return self._respelling

    @suggestion.setter
    def suggestion(self, value: str | None) -> None:
        offered = bool(self._respelling)
        self._respelling = value
        if bool(value) != offered and self.is_attached:
            self.screen.refresh_bindings()

    @on(Input.Changed)
    def _schedule_search(self, event: Input.Changed) -> None:
        """Search at once for a key that follows a pause of at least ``debounce``; keys
        closer together than that (a burst that queued while the app was busy) search
        once they stop. A paste is one change, searched at once.

        A person types 5-8 keys a second, so each of their keys is searched at once;
        waiting out the debounce after every key put 50 ms under each answer. A 0 s
        debounce searches every key (a 0 s Textual timer dies dividing by it).
        """
        event.stop()
        now = time.monotonic()
        after_pause, self._last_key = now - self._last_key >= self.debounce, now
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._pending = True
        if after_pause:
            self.flush()
        else:
            self._timer = self.set_timer(self.debounce, self.flush)

    def flush(self) -> None:
        """Run the pending search now (``Enter`` does not wait for the pause)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._pending:
            self._pending = False
            self.post_message(SearchRequested(self.value.strip()))

    def set_query(self, query: str) -> None:
        """Put a query in the box as if typed, and search at once."""
        self.value = query
        self.cursor_position = len(query)
        self._schedule_search(Input.Changed(self, query))
        self.flush()

    def action_leave(self) -> None:
        self.history.add(self.value)
        self.set_query("")
        self.screen.focus_next()

    def action_history(self, step: int) -> None:
        query = self.history.back() if step < 0 else self.history.forward()
        if query is not None:
            self.set_query(query)

    def action_take_suggestion(self) -> None:
        if self.suggestion:
            self.set_query(self.suggestion)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take_suggestion":
            return bool(self.suggestion)
        return True


class QueryNote(Static):
    """One line under the box: why a query failed, a better spelling to try, or that a
    total is only estimated."""

    DEFAULT_CSS = """
    QueryNote { height: 1; padding: 0 1; display: none; color: $text-muted; }
    QueryNote.-error { color: $text-error; }
    QueryNote.-shown { display: block; }
    """

    def show_error(self, error: str) -> None:
        self._show(Text(clean_line(error)), error=True)

    def show_info(self, note: str) -> None:
        self._show(Text(note), error=False)

    def show_suggestion(self, suggestion: str) -> None:
        text = Text("did you mean ")
        text.append(clean_line(suggestion), style="bold")
        text.append("?  tab to use it")
        self._show(text, error=False)

    def clear(self) -> None:
        """Nothing to say; skipped when already so, as every search clears the note and
        each update asks the screen for a new layout."""
        if self.has_class("-shown"):
            self.update("")
            self.set_class(False, "-shown", "-error")

    def _show(self, text: Text, error: bool) -> None:
        text.no_wrap, text.overflow = True, "ellipsis"
        self.update(text)
        self.add_class("-shown")
        self.set_class(error, "-error")
