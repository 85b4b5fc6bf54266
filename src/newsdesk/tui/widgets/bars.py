"""One-line bars around the panes: the title bar, the colour legend, the status line."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.keys import format_key
from textual.widgets import Static

from newsdesk.groups import LEGEND_GROUPS, group_of
from newsdesk.safety import clean_line
from newsdesk.tui.highlight import legend


class TopBar(Horizontal):
    """``newsdesk · sample_articles · 46 articles`` and the three keys to remember."""

    DEFAULT_CSS = """
    TopBar { height: 1; background: $panel; }
    TopBar > #title { width: 1fr; height: 1; padding: 0 1; text-style: bold; }
    TopBar > #hints { width: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, corpus: str) -> None:
        super().__init__()
        self.corpus = clean_line(corpus)

    def compose(self) -> ComposeResult:
        yield Static(self._title(None), id="title")
        yield Static(Text(self._hints()), id="hints")

    def _hints(self) -> str:
        """The three keys to remember, as the user bound them (``[newsdesk.keys]``)."""
        settings = getattr(self.app, "settings", None)
        bound = settings.keys if settings is not None else {}
        search = format_key(bound.get("search", "slash").split(",")[0])
        help_key = format_key(bound.get("help", "question_mark").split(",")[0])
        return f"{search} search   ctrl+p commands   {help_key} help"

    def show_count(self, count: int | None) -> None:
        """The title's size is fixed (one line, the bar's width less the hints): no
        layout of the whole screen for a new count (see ``Legend._draw``)."""
        self.query_one("#title", Static).update(self._title(count), layout=False)

    def _title(self, count: int | None) -> Text:
        parts = ["newsdesk", self.corpus]
        if count is not None:
            parts.append(f"{count:,} article{'s' if count != 1 else ''}")
        return Text(" · ".join(p for p in parts if p), no_wrap=True, overflow="ellipsis")


class Legend(Static):
    """The key to the entity colours, always in view beside the text it explains."""

    DEFAULT_CSS = """
    Legend { height: 1; padding: 0 1; }
    """

    def __init__(self, with_match: bool = False, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.with_match: bool | None = None
        self.types: frozenset[str] | None = None
        self.show_match(with_match)

    def show_match(self, with_match: bool) -> None:
        """Redrawn only on a change: this is called for every search typed."""
        if with_match != self.with_match:
            self.with_match = with_match
            self._draw()

    def show_types(self, types: frozenset[str]) -> None:
        """The types the reading pane colours now (``h`` and ``L`` change them)."""
        if types != self.types:
            self.types = types
            self._draw()

    def _draw(self) -> None:
        """One line of fixed size, so no layout: a layout reflows and repaints the
        whole screen (20-25 ms at 160x48 on the 10k benchmark), and the legend changes
        with the first search typed after an empty box."""
        groups = LEGEND_GROUPS if self.types is None else self.types
        text = legend(groups, with_match=bool(self.with_match))
        if not groups:
            text = Text.assemble(("highlighting off · h ", "dim"), text)
        text.no_wrap, text.overflow = True, "ellipsis"
        self.update(text, layout=False)


class StatusLine(Horizontal):
    """Left: what ``Enter`` would do now. Right: background work (refresh, loading)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; }
    StatusLine > #context { width: 1fr; height: 1; padding: 0 1; }
    StatusLine > #activity { width: auto; padding: 0 1; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="context", markup=False)
        yield Static("", id="activity", markup=False)

    def show_context(self, text: Text | str) -> None:
        text = Text(text) if isinstance(text, str) else text
        text.no_wrap, text.overflow = True, "ellipsis"
        self.query_one("#context", Static).update(text, layout=False)  # fixed size

    def show_activity(self, message: str) -> None:
        self.query_one("#activity", Static).update(Text(message))

    def show_entity(self, name: str, label: str) -> None:
        """``⏎ open Ilham Aliyev (person)`` while the entity cursor is on a mention."""
        text = Text("⏎ open ", style="bold")
        text.append(clean_line(name), style="bold")
        group = group_of(label)
        text.append(f" ({group if group != 'other' else label.lower()})")
        text.append("   ] [ next/previous   esc back", style="dim")
        self.show_context(text)
