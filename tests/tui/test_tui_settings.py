"""The reader's settings: keys as the user bound them, their theme, their colours.

The config file is checked without Textual or Rich (``newsdesk.settings``,
``newsdesk.keymap``); the tests here check that what it accepts is what Textual and
Rich accept, that the reader's bindings are the ones the keymap table describes, and,
in Pilot sessions on the real samples index, that the settings take effect.
"""

from __future__ import annotations

import dataclasses
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.color import Color
from textual.binding import Binding
from textual.keys import _character_to_key
from textual.theme import BUILTIN_THEMES

from newsdesk import keymap
from newsdesk.library import Library
from newsdesk.settings import TERMINAL_COLOURS, THEMES, Settings, is_colour
from newsdesk.tui.app import NewsdeskApp, make_app
from newsdesk.tui.curation import curation_bindings
from newsdesk.tui.highlight import PALETTE
from newsdesk.tui.screens.entities import EntitiesScreen
from newsdesk.tui.screens.entity import EntityScreen
from newsdesk.tui.screens.help import KEYS, ROW_ACTIONS, HelpScreen, shown_keys
from newsdesk.tui.screens.main import MainScreen
from newsdesk.tui.screens.pickers import TypeChooser, _Dialog
from newsdesk.tui.widgets.bars import Legend
from newsdesk.tui.widgets.cooccur import CooccurList
from newsdesk.tui.widgets.entity_articles import EntityArticleList
from newsdesk.tui.widgets.entity_sidebar import EntitySidebar
from newsdesk.tui.widgets.reading_pane import ReadingPane
from newsdesk.tui.widgets.search_box import SearchBox
from newsdesk.tui.widgets.virtual_list import VirtualList
from pilot_helpers import SIZE, started, until

SCOPES: dict[str, list[type]] = {
    "app": [NewsdeskApp],
    "main": [MainScreen],
    "search_box": [SearchBox],
    "list": [VirtualList],
    "reading": [ReadingPane],
    "sidebar": [EntitySidebar],
    "entity": [EntityScreen],
    "entity_articles": [EntityArticleList],
    "cooccur": [CooccurList],
    "entities": [EntitiesScreen],
    "help": [HelpScreen],
    "picker": [_Dialog, TypeChooser],
}
"""Each scope of ``newsdesk.keymap`` and the reader's classes whose BINDINGS it is."""


def own_bindings(classes: list[type]) -> dict[str, str]:
    """The classes' own bindings (not the curation ones mixed in) as id → keys."""
    curation = {b.id for b in curation_bindings() if isinstance(b, Binding)}
    found: dict[str, list[str]] = {}
    for binding in (b for cls in classes for b in cls.__dict__.get("BINDINGS", [])):
        assert isinstance(binding, Binding), binding
        assert binding.id, f"{binding.key} has no id, so no one can rebind it"
        if binding.id not in curation:
            found.setdefault(binding.id, [])
            found[binding.id] += [k for k in binding.key.split(",") if k not in found[binding.id]]
    return {action: ",".join(keys) for action, keys in found.items()}


@pytest.mark.parametrize("scope", SCOPES)
def test_every_binding_has_the_id_and_keys_the_keymap_table_gives(scope: str) -> None:
    """The config file is checked against the table; the reader must match it."""
    assert own_bindings(SCOPES[scope]) == keymap.defaults(scope)


def test_the_curation_bindings_are_the_curation_scope() -> None:
    bound = {b.id: b.key for b in curation_bindings() if isinstance(b, Binding)}
    assert bound == keymap.defaults("curation")


def test_the_default_keys_are_keys() -> None:
    for _, action, keys in keymap.BINDABLE:
        assert all(keymap.normalised(key) == key for key in keys.split(",")), action


@given(st.sampled_from(string.printable.strip()))
def test_a_character_is_named_as_textual_names_it(character: str) -> None:
    assert keymap.normalised(character) == _character_to_key(character)


@given(st.text(max_size=12))
def test_any_text_is_a_key_or_refused_never_an_error(text: str) -> None:
    named = keymap.normalised(text)
    assert named is None or (named and "," not in named)


def test_the_themes_are_textuals_own() -> None:
    assert set(THEMES) == set(BUILTIN_THEMES)


@given(
    st.one_of(
        st.from_regex(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}", fullmatch=True),
        st.tuples(*[st.integers(0, 255)] * 3).map(lambda rgb: "rgb({}, {},{})".format(*rgb)),
        st.sampled_from(TERMINAL_COLOURS).map(lambda name: f"bright_{name}"),
        st.sampled_from(TERMINAL_COLOURS),
    )
)
def test_every_colour_the_config_accepts_rich_reads(colour: str) -> None:
    assert is_colour(colour)
    config = Path(tempfile.mkdtemp()) / "config.toml"
    config.write_text(f'[newsdesk.colours]\nevent = "{colour}"\n')
    Color.parse(Settings.load(config).colours["event"])


def test_every_help_row_with_actions_names_real_ones() -> None:
    rows = {(row.place, row.keys) for row in KEYS}
    assert set(ROW_ACTIONS) <= rows
    for actions in ROW_ACTIONS.values():
        for scope, action in actions:
            assert action in keymap.defaults(scope), (scope, action)


def test_help_shows_the_keys_as_bound() -> None:
    sort = next(row for row in KEYS if row.place == "Article list" and row.keys == "s")
    moves = next(row for row in KEYS if row.place == "Article list" and row.keys == "j k ↑ ↓")
    assert shown_keys(sort, {}) == "s"
    assert shown_keys(sort, {"sort": "o,question_mark"}) == "o ?"
    assert shown_keys(moves, {"down": "n"}) == "n k ↑"


# --- Pilot: the settings take effect --------------------------------------------------
def with_(settings: Settings, **changes: object) -> Settings:
    return dataclasses.replace(settings, **changes)  # type: ignore[arg-type]


async def test_a_rebound_key_works_and_the_old_one_does_not(
    library: Library, settings: Settings
) -> None:
    app = make_app(library, with_(settings, keys={"entity_panel": "x"}), refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        screen, _, _ = await started(pilot)
        sidebar = screen.query_one(EntitySidebar)
        shown = bool(sidebar.display)
        await pilot.press("e")
        await pilot.pause()
        assert bool(sidebar.display) == shown, "the old key still toggles the panel"
        await pilot.press("x")
        await until(pilot, lambda: bool(sidebar.display) != shown)


async def test_the_help_screen_shows_the_key_as_bound(library: Library, settings: Settings) -> None:
    app = make_app(library, with_(settings, keys={"help": "f1"}), refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        top = "".join(segment.text for segment in app.screen._compositor.render_strips()[0])
        assert top.rstrip().endswith("/ search   ctrl+p commands   f1 help"), top
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen), "? still opens the help"
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        strips = app.screen._compositor.render_strips()
        shown = ["".join(segment.text for segment in strip) for strip in strips]
        assert any("f1" in line and "this help" in line for line in shown), shown


async def test_the_theme_is_applied(library: Library, settings: Settings) -> None:
    app = make_app(library, with_(settings, theme="nord"), refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.theme == "nord"
        nord = BUILTIN_THEMES["nord"].background
        assert nord is not None
        assert app.screen.styles.background.hex.lower() == nord.lower()


def mark_backgrounds(reader: ReadingPane) -> set[str]:
    """The background colours of the reading pane's drawn text, as hex."""
    found = set()
    for strip in reader._lines:
        for segment in strip:
            colour = segment.style.bgcolor if segment.style else None
            if colour is not None and colour.triplet is not None:
                found.add(colour.triplet.hex)
    return found


async def test_an_entity_colour_is_used_by_the_reading_pane_and_the_legend(
    library: Library, settings: Settings
) -> None:
    colours = {"person": "#ff0000", "place": "rgb(0, 0, 255)"}
    app = make_app(library, with_(settings, colours=colours), refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        _, _, reader = await started(pilot)
        await until(pilot, lambda: "#ff0000" in mark_backgrounds(reader))
        assert PALETTE["person"] not in mark_backgrounds(reader)
        legend = app.screen.query_one(Legend).render_line(0)
        backgrounds = {s.style.bgcolor for s in legend if s.style and s.style.bgcolor}
        hexes = {colour.triplet.hex for colour in backgrounds if colour.triplet}
        assert {"#ff0000", "#0000ff"} <= hexes
    plain = make_app(library, settings, refresh_on_start=False)
    async with plain.run_test(size=SIZE) as pilot:
        _, _, reader = await started(pilot)
        await until(pilot, lambda: PALETTE["person"] in mark_backgrounds(reader))
        assert "#ff0000" not in mark_backgrounds(reader), "one reader's colours stayed"


def test_settings_keep_only_what_the_user_set(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[newsdesk.keys]\nsort = ["z", "ctrl+o"]\n[newsdesk.colours]\norg = "red"\n')
    loaded = Settings.load(config)
    assert loaded.keys == {"sort": "z,ctrl+o"}
    assert loaded.colours == {"org": "red"}
    assert loaded.theme == "textual-dark"
