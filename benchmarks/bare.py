"""The baseline app: what any Textual app pays to start, paint and echo a keystroke.

Kept apart from newsdesk imports, so the memory probe's baseline process loads Textual
and nothing else.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Input, Static


class BareApp(App[None]):
    """An input, a line of text and a footer: about the least a reader could be."""

    shown: str | None = None

    def compose(self) -> ComposeResult:
        yield Input(id="box")
        yield Static("ready", id="echo")
        yield Footer()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.shown = event.value
        self.query_one("#echo", Static).update(event.value)
