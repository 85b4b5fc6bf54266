"""Dialogs for the user's own state: a note's editor and the saved searches.

Both follow ``pickers.py``: a ``ModalScreen[T]`` dismissed with the answer, ``None``
on Escape. Saved searches are counted in a thread worker (a search each, twice: total
and unread) and shown as soon as their names are known; the main screen asks for a
recount after every index refresh, so the counts are live.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from newsdesk.library import Library
from newsdesk.models import SavedSearch
from newsdesk.safety import clean_line, clean_text
from newsdesk.tui.failures import reports_failures
from newsdesk.tui.screens.pickers import _Dialog


class LabelPrompt(_Dialog[str]):
    """The article's labels as words, prefilled; the answer is the text as typed, empty
    when every label is removed (a ``TextPrompt`` takes empty for "cancel")."""

    def __init__(self, title: str, labels: tuple[str, ...]) -> None:
        super().__init__(title)
        self.labels = labels

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            box.border_subtitle = "words, space or comma between  ⏎ save  esc cancel"
            yield Input(" ".join(clean_line(label) for label in self.labels), id="labels")

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(" ".join(event.value.split()))


class NoteEditor(_Dialog[str]):
    """A line or a paragraph about the article; ctrl+s keeps it (empty: no note)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="cancel"),
        Binding("ctrl+s", "keep", "save", priority=True, id="keep"),
    ]

    def __init__(self, title: str, note: str = "") -> None:
        super().__init__(title)
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            box.border_subtitle = "ctrl+s save  esc cancel"
            yield TextArea(clean_text(self.note), soft_wrap=True, id="note-text")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_keep(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())


def saved_row(saved: SavedSearch, width: int = 22) -> Text:
    """``court        is:starred label:court    12 · 3 unread``."""
    counts = "…" if saved.total is None else f"{saved.total:,} · {saved.unread:,} unread"
    row = Text(clean_line(saved.name)[:width].ljust(width + 2), style="bold")
    row.append(clean_line(saved.query)[:30].ljust(32))
    row.append(counts, style="dim")
    return row


class SavedSearches(_Dialog[str]):
    """The saved searches with their counts (total, unread); Enter answers the query to
    run, ``d`` deletes the one at the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="cancel"),
        Binding("d", "delete", "delete", id="delete"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__("Saved searches")
        self.library = library
        self.saved: list[SavedSearch] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog saved-dialog") as box:
            box.border_title = self.title_text
            box.border_subtitle = "⏎ run  d delete  esc back"
            yield Static(Text("Save the current search with S."), classes="dialog-note")
            yield OptionList(id="saved-list")

    def on_mount(self) -> None:
        self.recount()

    @work(thread=True, exclusive=True, group="saved")
    @reports_failures("count the saved searches")
    def recount(self) -> None:
        """Names first, then each with its counts as the index has them now."""
        saved = self.library.saved_searches()
        self.app.call_from_thread(self._show, saved)
        counted = [self.library.counted(s) for s in saved]
        self.app.call_from_thread(self._show, counted)

    def _show(self, saved: list[SavedSearch]) -> None:
        options = self.query_one(OptionList)
        at = options.highlighted
        self.saved = saved
        options.clear_options()
        options.add_options([Option(saved_row(s), id=s.name) for s in saved])
        if saved:
            options.highlighted = min(at or 0, len(saved) - 1)
        note = "Save the current search with S." if not saved else ""
        self.query_one(Static).update(Text(note))
        self.query_one(Static).display = not saved

    @on(OptionList.OptionSelected)
    def run(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        found = [s.query for s in self.saved if s.name == event.option.id]
        self.dismiss(found[0] if found else None)

    def action_delete(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.saved:
            return
        name = self.saved[options.highlighted].name
        self._delete(name)

    @work(thread=True, group="saved-delete")
    @reports_failures("delete the saved search")
    def _delete(self, name: str) -> None:
        self.library.delete_search(name)
        self.app.call_from_thread(self.notify, f"Deleted the saved search {clean_line(name)!r}.")
        self.app.call_from_thread(self.recount)
