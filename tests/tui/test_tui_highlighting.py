"""Highlighting the reader controls: h cycles all → names → off, L picks the types, and
the choice is remembered; search matches stay marked in every mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdesk import state
from newsdesk.groups import group_of
from newsdesk.library import Library
from newsdesk.models import Mention
from newsdesk.settings import Settings
from newsdesk.spans import DEFAULT_TYPES, Highlighting, visible_mentions
from newsdesk.tui.app import make_app
from newsdesk.tui.screens.pickers import TypeChooser
from newsdesk.tui.widgets.bars import Legend
from pilot_helpers import SIZE, started, type_query, until

BODY = "Aliyev met the EU in Baku on Tuesday."
MENTIONS = [
    Mention(0, 6, "Aliyev", "PERSON", "ilham aliyev", "Ilham Aliyev"),
    Mention(15, 17, "EU", "ORG", "eu", "EU"),
    Mention(21, 25, "Baku", "GPE", "baku", "Baku"),
    Mention(29, 36, "Tuesday", "DATE", "tuesday", "Tuesday"),
]


def shown_groups(choice: Highlighting, keep: str | None = None) -> list[str]:
    found = visible_mentions(BODY, MENTIONS, keep_key=keep, types=choice.shown())
    return [group_of(m.label) for m in found]


def test_the_modes_cycle_and_dates_are_off_by_default() -> None:
    choice = Highlighting()
    assert shown_groups(choice) == ["person", "org", "place"]
    assert choice.cycled().mode == "names" and choice.cycled().cycled().mode == "off"
    assert choice.cycled().cycled().cycled() == choice
    assert shown_groups(Highlighting("off")) == []
    assert shown_groups(Highlighting("off"), keep="baku") == ["place"]  # the followed entity
    with_dates = Highlighting("all", DEFAULT_TYPES | {"date"})
    assert shown_groups(with_dates) == ["person", "org", "place", "date"]
    assert shown_groups(Highlighting("names", frozenset({"person", "date"}))) == ["person"]
    assert Highlighting("off").describe() == "highlighting off"


def test_the_choice_is_remembered_and_junk_is_ignored() -> None:
    chosen = Highlighting("names", frozenset({"person", "date"}))
    state.remember_highlighting(chosen)
    assert state.highlighting(Highlighting()) == chosen
    state.remember_corpus(state.locations.data_dir())  # other facts keep it
    assert state.highlighting(Highlighting()).mode == "names"
    state.locations.state_file().write_text('{"highlighting": {"mode": "neon"}}')
    assert state.highlighting(Highlighting()) == Highlighting()


@pytest.fixture(autouse=True)
def _fresh_state() -> Iterator[None]:
    """Each test starts from the defaults and leaves them behind for other modules."""
    state.locations.state_file().unlink(missing_ok=True)
    yield
    state.locations.state_file().unlink(missing_ok=True)


async def test_h_cycles_and_the_reading_pane_and_legend_follow(
    library: Library, settings: Settings
) -> None:
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, _, reader = await started(pilot)
        legend = screen.query_one(Legend)
        groups = lambda: {group_of(m.label) for m in reader.mentions}  # noqa: E731
        await until(pilot, lambda: bool(reader.mentions))
        assert "date" not in groups() and legend.types == DEFAULT_TYPES
        await pilot.press("h")
        await until(pilot, lambda: groups() and groups() <= {"person", "org", "place"})
        assert legend.types == {"person", "org", "place"}
        await pilot.press("h")
        await until(pilot, lambda: not reader.mentions)
        assert "highlighting off" in str(legend.render())
        await type_query(pilot, "Azerbaijan")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: bool(reader.matches))  # matches stay marked when off
        await pilot.press("escape", "escape", "L")
        await until(pilot, lambda: isinstance(app.screen, TypeChooser))
        await pilot.press("down", "down", "down", "down", "down", "space", "enter")  # dates
        await until(pilot, lambda: legend.types == DEFAULT_TYPES | {"date"})
    again = make_app(library, settings, refresh_on_start=False)
    async with again.run_test(size=SIZE) as pilot:
        screen, _, _ = await started(pilot)
        assert screen.query_one(Legend).types == DEFAULT_TYPES | {"date"}
