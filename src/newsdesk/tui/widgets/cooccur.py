"""The entity page's "Appears with" list: entities sharing articles with this one.

Each row is name, type and shared-article count; an option's id is the entity key,
so selecting a row tells the screen which page to open next.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsdesk.models import Cooccurrence
from newsdesk.safety import clean_line
from newsdesk.tui.widgets.fitline import FitLine, fixed

Look = Callable[[str], tuple[Style | str, str]]
"""A label's (style, short type name), shared with the rest of the reader."""


def cooccur_prompt(row: Cooccurrence, look: Look) -> FitLine:
    """``Ilham Aliyev   person   9``: the name in its group colour, cropped to fit."""
    style, kind = look(row.label)
    name = Text(end="")
    name.append(clean_line(row.name) or row.key, style=style)
    return FitLine(name, fixed(Text(kind, style="dim"), 6), fixed(Text(str(row.count)), 4, True))


class CooccurList(OptionList):
    """Co-occurring entities, most shared first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "open", key_display="⏎", id="open"),
        Binding("j", "cursor_down", "down", show=False, id="down"),
        Binding("k", "cursor_up", "up", show=False, id="up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show_placeholder(self, text: str) -> None:
        """One dim, unselectable line (``loading…``, ``nothing else``)."""
        self.clear_options()
        self.add_option(Option(Text(text, style="dim"), disabled=True))

    def show_rows(self, rows: Sequence[Cooccurrence], look: Look) -> None:
        """Replace the list; keys are deduplicated because option ids must be unique."""
        if not rows:
            self.show_placeholder("appears with no other entity")
            return
        self.clear_options()
        seen: set[str] = set()
        for row in rows:
            if row.key not in seen:
                seen.add(row.key)
                self.add_option(Option(cooccur_prompt(row, look), id=row.key))
        self.highlighted = 0
