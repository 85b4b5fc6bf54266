"""The reader application: one factory, a thin App, and the main screen doing the work."""

from __future__ import annotations

import gc
import sys
import time
from typing import ClassVar

from textual import events, on
from textual.app import App, ScreenStackError
from textual.binding import Binding, BindingType

from newsdesk.library import Library
from newsdesk.safety import clean_line
from newsdesk.settings import Settings
from newsdesk.tui.commands import NewsdeskCommands
from newsdesk.tui.curation import CatalogueChanged, CatalogueRedraw
from newsdesk.tui.failures import WorkFailed
from newsdesk.tui.highlight import use_colours
from newsdesk.tui.screens.help import HelpScreen
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.screens.report import FileReportScreen

SWITCH_INTERVAL = 0.0005
"""Seconds a thread may hold the GIL while another waits (Python's default: 5 ms).

Searches run in worker threads and read index files; every read lets the GIL go, and
taking it back waits a whole interval while the UI thread is drawing. Beside a busy
thread, a 7 ms search at 100k took 920 ms at the default and 70 ms at 0.2 ms."""

HOLD_CHECK = 0.01
"""Seconds between looks at whether the screen holding back keys is mounted yet."""


class NewsdeskApp(App[None]):
    """Holds the library for every screen (and the command palette) to reach."""

    CSS_PATH = "app.tcss"
    TITLE = "newsdesk"
    COMMANDS = App.COMMANDS | {NewsdeskCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "quit", id="quit"),
        Binding("question_mark", "help", "help", key_display="?", id="help"),
    ]

    def __init__(
        self,
        library: Library,
        settings: Settings,
        refresh_on_start: bool = True,
        show_skipped: bool = False,
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = settings
        self.refresh_on_start = refresh_on_start
        self.show_skipped = show_skipped
        """The folder was just indexed for the first time and files were skipped: the
        report of them opens over the reader."""
        self._switch_interval = sys.getswitchinterval()
        self._told: dict[tuple[str, str], float] = {}
        self._held: list[events.Key] = []
        self.theme = settings.theme
        self.set_keymap(dict(settings.keys))
        use_colours(settings.colours)

    def on_load(self) -> None:
        sys.setswitchinterval(SWITCH_INTERVAL)

    def on_unmount(self) -> None:
        sys.setswitchinterval(self._switch_interval)
        gc.unfreeze()

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.library, self.settings, self.refresh_on_start)

    def on_mount(self) -> None:
        """Everything alive once the reader is up (modules, Textual's classes and
        styles, the index's readers: 50,000+ objects at 10k) is set aside from the
        garbage collector. Python's full collections walked them all, 100-155 ms each,
        several times in a typing session at 10k: pauses of the UI thread that landed
        on keystrokes (39-61 ms after). Only what is made afterwards is walked now;
        ``on_unmount`` gives them back."""
        gc.freeze()
        if self.show_skipped:
            self.action_file_report()

    async def on_event(self, event: events.Event) -> None:
        """Keys wait while the screen on top is still being mounted, and then reach it in
        the order typed.

        A keyboard user types at once: ``/`` and a query while the first indexing runs
        or the reader starts. The terminal hands those keys over as soon as the app
        reads its input, before the main screen has its widgets (or a modal just pushed
        has its own), and a binding reaching for a widget not there yet ended the
        reader with a traceback (``NoMatches: SearchBox``).
        """
        if isinstance(event, events.Key) and self._too_early(event):
            self._hold(event)
            return
        await super().on_event(event)

    def _too_early(self, key: events.Key) -> bool:
        return not key.is_forwarded and (bool(self._held) or not self._screen_ready())

    def _screen_ready(self) -> bool:
        try:
            return self.screen.is_mounted
        except ScreenStackError:  # no screen yet
            return False

    def _hold(self, key: events.Key) -> None:
        self._held.append(key)
        if len(self._held) == 1:
            self.set_timer(HOLD_CHECK, self._let_keys_through)

    async def _let_keys_through(self) -> None:
        if not self._screen_ready():
            self.set_timer(HOLD_CHECK, self._let_keys_through)
            return
        while self._held and self._screen_ready():
            await super().on_event(self._held.pop(0))
        if self._held:  # a key pushed a screen still mounting: the rest wait for it
            self.set_timer(HOLD_CHECK, self._let_keys_through)

    @on(WorkFailed)
    def tell_failure(self, message: WorkFailed) -> None:
        """Every failed worker ends here as one notification. The same failure is not
        repeated while its notification is still up (the index watch asks every 3 s)."""
        said = (message.title, message.error)
        now = time.monotonic()
        if now - self._told.get(said, -message.seconds) < message.seconds:
            return
        self._told[said] = now
        text, title = clean_line(message.error), message.title
        self.notify(text, title=title, severity="error", timeout=message.seconds, markup=False)

    @on(CatalogueChanged)
    def tell_curation(self, message: CatalogueChanged) -> None:
        """Say what changed in one line, and have every open screen redraw."""
        self.notify(clean_line(message.summary), title="Entities", timeout=8, markup=False)
        for screen in self.screen_stack:
            screen.post_message(CatalogueRedraw(message.key, message.gone))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_file_report(self) -> None:
        """What indexing skipped and why (the palette's "Skipped files…")."""
        if not isinstance(self.screen, FileReportScreen):
            self.push_screen(FileReportScreen(self.library))


def make_app(
    library: Library, settings: Settings, refresh_on_start: bool = True, show_skipped: bool = False
) -> NewsdeskApp:
    """The one way to build the reader, for the CLI and the tests alike; ``show_skipped``
    opens the report of skipped files first (after the CLI's first indexing run)."""
    return NewsdeskApp(library, settings, refresh_on_start, show_skipped)
