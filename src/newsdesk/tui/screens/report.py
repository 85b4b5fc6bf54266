"""The indexing report: every file skipped and why, then every file read with a warning.

Shown after the reader's first indexing run of a folder when something was skipped,
and at any time from the palette ("Skipped files…"): the indexer's notes are kept in
the index (``Library.file_notes``), so the screen shows them after the run's summary
line has gone. A 100,000-file archive can have thousands of notes: the list is one
``OptionList``, which draws only the lines on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from newsdesk.library import Library
from newsdesk.models import FileNote
from newsdesk.safety import clean_line
from newsdesk.tui.failures import reports_failures

TITLE = "Skipped files"


def note_line(note: FileNote) -> Text:
    """``path — reason``: the path in bold, all of it inert text."""
    text = Text(clean_line(note.path), style="bold", end="")
    text.append(f" — {clean_line(note.message)}")
    return text


def summary(notes: list[FileNote]) -> str:
    """``2 files skipped · 1 read with a warning``, or that there is nothing to say."""
    skipped = sum(note.skipped for note in notes)
    warned = len({note.path for note in notes if not note.skipped})
    if not notes:
        return "Every file was indexed without a problem."
    skipped_part = f"{skipped} file{'s' if skipped != 1 else ''} skipped"
    return f"{skipped_part} · {warned} read with a warning" if warned else skipped_part


def options(notes: list[FileNote]) -> list[Option | None]:
    """The skipped files under one heading, the warnings under another."""
    rows: list[Option | None] = []
    for skipped, heading in ((True, "Skipped (not indexed)"), (False, "Indexed with a warning")):
        group = [note for note in notes if note.skipped is skipped]
        if group:
            rows.append(Option(Text(heading, style="bold underline"), disabled=True))
            rows.extend(Option(note_line(note)) for note in group)
    return rows


@dataclass
class NotesLoaded(Message):
    notes: list[FileNote]


class FileReportScreen(ModalScreen[None]):
    """A modal list of the index's file notes; Escape closes it."""

    DEFAULT_CSS = """
    FileReportScreen { align: center middle; }
    FileReportScreen > #report-box {
        width: 100;
        max-width: 95%;
        height: 80%;
        border: round $accent;
        border-title-align: left;
        border-subtitle-align: right;
        background: $surface;
        padding: 0 1;
    }
    FileReportScreen #report-summary { height: auto; margin-bottom: 1; }
    FileReportScreen OptionList, FileReportScreen OptionList:focus {
        height: 1fr; border: none; padding: 0;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "close", key_display="esc", id="close"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.notes: list[FileNote] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="report-box") as box:
            box.border_title, box.border_subtitle = TITLE, "esc close"
            yield Static("loading…", id="report-summary", markup=False)
            yield OptionList(id="report-list", markup=False)

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="file-notes")
    @reports_failures("read the indexing report")
    def _load(self) -> None:
        self.post_message(NotesLoaded(self.library.file_notes()))

    @on(NotesLoaded)
    def show_notes(self, message: NotesLoaded) -> None:
        self.notes = message.notes
        self.query_one("#report-summary", Static).update(Text(summary(message.notes)))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options(message.notes))
        listing.focus()

    def action_close(self) -> None:
        self.dismiss(None)
