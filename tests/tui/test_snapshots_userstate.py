"""What the user's marks look like: unread, read and starred rows with the unread count,
the star, labels and note under the byline, and the saved searches with their counts.
Fixed size, the samples' fixed dates, and marks set before the reader starts (articles
are marked read by time only after the settings fixture's minute)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList

from newsdesk.library import Library
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.screens.userstate import SavedSearches
from newsdesk.tui.widgets.archive_pane import ArchivePane
from newsdesk.tui.widgets.reading_pane import ReadingPane
from pilot_helpers import until


def some_marks(library: Library) -> None:
    rows = library.list_articles(0, 8)
    library.set_read([rows[0].id, rows[2].id, rows[3].id, rows[6].id])
    library.set_starred([rows[0].id, rows[4].id])
    library.set_labels(rows[0].id, "gas, europe")
    library.set_note(rows[0].id, "Compare with the Commission's own figures.")


async def marks_shown(pilot: Pilot[None]) -> None:
    await until(pilot, lambda: pilot.app.screen.query(ReadingPane))
    reader = pilot.app.screen.query_one(ReadingPane)
    await until(pilot, lambda: reader.marks is not None)
    await until(pilot, lambda: pilot.app.screen.query_one(ArchivePane).unread is not None)
    await pilot.pause()


def test_rows_read_unread_and_starred(snap_compare, library: Library, settings: Settings) -> None:
    some_marks(library)
    app = make_app(library, settings, refresh_on_start=False)
    assert snap_compare(app, terminal_size=(120, 36), run_before=marks_shown)


async def saved_listed(pilot: Pilot[None]) -> None:
    await marks_shown(pilot)
    await pilot.press("b")
    await until(pilot, lambda: isinstance(pilot.app.screen, SavedSearches))
    screen = pilot.app.screen
    assert isinstance(screen, SavedSearches)
    await until(pilot, lambda: all(s.total is not None for s in screen.saved) and screen.saved)
    await until(pilot, lambda: screen.query_one(OptionList).option_count == 3)
    await pilot.pause()


def test_saved_searches_with_counts(snap_compare, library: Library, settings: Settings) -> None:
    some_marks(library)
    library.save_search("Aliyev", "person:aliyev")
    library.save_search("Gas in 2022", "gas date:2022")
    library.save_search("Starred", "is:starred")
    app = make_app(library, settings, refresh_on_start=False)
    assert snap_compare(app, terminal_size=(120, 36), run_before=saved_listed)
