"""Small dialogs that answer one question: which entity, which choice, what text.

Each is a ``ModalScreen[T]`` dismissed with the answer, or ``None`` when the user
leaves with Escape (frogmouth's pattern): the screen that asked gets the answer in its
callback and knows nothing of how it was asked. Every shown string is built as a Rich
``Text`` from cleaned strings, since entity names come from untrusted articles.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from newsdesk.groups import GROUP_ORDER
from newsdesk.library import Library
from newsdesk.models import EntityInfo
from newsdesk.safety import clean_line
from newsdesk.tui.entity_text import entity_prompt, find_candidates
from newsdesk.tui.failures import reports_failures
from newsdesk.tui.highlight import swatch

_R = TypeVar("_R")
Choice = tuple[str, Text]
"""An option's id (what the dialog answers) and what it shows."""


class _Dialog(ModalScreen[_R | None]):
    """A titled box in the middle of the screen; Escape answers ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel", id="cancel")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = clean_line(title)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoicePicker(_Dialog[str]):
    """Pick one of a few options (a type, a name to split off, an entity to unhide)."""

    def __init__(self, title: str, choices: list[Choice], note: str = "") -> None:
        super().__init__(title)
        self.choices, self.note = choices, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            box.border_subtitle = "⏎ choose  esc cancel"
            if self.note:
                yield Static(Text(self.note), classes="dialog-note")
            yield OptionList(*[Option(text, id=key) for key, text in self.choices])

    @on(OptionList.OptionSelected)
    def choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


class TextPrompt(_Dialog[str]):
    """One line of text, prefilled (a new name)."""

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__(title)
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            box.border_subtitle = "⏎ save  esc cancel"
            yield Input(clean_line(self.value), select_on_focus=True)

    @on(Input.Submitted)
    def save(self, event: Input.Submitted) -> None:
        event.stop()
        text = " ".join(event.value.split())
        self.dismiss(text or None)


class EntityPicker(_Dialog[EntityInfo]):
    """Type a few letters, pick an entity: the same matcher as the palette's *Open
    entity…*, with each entity's type and article count; ``exclude`` is left out (an
    entity is never merged into itself)."""

    LIMIT = 30

    def __init__(self, title: str, library: Library, exclude: str | None = None) -> None:
        super().__init__(title)
        self.library, self.exclude = library, exclude
        self.found: dict[str, EntityInfo] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            box.border_subtitle = "type to find  ⏎ choose  esc cancel"
            yield Input(placeholder="name…")
            yield OptionList()

    def on_mount(self) -> None:
        self.lookup("")

    @on(Input.Changed)
    def follow_typing(self, event: Input.Changed) -> None:
        self.lookup(event.value)

    @on(Input.Submitted)
    def take_first(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted if options.highlighted is not None else 0
        if options.option_count:
            self.dismiss(self.found.get(options.get_option_at_index(index).id or ""))

    @on(OptionList.OptionSelected)
    def choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.found.get(event.option.id or ""))

    def key_down(self) -> None:
        """↓ from the box moves into the list."""
        if self.query_one(Input).has_focus:
            self.query_one(OptionList).focus()

    @work(thread=True, exclusive=True, group="picker")
    @reports_failures("look up entities")
    def lookup(self, typed: str) -> None:
        found = find_candidates(self.library, typed, self.LIMIT + 1)
        found = [info for info in found if info.key != self.exclude][: self.LIMIT]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, typed, found)

    def _show(self, typed: str, found: list[EntityInfo]) -> None:
        self.found = {info.key: info for info in found}
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(_picker_row(info, typed), id=info.key) for info in found])
        if found:
            options.highlighted = 0


def _picker_row(info: EntityInfo, typed: str) -> Text:
    """The palette's prompt without its "Open entity:" lead."""
    row = entity_prompt(info, typed)
    return row[len("Open entity: ") :]


class TypeChooser(_Dialog[frozenset[str]]):
    """Tick the entity types the reading pane colours (space toggles, Enter keeps)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="cancel"),
        Binding("enter", "keep", "keep", priority=True, id="keep"),
    ]

    def __init__(self, chosen: frozenset[str]) -> None:
        super().__init__("Highlight these types")
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            box.border_subtitle = "space tick  ⏎ keep  esc cancel"
            yield SelectionList[str](*[(swatch(g), g, g in self.chosen) for g in GROUP_ORDER])

    def action_keep(self) -> None:
        self.dismiss(frozenset(self.query_one(SelectionList).selected))
