"""Every key of the reader, in one table, shown by `?`.

The table is the single source of truth: the help screen draws it and the docs are
checked against it, so a key added to the reader is added here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, NamedTuple

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from newsdesk import keymap


class KeyHelp(NamedTuple):
    """One row of the help: the keys as shown, what they do, and where they work."""

    keys: str
    description: str
    place: str


PLACES: tuple[str, ...] = (
    "Search box",
    "Article list",
    "Reading pane",
    "Entity page",
    "Entities screen",
    "Everywhere",
)

KEYS: tuple[KeyHelp, ...] = (
    KeyHelp("/", "search; results update as you type", "Search box"),
    KeyHelp("Enter", "list the results and go to them", "Search box"),
    KeyHelp("Escape", "leave the search box and clear the search", "Search box"),
    KeyHelp("↑ ↓", "earlier searches", "Search box"),
    KeyHelp("tab", "take the suggested spelling", "Search box"),
    KeyHelp("j k ↑ ↓", "move through the articles", "Article list"),
    KeyHelp("Enter", "open the article (or double-click it)", "Article list"),
    KeyHelp("Escape", "clear the active search", "Article list"),
    KeyHelp("space PgUp", "page down / up", "Article list"),
    KeyHelp("g G", "first / last article", "Article list"),
    KeyHelp("s", "sort: newest, oldest, title (relevance while searching)", "Article list"),
    KeyHelp("e", "show or hide the entity panel", "Article list"),
    KeyHelp("E", "the Entities screen: every entity", "Article list"),
    KeyHelp("m u *", "read ↔ unread / next unread / star", "Article list"),
    KeyHelp("t a S b", "labels, note / save search, saved list", "Article list"),
    KeyHelp("j k space", "scroll the article", "Reading pane"),
    KeyHelp("] [", "next / previous entity", "Reading pane"),
    KeyHelp("Enter", "open the entity at the cursor or panel", "Reading pane"),
    KeyHelp("click", "open the entity clicked", "Reading pane"),
    KeyHelp("n N", "next / previous search match (match 3 of 7)", "Reading pane"),
    KeyHelp("Escape", "back to the page the article was chosen on, else the list", "Reading pane"),
    KeyHelp("e", "show or hide the entity panel", "Reading pane"),
    KeyHelp("c", "curate the entity highlighted in the panel", "Reading pane"),
    KeyHelp("h", "highlight all chosen types, then names only, then none", "Reading pane"),
    KeyHelp("L", "choose the types highlighted (dates, numbers…)", "Reading pane"),
    KeyHelp("o v", "open its URL / its file in $EDITOR", "Reading pane"),
    KeyHelp("y", "copy: title and URL, quote, selection", "Reading pane"),
    KeyHelp("tab", "switch between articles and appears-with", "Entity page"),
    KeyHelp("j k ↑ ↓", "move through the list", "Entity page"),
    KeyHelp("m", "sort: newest first / most mentions", "Entity page"),
    KeyHelp("Enter", "open the article, or the entity's page", "Entity page"),
    KeyHelp("Escape", "back to the previous page", "Entity page"),
    KeyHelp("c", "curate: a menu of the steps below", "Entity page"),
    KeyHelp("M S", "merge into another entity / split a name out", "Entity page"),
    KeyHelp("R T", "rename / change its type", "Entity page"),
    KeyHelp("H U", "hide it / unhide an entity", "Entity page"),
    KeyHelp("u", "undo the last curation step", "Entity page"),
    KeyHelp("/", "filter: first letters of any word", "Entities screen"),
    KeyHelp("Enter", "open the entity's page", "Entities screen"),
    KeyHelp("s", "sort: articles, mentions, name", "Entities screen"),
    KeyHelp("t", "type: all, person, org, place…", "Entities screen"),
    KeyHelp("c", "curate it (and M S R T H U u)", "Entities screen"),
    KeyHelp("Escape", "clear the filter, then back", "Entities screen"),
    KeyHelp("ctrl+p", "commands: entities, search, skipped files", "Everywhere"),
    KeyHelp("Escape Backspace", "back", "Everywhere"),
    KeyHelp("?", "this help", "Everywhere"),
    KeyHelp("r", "refresh the index", "Everywhere"),
    KeyHelp("x", "export the list (CSV, JSON, md)", "Everywhere"),
    KeyHelp("q", "quit", "Everywhere"),
)


ROW_ACTIONS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("Search box", "/"): (("main", "search"),),
    ("Search box", "Escape"): (("search_box", "clear_search"),),
    ("Search box", "↑ ↓"): (("search_box", "earlier"), ("search_box", "later")),
    ("Search box", "tab"): (("search_box", "suggestion"),),
    ("Article list", "j k ↑ ↓"): (("list", "down"), ("list", "up")),
    ("Article list", "Enter"): (("list", "open"),),
    ("Article list", "Escape"): (("main", "back"),),
    ("Article list", "space PgUp"): (("list", "page_down"), ("list", "page_up")),
    ("Article list", "g G"): (("list", "first"), ("list", "last")),
    ("Article list", "s"): (("main", "sort"),),
    ("Article list", "e"): (("main", "entity_panel"),),
    ("Article list", "E"): (("main", "entities"),),
    ("Article list", "m u *"): (("main", "toggle_read"), ("main", "next_unread"), ("main", "star")),
    ("Article list", "t a S b"): (
        ("main", "labels"), ("main", "note"), ("main", "save_search"), ("main", "saved_searches"),
    ),
    ("Reading pane", "o v"): (("main", "open_url"), ("main", "open_file")),
    ("Reading pane", "y"): (("main", "copy"),),
    ("Reading pane", "j k space"): (
        ("reading", "scroll_down"), ("reading", "scroll_up"), ("reading", "page_down"),
    ),
    ("Reading pane", "] ["): (("reading", "next_entity"), ("reading", "previous_entity")),
    ("Reading pane", "Enter"): (("reading", "open_entity"),),
    ("Reading pane", "n N"): (("reading", "next_match"), ("reading", "previous_match")),
    ("Reading pane", "e"): (("main", "entity_panel"),),
    ("Reading pane", "c"): (("curation", "curate"),),
    ("Reading pane", "h"): (("main", "highlight"),),
    ("Reading pane", "L"): (("main", "types"),),
    ("Entity page", "tab"): (("entity", "switch_pane"),),
    ("Entity page", "j k ↑ ↓"): (("entity_articles", "down"), ("entity_articles", "up")),
    ("Entity page", "m"): (("entity", "mention_sort"),),
    ("Entity page", "Enter"): (("entity_articles", "open"),),
    ("Entity page", "Escape"): (("entity", "back"),),
    ("Entity page", "c"): (("curation", "curate"),),
    ("Entity page", "M S"): (("curation", "merge"), ("curation", "split")),
    ("Entity page", "R T"): (("curation", "rename"), ("curation", "retype")),
    ("Entity page", "H U"): (("curation", "hide"), ("curation", "unhide")),
    ("Entity page", "u"): (("curation", "undo"),),
    ("Entities screen", "/"): (("entities", "filter"),),
    ("Entities screen", "Enter"): (("list", "open"),),
    ("Entities screen", "s"): (("entities", "sort"),),
    ("Entities screen", "t"): (("entities", "type"),),
    ("Entities screen", "c"): (("curation", "curate"),),
    ("Entities screen", "Escape"): (("entities", "back"),),
    ("Everywhere", "Escape Backspace"): (("main", "back"),),
    ("Everywhere", "?"): (("app", "help"),),
    ("Everywhere", "r"): (("main", "refresh"),),
    ("Everywhere", "x"): (("main", "export"),),
    ("Everywhere", "q"): (("app", "quit"),),
}  # fmt: skip
"""(place, keys as written in ``KEYS``) → the (scope, action id) of ``newsdesk.keymap``
behind that row: when the user rebinds one of them, the row shows the keys bound."""


def shown_keys(row: KeyHelp, bound: Mapping[str, str]) -> str:
    """The row's keys as written, or as the user bound them (``[newsdesk.keys]``)."""
    actions = ROW_ACTIONS.get((row.place, row.keys), ())
    if not any(action in bound for _, action in actions):
        return row.keys
    keys = (bound.get(action) or keymap.defaults(scope)[action] for scope, action in actions)
    return " ".join(format_key(key) for each in keys for key in each.split(","))


def keys_for(place: str) -> list[KeyHelp]:
    """The rows of one place, in table order."""
    return [row for row in KEYS if row.place == place]


def place_text(place: str) -> Text:
    """One place's section as plain text: a heading, then ``keys  description`` lines."""
    rows = keys_for(place)
    width = max(len(row.keys) for row in rows) + 2
    text = Text(place, style="bold", end="")
    for row in rows:
        text.append("\n")
        text.append(row.keys.ljust(width), style="bold")
        text.append(row.description)
    return text


def place_table(place: str, bound: Mapping[str, str] | None = None) -> Table:
    """One place's section for the screen: descriptions wrap beside their keys, the keys
    as the user bound them."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    table.title, table.title_justify, table.title_style = place, "left", "bold"
    for row in keys_for(place):
        table.add_row(Text(shown_keys(row, bound or {})), Text(row.description))
    return table


class HelpScreen(ModalScreen[None]):
    """The key reference: a modal over whatever screen asked for it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > #help-box {
        width: 110;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-align: left;
        border-subtitle-align: right;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-scroll {
        height: auto;
        max-height: 100%;
    }
    HelpScreen.-narrow Grid {
        grid-size: 1;
        grid-columns: 1fr;
    }
    HelpScreen Grid {
        grid-size: 2;
        grid-columns: 1fr 1fr;
        grid-gutter: 0 2;
        height: auto;
    }
    HelpScreen .help-column {
        height: auto;
    }
    HelpScreen .help-place {
        height: auto;
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "close", id="close"),
        Binding("question_mark", "close", "close", show=False, id="close"),
        Binding("q", "close", "close", show=False, id="close"),
        Binding("j,down", "scroll(1)", "down", show=False, id="down"),
        Binding("k,up", "scroll(-1)", "up", show=False, id="up"),
        Binding("space,pagedown", "scroll(10)", "page down", show=False, id="page_down"),
        Binding("pageup", "scroll(-10)", "page up", show=False, id="page_up"),
    ]
    NARROW = 100
    """Below this width the places are one column, scrolled (80×24 shows a third)."""

    def compose(self) -> ComposeResult:
        settings = getattr(self.app, "settings", None)
        bound = settings.keys if settings is not None else {}
        with Vertical(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "j k scroll · esc close"
            with VerticalScroll(id="help-scroll"), Grid():
                for column in (PLACES[:3], PLACES[3:]):
                    with Vertical(classes="help-column"):
                        for place in column:
                            yield Static(place_table(place, bound), classes="help-place")

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < self.NARROW, "-narrow")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        """Any of the closing keys returns to where the user was."""
        self.dismiss(None)
