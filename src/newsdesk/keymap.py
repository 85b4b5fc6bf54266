"""The reader's bindable actions: their ids, default keys and where they are active.

The one vocabulary of key bindings, kept here (no Textual) so that the config file is
checked with every other setting when it is read, and a mistake is one line before any
screen is drawn. The reader gives each of its bindings the id named here, and Textual's
keymap (``App.set_keymap``) swaps the keys of every binding with that id;
``tests/tui/test_tui_keymap.py`` checks that the reader's bindings and this table agree.

A *scope* is one class's bindings (a screen, a widget, the app); a *chain* is the scopes
active at one moment (the focused widget, its screen and the app). Two actions sharing
a key in one chain is a clash: only one of them could ever run.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

BINDABLE: tuple[tuple[str, str, str], ...] = (
    ("app", "quit", "q"),
    ("app", "help", "question_mark"),
    ("main", "back", "escape,backspace"),
    ("main", "search", "slash"),
    ("main", "entity_panel", "e"),
    ("main", "entities", "E"),
    ("main", "sort", "s"),
    ("main", "highlight", "h"),
    ("main", "types", "L"),
    ("main", "refresh", "r"),
    ("main", "toggle_read", "m"),
    ("main", "next_unread", "u"),
    ("main", "star", "asterisk"),
    ("main", "labels", "t"),
    ("main", "note", "a"),
    ("main", "save_search", "S"),
    ("main", "saved_searches", "b"),
    ("main", "open_url", "o"),
    ("main", "open_file", "v"),
    ("main", "copy", "y"),
    ("main", "export", "x"),
    ("search_box", "clear_search", "escape"),
    ("search_box", "earlier", "up"),
    ("search_box", "later", "down"),
    ("search_box", "suggestion", "tab"),
    ("list", "open", "enter"),
    ("list", "down", "j,down"),
    ("list", "up", "k,up"),
    ("list", "page_down", "pagedown,space"),
    ("list", "page_up", "pageup"),
    ("list", "first", "home,g"),
    ("list", "last", "end,G"),
    ("reading", "next_entity", "right_square_bracket"),
    ("reading", "previous_entity", "left_square_bracket"),
    ("reading", "open_entity", "enter"),
    ("reading", "next_match", "n"),
    ("reading", "previous_match", "N"),
    ("reading", "scroll_down", "j"),
    ("reading", "scroll_up", "k"),
    ("reading", "page_down", "space"),
    ("sidebar", "open_entity", "enter"),
    ("entity", "switch_pane", "tab"),
    ("entity", "mention_sort", "m"),
    ("entity", "back", "escape,backspace"),
    ("entity", "help", "question_mark"),
    ("entity", "export", "x"),
    ("entity_articles", "open", "enter"),
    ("entity_articles", "down", "j"),
    ("entity_articles", "up", "k"),
    ("cooccur", "open", "enter"),
    ("cooccur", "down", "j"),
    ("cooccur", "up", "k"),
    ("entities", "filter", "slash"),
    ("entities", "sort", "s"),
    ("entities", "type", "t"),
    ("entities", "back", "escape,backspace"),
    ("entities", "help", "question_mark"),
    ("entities", "export", "x"),
    ("curation", "curate", "c"),
    ("curation", "merge", "M"),
    ("curation", "split", "S"),
    ("curation", "rename", "R"),
    ("curation", "retype", "T"),
    ("curation", "hide", "H"),
    ("curation", "unhide", "U"),
    ("curation", "undo", "u"),
    ("help", "close", "escape,question_mark,q"),
    ("help", "down", "j,down"),
    ("help", "up", "k,up"),
    ("help", "page_down", "space,pagedown"),
    ("help", "page_up", "pageup"),
    ("note_editor", "cancel", "escape"),
    ("note_editor", "keep", "ctrl+s"),
    ("saved_searches", "cancel", "escape"),
    ("saved_searches", "delete", "d"),
    ("report", "close", "escape,q"),
    ("picker", "cancel", "escape"),
    ("picker", "keep", "enter"),
)
"""(scope, action id, default keys) of every binding of the reader."""

CHAINS: dict[str, tuple[str, ...]] = {
    "the article list": ("app", "main", "list"),
    "the search box": ("app", "main", "search_box"),
    "the reading pane": ("app", "main", "reading"),
    "the entity panel": ("app", "main", "sidebar", "curation"),
    "the entity page's articles": ("app", "entity", "curation", "entity_articles"),
    "the entity page's appears-with": ("app", "entity", "curation", "cooccur"),
    "the Entities screen": ("app", "entities", "curation", "list"),
    "the help screen": ("app", "help"),
    "the note editor": ("app", "note_editor"),
    "the saved searches": ("app", "saved_searches"),
    "the skipped-files report": ("app", "report"),
    "a picker": ("app", "picker"),
}
"""Where the user can be, and the scopes whose bindings are active there."""

ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(action for _, action, _ in BINDABLE))
"""Every action id a config file may bind, in table order."""

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
SPECIAL_KEYS = (
    "escape", "enter", "tab", "backspace", "delete", "insert", "home", "end", "pageup",
    "pagedown", "up", "down", "left", "right", "space", *(f"f{n}" for n in range(1, 25)),
)  # fmt: skip
RENAMED = {
    "solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
    "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore",
}  # fmt: skip
"""The short names Textual gives a few characters' keys instead of their Unicode names."""


def normalised(key: str) -> str | None:
    """One key as Textual names it (``?`` → ``question_mark``), or ``None`` when it is
    not a key: modifiers joined by ``+``, then a character or a key's name."""
    key = key.strip()
    *mods, name = key.split("+") if key != "+" else ["+"]
    if any(mod not in MODIFIERS for mod in mods) or len(set(mods)) < len(mods):
        return None
    if len(name) == 1 and name.isprintable() and not name.isspace():
        name = character_key(name)
    elif not (name in SPECIAL_KEYS or _is_character_name(name)):
        return None
    return "+".join([*mods, name])


def character_key(character: str) -> str:
    """A character's key name: itself for a letter or digit, else its Unicode name in
    lower case with underscores (Textual's rule)."""
    if character.isalnum():
        return character
    name = unicodedata.name(character, character).lower().replace("-", "_").replace(" ", "_")
    return RENAMED.get(name, name)


def _is_character_name(name: str) -> bool:
    """Whether ``name`` names a printable character as :func:`character_key` does (an
    ASCII one, or any whose Unicode name has no hyphen)."""
    if name in _ASCII_NAMES:
        return True
    try:
        character = unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return False
    return character.isprintable() and character_key(character) == name


_ASCII_NAMES = frozenset(character_key(chr(code)) for code in range(33, 127))


def defaults(scope: str) -> dict[str, str]:
    """Action id → default keys of one scope."""
    return {action: keys for where, action, keys in BINDABLE if where == scope}


def clashes(keymap: Mapping[str, str]) -> list[tuple[str, str, str, str]]:
    """(key, action, other action, where) for each key that two actions share in one
    chain with ``keymap`` applied, in ``CHAINS`` order, leaving out the sharings the
    defaults already have (a modal's Escape over the screen's is by design)."""
    by_design = set(_shared({}))
    return [clash for clash in _shared(keymap) if clash not in by_design]


def _shared(keymap: Mapping[str, str]) -> dict[tuple[str, str, str, str], None]:
    shared: dict[tuple[str, str, str, str], None] = {}
    for where, scopes in CHAINS.items():
        owner: dict[str, str] = {}
        for scope in scopes:
            for action, keys in defaults(scope).items():
                for key in keymap.get(action, keys).split(","):
                    other = owner.setdefault(key, action)
                    if other != action:
                        first, second = sorted((action, other))
                        shared[(key, first, second, where)] = None
    return shared
